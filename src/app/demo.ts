// `tlsdoctor demo`: start the built-in lab, diagnose every scenario, compare with the expected root cause.
import { TWIN_PAIR, startLab, type RunningScenario } from '../lab/index.js';
import type { DemoTwin } from '../model/report.js';
import { diffReport } from './diff.js';
import { Limiter } from '../probe/runner.js';
import { diagnose } from './diagnose.js';
import type { DemoReport, DiagnoseReport } from '../model/report.js';
import { buildReport, type Timing } from './command-report.js';

export interface DemoResult {
  id: string;
  title: string;
  target: string;
  expected: string | null;
  /** the first finding above info, or null */
  got: string | null;
  pass: boolean;
  summary: string;
  durationMs: number;
  report: DiagnoseReport;
}

export async function runDemo(
  opts: { only?: string[]; onResult?: (r: DemoResult) => void; concurrency?: number } = {},
): Promise<{ results: DemoResult[]; labStartMs: number }> {
  const t0 = performance.now();
  const lab = await startLab({ ...(opts.only ? { only: opts.only } : {}), holdMs: 60_000 });
  const labStartMs = Math.round(performance.now() - t0);
  try {
    // one scenario at a time: each timing shown is then that diagnosis alone, not a share of the CPU
    const limiter = new Limiter(opts.concurrency ?? 1);
    const one = async (s: RunningScenario): Promise<DemoResult> => {
      const target = `https://${s.serverName}:${s.port}/`;
      const report = await diagnose(target, { ip: s.host, httpPort: s.httpPort ?? 0, caFiles: [lab.caFile] });
      const first = report.findings.find((f) => f.severity !== 'info');
      const got = first?.id ?? null;
      const r: DemoResult = {
        id: s.id,
        title: s.spec.title,
        target: `${s.serverName}:${s.port}`,
        expected: s.spec.expectedRootCause,
        got,
        pass: got === s.spec.expectedRootCause,
        summary: report.verdict.summary,
        durationMs: report.durationMs,
        report,
      };
      opts.onResult?.(r);
      return r;
    };
    const results = await Promise.all(lab.scenarios.map((s) => limiter.run(() => one(s))));
    return { results, labStartMs };
  } finally {
    await lab.stop();
  }
}

/** The working vs broken twin, diffed from their diagnoses (when both ran). */
export function twinDiff(results: readonly DemoResult[]): DemoTwin | undefined {
  const w = results.find((r) => r.id === TWIN_PAIR.working);
  const b = results.find((r) => r.id === TWIN_PAIR.broken);
  if (!w || !b) return undefined;
  const report = diffReport(
    { report: w.report, kind: 'live', input: w.target },
    { report: b.report, kind: 'live', input: b.target },
    { startedAt: w.report.startedAt, durationMs: 0 },
  );
  const got = report.data.differences.find((d) => d.matters)?.facet ?? null;
  return {
    working: w.id,
    broken: b.id,
    expected: TWIN_PAIR.deciding,
    got,
    pass: got === TWIN_PAIR.deciding,
    summary: report.verdict.summary,
  };
}

/** The demo's JSON report: every scenario, the root cause expected and the one found. */
export function demoReport(results: DemoResult[], labStartMs: number, timing: Timing): DemoReport {
  const twin = twinDiff(results);
  return buildReport('demo', 'built-in lab (127.0.0.1)', timing, {
    findings: [],
    observations: [],
    data: {
      labStartMs,
      scenarios: results.map(({ report, ...r }) => ({
        ...r,
        findings: report.findings.map((f) => ({ id: f.id, severity: f.severity, summary: f.summary })),
      })),
      ...(twin ? { twin } : {}),
    },
  });
}
