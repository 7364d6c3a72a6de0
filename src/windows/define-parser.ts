// One shape for every Windows text parser (DESIGN conventions 10 and 17, after jc's parser `info`):
// a parser declares what it reads (bundle file names, the command `windows collect` runs), how sure
// it is that a text is its tool's output (`detect`), and its two stages — raw fields, then typed
// observations. src/windows/parsers/index.ts lists the parsers; every other place that needs the
// list of tools (detection, parsing, collection, CLI help, docs) reads it from there.
import type { OsFamily, WindowsObservation } from '../model/observations/windows.js';
import type { Line } from './text.js';

/** The decoded input, as both stages may want it. */
export interface ParserInput {
  text: string;
  lines: readonly Line[];
  origin: string;
}

export interface ObserveContext {
  origin: string;
  /** Windows version family for OS-dependent defaults (SCHANNEL) */
  os?: OsFamily;
}

/**
 * How sure `detect` is that a text is this tool's output: 0 = not mine, 100 = certain. Scores rank
 * the specificity of the evidence: a fixed first line or an XML root element (containers that may
 * quote other tools' lines in their values or messages) outranks labelled fields, which outrank
 * row patterns, which outrank bare fallbacks. A parser that reads several variants (a .reg export
 * and `reg query`) names the variant with its score.
 */
export type Detection<K extends string = string> = number | { kind: K; score: number };

/** A command `windows collect` runs; its stdout is written to `file`. */
export interface CommandStep {
  file: string;
  cmd: string;
  args: readonly string[];
  /** what the output is for, one line (goes into the manifest) */
  what: string;
  /** stderr that is an answer rather than a failure (then it is the evidence) */
  stderrIsAnswer?: RegExp;
  /** run again with other arguments when the first run says it cannot (e.g. needs elevation) */
  fallback?: {
    when: (r: { stdout: Buffer; code: number }) => boolean;
    args: readonly string[];
    note: string;
    /** the first run failed for lack of elevation */
    notElevated?: boolean;
  };
}

/** A file `windows collect` copies instead of running a command. */
export interface CopyStep {
  file: string;
  /** where the file is on the server, from the environment (%windir%) */
  source: (env: Record<string, string | undefined>) => string;
  what: string;
  /** applied to the copy before it is written, with what it says about the copy */
  transform?: { apply: (text: string) => string; says: string };
  /** a likely reason when the file is absent */
  missingHint?: string;
}

export type CollectStep = CommandStep | CopyStep;

export const isCopyStep = (s: CollectStep): s is CopyStep => 'source' in s;

/** What a parser found out about the Windows version (for the bundle manifest). */
export interface OsDescription {
  name?: string;
  version?: string;
}

export interface ParserSpec<K extends string, Raw extends { notes: string[] }> {
  /** = the module's file name and its fixture folder (test/fixtures/windows/<id>/) */
  id: string;
  title: string;
  /** the input kinds it reads (reported as `windows.input` inputKind); the first is the default */
  kinds: readonly [K, ...K[]];
  /**
   * File names (globs: `*`, `?`; case-insensitive) this tool's output has in a bundle. Detection
   * never looks at names; these say what `collect` writes and what people usually call the file.
   */
  files: readonly string[];
  /** what `windows collect` runs (or copies) for it, in order; [] if nothing */
  collect: readonly CollectStep[];
  /** for docs/windows.md: what detection looks for, and what else the parser handles */
  detectedBy: string;
  details?: string;
  detect(text: string): Detection<K>;
  /** stage 1: raw fields with their line numbers, and notes on what could not be read */
  raw(input: ParserInput, kind: K): Raw;
  /** stage 2: typed observations; never judges */
  observe(raw: Raw, ctx: ObserveContext): WindowsObservation[];
  /** notes for the `windows.input` observation; default: raw.notes */
  notes?(raw: Raw): string[];
  /** a parser that reads the Windows version says so: its inputs are read first in a bundle */
  describesOs?(raw: Raw): OsDescription | undefined;
}

export interface ParseResult {
  observations: WindowsObservation[];
  notes: string[];
  os?: OsDescription;
}

/** The registry's view of a parser: its declaration plus both stages composed. */
export interface WindowsParser<K extends string = string> {
  readonly id: string;
  readonly title: string;
  readonly kinds: readonly [K, ...K[]];
  readonly files: readonly string[];
  readonly collect: readonly CollectStep[];
  readonly detectedBy: string;
  readonly details?: string;
  readonly readsOs: boolean;
  /** the best score over its kinds, with the kind */
  detect(text: string): { kind: K; score: number };
  /** stage 1 then stage 2 for one of its kinds */
  parse(input: ParserInput, kind: string, ctx: ObserveContext): ParseResult;
}

/** Detection reads this many characters from the start: enough for every tool's signature. */
export const DETECT_WINDOW = 200_000;

export function defineParser<const K extends string, Raw extends { notes: string[] }>(
  spec: ParserSpec<K, Raw>,
): WindowsParser<K> {
  const kinds = spec.kinds;
  const p: WindowsParser<K> = {
    id: spec.id,
    title: spec.title,
    kinds,
    files: spec.files,
    collect: spec.collect,
    detectedBy: spec.detectedBy,
    readsOs: spec.describesOs !== undefined,
    detect(text) {
      const d = spec.detect(text.slice(0, DETECT_WINDOW));
      const r = typeof d === 'number' ? { kind: kinds[0], score: d } : d;
      return { kind: r.kind, score: Number.isFinite(r.score) && r.score > 0 ? Math.min(r.score, 100) : 0 };
    },
    parse(input, kind, ctx) {
      const k = kinds.find((x) => x === kind);
      if (k === undefined) throw new RangeError(`parser ${spec.id} does not read '${kind}'`);
      const raw = spec.raw(input, k);
      const observations = spec.observe(raw, ctx);
      const out: ParseResult = { observations, notes: spec.notes ? spec.notes(raw) : raw.notes };
      const os = spec.describesOs?.(raw);
      if (os) out.os = os;
      return out;
    },
  };
  if (spec.details !== undefined) return { ...p, details: spec.details };
  return p;
}

/** The first line with something on it, trimmed ('' if none). */
export function firstNonBlankLine(text: string): string {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t !== '') return t;
  }
  return '';
}

/** `*` and `?` globs over a bare file name, case-insensitive (Windows file names). */
export function matchesFileGlob(name: string, glob: string): boolean {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}
