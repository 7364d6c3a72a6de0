// pcapng timestamps (a 64-bit count of if_tsresol units, split in two 32-bit words) turned into
// seconds and nanoseconds without BigInt, checked against BigInt arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toTime } from '../../src/capture/formats/pcapng.js';

function oracle(hi: number, lo: number, units: number): { tsSec: number; tsNs: number } {
  const t = (BigInt(hi) << 32n) | BigInt(lo);
  const u = BigInt(units);
  const sec = t / u;
  return { tsSec: Number(sec), tsNs: Number(((t - sec * u) * 1_000_000_000n) / u) };
}

test('toTime agrees with BigInt arithmetic for every decimal and binary resolution (property)', () => {
  const units = fc.oneof(
    fc.integer({ min: 0, max: 9 }).map((e) => 10 ** e),
    fc.integer({ min: 0, max: 30 }).map((e) => 2 ** e),
  );
  fc.assert(
    fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), units, (hi, lo, u) => {
      const out = { tsSec: 0, tsNs: 0 };
      toTime(hi, lo, u, out);
      const want = oracle(hi, lo, u);
      // past 2^53 seconds a double cannot hold the count exactly: only what it can hold is compared
      if (want.tsSec > Number.MAX_SAFE_INTEGER) return;
      assert.deepEqual(out, want, `hi ${hi}, lo ${lo}, units ${u}`);
    }),
    { numRuns: 20000 },
  );
  // today's nanosecond timestamps (past 2^53 ns) take the exact long division
  const out = { tsSec: 0, tsNs: 0 };
  const ns = 1_764_820_800_123_456_789n;
  toTime(Number(ns >> 32n), Number(ns & 0xffffffffn), 1e9, out);
  assert.deepEqual(out, { tsSec: 1_764_820_800, tsNs: 123_456_789 });
});
