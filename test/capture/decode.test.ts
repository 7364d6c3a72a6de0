// Link, IP and TCP decoding: every supported link type, VLAN tags, IPv4 options and fragments,
// IPv6 extension headers, and malformed headers that must give a status, never an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeFrame, decodeFrameAt, newSegment, v6, LINKTYPE } from '../../src/capture/decode.js';
import { ethernet, ipv4Tcp } from './helpers.js';

const payload = Buffer.from('hello');
const tcp4 = ipv4Tcp({
  src: '127.0.0.9',
  dst: '127.0.0.1',
  sport: 40000,
  dport: 443,
  seq: 7,
  ack: 9,
  flags: 0x18,
  payload,
  ttl: 57,
  id: 4242,
});

function ipv6Tcp(ext: Buffer[] = [], firstNext = 6): Buffer {
  const tcp = tcp4.subarray(20);
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000, 0);
  const rest = Buffer.concat([...ext, tcp]);
  h.writeUInt16BE(rest.length, 4);
  h.writeUInt8(firstNext, 6);
  h.writeUInt8(63, 7);
  h[8] = 0xfe; // source fe80::5
  h[9] = 0x80;
  h[23] = 5;
  h[39] = 1; // destination ::1
  return Buffer.concat([h, rest]);
}

test('Ethernet with 802.1Q and QinQ tags, PPPoE, SLL, SLL2, BSD/OpenBSD loopback, raw IP', () => {
  const seg = newSegment();
  const sll = Buffer.alloc(16);
  sll.writeUInt16BE(0x0800, 14);
  const sll2 = Buffer.alloc(20);
  sll2.writeUInt16BE(0x0800, 0);
  const nullLe = Buffer.from([2, 0, 0, 0]);
  const nullBe = Buffer.from([0, 0, 0, 2]);
  const loop = Buffer.from([0, 0, 0, 2]);
  const pppoe = Buffer.from([0x11, 0, 0, 1, 0, 0, 0x00, 0x21]);
  const cases: Array<[string, number, Buffer, number[]]> = [
    ['ethernet', LINKTYPE.ETHERNET, ethernet(tcp4), []],
    ['802.1Q', LINKTYPE.ETHERNET, ethernet(tcp4, 0x0800, [100]), [100]],
    ['QinQ', LINKTYPE.ETHERNET, ethernet(tcp4, 0x0800, [10, 20]), [10, 20]],
    ['PPPoE', LINKTYPE.ETHERNET, ethernet(Buffer.concat([pppoe, tcp4]), 0x8864), []],
    ['SLL', LINKTYPE.LINUX_SLL, Buffer.concat([sll, tcp4]), []],
    ['SLL2', LINKTYPE.LINUX_SLL2, Buffer.concat([sll2, tcp4]), []],
    ['NULL LE', LINKTYPE.NULL, Buffer.concat([nullLe, tcp4]), []],
    ['NULL BE', LINKTYPE.NULL, Buffer.concat([nullBe, tcp4]), []],
    ['LOOP', LINKTYPE.LOOP, Buffer.concat([loop, tcp4]), []],
    ['RAW', LINKTYPE.RAW, tcp4, []],
    ['IPV4', LINKTYPE.IPV4, tcp4, []],
  ];
  for (const [name, lt, frame, vlans] of cases) {
    const r = decodeFrame(lt, frame, seg);
    assert.equal(r.status, 'tcp', name);
    assert.equal(seg.src, '127.0.0.9', name);
    assert.equal(seg.dst, '127.0.0.1', name);
    assert.equal(seg.srcPort, 40000);
    assert.equal(seg.dstPort, 443);
    assert.equal(seg.seq, 7);
    assert.equal(seg.ack, 9);
    assert.equal(seg.ttl, 57);
    assert.equal(seg.ipId, 4242);
    assert.equal(seg.payload.toString(), 'hello', name);
    assert.deepEqual(seg.vlans, vlans, name);
  }
});

test('IPv6 with hop-by-hop, routing and destination options; fragments and non-TCP are flagged', () => {
  const seg = newSegment();
  const hbh = Buffer.alloc(8);
  hbh[0] = 43; // next: routing
  const rt = Buffer.alloc(16);
  rt[0] = 60; // next: destination options
  rt[1] = 1; // (1+1)*8 = 16 bytes
  const dst = Buffer.alloc(8);
  dst[0] = 6;
  const r = decodeFrame(LINKTYPE.IPV6, ipv6Tcp([hbh, rt, dst], 0), seg);
  assert.equal(r.status, 'tcp');
  assert.equal(seg.ipVersion, 6);
  assert.equal(seg.src, 'fe80::5');
  assert.equal(seg.dst, '::1');
  assert.equal(seg.ttl, 63);
  assert.equal(seg.payload.toString(), 'hello');
  const frag = Buffer.alloc(8);
  frag[0] = 6;
  frag.writeUInt16BE(0x0001, 2); // M flag
  assert.equal(decodeFrame(LINKTYPE.IPV6, ipv6Tcp([frag], 44), seg).status, 'fragment');
  assert.equal(decodeFrame(LINKTYPE.IPV6, ipv6Tcp([], 17), seg).status, 'not-tcp');
  const f4 = Buffer.from(tcp4);
  f4.writeUInt16BE(0x2000, 6); // MF
  assert.equal(decodeFrame(LINKTYPE.RAW, f4, seg).status, 'fragment');
  const udp = Buffer.from(tcp4);
  udp[9] = 17;
  assert.equal(decodeFrame(LINKTYPE.RAW, udp, seg).status, 'not-tcp');
  assert.equal(decodeFrame(LINKTYPE.ETHERNET, ethernet(tcp4, 0x0806), seg).status, 'not-ip');
  assert.equal(decodeFrame(147, tcp4, seg).status, 'unsupported-link');
  assert.equal(v6(Buffer.from('20010db8000000000000000000000001', 'hex')), '2001:db8::1');
  assert.equal(v6(Buffer.from('20010db8000100000001000000000001', 'hex')), '2001:db8:1:0:1::1');
});

test('IPv4 options are skipped; a total length of 0 (TSO) takes what was captured', () => {
  const seg = newSegment();
  const opt = Buffer.concat([
    Buffer.from(tcp4.subarray(0, 20)),
    Buffer.from([1, 1, 1, 1]),
    tcp4.subarray(20),
  ]);
  opt[0] = 0x46;
  opt.writeUInt16BE(tcp4.length + 4, 2);
  assert.equal(decodeFrame(LINKTYPE.RAW, opt, seg).status, 'tcp');
  assert.equal(seg.payload.toString(), 'hello');
  const tso = Buffer.from(tcp4);
  tso.writeUInt16BE(0, 2);
  assert.equal(decodeFrame(LINKTYPE.RAW, tso, seg).status, 'tcp');
  assert.equal(seg.payloadLength, 5);
});

test('cut and malformed headers give truncated/malformed, never an exception (property)', () => {
  const seg = newSegment();
  const whole = ethernet(tcp4);
  for (let n = 0; n < 14 + tcp4.length - payload.length; n++) {
    // a frame cut by the snaplen: its original length is the whole frame's
    const r = decodeFrame(LINKTYPE.ETHERNET, whole.subarray(0, n), seg, whole.length);
    assert.ok(r.status === 'truncated' || r.status === 'not-ip', `cut at ${n}: ${r.status}`);
  }
  const badIhl = Buffer.from(tcp4);
  badIhl[0] = 0x42;
  assert.equal(decodeFrame(LINKTYPE.RAW, badIhl, seg).status, 'malformed');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.uint8Array({ maxLength: 200 }), (lt, bytes) => {
      const r = decodeFrame(lt, Buffer.from(bytes), seg);
      return typeof r.status === 'string';
    }),
    { numRuns: 3000 },
  );
});

test('an IP length beyond what the frame had on the wire is malformed, not a snaplen cut', () => {
  const seg = newSegment();
  const long = Buffer.from(tcp4);
  long.writeUInt16BE(tcp4.length + 1000, 2); // IPv4 total length
  const r = decodeFrame(LINKTYPE.RAW, long, seg, long.length);
  assert.equal(r.status, 'malformed');
  assert.match(r.detail!, /total length 1045 beyond the 45 bytes the frame had on the wire/);
  // the same header in a frame the snaplen cut (original length larger): a cut, read as far as it goes
  assert.equal(decodeFrame(LINKTYPE.RAW, long, seg, long.length + 1000).status, 'tcp');
  assert.equal(seg.payloadLength, 1005);
  const v6long = Buffer.from(ipv6Tcp());
  v6long.writeUInt16BE(5000, 4);
  assert.equal(decodeFrame(LINKTYPE.IPV6, v6long, seg, v6long.length).status, 'malformed');
});

test('the fixed-position path for common frames agrees with the checked path on mutated IPv4/TCP headers (property)', () => {
  // Ethernet frames take the fixed-position path; the same IP packet behind a BSD loopback header
  // takes the bounds-checked reader: status and every field must be the same
  const packet = Buffer.from(tcp4);
  const bsd = (ip: Buffer): Buffer => Buffer.concat([Buffer.from([2, 0, 0, 0]), ip]);
  const a = newSegment();
  const b = newSegment();
  const c = newSegment();
  const fields = (s: typeof a): unknown[] => [
    s.ipVersion,
    s.src,
    s.dst,
    s.srcKey,
    s.dstKey,
    s.ttl,
    s.ipId,
    s.srcPort,
    s.dstPort,
    s.seq,
    s.ack,
    s.flags,
    s.window,
    s.payloadLength,
    s.payload.toString('hex'),
    s.vlans.join(','),
    s.tunnel,
  ];
  let agreedTcp = 0;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(39), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      fc.integer({ min: 20, max: packet.length }),
      fc.integer({ min: 0, max: 64 }),
      fc.integer({ min: 0, max: 40 }),
      (muts, cut, extraOnWire, lead) => {
        const ip = Buffer.from(packet.subarray(0, cut));
        for (const [i, v] of muts) if (i < ip.length) ip[i] = v;
        const ra = decodeFrame(LINKTYPE.ETHERNET, ethernet(ip), a, 14 + ip.length + extraOnWire);
        const rb = decodeFrame(LINKTYPE.NULL, bsd(ip), b, 4 + ip.length + extraOnWire);
        assert.equal(ra.status, rb.status, `mutations ${JSON.stringify(muts)}, cut ${cut}`);
        // the same frame read in place from the middle of a larger buffer (as the capture readers hand it over)
        const frame = ethernet(ip);
        const inside = Buffer.concat([Buffer.alloc(lead, 0xee), frame, Buffer.alloc(7, 0xee)]);
        const rc = decodeFrameAt(
          LINKTYPE.ETHERNET,
          inside,
          lead,
          lead + frame.length,
          c,
          14 + ip.length + extraOnWire,
        );
        assert.equal(rc.status, ra.status);
        if (ra.status === 'tcp') {
          agreedTcp++;
          assert.deepEqual(fields(a), fields(b));
          assert.deepEqual(fields(c), fields(a));
        }
      },
    ),
    { numRuns: 3000 },
  );
  // the property compared decoded segments, not only failures
  assert.ok(agreedTcp > 100, `${agreedTcp} frames decoded as TCP`);
});
