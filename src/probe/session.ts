// A probing session against one endpoint: the runner (concurrency caps), the deadlines,
// and the record of every probe sent — each becomes a 'probe.hello' observation.
import type { ClientHelloOptions } from '../wire/index.js';
import type { Deadlines } from './connection.js';
import { probeHello, prepareHello, prepareSSLv2Hello, type Endpoint, type ReadUntil } from './hello-probe.js';
import type { HelloObservation, HelloOutcome, ProbeVaries } from '../model/observations/probe.js';
import { ProbeRunner, type Priority } from './runner.js';

export interface SessionOptions {
  endpoint: Endpoint;
  deadlines: Deadlines;
  runner?: ProbeRunner;
  /** called with a short description as probes complete (progress line) */
  onProbe?: (done: number, description: string) => void;
  signal?: AbortSignal;
}

/** How one hello is sent and what it says it varied. */
export interface HelloExtra {
  until?: ReadUntil;
  profileId?: string;
  priority?: Priority;
  /** the typed dimensions this probe varies (recorded on the observation) */
  varies?: ProbeVaries;
}

/** The part of a session the planned probes need: send a hello, record it. */
export type HelloSender = Pick<ProbeSession, 'hello' | 'sslv2'>;

export class ProbeSession {
  readonly endpoint: Endpoint;
  readonly runner: ProbeRunner;
  deadlines: Deadlines;
  readonly records: HelloObservation[] = [];
  private readonly onProbe: SessionOptions['onProbe'];
  private readonly signal: AbortSignal | undefined;
  /** probes answered with a ServerHello or HelloRetryRequest so far */
  private answered = 0;
  /** resolved at the first such answer */
  private readonly firstAnswer: Promise<void>;
  private onFirstAnswer!: () => void;
  /** what a drop waits for before it is judged while nothing has been answered yet (gateDropsOn) */
  private dropGate: Promise<unknown> | undefined;
  /** probes that were dropped (reset/closed) and answered on a later attempt */
  flaky = 0;
  /** fastest first-byte time seen, used to shorten read deadlines adaptively */
  private bestAnswerMs: number | undefined;
  /** what each record sent, so a probe can be repeated */
  private readonly sent = new Map<
    HelloObservation,
    { prepared: ReturnType<typeof prepareHello>; until?: ReadUntil; readMs: number }
  >();

  constructor(o: SessionOptions) {
    this.endpoint = o.endpoint;
    this.deadlines = o.deadlines;
    this.runner = o.runner ?? new ProbeRunner();
    this.onProbe = o.onProbe;
    this.signal = o.signal;
    this.firstAnswer = new Promise((r) => (this.onFirstAnswer = r));
  }

  /**
   * Whether a dropped connection is asked again depends on the server having answered another hello
   * (see send). When the first probes go out together with one that settles that question (the
   * patient probe), a drop seen before any answer waits for the first answer or for `settled`, so it
   * is judged as if that probe had gone first.
   */
  gateDropsOn(settled: Promise<unknown>): void {
    this.dropGate = Promise.race([settled.catch(() => undefined), this.firstAnswer]);
  }

  get origin(): string {
    return formatEndpoint(this.endpoint);
  }

  async hello(
    id: string,
    purpose: HelloObservation['purpose'],
    opts: ClientHelloOptions,
    extra: HelloExtra = {},
  ): Promise<HelloOutcome> {
    const prepared = prepareHello(opts);
    return this.send(id, purpose, prepared, extra);
  }

  async sslv2(id: string, cipherKinds: number[], varies?: ProbeVaries): Promise<HelloOutcome> {
    return this.send(id, 'version', prepareSSLv2Hello(cipherKinds), varies ? { varies } : {});
  }

  private async send(
    id: string,
    purpose: HelloObservation['purpose'],
    prepared: ReturnType<typeof prepareHello>,
    extra: HelloExtra,
  ): Promise<HelloOutcome> {
    const startedAt = new Date().toISOString();
    let readMs = this.deadlines.readMs;
    const once = () =>
      this.runner.run(
        this.origin,
        () => {
          readMs = this.deadlines.readMs;
          return probeHello(this.endpoint, prepared, {
            deadlines: this.deadlines,
            ...(extra.until ? { until: extra.until } : {}),
            ...(this.signal ? { signal: this.signal } : {}),
          });
        },
        extra.priority,
      );
    let outcome = await once();
    if (isDropped(outcome) && this.answered === 0 && this.dropGate) await this.dropGate;
    // A reset, or a close without a byte, from a server that answers other hellos may be this hello's
    // answer — or a flaky server or path dropping one connection in several. Ask again (at most twice):
    // a repeatable refusal stands, a one-off is noted and does not become a finding.
    let tries = 1;
    // once a drop has been answered on a later attempt, the path is known to drop connections at
    // random: with many probes in flight a hello can meet several drops in a row, so it is asked more
    // often before a drop counts as its answer (a refusal by reset repeats and still stands)
    while (
      tries < (this.flaky > 0 ? MAX_TRIES_FLAKY : MAX_TRIES) &&
      this.answered > 0 &&
      isDropped(outcome) &&
      !this.signal?.aborted
    ) {
      const again = await once();
      tries++;
      if (!isDropped(again)) {
        this.flaky++;
        outcome = {
          ...again,
          attempts: tries,
          error: `answered on attempt ${tries} (the first ${tries === 2 ? 'connection was' : `${tries - 1} connections were`} ${outcome.status === 'reset' ? 'reset' : 'closed'})${again.error ? `; ${again.error}` : ''}`,
        };
        break;
      }
      outcome = { ...again, attempts: tries };
    }
    return this.record(id, purpose, prepared, outcome, startedAt, { ...extra, readMs });
  }

  private record(
    id: string,
    purpose: HelloObservation['purpose'],
    prepared: ReturnType<typeof prepareHello>,
    outcome: HelloOutcome,
    startedAt: string,
    extra: HelloExtra & { readMs: number },
  ): HelloOutcome {
    if (outcome.status === 'server-hello' || outcome.status === 'hello-retry') {
      this.answered++;
      this.onFirstAnswer();
    }
    if (outcome.timings.firstByteMs !== undefined) {
      this.bestAnswerMs = Math.min(this.bestAnswerMs ?? Infinity, outcome.timings.firstByteMs);
    }
    const rec: HelloObservation = {
      kind: 'probe.hello',
      from: { source: 'probe', origin: this.origin, time: startedAt },
      id,
      purpose,
      ...(extra.profileId ? { profileId: extra.profileId } : {}),
      varies: { ...extra.varies },
      offer: prepared.offer,
      outcome,
    };
    this.records.push(rec);
    this.sent.set(rec, { prepared, ...(extra.until ? { until: extra.until } : {}), readMs: extra.readMs });
    this.onProbe?.(this.records.length, id);
    return outcome;
  }

  /**
   * The one patient probe: the same hello, but waiting up to `waitMs` (the user's --timeout) for the
   * answer, so that a server that answers late is measured instead of being called silent. It runs
   * beside the planned probes (outside the runner's cap: it holds one connection); `stop` ends the
   * wait early when the other answers already settle the question, and then nothing is recorded.
   */
  async patient(
    id: string,
    opts: ClientHelloOptions,
    waitMs: number,
    stop?: AbortSignal,
  ): Promise<HelloOutcome | undefined> {
    const prepared = prepareHello(opts);
    const startedAt = new Date().toISOString();
    const signals = [stop, this.signal].filter((x): x is AbortSignal => x !== undefined);
    const deadlines: Deadlines = {
      connectMs: this.deadlines.connectMs,
      readMs: waitMs,
      totalMs: this.deadlines.connectMs + waitMs + 1000,
    };
    const outcome = await probeHello(this.endpoint, prepared, {
      deadlines,
      until: 'flight',
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    });
    if (stop?.aborted) return undefined;
    return this.record(id, 'timing', prepared, outcome, startedAt, {
      until: 'flight',
      varies: { waitMs },
      readMs: waitMs,
    });
  }

  /**
   * A server that answered only after `answerMs`: give every later probe the time such an answer
   * takes (half as long again, plus a second), never more than the user's limit. True when the
   * read deadline grew.
   */
  allowSlowAnswers(answerMs: number, userMaxMs: number): boolean {
    const need = Math.round(Math.min(userMaxMs, answerMs * 1.5 + 1000));
    if (need <= this.deadlines.readMs) return false;
    this.deadlines = {
      ...this.deadlines,
      readMs: need,
      totalMs: Math.max(this.deadlines.totalMs, this.deadlines.connectMs + need + 1000),
    };
    return true;
  }

  /**
   * Silence is the most expensive answer to be wrong about: before any rule concludes from a
   * timeout, repeat each timed-out probe once with a longer read deadline. A late answer replaces
   * the timeout (and the retry is noted in the outcome's error text); a second timeout stands.
   */
  async retryTimeouts(readMs?: number): Promise<number> {
    const wait = readMs ?? this.deadlines.readMs * 3;
    // only probes that waited less than this: a retry with the same deadline proves nothing new
    const timedOut = this.records.filter(
      (r) => r.outcome.status === 'timeout' && (this.sent.get(r)?.readMs ?? Infinity) < wait,
    );
    // The answers that did come show how fast this server is right now: when even the slowest of them
    // came well inside the deadline (8×), the silence is real and a retry only costs time.
    const slowest = Math.max(0, ...this.records.map((r) => r.outcome.timings.firstByteMs ?? 0));
    if (
      timedOut.length === 0 ||
      (readMs === undefined && slowest > 0 && this.deadlines.readMs >= 8 * slowest)
    )
      return 0;
    const deadlines: Deadlines = {
      ...this.deadlines,
      readMs: wait,
      totalMs: Math.max(this.deadlines.totalMs, this.deadlines.connectMs + wait + 1000),
    };
    await Promise.all(
      timedOut.map(async (rec) => {
        const { prepared, until } = this.sent.get(rec)!;
        const again = await this.runner.run(this.origin, () =>
          probeHello(this.endpoint, prepared, {
            deadlines,
            ...(until ? { until } : {}),
            ...(this.signal ? { signal: this.signal } : {}),
          }),
        );
        this.sent.get(rec)!.readMs = wait;
        rec.outcome =
          again.status === 'timeout'
            ? {
                ...again,
                error: `${again.error ?? 'timeout'} (also on a retry with a ${deadlines.readMs} ms deadline)`,
              }
            : {
                ...again,
                error: `answered only on a retry with a ${deadlines.readMs} ms deadline${again.error ? `; ${again.error}` : ''}`,
              };
      }),
    );
    return timedOut.length;
  }
}

/** connections one probe may use when the server drops some (see send) */
const MAX_TRIES = 3;
/** tries on a path seen dropping connections at random (a 50 % drop rate leaves 1 hello in 4096 unanswered) */
const MAX_TRIES_FLAKY = 12;

function isDropped(o: HelloOutcome): boolean {
  return o.status === 'reset' || (o.status === 'closed' && o.bytesReceived === 0);
}

export function formatEndpoint(ep: Endpoint): string {
  return ep.address.includes(':') ? `[${ep.address}]:${ep.port}` : `${ep.address}:${ep.port}`;
}

/** Read deadline from the measured connect time: servers answer a hello within a few RTTs plus their own work. */
export function adaptiveReadMs(connectMs: number | undefined, userMaxMs: number): number {
  const rtt = connectMs ?? 200;
  return Math.round(Math.min(userMaxMs, Math.max(800, 5 * rtt + 800)));
}
