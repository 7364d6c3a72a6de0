// The fuzzing worker: makes inputs from the seeds, runs them through one target, reports defects.
// Before each input it copies the bytes into shared memory and stamps the start time, so the main
// thread can keep an input that hangs (it cannot be interrupted from inside) and end the worker.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { TARGETS, classify, type TargetName } from './targets.js';
import { Rng, grow, mutate } from './mutate.js';

export interface WorkerInput {
  target: TargetName;
  seed: number;
  /** first input index (a restarted worker goes on after the input that hung) */
  start: number;
  /** seconds to fuzz, counted once the worker is ready (loading the modules is not fuzzing) */
  seconds: number;
  maxInputs: number;
  linear: boolean;
  /** [0]: input index, [1]: input length; Float64 [0]: start time (ms) */
  control: SharedArrayBuffer;
  clock: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'problem'; index: number; input: Uint8Array; problem: string }
  | { type: 'progress'; done: number; rejected: number; maxMs: number; maxMsBytes: number }
  | { type: 'linear'; worst: number; detail: string }
  | { type: 'end' };

// stack traces are never shown (defects are reported by their first line): do not pay for them
Error.stackTraceLimit = 0;
const w = workerData as WorkerInput;
const target = TARGETS[w.target];
const control = new Int32Array(w.control);
const clock = new Float64Array(w.clock);
const shared = new Uint8Array(w.bytes);
// scratch files on tmpfs when there is one: truncating a file on a disk costs milliseconds per input
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), `tlsdoctor-fuzz-${w.target}-`));
const scratch = join(dir, 'input');

async function runOne(
  index: number,
  input: Buffer,
): Promise<{ ms: number; rejected: boolean; problem?: string }> {
  const n = Math.min(input.length, shared.length);
  shared.set(input.subarray(0, n));
  Atomics.store(control, 1, n);
  Atomics.store(control, 0, index);
  clock[0] = performance.now() + performance.timeOrigin;
  const t0 = performance.now();
  let err: unknown;
  try {
    await target.run(input, scratch);
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  clock[0] = 0;
  const v = classify(err);
  return v.ok ? { ms, rejected: v.rejected } : { ms, rejected: false, problem: v.problem };
}

async function main(): Promise<void> {
  const seeds = target.seeds();
  if (seeds.length === 0) throw new Error(`no seeds for ${w.target}`);
  const rng = new Rng(w.seed * 7919 + w.start);
  const deadline = Date.now() + w.seconds * 1000;
  let done = 0;
  let rejected = 0;
  let maxMs = 0;
  let maxMsBytes = 0;
  let lastReport = Date.now();
  // the seeds themselves first: they must pass
  for (let i = w.start; Date.now() < deadline && i < w.maxInputs; i++) {
    const input = i < seeds.length ? seeds[i]! : mutate(rng.pick(seeds), seeds, rng, target.maxBytes);
    const r = await runOne(i, input);
    done++;
    if (r.rejected) rejected++;
    if (r.ms > maxMs) {
      maxMs = r.ms;
      maxMsBytes = input.length;
    }
    if (r.problem)
      parentPort!.postMessage({
        type: 'problem',
        index: i,
        input,
        problem: r.problem,
      } satisfies WorkerMessage);
    if (Date.now() - lastReport > 500) {
      parentPort!.postMessage({
        type: 'progress',
        done,
        rejected,
        maxMs,
        maxMsBytes,
      } satisfies WorkerMessage);
      done = 0;
      rejected = 0;
      lastReport = Date.now();
    }
  }
  parentPort!.postMessage({ type: 'progress', done, rejected, maxMs, maxMsBytes } satisfies WorkerMessage);
  if (w.linear) await linear(seeds);
  parentPort!.postMessage({ type: 'end' } satisfies WorkerMessage);
}

/**
 * Time per byte must not grow with size: for each seed and each repeated pattern (a chunk of the
 * seed, or one byte from a list of classic troublemakers), time the input grown to ~24 KiB and to
 * 8× that; the per-byte ratio of the two is ~1 when linear and ~8 when quadratic.
 */
async function linear(seeds: Buffer[]): Promise<void> {
  const rng = new Rng(w.seed);
  let worst = 0;
  let detail = '';
  const base = 24 * 1024;
  const bytesOf = [0x20, 0x0a, 0x5c, 0x3c, 0x00, 0x2c, 0x16];
  for (const seed of seeds.slice(0, 6)) {
    const patterns: Array<{ from: number; n: number; insert?: number; what: string }> = [];
    for (let k = 0; k < 3 && seed.length > 0; k++) {
      const from = rng.int(seed.length);
      const n = 1 + rng.int(Math.min(48, seed.length - from));
      patterns.push({ from, n, what: `bytes ${from}..${from + n} of a ${seed.length}-byte seed` });
    }
    for (const b of bytesOf)
      patterns.push({ from: rng.int(seed.length + 1), n: 0, insert: b, what: `byte 0x${b.toString(16)}` });
    for (const p of patterns) {
      const make = (size: number): Buffer => {
        if (p.insert === undefined) return grow(seed, p.from, p.n, size);
        const run = Buffer.alloc(Math.max(1, size - seed.length), p.insert);
        return Buffer.concat([seed.subarray(0, p.from), run, seed.subarray(p.from)]);
      };
      const small = make(base);
      const big = make(base * 8);
      if (big.length > target.maxBytes * 4) continue;
      const time = async (input: Buffer): Promise<number> => {
        let best = Infinity;
        for (let r = 0; r < 3; r++) best = Math.min(best, (await runOne(-1, input)).ms);
        return best;
      };
      const ts = await time(small);
      const tb = await time(big);
      // below ~2 ms timer and GC noise dominate: no conclusion
      if (tb < 2) continue;
      const ratio = tb / big.length / (Math.max(ts, 0.05) / small.length);
      if (ratio > worst) {
        worst = ratio;
        detail = `${p.what}: ${small.length} B in ${ts.toFixed(2)} ms, ${big.length} B in ${tb.toFixed(2)} ms`;
      }
    }
  }
  parentPort!.postMessage({ type: 'linear', worst, detail } satisfies WorkerMessage);
}

main()
  .catch((e) => {
    parentPort!.postMessage({
      type: 'problem',
      index: -1,
      input: new Uint8Array(),
      problem: `harness: ${e instanceof Error ? e.message : String(e)}`,
    } satisfies WorkerMessage);
    parentPort!.postMessage({ type: 'end' } satisfies WorkerMessage);
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
