// Bounded concurrency for many probes, with a per-target connection cap so a scan never floods one server.

/** 'high' jumps the queue: probes on a dependent chain (each waits for the last) go before independent ones. */
export type Priority = 'high' | 'low';

export class Limiter {
  private active = 0;
  private readonly high: Array<() => void> = [];
  private readonly low: Array<() => void> = [];
  constructor(readonly max: number) {
    if (!(max >= 1)) throw new RangeError('concurrency must be at least 1');
  }
  async run<T>(fn: () => Promise<T>, priority: Priority = 'low'): Promise<T> {
    if (this.active >= this.max)
      await new Promise<void>((r) => (priority === 'high' ? this.high : this.low).push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      (this.high.shift() ?? this.low.shift())?.();
    }
  }
}

/**
 * Connections a scan keeps open to one server at once. Each lives for one ClientHello and the
 * server's first flight (a few round trips). RFC 9112 §9.4 asks clients to limit simultaneous
 * connections to a server without fixing a number; browsers hold 6 per host each, so 16 is what
 * three users opening a page hold, and lets one round of the order search (scan-order.ts) go out
 * in one wave. `--concurrency` can only lower it.
 */
export const SCAN_PER_SERVER_CAP = 16;

/** A global limiter plus one limiter per endpoint (address:port). */
export class ProbeRunner {
  private readonly global: Limiter;
  private readonly perTarget = new Map<string, Limiter>();
  /** connections opened so far (reported by scan/bench) */
  connections = 0;
  constructor(
    readonly concurrency = 16,
    readonly perTargetCap = 8,
  ) {
    this.global = new Limiter(concurrency);
  }
  run<T>(endpoint: string, fn: () => Promise<T>, priority: Priority = 'low'): Promise<T> {
    let l = this.perTarget.get(endpoint);
    if (!l) {
      l = new Limiter(Math.min(this.perTargetCap, this.concurrency));
      this.perTarget.set(endpoint, l);
    }
    const target = l;
    return target.run(
      () =>
        this.global.run(() => {
          this.connections++;
          return fn();
        }, priority),
      priority,
    );
  }
}
