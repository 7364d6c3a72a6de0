// TCP reassembly: in order, out of order, retransmitted, overlapping, wrapping around 2^32, with
// holes that become flagged gaps, and bounded memory for held segments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HalfStream, MAX_OOO_BYTES, seqDiff } from '../../src/capture/reassembly.js';

function collector(): { s: HalfStream; out: Buffer[]; gaps: Array<[number, string]>; text(): string } {
  const out: Buffer[] = [];
  const gaps: Array<[number, string]> = [];
  const s = new HalfStream({
    data: (c) => out.push(Buffer.from(c)),
    gap: (n, _f, reason) => gaps.push([n, reason]),
  });
  return { s, out, gaps, text: () => Buffer.concat(out).toString() };
}

test('in order, out of order and retransmitted segments give the stream once, in order', () => {
  const c = collector();
  c.s.syn(999);
  c.s.segment(1000, Buffer.from('hello '), 6, 1);
  c.s.segment(1012, Buffer.from('again'), 5, 3); // ahead of a hole
  c.s.segment(1000, Buffer.from('hello '), 6, 4); // retransmission
  c.s.segment(1006, Buffer.from('world '), 6, 2); // fills the hole
  c.s.segment(1009, Buffer.from('ld again!'), 9, 5); // overlap: only "!" is new
  assert.equal(c.text(), 'hello world again!');
  assert.deepEqual(c.gaps, []);
  assert.equal(c.s.outOfOrder, 1);
  assert.ok(c.s.retransmissions >= 2);
});

test('sequence numbers wrap around 2^32', () => {
  const c = collector();
  c.s.syn(0xfffffffd);
  c.s.segment(0xfffffffe, Buffer.from('ab'), 2, 1);
  c.s.segment(0x00000000, Buffer.from('cd'), 2, 2);
  assert.equal(c.text(), 'abcd');
  assert.equal(seqDiff(0x00000002, 0xfffffffe), 4);
});

test('a hole the peer acknowledged is a gap, flagged with its size, never glued', () => {
  const c = collector();
  c.s.syn(0);
  c.s.segment(1, Buffer.from('AAAA'), 4, 1);
  c.s.segment(9, Buffer.from('CCCC'), 4, 3); // bytes 5..8 were never captured
  c.s.acked(13, 4);
  assert.deepEqual(c.gaps, [[4, 'not-captured']]);
  assert.deepEqual(c.out.map(String), ['AAAA', 'CCCC']);
  // a FIN takes a sequence number: the ACK of it is not a missing byte
  const d = collector();
  d.s.syn(0);
  d.s.segment(1, Buffer.from('xy'), 2, 1);
  d.s.fin(3);
  d.s.acked(4, 2);
  assert.deepEqual(d.gaps, []);
});

test('end of capture: held segments after a hole come out after a gap; snaplen cuts are gaps', () => {
  const c = collector();
  c.s.segment(500, Buffer.from('first'), 5, 1); // no SYN seen: the stream starts here
  c.s.segment(510, Buffer.from('later'), 5, 2);
  c.s.flush(3);
  assert.deepEqual(c.gaps, [[5, 'capture-ended']]);
  assert.equal(c.text(), 'firstlater');
  const d = collector();
  d.s.syn(0);
  d.s.segment(1, Buffer.from('abc'), 10, 1); // 7 bytes cut by the snaplen
  d.s.segment(11, Buffer.from('z'), 1, 2);
  assert.deepEqual(d.gaps, [[7, 'snaplen']]);
  assert.equal(d.text(), 'abcz');
});

test('held bytes are bounded: past the cap the hole becomes a gap', () => {
  const c = collector();
  c.s.syn(0);
  const chunk = Buffer.alloc(64 * 1024, 1);
  const n = Math.ceil(MAX_OOO_BYTES / chunk.length) + 2;
  for (let i = 0; i < n; i++) c.s.segment(1 + 100 + i * chunk.length, chunk, chunk.length, i + 1);
  assert.ok(c.gaps.some(([bytes, reason]) => bytes === 100 && reason === 'buffer-limit'));
  assert.equal(Buffer.concat(c.out).length, n * chunk.length);
});

test('property: any order and duplication of segments gives the original stream', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 400 }),
      fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.array(fc.nat(), { maxLength: 60 }),
      (bytes, sizes, isn, shuffle) => {
        const data = Buffer.from(bytes);
        const segs: Array<[number, Buffer]> = [];
        let off = 0;
        let i = 0;
        while (off < data.length) {
          const n = sizes[i++ % sizes.length]!;
          segs.push([off, data.subarray(off, off + n)]);
          off += n;
        }
        // shuffle and duplicate some segments
        for (let k = 0; k < shuffle.length && segs.length > 1; k++) {
          const a = shuffle[k]! % segs.length;
          const b = (shuffle[k]! >> 3) % segs.length;
          [segs[a], segs[b]] = [segs[b]!, segs[a]!];
          if (shuffle[k]! % 5 === 0) segs.push(segs[a]!);
        }
        const c = collector();
        c.s.syn(isn);
        segs.forEach(([o, d], f) => c.s.segment((isn + 1 + o) >>> 0, d, d.length, f + 1));
        c.s.flush(segs.length + 1);
        return c.gaps.length === 0 && Buffer.concat(c.out).equals(data);
      },
    ),
    { numRuns: 500 },
  );
});
