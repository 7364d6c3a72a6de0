// Bounded concurrency for a fleet, with two limits: work slots for targets that are doing work
// (connecting, handshaking, checking certificates: on a loaded prober this is CPU) and a separate,
// larger allowance for targets that are only waiting on a quiet peer (a silent server holds its
// probes until their deadlines; that costs a few sockets, not CPU). A running target says when it
// turns quiet and when it works again (`setQuiet`, from a QuietWatch: quiet.ts); a quiet one gives
// its work slot back and counts as waiting until it works again. A new target starts only
// while a work slot is free and the whole (working + waiting) is under `concurrency + waiting`.
// A cap per address holds for every target in flight, waiting or not, so one server behind many
// names is never flooded. An overall deadline per target; a target whose outcome was silence (a
// timeout) goes to the back of the queue and is tried again, up to `retries` times. A run past its
// deadline keeps its place until it settles (its probes have their own deadlines), so the caps
// hold for real connections, not only for the results reported.

export interface ScheduleOptions<T, R> {
  /** targets doing work at once (work slots) */
  concurrency: number;
  /** a lower cap on work slots for now (congestion control), read before each start; at least 1 */
  limit?(): number;
  /** further targets in flight that are only waiting (quiet); 0: a quiet target keeps its slot */
  waiting?: number;
  /** targets in flight at once per address (hostOf), working or waiting */
  perHost: number;
  hostOf(t: T): string;
  /** the most one attempt may take, ms; then `onDeadline` is its result */
  deadlineMs: number;
  /** attempts after the first, for results where `timedOut` is true */
  retries: number;
  /** runs one attempt; the run calls `setQuiet(true)` when it only waits, `setQuiet(false)` when it works again */
  run(t: T, attempt: number, setQuiet: (quiet: boolean) => void): Promise<R>;
  /** a result for a run that threw */
  onError(t: T, e: unknown, attempt: number): R;
  /** the result of an attempt that passed its deadline */
  onDeadline(t: T, attempt: number): R;
  /** the result is worth another attempt (the outcome was a timeout) */
  timedOut(r: R): boolean;
  /** called once per target with its final result, in completion order */
  onResult(t: T, r: R, attempts: number): void;
  /** called when an attempt settles, with where its time went */
  onAttempt?(t: T, attempt: number, timing: AttemptTiming): void;
  /** true: start nothing more and return */
  stopped?(): boolean;
  /**
   * ms to wait before starting another target while some are in flight (0: start now): lets the
   * caller hold back while the process cannot keep up, so a busy client is not taken for a silent server
   */
  holdBack?(): number;
}

/** Where one attempt's time went, ms. */
export interface AttemptTiming {
  /** from entering the queue (the list, or the back of it for a retry) to its start */
  queuedMs: number;
  /** from its start until it settled */
  runningMs: number;
  /** the part of runningMs it spent quiet (waiting, without a work slot) */
  quietMs: number;
}

/** What the run looked like as a whole. */
export interface ScheduleStats {
  /** most targets holding a work slot at once */
  peakWorking: number;
  /** most quiet targets at once */
  peakWaiting: number;
  /** most targets in flight at once */
  peakInFlight: number;
  /** attempts started (retries included) */
  attempts: number;
}

interface Job<T> {
  t: T;
  host: string;
  attempt: number;
  queuedAt: number;
}

/** Runs every target; resolves when all are done (or when `stopped()` turns true). */
export function schedule<T, R>(targets: readonly T[], o: ScheduleOptions<T, R>): Promise<ScheduleStats> {
  const waitingAllowance = o.waiting ?? 0;
  const queues = new Map<string, Array<Job<T>>>();
  const hosts: string[] = [];
  const busy = new Map<string, number>();
  const stats: ScheduleStats = { peakWorking: 0, peakWaiting: 0, peakInFlight: 0, attempts: 0 };
  let pending = 0;
  let inFlight = 0;
  /** in flight and not quiet */
  let working = 0;
  let cursor = 0;
  const enqueue = (job: Job<T>): void => {
    let q = queues.get(job.host);
    if (!q) {
      q = [];
      queues.set(job.host, q);
      hosts.push(job.host);
    }
    q.push(job);
    pending++;
  };
  const t0 = performance.now();
  for (const t of targets) enqueue({ t, host: o.hostOf(t), attempt: 1, queuedAt: t0 });

  return new Promise<ScheduleStats>((resolve) => {
    let finished = false;
    let waiting: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (!finished) {
        finished = true;
        if (waiting) clearTimeout(waiting);
        resolve(stats);
      }
    };
    /** the next job whose address has room, round-robin over addresses */
    const next = (): Job<T> | undefined => {
      for (let n = 0; n < hosts.length; n++) {
        const i = (cursor + n) % hosts.length;
        const host = hosts[i]!;
        const q = queues.get(host)!;
        if (q.length > 0 && (busy.get(host) ?? 0) < o.perHost) {
          cursor = i + 1;
          pending--;
          return q.shift();
        }
      }
      return undefined;
    };
    const slots = (): number => Math.max(1, Math.min(o.concurrency, o.limit?.() ?? o.concurrency));
    const pump = (): void => {
      if (finished) return;
      if (o.stopped?.()) return finish();
      if (waiting) return;
      while (working < slots() && inFlight < o.concurrency + waitingAllowance) {
        const wait = inFlight > 0 ? (o.holdBack?.() ?? 0) : 0;
        if (wait > 0 && pending > 0) {
          waiting = setTimeout(() => {
            waiting = undefined;
            pump();
          }, wait);
          break;
        }
        const job = next();
        if (!job) break;
        start(job);
      }
      if (inFlight === 0 && pending === 0) finish();
    };
    const peaks = (): void => {
      stats.peakWorking = Math.max(stats.peakWorking, working);
      stats.peakWaiting = Math.max(stats.peakWaiting, inFlight - working);
      stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    };
    const start = (job: Job<T>): void => {
      const startedAt = performance.now();
      inFlight++;
      working++;
      stats.attempts++;
      peaks();
      busy.set(job.host, (busy.get(job.host) ?? 0) + 1);
      let settled = false;
      let quiet = false;
      let quietSince = 0;
      let quietTotal = 0;
      const setQuiet = (q: boolean): void => {
        if (settled || waitingAllowance === 0 || q === quiet) return;
        quiet = q;
        if (q) {
          quietSince = performance.now();
          working--;
        } else {
          quietTotal += performance.now() - quietSince;
          working++;
        }
        peaks();
        if (q) pump();
      };
      let reported = false;
      const report = (r: R): void => {
        if (reported || finished) return;
        reported = true;
        const again = o.timedOut(r);
        if (job.attempt <= o.retries && again)
          enqueue({ ...job, attempt: job.attempt + 1, queuedAt: performance.now() });
        else o.onResult(job.t, r, job.attempt);
      };
      const timer = setTimeout(() => report(o.onDeadline(job.t, job.attempt)), o.deadlineMs);
      let p: Promise<R>;
      try {
        p = o.run(job.t, job.attempt, setQuiet);
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (r) => report(r),
        (e: unknown) => report(o.onError(job.t, e, job.attempt)),
      ).finally(() => {
        settled = true;
        clearTimeout(timer);
        const now = performance.now();
        if (quiet) quietTotal += now - quietSince;
        else working--;
        inFlight--;
        busy.set(job.host, busy.get(job.host)! - 1);
        o.onAttempt?.(job.t, job.attempt, {
          queuedMs: Math.round(startedAt - job.queuedAt),
          runningMs: Math.round(now - startedAt),
          quietMs: Math.round(quietTotal),
        });
        pump();
      });
    };
    pump();
  });
}
