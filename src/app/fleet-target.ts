// One attempt on one fleet target: its diagnosis (or scan), what the fleet keeps of the report,
// the target's HTML page when asked for, and whether the target is working or only waiting on its
// server (src/fleet/quiet.ts), for the scheduler's work slots (src/fleet/schedule.ts).
import type { DiagnoseReport, FleetTarget, FleetTargetResult, ScanReport } from '../model/report.js';
import type { LoopLoad } from '../fleet/quiet.js';
import { QuietWatch } from '../fleet/quiet.js';
import { partlyTimedOutOf, resultOf } from '../fleet/result.js';
import { diagnose } from './diagnose.js';
import { scanCommand } from './scan-report.js';

/** What every target of a run shares. */
export interface TargetRunOptions {
  mode: 'diagnose' | 'scan';
  sni?: string | false;
  caFiles?: string[];
  httpPort?: number;
  timeoutMs?: number;
  probeConcurrency?: number;
  /** ISO time the certificates are checked at (default: now) */
  now?: string;
  /** render the target's HTML report */
  html: boolean;
}

/** One attempt's outcome. `result.startedAt` and `durationMs` are the caller's to set. */
export interface TargetRun {
  result: FleetTargetResult;
  /** some handshakes timed out and others did not */
  partly: boolean;
  /** the target's own HTML report, when asked for */
  html?: string;
}

/** One attempt on one target, in this thread. `progress` is called on every probe that completes. */
export async function runTarget(
  t: FleetTarget,
  attempt: number,
  o: TargetRunOptions,
  progress: () => void,
): Promise<TargetRun> {
  const sni = t.sni ?? o.sni;
  const common = {
    ...(sni !== undefined ? { sni } : {}),
    ...(t.ip ? { ip: t.ip } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.probeConcurrency ? { concurrency: o.probeConcurrency } : {}),
    onProgress: progress,
  };
  const now = o.now ? new Date(o.now) : undefined;
  const report: DiagnoseReport | ScanReport =
    o.mode === 'scan'
      ? await scanCommand(t.target, common)
      : await diagnose(t.target, {
          ...common,
          ...(o.httpPort !== undefined ? { httpPort: o.httpPort } : {}),
          ...(o.caFiles ? { caFiles: o.caFiles } : {}),
          ...(now ? { now } : {}),
        });
  const result = resultOf(t, report, {
    attempts: attempt,
    startedAt: '',
    durationMs: 0,
    now: now ?? new Date(),
  });
  const html = o.html ? (await import('../report/html.js')).renderHtml(report) : undefined;
  return { result, partly: partlyTimedOutOf(report.observations), ...(html !== undefined ? { html } : {}) };
}

/**
 * Runs one attempt in this thread, telling `setQuiet` when the target only waits on its server
 * and when it works again (quiet.ts).
 */
export async function watchedRun(
  t: FleetTarget,
  attempt: number,
  o: TargetRunOptions,
  quietMs: number,
  load: LoopLoad,
  setQuiet: (quiet: boolean) => void,
): Promise<TargetRun> {
  const watch = new QuietWatch(quietMs, () => load.saturated(), setQuiet);
  try {
    return await runTarget(t, attempt, o, () => watch.progress());
  } finally {
    watch.stop();
  }
}
