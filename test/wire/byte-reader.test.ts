import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteReader } from '../../src/wire/byte-reader.js';
import { ByteWriter } from '../../src/wire/byte-writer.js';
import { ParseError } from '../../src/errors.js';

test('reads integers big-endian and tracks the absolute offset', () => {
  const r = new ByteReader(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { base: 100 });
  assert.equal(r.u8(), 1);
  assert.equal(r.u16(), 0x0203);
  assert.equal(r.u24(), 0x040506);
  assert.equal(r.offset, 106);
  assert.equal(r.u32(), 0x0708090a);
  r.expectEnd();
});

test('a truncated read consumes nothing and says how many bytes are missing', () => {
  const r = new ByteReader(Buffer.from([0, 5, 1, 2]), { path: ['Record'] });
  const err = assert.throws(
    () => r.vector(2, {}, 'body'),
    (e: unknown) =>
      e instanceof ParseError && e.code === 'PARSE_TRUNCATED' && e.needed === 3 && e.path === 'Record',
  );
  void err;
  assert.equal(r.offset, 0);
  assert.equal(r.u16(), 5);
});

test('vector bounds from the spec: below min is malformed, above max is a limit', () => {
  const r = new ByteReader(Buffer.from([0, 1, 0xaa]));
  assert.throws(
    () => r.vector(2, { min: 2 }, 'cipher_suites'),
    (e: unknown) => e instanceof ParseError && e.code === 'PARSE_MALFORMED' && e.offset === 0,
  );
  assert.throws(
    () => new ByteReader(Buffer.from([0, 9, 0])).vector(2, { max: 4 }),
    (e: unknown) => e instanceof ParseError && e.code === 'PARSE_LIMIT',
  );
  assert.deepEqual([...r.vector(2, { min: 1 })], [0xaa]);
});

test('sub readers are bounded and keep absolute offsets and paths', () => {
  const r = new ByteReader(Buffer.from([9, 9, 1, 2, 3, 4]), { base: 10, path: ['A'] });
  r.skip(2);
  const s = r.sub(2, 'B');
  assert.equal(s.offset, 12);
  s.u16();
  assert.throws(
    () => s.u8(),
    (e: unknown) => e instanceof ParseError && e.offset === 14 && e.path === 'A > B',
  );
  assert.throws(
    () => new ByteReader(Buffer.from([1, 2])).expectEnd(),
    (e: unknown) => e instanceof ParseError && e.code === 'PARSE_TRAILING',
  );
  const v = new ByteReader(Buffer.from([0, 0, 2, 7, 8]), { base: 0 });
  v.skip(1);
  const child = v.subVector(2, {}, 'ext');
  assert.equal(child.offset, 3);
  assert.equal(child.u8(), 7);
});

test('writer and reader round-trip random vectors', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (parts) => {
      const w = new ByteWriter();
      for (const p of parts) w.vector(2, p);
      const r = new ByteReader(w.toBuffer());
      for (const p of parts) assert.deepEqual([...r.vector(2)], [...p]);
      r.expectEnd();
    }),
  );
});

test('writer refuses a vector outside its bounds', () => {
  assert.throws(() => new ByteWriter().vector(1, Buffer.alloc(256)), RangeError);
  assert.throws(() => new ByteWriter().vector(2, Buffer.alloc(1), { min: 2 }), RangeError);
});
