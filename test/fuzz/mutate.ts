// A deterministic mutator: a seeded PRNG and byte-level operations that keep most of a real input
// intact (so the input still reaches deep code) while breaking lengths, counts and structure.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** xorshift32 */
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

const INTERESTING_8 = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x20, 0x0a, 0x3c, 0x5c];
const INTERESTING_16 = [0x0000, 0x0001, 0x00ff, 0x0100, 0x3fff, 0x4000, 0x7fff, 0x8000, 0xfffe, 0xffff];
const INTERESTING_32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x00010000];

export function mutate(seed: Buffer, others: readonly Buffer[], rng: Rng, maxBytes: number): Buffer {
  let b = Buffer.from(seed);
  const ops = 1 + rng.int(4);
  for (let i = 0; i < ops; i++) {
    const len = b.length;
    const at = rng.int(len + 1);
    switch (rng.int(10)) {
      case 0: {
        if (len === 0) break;
        const p = rng.int(len);
        b[p] = b[p]! ^ (1 << rng.int(8));
        break;
      }
      case 1:
        if (len > 0) b[rng.int(len)] = rng.pick(INTERESTING_8);
        break;
      case 2:
        if (len >= 2) b.writeUInt16BE(rng.pick(INTERESTING_16), rng.int(len - 1));
        break;
      case 3:
        if (len >= 4) b.writeUInt32BE(rng.pick(INTERESTING_32) >>> 0, rng.int(len - 3));
        break;
      case 4: {
        // delete a range
        const n = 1 + rng.int(Math.min(64, Math.max(1, len - at)));
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(len, at + n))]);
        break;
      }
      case 5: {
        // duplicate a range somewhere
        if (len === 0) break;
        const from = rng.int(len);
        const n = 1 + rng.int(Math.min(256, len - from));
        b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + n), b.subarray(at)]);
        break;
      }
      case 6: {
        // repeat a range many times (long runs: whitespace, records, entries)
        if (len === 0) break;
        const from = rng.int(len);
        const n = 1 + rng.int(Math.min(16, len - from));
        const times = 1 + rng.int(2000);
        const chunk = b.subarray(from, from + n);
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.alloc(Math.min(maxBytes, n * times)).fill(chunk),
          b.subarray(at),
        ]);
        break;
      }
      case 7:
        b = b.subarray(0, rng.int(len + 1));
        break;
      case 8: {
        // splice in part of another seed
        if (others.length === 0) break;
        const o = rng.pick(others);
        const from = rng.int(o.length);
        const n = rng.int(Math.min(4096, o.length - from) + 1);
        b = Buffer.concat([b.subarray(0, at), o.subarray(from, from + n), b.subarray(at)]);
        break;
      }
      default: {
        const n = 1 + rng.int(32);
        const r = Buffer.alloc(n);
        for (let k = 0; k < n; k++) r[k] = rng.int(256);
        b = Buffer.concat([b.subarray(0, at), r, b.subarray(at)]);
      }
    }
    if (b.length > maxBytes) b = b.subarray(0, maxBytes);
  }
  return b;
}

/** `seed` with the bytes at [from, from+n) repeated to about `size` bytes in place: for the linear-time check. */
export function grow(seed: Buffer, from: number, n: number, size: number): Buffer {
  const chunk = seed.subarray(from, from + n);
  const times = Math.max(1, Math.floor((size - seed.length) / Math.max(1, chunk.length)));
  return Buffer.concat([
    seed.subarray(0, from),
    Buffer.alloc(chunk.length * times).fill(chunk),
    seed.subarray(from + n),
  ]);
}
