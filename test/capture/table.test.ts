// The connection table keys a 4-tuple by a 30-bit number mixed from addresses and ports: both directions
// give one key, and connections whose keys collide are told apart by their endpoints. Colliding
// 4-tuples are searched for here, not assumed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSegment, type TcpSegment } from '../../src/capture/decode.js';
import { ConnectionTable, keyOf, type Tracked } from '../../src/capture/table.js';

function v4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

function seg(src: number, srcPort: number, dst: number, dstPort: number, flags = 0x10): TcpSegment {
  const s = newSegment();
  s.src = v4(src);
  s.srcKey = src;
  s.dst = v4(dst);
  s.dstKey = dst;
  s.srcPort = srcPort;
  s.dstPort = dstPort;
  s.flags = flags;
  return s;
}

function conn(s: TcpSegment): Tracked & { name: string } {
  return {
    name: `${s.src}:${s.srcPort}`,
    lastSec: 0,
    a: { ip: s.src, port: s.srcPort },
    b: { ip: s.dst, port: s.dstPort },
  };
}

/** two clients 10.<base>.x.y:40000 → 10.1.0.1:443 whose keys collide (a birthday search, ~2^15 tries) */
function collidingPair(base: number): [TcpSegment, TcpSegment] {
  const byKey = new Map<number, TcpSegment>();
  for (let i = 1; i < 1 << 22; i++) {
    const s = seg(((10 << 24) | (base << 16)) + i, 40000, 0x0a010001, 443);
    const k = keyOf(s);
    const other = byKey.get(k);
    if (other) return [other, s];
    byKey.set(k, s);
  }
  throw new Error('no colliding keys found');
}

test('both directions of a connection have one key; another port or address another key', () => {
  const out = seg(0x7f000001, 50000, 0x7f000002, 443);
  const back = seg(0x7f000002, 443, 0x7f000001, 50000);
  assert.equal(keyOf(out), keyOf(back));
  assert.notEqual(keyOf(out), keyOf(seg(0x7f000001, 50001, 0x7f000002, 443)));
  // same address both ways (loopback to itself): the ports order the pair
  assert.equal(keyOf(seg(0x7f000001, 1024, 0x7f000001, 443)), keyOf(seg(0x7f000001, 443, 0x7f000001, 1024)));
  const k = keyOf(seg(0xffffffff, 65535, 0xfffffffe, 65535));
  assert.ok(Number.isInteger(k) && k >= 0 && k < 2 ** 30);
});

test('connections whose keys collide are kept apart by their endpoints', () => {
  const [x, y] = collidingPair(0);
  const [z, w] = collidingPair(2);
  assert.equal(keyOf(x), keyOf(y));
  assert.equal(keyOf(z), keyOf(w));
  assert.notEqual(x.src, y.src);
  const t = new ConnectionTable<ReturnType<typeof conn>>();
  const cx = conn(x);
  const cy = conn(y);
  t.set(x, cx);
  t.set(y, cy);
  const row = t.syns.add(7, z, { frame: 3, tsSec: 1, tsNs: 2 }, 1);
  t.set(z, row);
  const cw = conn(w);
  t.set(w, cw);
  assert.equal(t.size, 4);
  const reply = (s: TcpSegment): TcpSegment => seg(s.dstKey, s.dstPort, s.srcKey, s.srcPort);
  assert.equal(t.get(reply(x)), cx);
  assert.equal(t.get(y), cy);
  assert.equal(t.get(reply(z)), row);
  assert.equal(t.get(reply(w)), cw);
  assert.equal(t.syns.segment(row).seg.src, z.src);
  assert.equal(t.get(seg(0x0a0000ff, 40001, 0x0a010001, 443)), undefined);
  // replacing one entry keeps the others; dropping during a walk removes only that one
  t.set(reply(y), { closed: true, lastSec: 5, aIp: y.src, aPort: 40000, bIp: y.dst, bPort: 443 });
  assert.equal(t.size, 4);
  t.forEach((e, drop) => {
    if (typeof e === 'number') drop();
  });
  assert.equal(t.size, 3);
  assert.equal(t.get(z), undefined);
  assert.equal(t.get(w), cw);
  assert.equal(t.get(x), cx);
  assert.deepEqual(t.get(y), { closed: true, lastSec: 5, aIp: y.src, aPort: 40000, bIp: y.dst, bPort: 443 });
  // a walk stopped early leaves the rest
  let seen = 0;
  t.forEach(() => {
    seen++;
    return true;
  });
  assert.equal(seen, 1);
  assert.equal(t.size, 3);
});

test('SYN rows are reused once released, and the table grows past its first size', () => {
  const t = new ConnectionTable<ReturnType<typeof conn>>();
  const rows: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const s = seg(0x7f000001, 1024 + i, 0x7f000001, 443, 0x02);
    s.seq = i * 7;
    const r = t.syns.add(i + 1, s, { frame: i + 1, tsSec: 100, tsNs: i }, 100);
    t.set(s, r);
    rows.push(r);
  }
  assert.equal(t.size, 3000);
  assert.equal(new Set(rows).size, 3000);
  const s5 = seg(0x7f000001, 443, 0x7f000001, 1029);
  const r5 = t.get(s5);
  assert.equal(typeof r5, 'number');
  assert.equal(t.syns.seq[r5 as number], 35);
  assert.equal(t.syns.segment(r5 as number).pt.frame, 6);
  t.syns.release(r5 as number);
  const again = t.syns.add(9999, seg(0x7f000002, 1, 0x7f000003, 2), { frame: 1, tsSec: 1, tsNs: 1 }, 1);
  assert.equal(again, r5);
});

test('many 4-tuples on one key (a capture crafted to collide) are all found, whichever bucket holds them', () => {
  const t = new ConnectionTable<ReturnType<typeof conn>>();
  const KEY = 42;
  const segs = Array.from({ length: 20 }, (_, i) => seg(0x0a000001 + i, 40000 + i, 0x0a010001, 443));
  const conns = segs.map(conn);
  segs.forEach((s, i) => t.set(s, conns[i]!, KEY));
  assert.equal(t.size, 20);
  segs.forEach((s, i) => assert.equal(t.get(seg(s.dstKey, s.dstPort, s.srcKey, s.srcPort), KEY), conns[i]));
  // replacing an entry, wherever it sits, keeps the count
  const replaced = conn(segs[15]!);
  t.set(segs[15]!, replaced, KEY);
  assert.equal(t.size, 20);
  assert.equal(t.get(segs[15]!, KEY), replaced);
  // dropping the first ten during a walk leaves the others reachable
  let n = 0;
  t.forEach((_e, drop) => {
    if (n++ < 10) drop();
  });
  assert.equal(t.size, 10);
  for (let i = 0; i < 10; i++) assert.equal(t.get(segs[i]!, KEY), undefined);
  for (let i = 10; i < 20; i++) assert.ok(t.get(segs[i]!, KEY) !== undefined, `connection ${i}`);
  // a new connection on that key is added once, and found
  const late = seg(0x0a0000ff, 50000, 0x0a010001, 443);
  t.set(late, conn(late), KEY);
  t.set(late, conn(late), KEY);
  assert.equal(t.size, 11);
  assert.equal((t.get(late, KEY) as { name: string }).name, '10.0.0.255:50000');
});
