// The `windows analyze` report: the windows rules over parsed Windows outputs (its sections:
// src/report/sections/windows.ts).
import { runRules } from '../diagnose/engine.js';
import { rules as windowsRules } from '../diagnose/rules/windows/index.js';
import type { WindowsAnalyzeReport } from '../model/report.js';
import type { AnalyzeInputsResult } from '../windows/index.js';
import { buildReport } from './command-report.js';

/** The Report of `windows analyze` (command 'windows-analyze'). Pure: observations in, report out. */
export function buildWindowsReport(
  paths: readonly string[],
  a: AnalyzeInputsResult,
  timing: { startedAt: string; durationMs: number },
): WindowsAnalyzeReport {
  const engine = runRules(windowsRules, a.observations);
  const warnings = [
    ...a.failures.map((f) => f.error),
    ...a.inputs.flatMap((i) => i.notes.map((n) => `${i.origin}: ${n}`)),
  ];
  if (!a.os && a.observations.some((o) => o.kind === 'windows.schannel-protocol')) {
    warnings.push(
      'Windows version unknown (no systeminfo in the inputs, no --os): protocol states without a registry value are reported as unknown',
    );
  }
  return buildReport(
    'windows-analyze',
    paths.join(' '),
    timing,
    {
      findings: engine.findings,
      rules: engine.results,
      observations: a.observations,
      data: {
        os: a.os ? { name: a.os.name, version: a.os.version, family: a.os.family, via: a.os.via } : null,
        inputs: a.inputs.map((i) => ({
          origin: i.origin,
          kind: i.kind,
          encoding: i.encoding,
          notes: i.notes.length,
        })),
      },
      ...(warnings.length > 0 ? { warnings } : {}),
    },
    { paths, failures: a.failures },
  );
}
