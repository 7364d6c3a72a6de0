// Runs one fuzzing target in a worker thread with a hang watchdog. A defect (crash, untyped or
// library-worded error, hang) is kept as a file under test/fuzz/found/<target>/ for triage; fixed
// ones move to test/fuzz/regressions/<target>/, which the test suite replays.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TargetName } from './targets.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

export interface FuzzOptions {
  target: TargetName;
  seconds: number;
  seed?: number;
  /** stop after this many inputs (whichever comes first) */
  maxInputs?: number;
  /** also run the linear-time check */
  linear?: boolean;
  /** an input running longer than this is a hang (ms) */
  hangMs?: number;
  /** where to keep defect inputs; undefined: do not write them */
  foundDir?: string;
}

export interface FuzzProblem {
  index: number;
  kind: 'crash' | 'hang';
  problem: string;
  input: Buffer;
  file?: string;
}

export interface FuzzSummary {
  target: TargetName;
  inputs: number;
  /** inputs refused with our own one-line error (expected for damaged input) */
  rejected: number;
  problems: FuzzProblem[];
  /** slowest input (ms) and its size */
  maxMs: number;
  maxMsBytes: number;
  seconds: number;
  /** per-byte time at 8× the size over per-byte time at 1× (≈1 linear, ≈8 quadratic) */
  linear?: { worst: number; detail: string };
}

const WORKER = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
export const FOUND_DIR = fileURLToPath(new URL('./found/', import.meta.url));

export async function fuzz(o: FuzzOptions): Promise<FuzzSummary> {
  const t0 = Date.now();
  const hangMs = o.hangMs ?? 10_000;
  const summary: FuzzSummary = {
    target: o.target,
    inputs: 0,
    rejected: 0,
    problems: [],
    maxMs: 0,
    maxMsBytes: 0,
    seconds: 0,
  };
  const keep = (p: FuzzProblem): void => {
    if (o.foundDir) {
      const dir = join(o.foundDir, o.target);
      mkdirSync(dir, { recursive: true });
      const name = `${p.kind}-${createHash('sha1').update(p.input).digest('hex').slice(0, 16)}.bin`;
      p.file = join(dir, name);
      writeFileSync(p.file, p.input);
      writeFileSync(`${p.file}.txt`, `${p.problem}\n`);
    }
    summary.problems.push(p);
  };
  let start = 0;
  /** seconds fuzzed by earlier workers (a hang ends one; the next goes on) */
  let spent = 0;
  for (;;) {
    const control = new SharedArrayBuffer(8);
    const clock = new SharedArrayBuffer(8);
    const bytes = new SharedArrayBuffer(1024 * 1024);
    const data: WorkerInput = {
      target: o.target,
      seed: o.seed ?? 1,
      start,
      seconds: Math.max(0.5, o.seconds - spent),
      maxInputs: o.maxInputs ?? Number.MAX_SAFE_INTEGER,
      linear: o.linear === true,
      control,
      clock,
      bytes,
    };
    const worker = new Worker(WORKER, { workerData: data, execArgv: process.execArgv });
    const ctl = new Int32Array(control);
    const clk = new Float64Array(clock);
    const began = Date.now();
    const hung = await new Promise<number | undefined>((resolve, reject) => {
      const watch = setInterval(() => {
        const since = clk[0]!;
        if (since > 0 && performance.now() + performance.timeOrigin - since > hangMs) {
          clearInterval(watch);
          const index = Atomics.load(ctl, 0);
          const n = Atomics.load(ctl, 1);
          keep({
            index,
            kind: 'hang',
            problem: `no result after ${hangMs} ms`,
            input: Buffer.from(new Uint8Array(bytes, 0, n)),
          });
          void worker.terminate().then(() => resolve(index));
        }
      }, 100);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          summary.inputs += m.done;
          summary.rejected += m.rejected;
          if (m.maxMs > summary.maxMs) {
            summary.maxMs = m.maxMs;
            summary.maxMsBytes = m.maxMsBytes;
          }
        } else if (m.type === 'problem') {
          keep({ index: m.index, kind: 'crash', problem: m.problem, input: Buffer.from(m.input) });
        } else if (m.type === 'linear') {
          summary.linear = { worst: m.worst, detail: m.detail };
        } else if (m.type === 'end') {
          clearInterval(watch);
          void worker.terminate().then(() => resolve(undefined));
        }
      });
      worker.on('error', (e) => {
        clearInterval(watch);
        reject(e);
      });
    });
    spent += (Date.now() - began) / 1000;
    if (hung === undefined || spent >= o.seconds || hung < 0) break;
    start = hung + 1; // go on after the input that hung
  }
  summary.seconds = (Date.now() - t0) / 1000;
  return summary;
}
