// Bounded concurrency for a fleet: a global cap on targets in flight and a cap per address, so one
// server behind many names is never flooded; an overall deadline per target; a target whose outcome
// was silence (a timeout) goes to the back of the queue and is tried again, up to `retries` times.
// A run past its deadline keeps its slots until it settles (its probes have their own deadlines),
// so the caps hold for real connections, not only for the results reported.

export interface ScheduleOptions<T, R> {
  /** targets in flight at once */
  concurrency: number;
  /** a lower cap for now (congestion control), read before each start; at least 1 */
  limit?(): number;
  /** targets in flight at once per address (hostOf) */
  perHost: number;
  hostOf(t: T): string;
  /** the most one attempt may take, ms; then `onDeadline` is its result */
  deadlineMs: number;
  /** attempts after the first, for results where `timedOut` is true */
  retries: number;
  run(t: T, attempt: number): Promise<R>;
  /** a result for a run that threw */
  onError(t: T, e: unknown, attempt: number): R;
  /** the result of an attempt that passed its deadline */
  onDeadline(t: T, attempt: number): R;
  /** the result is worth another attempt (the outcome was a timeout) */
  timedOut(r: R): boolean;
  /** called once per target with its final result, in completion order */
  onResult(t: T, r: R, attempts: number): void;
  /** true: start nothing more and return */
  stopped?(): boolean;
  /**
   * ms to wait before starting another target while some are in flight (0: start now): lets the
   * caller hold back while the process cannot keep up, so a busy client is not taken for a silent server
   */
  holdBack?(): number;
}

interface Job<T> {
  t: T;
  host: string;
  attempt: number;
}

/** Runs every target; resolves when all are done (or when `stopped()` turns true). */
export function schedule<T, R>(targets: readonly T[], o: ScheduleOptions<T, R>): Promise<void> {
  const queues = new Map<string, Array<Job<T>>>();
  const hosts: string[] = [];
  const busy = new Map<string, number>();
  let pending = 0;
  let inFlight = 0;
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
  for (const t of targets) enqueue({ t, host: o.hostOf(t), attempt: 1 });

  return new Promise<void>((resolve) => {
    let finished = false;
    let waiting: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (!finished) {
        finished = true;
        if (waiting) clearTimeout(waiting);
        resolve();
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
    const pump = (): void => {
      if (finished) return;
      if (o.stopped?.()) return finish();
      if (waiting) return;
      while (inFlight < Math.max(1, Math.min(o.concurrency, o.limit?.() ?? o.concurrency))) {
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
    const start = (job: Job<T>): void => {
      inFlight++;
      busy.set(job.host, (busy.get(job.host) ?? 0) + 1);
      let reported = false;
      const report = (r: R): void => {
        if (reported || finished) return;
        reported = true;
        const again = o.timedOut(r);
        if (job.attempt <= o.retries && again) enqueue({ ...job, attempt: job.attempt + 1 });
        else o.onResult(job.t, r, job.attempt);
      };
      const timer = setTimeout(() => report(o.onDeadline(job.t, job.attempt)), o.deadlineMs);
      let p: Promise<R>;
      try {
        p = o.run(job.t, job.attempt);
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (r) => report(r),
        (e: unknown) => report(o.onError(job.t, e, job.attempt)),
      ).finally(() => {
        clearTimeout(timer);
        inFlight--;
        busy.set(job.host, busy.get(job.host)! - 1);
        pump();
      });
    };
    pump();
  });
}
