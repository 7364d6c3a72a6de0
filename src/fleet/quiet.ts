// Whether a running target is working or only waiting. A target whose probes complete is working;
// one none of whose probes completed for `quietMs` is waiting on a quiet server (a silent peer
// holds every probe until its deadline) and may give its work slot to another target. Silence is
// believed only while the thread running the target keeps up: on a saturated event loop every
// target's progress is late, and a starved target is not a quiet one. Saturation is the loop's
// utilisation (Node's performance.eventLoopUtilization(): the share of time spent running code,
// not waiting in the poll phase) over the last sampling period. A quiet target works again when
// its progress spans some time (two completions at least WAKE_SPAN_MS apart): a silent server's
// probes end in bursts, a wave of timeouts at once, and the next wave only sends hellos.

/** the thread is saturated above this event-loop utilisation */
export const SATURATED_ELU = 0.9;

/** Samples this thread's event-loop utilisation every `everyMs`; `saturated()` reads the last sample. */
export class LoopLoad {
  private last = performance.eventLoopUtilization();
  private busy = false;
  private readonly timer: ReturnType<typeof setInterval>;
  constructor(everyMs = 100) {
    this.timer = setInterval(() => {
      const now = performance.eventLoopUtilization();
      this.busy = performance.eventLoopUtilization(now, this.last).utilization > SATURATED_ELU;
      this.last = now;
    }, everyMs);
    this.timer.unref();
  }
  saturated(): boolean {
    return this.busy;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/** progress this far apart, within quietMs, makes a quiet target a working one again */
export const WAKE_SPAN_MS = 50;

/** One target's working/waiting state; `onChange(quiet)` on every change. */
export class QuietWatch {
  private quiet = false;
  /** while quiet: when the latest run of progress began */
  private wakeFrom: number | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;
  private stopped = false;
  constructor(
    private readonly quietMs: number,
    private readonly saturated: () => boolean,
    private readonly onChange: (quiet: boolean) => void,
  ) {
    this.timer = setTimeout(() => this.expire(), quietMs);
  }
  private expire(): void {
    if (this.stopped) return;
    // a starved target is not a quiet one: look again later
    if (this.saturated()) return void this.timer.refresh();
    this.quiet = true;
    this.wakeFrom = undefined;
    this.onChange(true);
  }
  /** the target made progress (a probe completed) */
  progress(): void {
    if (this.stopped) return;
    if (this.quiet) {
      const now = performance.now();
      if (this.wakeFrom === undefined || now - this.wakeFrom > this.quietMs) this.wakeFrom = now;
      if (now - this.wakeFrom < WAKE_SPAN_MS) return;
      this.quiet = false;
      this.onChange(false);
    }
    // one timer per target, re-armed (Timeout.refresh: no new timer per event)
    this.timer.refresh();
  }
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
