// The run history: a directory of JSON reports, one file per run, under the user's data
// directory. Plain files rather than a database: Node 20 has no built-in SQLite, a report is
// already a versioned JSON document (schema/report.schema.json), each run is written once and
// never updated (no concurrent writers to coordinate: a new file is written whole, then renamed),
// and a user can read, copy, diff or delete a run with ordinary tools.
//
//   <dir>/<target key>/<UTC time>-<command>.<verdict>.json
//   e.g. shop.example_443/20261203T101500123Z-diagnose.healthy.json
// The verdict in the name lets "when did it last work" open one file, not every run since.
//
// <dir>: $TLSDOCTOR_HISTORY_DIR, else $XDG_DATA_HOME/tlsdoctor/history, else
// ~/.local/share/tlsdoctor/history ($HOME), on Windows %LOCALAPPDATA%\tlsdoctor\history
// (XDG Base Directory Specification; Microsoft "Known folders": LocalAppData).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TlsDoctorError, oneLine } from '../errors.js';
import type { HistoryRun, Report, Verdict } from '../model/report.js';

/** runs kept per target: the oldest beyond this are removed when a new one is written */
export const MAX_RUNS_PER_TARGET = 200;
/** a run file larger than this is not read (a report is well under 1 MB) */
export const MAX_RUN_BYTES = 32 * 1024 * 1024;

/** The history directory from the environment, or undefined when none can be found. */
export function historyDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const set = (v: string | undefined): v is string => v !== undefined && v !== '';
  if (set(env.TLSDOCTOR_HISTORY_DIR)) return env.TLSDOCTOR_HISTORY_DIR;
  if (platform === 'win32' && set(env.LOCALAPPDATA)) return join(env.LOCALAPPDATA, 'tlsdoctor', 'history');
  if (set(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'tlsdoctor', 'history');
  if (set(env.HOME)) return join(env.HOME, '.local', 'share', 'tlsdoctor', 'history');
  return undefined;
}

/** The folder name of a target: host:port lower-cased, anything but [a-z0-9.-] as '_'. */
export function targetKey(target: string): string {
  const t = target
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  const withPort = /:\d+$/.test(t) ? t : `${t}:443`;
  return withPort.replace(/[^a-z0-9.-]/g, '_').slice(0, 200);
}

const RUN_FILE = /^\d{8}T\d{9}Z-[a-z-]+(-\d+)?(\.(healthy|problems|unreachable|error))?\.json$/;
/** the verdict a run's file name carries (runs written before it was named carry none) */
function statusInName(name: string): string | undefined {
  return /\.([a-z]+)\.json$/.exec(name)?.[1];
}

function fileTime(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Writes one run (the report's JSON text) and returns its path; keeps at most MAX_RUNS_PER_TARGET. */
export function recordRun(
  dir: string,
  report: Pick<Report, 'target' | 'startedAt' | 'command'> & { verdict?: { status: string } },
  json: string,
): string {
  const folder = join(dir, targetKey(report.target));
  try {
    mkdirSync(folder, { recursive: true });
    const started = new Date(report.startedAt);
    const stem = `${fileTime(Number.isNaN(started.getTime()) ? new Date() : started)}-${report.command}`;
    const taken = new Set(readdirSync(folder));
    const status =
      report.verdict && /^[a-z]+$/.test(report.verdict.status) ? `.${report.verdict.status}` : '';
    let name = `${stem}${status}.json`;
    for (let n = 2; taken.has(name); n++) name = `${stem}-${n}${status}.json`;
    const path = join(folder, name);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, json, { mode: 0o600 });
    renameSync(tmp, path);
    const runs = readdirSync(folder)
      .filter((f) => RUN_FILE.test(f))
      .sort();
    for (const old of runs.slice(0, Math.max(0, runs.length - MAX_RUNS_PER_TARGET)))
      rmSync(join(folder, old), { force: true });
    return path;
  } catch (e) {
    throw new TlsDoctorError('INPUT_UNREADABLE', `cannot write the run history in ${folder}: ${oneLine(e)}`);
  }
}

/** A run file as read back: enough of a report to list and compare it. */
export function readRun(path: string): Report {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_RUN_BYTES)
      throw new TlsDoctorError(
        'INPUT_TOO_LARGE',
        `${path}: ${size} bytes, more than a report (limit ${MAX_RUN_BYTES})`,
      );
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof TlsDoctorError) throw e;
    throw new TlsDoctorError('INPUT_NOT_FOUND', `${path}: ${oneLine(e)}`);
  }
  return parseReport(text, path);
}

/** A tlsdoctor JSON report from text; INPUT_FORMAT naming the file and what is missing otherwise. */
export function parseReport(text: string, origin: string): Report {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new TlsDoctorError('INPUT_FORMAT', `${origin}: not a JSON report (${oneLine(e)})`);
  }
  const r = v as Partial<Report> | null;
  const missing =
    r === null || typeof r !== 'object' || Array.isArray(r)
      ? 'a JSON object'
      : (r as { tool?: { name?: unknown } }).tool?.name !== 'tlsdoctor'
        ? 'tool.name "tlsdoctor"'
        : typeof r.command !== 'string'
          ? 'a "command"'
          : typeof r.target !== 'string'
            ? 'a "target"'
            : typeof r.startedAt !== 'string'
              ? 'a "startedAt"'
              : !r.verdict || typeof r.verdict.status !== 'string'
                ? 'a "verdict"'
                : !Array.isArray(r.findings)
                  ? 'a "findings" array'
                  : !Array.isArray(r.observations)
                    ? 'an "observations" array'
                    : !String(r.schemaVersion ?? '').startsWith('2.')
                      ? `schemaVersion 2.x (this is ${String(r.schemaVersion)})`
                      : undefined;
  if (missing)
    throw new TlsDoctorError('INPUT_FORMAT', `${origin}: not a tlsdoctor report: expected ${missing}`);
  if (
    r!.observations!.some(
      (o) => o === null || typeof o !== 'object' || typeof (o as { kind?: unknown }).kind !== 'string',
    )
  )
    throw new TlsDoctorError(
      'INPUT_FORMAT',
      `${origin}: not a tlsdoctor report: an observation without a "kind"`,
    );
  return r as Report;
}

/** The recorded runs of a target, newest first (unreadable files skipped, named in `skipped`). */
export function listRuns(dir: string, target: string): { runs: HistoryRun[]; skipped: string[] } {
  const folder = join(dir, targetKey(target));
  let names: string[];
  try {
    names = readdirSync(folder).filter((f) => f.endsWith('.json'));
  } catch {
    return { runs: [], skipped: [] };
  }
  const runs: HistoryRun[] = [];
  const skipped: string[] = [];
  for (const name of names.sort().reverse()) {
    const file = join(folder, name);
    try {
      const r = readRun(file);
      const root = r.findings.find((f) => f.severity !== 'info');
      runs.push({
        file,
        command: r.command,
        target: r.target,
        startedAt: r.startedAt,
        verdict: r.verdict as Verdict,
        ...(root ? { rootCause: root.id } : {}),
      });
    } catch (e) {
      skipped.push(`${file}: ${oneLine(e)}`);
    }
  }
  runs.sort((x, y) => Date.parse(y.startedAt) - Date.parse(x.startedAt));
  return { runs, skipped };
}

/**
 * One past run of a target by selector: 'last' (the newest), 'last-ok' (the newest that was
 * healthy), or a date/time (the first run at or after it). `before`: only runs that started earlier.
 */
export function findRun(
  dir: string,
  target: string,
  selector: string,
  before?: string,
): HistoryRun | undefined {
  const from = selector === 'last' || selector === 'last-ok' ? -Infinity : parseWhen(selector);
  const folder = join(dir, targetKey(target));
  let names: string[];
  try {
    names = readdirSync(folder).filter((f) => RUN_FILE.test(f));
  } catch {
    return undefined;
  }
  // file names start with the run's UTC time: newest first without reading every run
  const timeOf = (name: string): number => {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(name)!;
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
  };
  const limit = before ? Date.parse(before) : Infinity;
  const candidates = names
    .map((name) => ({ name, t: timeOf(name) }))
    .filter((c) => c.t < limit && c.t >= from)
    // a run named with another verdict is not opened
    .filter((c) => selector !== 'last-ok' || (statusInName(c.name) ?? 'healthy') === 'healthy')
    .sort((x, y) => (from === -Infinity ? y.t - x.t : x.t - y.t));
  for (const c of candidates) {
    const file = join(folder, c.name);
    let r: Report;
    try {
      r = readRun(file);
    } catch {
      continue; // an unreadable run is skipped, as `history` lists it
    }
    if (selector === 'last-ok' && r.verdict.status !== 'healthy') continue;
    const root = r.findings.find((f) => f.severity !== 'info');
    return {
      file,
      command: r.command,
      target: r.target,
      startedAt: r.startedAt,
      verdict: r.verdict as Verdict,
      ...(root ? { rootCause: root.id } : {}),
    };
  }
  return undefined;
}

/** A date (2026-11-01) or date-time (2026-11-01T08:00Z) as epoch ms; USAGE otherwise. */
export function parseWhen(s: string): number {
  const t = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(t))
    throw new TlsDoctorError(
      'USAGE',
      `'${s}' is not a date: expected YYYY-MM-DD or an ISO date-time, or last / last-ok`,
    );
  return t;
}
