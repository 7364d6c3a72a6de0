// The JSON contract (DESIGN convention 12; schema/report.schema.json, docs/json-schema.md).
// Pure: Report in, string out. Top-level fields in a fixed order; everything else as the report
// holds it, made JSON-safe: binary as lowercase hex, bigint as a decimal string, Map as an object,
// Set as an array, Error as its one-line message, non-finite numbers as null, cycles cut.
import { oneLine } from '../errors.js';
import type { Report } from '../model/report.js';
import { redactSecrets } from './sanitize.js';

/** The order of the top-level fields in the output; fields a newer model adds follow them. */
const TOP_LEVEL_ORDER = [
  'schemaVersion',
  'tool',
  'command',
  'target',
  'startedAt',
  'durationMs',
  'verdict',
  'findings',
  'rules',
  'observations',
  'probes',
  'data',
  'warnings',
] as const;

/** Deeper than any real report; guards against runaway structures in `data`/`result`. */
const MAX_DEPTH = 64;

function toPlain(v: unknown, ancestors: Set<object>, depth: number): unknown {
  switch (typeof v) {
    case 'string':
      return redactSecrets(v);
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'boolean':
      return v;
    case 'bigint':
      return v.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (v === null) return null;
  const o = v as object;
  // plain objects and arrays (nearly every value of a report) skip the class checks
  const proto: unknown = Object.getPrototypeOf(o);
  const plain = proto === Object.prototype || proto === Array.prototype || proto === null;
  if (!plain) {
    if (Buffer.isBuffer(o) || o instanceof Uint8Array)
      return Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('hex');
    if (o instanceof ArrayBuffer) return Buffer.from(o).toString('hex');
    if (o instanceof Date) return Number.isNaN(o.getTime()) ? null : o.toISOString();
    if (o instanceof Error) return oneLine(o);
  }
  if (ancestors.has(o)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  ancestors.add(o);
  try {
    if (plain) {
      // copy on write: a plain array or object whose every value is already JSON-safe is returned as
      // it is (JSON.stringify writes it alike), so the report's bulk is not copied
      if (Array.isArray(o)) {
        let out: unknown[] | undefined;
        for (let i = 0; i < o.length; i++) {
          const x: unknown = o[i];
          const p =
            typeof x === 'number'
              ? Number.isFinite(x)
                ? x
                : null
              : (toPlain(x, ancestors, depth + 1) ?? null);
          if (out === undefined && p !== x) out = o.slice(0, i) as unknown[];
          if (out !== undefined) out.push(p);
        }
        return out ?? o;
      }
      const rec = o as Record<string, unknown>;
      const keys = Object.keys(rec);
      let out: Record<string, unknown> | undefined;
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j]!;
        const x = rec[k];
        const p = typeof x === 'number' ? (Number.isFinite(x) ? x : null) : toPlain(x, ancestors, depth + 1);
        if (out === undefined && p !== x) {
          out = {};
          for (let m = 0; m < j; m++) if (rec[keys[m]!] !== undefined) out[keys[m]!] = rec[keys[m]!];
        }
        if (out !== undefined && p !== undefined) out[k] = p;
      }
      return out ?? o;
    }
    // a Set, or an array of another class or realm
    if (Array.isArray(o) || o instanceof Set)
      return [...(o as Iterable<unknown>)].map((x) => toPlain(x, ancestors, depth + 1) ?? null);
    const out: Record<string, unknown> = {};
    if (o instanceof Map) {
      for (const [k, x] of o) {
        const p = toPlain(x, ancestors, depth + 1);
        if (p !== undefined) out[String(k)] = p;
      }
      return out;
    }
    const rec = o as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      const p = toPlain(rec[k], ancestors, depth + 1);
      if (p !== undefined) out[k] = p;
    }
    return out;
  } finally {
    ancestors.delete(o);
  }
}

/**
 * The report as a plain JSON value, top-level fields in contract order. Parts that are already plain
 * JSON are shared with the report, not copied: read it, do not change it.
 */
export function toJsonValue(report: Report): Record<string, unknown> {
  const plain = toPlain(report, new Set(), 0) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of TOP_LEVEL_ORDER) if (plain[k] !== undefined) out[k] = plain[k];
  for (const [k, x] of Object.entries(plain)) if (!(k in out)) out[k] = x;
  return out;
}

/** The JSON contract (schema/report.schema.json). Stable field names; pretty-printed, ends in a newline. */
export function renderJson(report: Report): string {
  return JSON.stringify(toJsonValue(report), null, 2) + '\n';
}
