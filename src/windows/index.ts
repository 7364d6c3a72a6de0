// The Windows gatherer's entry points: one input (bytes of a file or a command's output) →
// observations; many paths → observations; a collected bundle folder → observations (for the
// lead's `diagnose --windows-bundle DIR`).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TlsDoctorError, oneLine } from '../errors.js';
import type { ObservationBase } from '../model/observation.js';
import { detectWindowsInput } from './detect.js';
import { describeParsers, parserForKind, type WindowsInputKind } from './parser-registry.js';
import type {
  OsFamily,
  WindowsInputObservation,
  WindowsObservation,
  WindowsOsObservation,
} from '../model/observations/windows.js';
import { OS_LABEL, osFamilyOf } from './schannel-defaults.js';
import { MAX_INPUT_BYTES, linesOf } from './text.js';

export type { WindowsInputKind } from './parser-registry.js';
export { detectWindowsInput, detectWith } from './detect.js';
export { WINDOWS_PARSERS, parserForKind, describeParsers, describeCollection } from './parser-registry.js';
export { defineParser, type WindowsParser } from './define-parser.js';
export * from '../model/observations/windows.js';
export {
  osFamilyOf,
  OS_LABEL,
  EFFECTIVE_PROTOCOLS,
  effectiveProtocolState,
  osDefault,
} from './schannel-defaults.js';

export interface ParseOptions {
  /** Windows version family for the SCHANNEL defaults (from --os or the bundle's systeminfo) */
  os?: OsFamily;
  /** force the input kind instead of detecting it */
  kind?: WindowsInputKind;
}

export interface ParsedInput {
  origin: string;
  kind: WindowsInputKind;
  encoding: string;
  observations: WindowsObservation[];
  /** what the parser could not read, one line each */
  notes: string[];
}

/** Parse one input. Throws TlsDoctorError (INPUT_FORMAT / INPUT_TOO_LARGE) for unreadable bytes. */
export function parseWindowsInput(buf: Buffer, origin: string, opts: ParseOptions = {}): ParsedInput {
  const { lines, encoding, text } = linesOf(buf, origin);
  const kind = opts.kind ?? detectWindowsInput(text);
  let obs: WindowsObservation[] = [];
  let notes: string[] = [];
  if (kind === 'unknown')
    throw new TlsDoctorError(
      'INPUT_FORMAT',
      `${origin}: not a recognised Windows input (expected ${describeParsers()})`,
    );
  const parser = parserForKind(kind);
  if (parser) {
    let r: ReturnType<typeof parser.parse>;
    try {
      r = parser.parse({ text, lines, origin }, kind, { origin, ...(opts.os ? { os: opts.os } : {}) });
    } catch (e) {
      if (e instanceof TlsDoctorError) throw e;
      // a library's own wording ("Pi Tag is not closed.") means nothing to a user: say what we know
      throw new TlsDoctorError(
        'INPUT_FORMAT',
        `${origin}: looks like ${kind} output but its content is malformed and cannot be read`,
        { cause: e },
      );
    }
    obs = r.observations;
    notes = r.notes;
  }
  const input: WindowsInputObservation = {
    kind: 'windows.input',
    from: { source: 'windows', origin, line: 1 },
    inputKind: kind,
    encoding,
    notes: capNotes(notes),
    status: 'ok',
  };
  return { origin, kind, encoding, observations: [input, ...obs], notes: input.notes };
}

function capNotes(notes: string[]): string[] {
  return notes.length > 50 ? [...notes.slice(0, 50), `… ${notes.length - 50} more lines not read`] : notes;
}

export interface AnalyzeInputsOptions {
  /** --os: overrides what the bundle says */
  os?: string;
}

export interface AnalyzeInputsResult {
  observations: WindowsObservation[];
  inputs: ParsedInput[];
  /** inputs that could not be read at all: path + one-line reason */
  failures: Array<{ origin: string; error: string; explicit: boolean }>;
  /** the OS the defaults were taken from, if any */
  os?: WindowsOsObservation;
}

const MAX_FILES = 500;

async function listFiles(dir: string, depth: number, out: string[]): Promise<void> {
  if (depth > 4 || out.length >= MAX_FILES) return;
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (out.length >= MAX_FILES) return;
    const p = join(dir, e.name);
    if (e.isDirectory()) await listFiles(p, depth + 1, out);
    else if (e.isFile()) out.push(p);
  }
}

/**
 * Read files and folders (bundles), detect each file's kind by content, parse with the right OS
 * defaults. Paths given explicitly that cannot be read are failures; unknown files found inside
 * a folder are failures with explicit=false (reported as warnings).
 */
export async function analyzeWindowsInputs(
  paths: readonly string[],
  opts: AnalyzeInputsOptions = {},
): Promise<AnalyzeInputsResult> {
  const files: Array<{ path: string; explicit: boolean }> = [];
  const failures: AnalyzeInputsResult['failures'] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new TlsDoctorError('INPUT_NOT_FOUND', `${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const list: string[] = [];
      await listFiles(p, 0, list);
      for (const f of list) files.push({ path: f, explicit: false });
    } else files.push({ path: p, explicit: true });
  }
  const bufs: Array<{ path: string; explicit: boolean; buf: Buffer }> = [];
  for (const f of files) {
    try {
      const s = await stat(f.path);
      if (s.size > MAX_INPUT_BYTES) {
        failures.push({
          origin: f.path,
          error: `${f.path}: ${s.size} bytes is above the ${MAX_INPUT_BYTES}-byte limit`,
          explicit: f.explicit,
        });
        continue;
      }
      bufs.push({ ...f, buf: await readFile(f.path) });
    } catch (e) {
      failures.push({ origin: f.path, error: `${f.path}: cannot read: ${oneLine(e)}`, explicit: f.explicit });
    }
  }
  // pass 1: the OS (--os wins; then systeminfo/ver; then the manifest)
  let os: WindowsOsObservation | undefined;
  if (opts.os) {
    const family = osFamilyOf(opts.os);
    if (!family)
      throw new TlsDoctorError(
        'USAGE',
        `--os '${opts.os}': unknown Windows version (try 2008r2, 2012r2, 2016, 2019, 2022, 2025, win10, win11 or a build like 10.0.17763)`,
      );
    os = {
      kind: 'windows.os',
      from: { source: 'input', origin: '--os' },
      name: OS_LABEL[family],
      family,
      via: '--os',
    };
  }
  const parsed: ParsedInput[] = [];
  const later: typeof bufs = [];
  for (const b of bufs) {
    let kind: WindowsInputKind;
    try {
      kind = detectWindowsInput(linesOf(b.buf, b.path).text);
    } catch (e) {
      failures.push({ origin: b.path, error: oneLine(e), explicit: b.explicit });
      continue;
    }
    if (parserForKind(kind)?.readsOs) {
      const p = parseWindowsInput(b.buf, b.path, { kind });
      parsed.push(p);
      const o = p.observations.find((x): x is WindowsOsObservation => x.kind === 'windows.os');
      // systeminfo beats the manifest's copy of it; --os beats both
      if (o && (!os || os.via === 'manifest')) os = o;
    } else if (kind === 'manifest') {
      const fam = manifestOs(b.buf);
      parsed.push({ origin: b.path, kind, encoding: 'utf-8', observations: [], notes: [] });
      if (fam && !os)
        os = {
          kind: 'windows.os',
          from: { source: 'windows', origin: b.path },
          name: fam.name,
          family: fam.family,
          via: 'manifest',
        };
    } else later.push(b);
  }
  for (const b of later) {
    try {
      parsed.push(parseWindowsInput(b.buf, b.path, os?.family ? { os: os.family } : {}));
    } catch (e) {
      failures.push({ origin: b.path, error: oneLine(e), explicit: b.explicit });
    }
  }
  const observations: WindowsObservation[] = [];
  if (os && os.via === '--os') observations.push(os);
  for (const p of parsed) observations.push(...p.observations);
  const result: AnalyzeInputsResult = { observations, inputs: parsed, failures };
  if (os) result.os = os;
  return result;
}

function manifestOs(buf: Buffer): { name: string; family: OsFamily } | undefined {
  try {
    const m = JSON.parse(buf.toString('utf8')) as { os?: { name?: string; version?: string } };
    const name = `${m.os?.name ?? ''} ${m.os?.version ?? ''}`.trim();
    const family = name ? osFamilyOf(name) : undefined;
    return family ? { name, family } : undefined;
  } catch {
    return undefined;
  }
}

/** For the lead's `diagnose --windows-bundle DIR`: every observation the folder yields. */
export async function observeWindowsBundle(
  dir: string,
  opts: AnalyzeInputsOptions = {},
): Promise<ObservationBase[]> {
  const r = await analyzeWindowsInputs([dir], opts);
  const failed: WindowsInputObservation[] = r.failures.map((f) => ({
    kind: 'windows.input',
    from: { source: 'windows', origin: f.origin },
    inputKind: 'unknown',
    notes: [],
    status: 'failed',
    error: f.error,
  }));
  return [...r.observations, ...failed];
}

/**
 * For cross-checks with live probes: the effective server-side state of each protocol, from the
 * 'windows.schannel-protocol' observations (first source wins), e.g. { 'TLS 1.2': 'disabled', … }.
 */
export function schannelServerProtocols(
  observations: readonly ObservationBase[],
): Record<string, { effective: string; reason: string; from: ObservationBase['from'] }> {
  const out: Record<string, { effective: string; reason: string; from: ObservationBase['from'] }> = {};
  for (const o of observations) {
    if (o.kind !== 'windows.schannel-protocol') continue;
    const p = o as unknown as { protocol: string; side: string; effective: string; reason: string };
    if (p.side !== 'server' || out[p.protocol]) continue;
    out[p.protocol] = { effective: p.effective, reason: p.reason, from: o.from };
  }
  return out;
}
