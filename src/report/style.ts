// Presentation shared by the text and HTML renderers: the verdict headline, severity labels,
// how a source reference and a duration read. Pure functions of the report; no colour here.
import { SEVERITY_ORDER, type Finding, type Severity } from '../model/finding.js';
import type { SourceRef } from '../model/observation.js';
import type { Report, VerdictStatus } from '../model/report.js';

export const SEVERITY_LABEL: Record<Severity, string> = {
  blocker: 'BLOCKER',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFO',
};

export const VERDICT_SYMBOL: Record<VerdictStatus, string> = {
  healthy: '✔',
  problems: '✘',
  unreachable: '✘',
  error: '✘',
};

/** Findings most blocking first; stable, so the report's own order (root cause first) is kept within a severity. */
export function orderedFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding): number => {
    const i = SEVERITY_ORDER.indexOf(f.severity);
    return i < 0 ? SEVERITY_ORDER.length : i;
  };
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

/** A "problem" is a finding above info. */
export function problemCount(report: Report): number {
  return report.findings.filter((f) => f.severity !== 'info').length;
}

/**
 * The words of the verdict line after its symbol: `healthy`, `3 problems`, `unreachable`, `error`.
 * The one-sentence root cause (verdict.summary) follows it in both renderers.
 */
export function verdictLabel(report: Report): string {
  const status = report.verdict.status;
  if (status !== 'problems') return status;
  const n = problemCount(report) || report.findings.length;
  if (n === 0) return 'problems';
  return n === 1 ? '1 problem' : `${n} problems`;
}

/** `0.8 ms`, `12 ms`, `1.84 s`, `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Timeline offsets: `0.0 ms`, `12.3 ms`, `1204.6 ms` — always ms, one decimal, so columns line up. */
export function formatAtMs(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '? ms';
}

/** `4`, `4–6` for a contiguous run, `4, 7, 9` otherwise (at most 8 listed). */
function formatFrames(frames: readonly number[]): string {
  const f = [...frames].sort((a, b) => a - b);
  const contiguous = f.every((n, i) => i === 0 || n === f[i - 1]! + 1);
  if (f.length > 2 && contiguous) return `frames ${f[0]}–${f[f.length - 1]}`;
  if (f.length === 1) return `frame ${f[0]}`;
  const shown = f.slice(0, 8).join(', ');
  return `frames ${shown}${f.length > 8 ? `, … (${f.length} in all)` : ''}`;
}

/**
 * Where a piece of evidence came from, in the form a user would type or look for:
 * `shop.test:443`, `/etc/nginx/nginx.conf:14`, `server.pfx @ offset 0x1a2`, `trace.pcapng frames 4–6`.
 */
export function formatSource(ref: SourceRef): string {
  let s = ref.origin || ref.source;
  if (ref.line !== undefined) s += `:${ref.line}`;
  if (ref.offset !== undefined) s += ` @ offset ${ref.offset} (0x${ref.offset.toString(16)})`;
  if (ref.frames && ref.frames.length > 0) s += ` ${formatFrames(ref.frames)}`;
  return s;
}

/** One line under the verdict: command, target, when, how long, how many probes, tool version. */
export function metaLine(report: Report): string {
  const parts = [`${report.command} ${report.target}`, report.startedAt, formatDuration(report.durationMs)];
  if (report.probes && report.probes.length > 0)
    parts.push(`${report.probes.length} probe${report.probes.length === 1 ? '' : 's'}`);
  parts.push(`${report.tool.name} ${report.tool.version}`);
  return parts.join(' · ');
}

/** Counts of rule results by status, in a fixed order, e.g. `14 passed · 1 incomplete · 9 not applicable`. */
export function ruleSummary(report: Report): string | undefined {
  if (!report.rules || report.rules.length === 0) return undefined;
  const order: Array<[string, string]> = [
    ['findings', 'with findings'],
    ['pass', 'passed'],
    ['incomplete', 'incomplete'],
    ['error', 'failed to run'],
    ['not-applicable', 'not applicable'],
  ];
  const parts: string[] = [];
  for (const [status, label] of order) {
    const n = report.rules.filter((r) => r.status === status).length;
    if (n > 0) parts.push(`${n} ${label}`);
  }
  return `${report.rules.length} checks: ${parts.join(' · ')}`;
}

/**
 * What a fix command does that a reader must know before pasting it: a restart of the machine or
 * of IIS interrupts every site on it. Undefined for a command without such an effect.
 */
export function disruptiveCommand(command: string): string | undefined {
  if (/^\s*(shutdown(\.exe)?\s+\/[rg]\b|Restart-Computer\b|reboot\b|sudo\s+reboot\b)/i.test(command))
    return 'restarts the server: every site on it goes down until it is back — plan it';
  if (/^\s*(iisreset(\.exe)?\b|Restart-Service\s+W3SVC|net\s+stop\s+(http|was|w3svc)\b)/i.test(command))
    return 'restarts IIS: every site on this server is interrupted for a moment';
  return undefined;
}
