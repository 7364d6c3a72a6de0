// `tlsdoctor diff A B`: each side a live target, a saved report, a Windows bundle folder or a run
// from the history (TARGET@last-ok, TARGET@last, TARGET@2026-11-01); the differences ordered by
// what explains the failing side's root cause, each with the change that makes it like the other.
import { statSync, writeFileSync } from 'node:fs';
import { TlsDoctorError, oneLine } from '../errors.js';
import type { DiffReport, DiffSideKind, Report } from '../model/report.js';
import { diffSides, fixScripts, sideOf } from '../diff/index.js';
import { findRun, parseReport, readRun } from '../history/store.js';
import { analyzeWindowsInputs } from '../windows/index.js';
import { readFileSync } from 'node:fs';
import { buildWindowsReport } from './windows-report.js';
import { diagnose, type DiagnoseOptions } from './diagnose.js';
import { buildReport, startStopwatch } from './command-report.js';

export interface DiffOptions {
  /** applied to each live side */
  live?: Omit<DiagnoseOptions, 'onProgress' | 'extraObservations'>;
  /** the history directory, for TARGET@… sides and --since */
  historyDir?: string;
  onProgress?: (text: string) => void;
}

/** a saved report is a JSON file: larger than this it is not a report */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

const HISTORY_SELECTOR = /^(.+)@(last|last-ok|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)$/;

/** What one side argument is: a history selector, a folder, a file, or a live target. */
export function classify(input: string): DiffSideKind {
  if (HISTORY_SELECTOR.test(input)) return 'history';
  let st;
  try {
    st = statSync(input);
  } catch {
    return 'live';
  }
  return st.isDirectory() ? 'windows-bundle' : 'report';
}

/** One side as a report. */
export async function loadSide(
  input: string,
  o: DiffOptions,
  label: string,
): Promise<{ report: Report; kind: DiffSideKind; input: string }> {
  const kind = classify(input);
  if (kind === 'history') {
    const [, target, selector] = HISTORY_SELECTOR.exec(input)!;
    if (!o.historyDir)
      throw new TlsDoctorError(
        'USAGE',
        `${input}: no history directory (set TLSDOCTOR_HISTORY_DIR, XDG_DATA_HOME or HOME)`,
      );
    const run = findRun(o.historyDir, target!, selector!);
    if (!run)
      throw new TlsDoctorError(
        'INPUT_NOT_FOUND',
        `${input}: no recorded run of ${target} matches '${selector}' in ${o.historyDir} (tlsdoctor history ${target} lists them)`,
      );
    return { report: readRun(run.file), kind, input: `${input} (${run.startedAt})` };
  }
  if (kind === 'windows-bundle') {
    o.onProgress?.(`${label}: reading the Windows bundle ${input}`);
    const started = Date.now();
    const analyzed = await analyzeWindowsInputs([input]);
    return {
      report: buildWindowsReport([input], analyzed, {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      }),
      kind,
      input,
    };
  }
  if (kind === 'report') {
    let text: string;
    try {
      const size = statSync(input).size;
      if (size > MAX_REPORT_BYTES)
        throw new TlsDoctorError(
          'INPUT_TOO_LARGE',
          `${input}: ${size} bytes; a saved report is a JSON file well under ${MAX_REPORT_BYTES}`,
        );
      text = readFileSync(input, 'utf8');
    } catch (e) {
      if (e instanceof TlsDoctorError) throw e;
      throw new TlsDoctorError('INPUT_UNREADABLE', `${input}: ${oneLine(e)}`);
    }
    return { report: parseReport(text, input), kind, input };
  }
  o.onProgress?.(`${label}: diagnosing ${input}`);
  const report = await diagnose(input, {
    ...o.live,
    onProgress: (t) => o.onProgress?.(`${label}: ${input}: ${t}`),
  });
  return { report, kind, input };
}

/** The diff of two sides (B against A; the fixes make the failing side like the other). */
export async function diffCommand(a: string, b: string, o: DiffOptions = {}): Promise<DiffReport> {
  const clock = startStopwatch();
  const sa = await loadSide(a, o, 'A');
  const sb = await loadSide(b, o, 'B');
  return diffReport(sa, sb, clock);
}

/** `diff TARGET --since DATE`: the first recorded run of TARGET at or after DATE against TARGET now. */
export async function diffSince(target: string, since: string, o: DiffOptions = {}): Promise<DiffReport> {
  return diffCommand(`${target}@${since}`, target, o);
}

export function diffReport(
  sa: { report: Report; kind: DiffSideKind; input: string },
  sb: { report: Report; kind: DiffSideKind; input: string },
  clock: ReturnType<typeof startStopwatch> | { startedAt: string; durationMs: number },
): DiffReport {
  const data = diffSides(sideOf(sa.report, sa.input, sa.kind), sideOf(sb.report, sb.input, sb.kind));
  const warnings: string[] = [];
  if (data.compared.length === 0)
    warnings.push(
      `A (${sa.report.command}) and B (${sb.report.command}) have no kind of fact in common to compare`,
    );
  return buildReport('diff', `${sa.input} ↔ ${sb.input}`, clock, {
    findings: [],
    observations: [],
    data,
    ...(warnings.length ? { warnings } : {}),
  });
}

/** Writes the fix script files next to `base`; returns their paths. Never runs them. */
export function writeFixScripts(report: DiffReport, base: string): string[] {
  const files = fixScripts(report.data, base);
  if (files.length === 0) return [];
  for (const f of files) {
    try {
      writeFileSync(
        f.path,
        f.encoding === 'utf16le-bom'
          ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(f.content, 'utf16le')])
          : f.content,
      );
    } catch (e) {
      throw new TlsDoctorError('INPUT_UNREADABLE', `cannot write the fix script ${f.path}: ${oneLine(e)}`);
    }
  }
  report.data.fixScripts = files.map((f) => f.path);
  return report.data.fixScripts;
}
