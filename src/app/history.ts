// The run history of diagnose and scan (src/history/store.ts): record each report, say when a
// failing target last worked and what changed since, and list the runs of a target.
import { oneLine } from '../errors.js';
import type { DiagnoseReport, HistoryReport, Report } from '../model/report.js';
import { lastWorked } from '../diff/index.js';
import { findRun, listRuns, readRun, recordRun } from '../history/store.js';
import { renderJson } from '../report/json.js';
import { buildReport, startStopwatch } from './command-report.js';

/**
 * Records the report in the history (when `dir` is set) and, for a diagnose that is not healthy,
 * attaches when the same target last worked and the differences that matter since then.
 * A history that cannot be read or written is a warning on the report, never a failure.
 */
export function keepInHistory<R extends Report>(report: R, dir: string | undefined): R {
  if (!dir) return report;
  const warnings: string[] = [];
  if (report.command === 'diagnose' && report.verdict.status !== 'healthy') {
    try {
      const run = findRun(dir, report.target, 'last-ok', report.startedAt);
      if (run) {
        const before = readRun(run.file);
        const lw = lastWorked(before, run.file, report);
        (report as DiagnoseReport).data = { ...(report as DiagnoseReport).data, lastWorked: lw };
        const first = lw.differences[0];
        report.verdict = {
          ...report.verdict,
          summary: `${report.verdict.summary} It last worked at ${lw.at}${first ? `; since then: ${first.title} ${first.a} → ${first.b}` : ''}.`,
        };
      }
    } catch (e) {
      warnings.push(`run history: ${oneLine(e)}`);
    }
  }
  try {
    recordRun(dir, report, renderJson(report));
  } catch (e) {
    warnings.push(oneLine(e));
  }
  if (warnings.length) report.warnings = [...(report.warnings ?? []), ...warnings];
  return report;
}

/** `tlsdoctor history TARGET`: the recorded runs, newest first. */
export function historyCommand(target: string, dir: string): HistoryReport {
  const clock = startStopwatch();
  const { runs, skipped } = listRuns(dir, target);
  return buildReport('history', target, clock, {
    findings: [],
    observations: [],
    data: { directory: dir, runs },
    ...(skipped.length ? { warnings: skipped } : {}),
  });
}
