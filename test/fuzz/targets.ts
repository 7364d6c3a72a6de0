// Fuzzing targets: each takes one input (bytes) through a whole pipeline the way a user's file or a
// server's bytes would go — parse, judge, render text, JSON and HTML. A target returns normally or
// throws a TlsDoctorError; anything else, a multi-line or library-worded error, or a rendering that
// shows "undefined"/"NaN"/"[object Object]" is a defect (see classify()).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TlsDoctorError } from '../../src/errors.js';
import { FlightReader } from '../../src/probe/flight.js';
import { describeOutcome } from '../../src/probe/outcome.js';
import type { ExchangeResult } from '../../src/probe/connection.js';
import type { HelloOffer } from '../../src/model/observations/probe.js';
import { TlsReader, Version } from '../../src/wire/index.js';
import { captureReport } from '../../src/app/capture-report.js';
import { certReport } from '../../src/app/cert-report.js';
import { buildWindowsReport } from '../../src/app/windows-report.js';
import { explainReport } from '../../src/app/explain-report.js';
import { analyzeWindowsInputs } from '../../src/windows/index.js';
import { explain } from '../../src/knowledge/index.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import type { Report } from '../../src/model/report.js';

export const TARGET_NAMES = ['wire', 'capture', 'x509', 'windows', 'explain'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface FuzzTarget {
  name: TargetName;
  /** the largest input the mutator makes */
  maxBytes: number;
  /** real inputs to mutate */
  seeds(): Buffer[];
  /** one input through the pipeline; `scratch` is a file path the target may write to */
  run(input: Buffer, scratch: string): Promise<void>;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..', '..');
export const SEED_DIR = join(HERE, 'seeds');
export const REGRESSION_DIR = join(HERE, 'regressions');

function filesUnder(dir: string, keep: (name: string) => boolean = () => true, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) filesUnder(p, keep, out);
    else if (keep(e)) out.push(p);
  }
  return out;
}
const read = (files: string[], max: number): Buffer[] =>
  files.map((f) => readFileSync(f)).filter((b) => b.length > 0 && b.length <= max);

/**
 * The renderers over the report: a crash in any of them counts. The text report every time (it is
 * where a bad value shows); JSON and HTML for one input in 8 (by length), as they cost as much as
 * the rest of the pipeline and share the text report's sections.
 */
function renderAll(report: Report, input: Buffer): void {
  const text = renderText(report, { color: false, width: 100 });
  if (input.length % 8 === 0) {
    renderJson(report);
    renderHtml(report);
  }
  const bad = LEAKS.exec(text);
  if (bad) throw new Error(`the text report shows "${bad[0]}"`);
}

const OFFERS: HelloOffer[] = [
  { maxVersion: Version.TLS12, versions: [Version.TLS12], cipherSuites: [0xc02f, 0x009c], size: 200 },
  {
    maxVersion: Version.TLS13,
    versions: [Version.TLS13, Version.TLS12],
    cipherSuites: [0x1301, 0xc02f],
    size: 300,
  },
  { maxVersion: Version.SSL2, versions: [Version.SSL2], cipherSuites: [], size: 50, sslv2: true },
];

const TIMINGS = { connectMs: 1, firstByteMs: 2, totalMs: 3 } as unknown as ExchangeResult['timings'];

const wire: FuzzTarget = {
  name: 'wire',
  maxBytes: 96 * 1024,
  seeds: () =>
    read(
      [
        ...filesUnder(join(SEED_DIR, 'wire')),
        // real clients' ClientHellos (hex), read as a client's stream by the capture side of the codec
        ...filesUnder(join(ROOT, 'test', 'fixtures', 'wire'), (n) => n.endsWith('.hex')),
      ],
      96 * 1024,
    ).map((b) =>
      /^[0-9a-f\s]+$/i.test(b.toString('latin1'))
        ? Buffer.from(b.toString('latin1').replace(/\s/g, ''), 'hex')
        : b,
    ),
  async run(input) {
    // a server's answer, as the probe reads it, for each kind of hello; in two chunks split by content
    const cut = input.length === 0 ? 0 : input[0]! % input.length;
    for (const offer of OFFERS) {
      const flight = new FlightReader(offer, 'flight');
      let consumerError: unknown;
      try {
        if (!flight.push(input.subarray(0, cut))) flight.push(input.subarray(cut));
      } catch (e) {
        if (!(e instanceof TlsDoctorError)) throw e;
        consumerError = e;
      }
      const o = flight.outcome(
        { address: '127.0.0.1', port: 443 },
        {
          end: consumerError ? 'done' : 'closed',
          ...(consumerError ? { consumerError } : {}),
          timings: TIMINGS,
          bytesSent: offer.size,
          bytesReceived: input.length,
          firstBytes: input.subarray(0, 64),
        },
      );
      describeOutcome(o);
    }
    // a client's stream, as the capture module reads it
    const reader = new TlsReader();
    reader.push(input.subarray(0, cut));
    reader.push(input.subarray(cut));
  },
};

const capture: FuzzTarget = {
  name: 'capture',
  maxBytes: 256 * 1024,
  seeds: () =>
    read(
      [
        ...filesUnder(join(SEED_DIR, 'capture')),
        ...filesUnder(join(ROOT, 'test', 'fixtures', 'capture'), (n) => /\.(pcap|pcapng|cap)$/.test(n)),
      ],
      256 * 1024,
    ),
  async run(input, scratch) {
    writeFileSync(scratch, input);
    // the chains seen in clear go through the certificate checks, which the x509 target fuzzes
    renderAll(await captureReport(scratch, { checkChains: false }), input);
  },
};

const x509: FuzzTarget = {
  name: 'x509',
  maxBytes: 64 * 1024,
  seeds: () => read(filesUnder(join(SEED_DIR, 'x509')), 64 * 1024),
  async run(input, scratch) {
    writeFileSync(scratch, input);
    renderAll(await certReport([scratch], { systemStore: false }, new Date('2026-06-01T00:00:00Z')), input);
  },
};

const windows: FuzzTarget = {
  name: 'windows',
  maxBytes: 128 * 1024,
  seeds: () =>
    read(
      filesUnder(
        join(ROOT, 'test', 'fixtures', 'windows'),
        (n) => !n.endsWith('.json') && !n.endsWith('.md'),
      ),
      128 * 1024,
    ),
  async run(input, scratch) {
    writeFileSync(scratch, input);
    const analyzed = await analyzeWindowsInputs([scratch]);
    renderAll(
      buildWindowsReport([scratch], analyzed, { startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 }),
      input,
    );
  },
};

const explainTarget: FuzzTarget = {
  name: 'explain',
  maxBytes: 32 * 1024,
  seeds: () => read(filesUnder(join(SEED_DIR, 'explain')), 32 * 1024),
  async run(input) {
    const query = input.toString('utf8');
    const matches = explain(query);
    renderAll(
      explainReport(query, 'fuzz', matches, { startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 }),
      input,
    );
  },
};

export const TARGETS: Record<TargetName, FuzzTarget> = {
  wire,
  capture,
  x509,
  windows,
  explain: explainTarget,
};

/** Words that mean a library's or the runtime's error reached the user instead of ours. */
const LEAKS =
  /Cannot read propert|is not a function|is not iterable|is not defined|Maximum call stack|Invalid time value|Invalid array length|Tag is not closed|is not closed\.|Unexpected end of|Unexpected token|\bundefined\b|\bNaN\b|\[object Object\]/;

export type Verdict = { ok: true; rejected: boolean } | { ok: false; problem: string };

/** What an exception (or none) from a target means. */
export function classify(e: unknown): Verdict {
  if (e === undefined) return { ok: true, rejected: false };
  if (!(e instanceof TlsDoctorError)) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, problem: `untyped exception: ${msg.split('\n')[0]}` };
  }
  if (e.message.includes('\n'))
    return { ok: false, problem: `multi-line error: ${JSON.stringify(e.message.slice(0, 200))}` };
  const leak = LEAKS.exec(e.message);
  if (leak) return { ok: false, problem: `library wording "${leak[0]}" in: ${e.message.slice(0, 300)}` };
  return { ok: true, rejected: true };
}
