// Capture file formats, hand-built from their specs: pcap (µs/ns, both byte orders), pcapng (several
// interfaces and link types, unknown/simple/obsolete blocks), Network Monitor 2.x, and the malformed
// files that must give a clear error with the offset or a partial result — never a crash or a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/capture/analyze.js';
import { readCaptureFile } from '../../src/capture/formats/index.js';
import { at32 } from '../../src/capture/formats/types.js';
import { ParseError, TlsDoctorError } from '../../src/errors.js';
import {
  buildClientHello,
  buildSSLv2ClientHello,
  encodeAlertRecord,
  encodeHandshake,
  encodeRecord,
  encodeServerHello,
} from '../../src/wire/index.js';
import { ethernet, Flow, pcapFile, pcapngFile, tempDir, writeFile } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('tlsdoctor-formats-');
});
after(() => tmp.cleanup());

const hello = buildClientHello({
  legacyVersion: 0x0303,
  cipherSuites: [0xc02f, 0x1301],
  serverName: 'shop.test',
  supportedVersions: [0x0304, 0x0303],
  groups: [29],
  keyShareGroups: [29],
  signatureAlgorithms: [0x0804],
});

/** SYN … ClientHello in two segments … handshake_failure from the server … FIN/FIN */
function conversation(
  client = { ip: '127.0.0.1', port: 50000 },
  server = { ip: '127.0.0.2', port: 8443 },
): Flow {
  const f = new Flow(client, server);
  f.handshake();
  f.data('c', hello.record, 100);
  f.ack('s');
  f.data('s', encodeAlertRecord(40));
  f.fin('s');
  f.fin('c');
  f.ack('s');
  return f;
}

function recordsOf(
  packets: Buffer[],
  t0 = 1700000000,
): Array<{ tsSec: number; tsFrac: number; data: Buffer }> {
  return packets.map((p, i) => ({ tsSec: t0, tsFrac: i * 1000, data: ethernet(p) }));
}

function file(name: string, data: Buffer): string {
  return writeFile(join(tmp.dir, name), data);
}

test('pcap: microseconds and nanoseconds, little- and big-endian give the same handshake', async () => {
  const recs = recordsOf(conversation().packets);
  const variants = [
    { name: 'le.pcap', buf: pcapFile(1, recs), format: 'pcap', order: 'little' },
    { name: 'be.pcap', buf: pcapFile(1, recs, { bigEndian: true }), format: 'pcap', order: 'big' },
    {
      name: 'ns.pcap',
      buf: pcapFile(
        1,
        recs.map((r) => ({ ...r, tsFrac: r.tsFrac * 1000 + 7 })),
        { nano: true },
      ),
      format: 'pcap-ns',
      order: 'little',
    },
  ];
  for (const v of variants) {
    const a = await analyzeCapture(file(v.name, v.buf));
    assert.equal(a.summary.format, v.format);
    assert.equal(a.summary.byteOrder, v.order);
    assert.equal(a.summary.packets, recs.length);
    assert.equal(a.connections.length, 1);
    const c = a.connections[0]!;
    assert.equal(c.clientHello?.sni, 'shop.test', `${v.name}: ClientHello across two segments`);
    assert.deepEqual(c.clientHello?.offeredVersions, [0x0304, 0x0303]);
    assert.equal(c.alerts[0]?.description, 40);
    assert.equal(c.handshakeEnd, 'alert');
    assert.equal(c.client.port, 50000);
    assert.equal(c.server.port, 8443);
  }
  // nanoseconds are kept exactly
  const stamps: number[] = [];
  await readCaptureFile(join(tmp.dir, 'ns.pcap'), (p) => stamps.push(p.tsNs));
  assert.deepEqual(stamps.slice(0, 3), [7, 1000007, 2000007]);
  const ns = await analyzeCapture(join(tmp.dir, 'ns.pcap'));
  // the ClientHello is complete with its second segment (frame 5)
  assert.equal(ns.connections[0]!.clientHello!.frame, 5);
  assert.equal(ns.connections[0]!.clientHello!.time, '2023-11-14T22:13:20.004000Z');
  assert.equal(ns.summary.interfaces[0]?.timestampResolution, 'nanoseconds');
});

test('pcapng: two interfaces with different link types and resolutions, unknown blocks skipped', async () => {
  const a = conversation({ ip: '127.0.0.1', port: 50001 }, { ip: '127.0.0.2', port: 443 }).packets;
  const b = conversation({ ip: '127.0.0.3', port: 50002 }, { ip: '127.0.0.4', port: 636 }).packets;
  const custom = Buffer.alloc(16);
  custom.writeUInt32LE(0x00000bad, 0);
  custom.writeUInt32LE(16, 4);
  custom.writeUInt32LE(16, 12);
  const packets = [
    ...a.map((d, i) => ({ iface: 0, ts: 1700000000000000n + BigInt(i), data: ethernet(d) })),
    ...b.map((d, i) => ({ iface: 1, ts: 1700000001000000000n + BigInt(i), data: d })),
  ];
  const buf = pcapngFile([{ linkType: 1 }, { linkType: 228, tsresol: 9 }], packets, [custom]);
  const r = await analyzeCapture(file('two.pcapng', buf));
  assert.deepEqual(
    r.summary.interfaces.map((i) => [i.linkTypeName, i.timestampResolution]),
    [
      ['Ethernet', 'microseconds'],
      ['raw IPv4', 'nanoseconds'],
    ],
  );
  assert.equal(r.connections.length, 2);
  assert.deepEqual(
    r.connections.map((c) => c.server.port),
    [443, 636],
  );
  assert.ok(r.connections.every((c) => c.clientHello?.sni === 'shop.test'));
  assert.equal(r.connections[1]!.start.time, '2023-11-14T22:13:21.000000Z');
  assert.ok(r.summary.warnings.some((w) => /unknown type 0xbad/.test(w)));
});

test('pcapng: simple and obsolete packet blocks, big-endian sections', async () => {
  // one SPB and one obsolete PB (type 2) around an Ethernet interface, written big-endian by hand
  const pkt = ethernet(conversation().packets[0]!);
  const be = (type: number, body: Buffer): Buffer => {
    const pad = (4 - (body.length % 4)) % 4;
    const total = 12 + body.length + pad;
    const b = Buffer.alloc(total);
    b.writeUInt32BE(type, 0);
    b.writeUInt32BE(total, 4);
    body.copy(b, 8);
    b.writeUInt32BE(total, total - 4);
    return b;
  };
  const shb = Buffer.alloc(16);
  shb.writeUInt32BE(0x1a2b3c4d, 0);
  shb.writeUInt16BE(1, 4);
  shb.writeBigInt64BE(-1n, 8);
  const idb = Buffer.alloc(8);
  idb.writeUInt16BE(1, 0);
  idb.writeUInt32BE(65535, 4);
  const spb = Buffer.alloc(4);
  spb.writeUInt32BE(pkt.length, 0);
  const pb = Buffer.alloc(20);
  pb.writeUInt16BE(0, 0);
  pb.writeUInt32BE(0, 4);
  pb.writeUInt32BE(5, 8);
  pb.writeUInt32BE(pkt.length, 12);
  pb.writeUInt32BE(pkt.length, 16);
  const buf = Buffer.concat([
    be(0x0a0d0d0a, shb),
    be(1, idb),
    be(3, Buffer.concat([spb, pkt])),
    be(2, Buffer.concat([pb, pkt])),
  ]);
  const seen: Array<[number, number, number]> = [];
  const r = await readCaptureFile(file('be.pcapng', buf), (p) => seen.push([p.frame, p.capLen, p.linkType]));
  assert.equal(r.byteOrder, 'big');
  assert.deepEqual(seen, [
    [1, pkt.length, 1],
    [2, pkt.length, 1],
  ]);
});

test('Network Monitor 2.0–2.3: header, frame table, per-frame trailers (media type …)', async () => {
  const packets = conversation().packets.map((p) => ethernet(p));
  for (const minor of [0, 1, 2, 3]) {
    const trailer = [0, 2, 6, 15][minor]!;
    const header = Buffer.alloc(128);
    header.write('GMBU', 0, 'latin1');
    header.writeUInt8(minor, 4);
    header.writeUInt8(2, 5);
    header.writeUInt16LE(1, 6); // Ethernet
    [2024, 3, 5, 9, 13, 14, 15, 250].forEach((v, i) => header.writeUInt16LE(v, 8 + i * 2)); // SYSTEMTIME
    const frames: Buffer[] = [];
    const offsets: number[] = [];
    let pos = 128;
    packets.forEach((d, i) => {
      const h = Buffer.alloc(16);
      h.writeBigUInt64LE(BigInt(i * 1500), 0); // µs since the header time
      h.writeUInt32LE(d.length, 8);
      h.writeUInt32LE(d.length, 12);
      const t = Buffer.alloc(trailer);
      if (trailer >= 2) t.writeUInt16LE(1, 0);
      offsets.push(pos);
      const fr = Buffer.concat([h, d, t]);
      frames.push(fr);
      pos += fr.length;
    });
    offsets.push(0xfffffff0); // a frame table entry pointing outside the file: skipped with a warning
    const table = Buffer.alloc(offsets.length * 4);
    offsets.forEach((o, i) => table.writeUInt32LE(o, i * 4));
    header.writeUInt32LE(pos, 24);
    header.writeUInt32LE(table.length, 28);
    const path = file(`nm${minor}.cap`, Buffer.concat([header, ...frames, table]));
    const r = await analyzeCapture(path);
    assert.equal(r.summary.format, 'netmon2');
    assert.equal(r.summary.packets, packets.length + 1);
    assert.equal(r.connections.length, 1, `version 2.${minor}`);
    assert.equal(r.connections[0]!.clientHello?.sni, 'shop.test');
    assert.equal(r.connections[0]!.start.time, '2024-03-09T13:14:15.250000Z');
    // the connection ends with the second FIN (the last ACK after both FINs is not part of it)
    assert.equal(
      r.connections[0]!.end.time,
      `2024-03-09T13:14:15.${String(250000 + (packets.length - 2) * 1500).padStart(6, '0')}Z`,
    );
    assert.ok(r.summary.warnings.some((w) => /outside the file/.test(w)));
  }
  // a frame table beyond the end of the file is a clear error with the offset of the field
  const bad = Buffer.alloc(128);
  bad.write('GMBU', 0, 'latin1');
  bad.writeUInt8(2, 5);
  bad.writeUInt32LE(1000, 24);
  bad.writeUInt32LE(400, 28);
  await assert.rejects(
    analyzeCapture(file('badtable.cap', bad)),
    (e: unknown) =>
      e instanceof ParseError &&
      e.code === 'PARSE_TRUNCATED' &&
      e.offset === 24 &&
      /frame table/.test(e.message),
  );
});

test('bad magic, empty, missing and directory inputs are clear errors', async () => {
  await assert.rejects(
    analyzeCapture(file('text.pcap', Buffer.from('GET / HTTP/1.1\r\n\r\n'))),
    (e: unknown) =>
      e instanceof ParseError &&
      e.code === 'PARSE_MALFORMED' &&
      e.offset === 0 &&
      /text\.pcap: not a capture file \(first bytes 47 45 54 20\)/.test(e.message),
  );
  await assert.rejects(
    analyzeCapture(file('empty.pcap', Buffer.alloc(0))),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT' && /empty/.test(e.message),
  );
  await assert.rejects(
    analyzeCapture(file('tiny.pcap', Buffer.from([0xd4, 0xc3]))),
    (e: unknown) => e instanceof ParseError && e.code === 'PARSE_TRUNCATED',
  );
  await assert.rejects(
    analyzeCapture(join(tmp.dir, 'nope.pcap')),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_NOT_FOUND',
  );
  mkdirSync(join(tmp.dir, 'dir.pcap'));
  await assert.rejects(
    analyzeCapture(join(tmp.dir, 'dir.pcap')),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_UNREADABLE',
  );
  // a pcap header cut short
  const good = pcapFile(1, recordsOf(conversation().packets));
  await assert.rejects(
    analyzeCapture(file('hdr.pcap', good.subarray(0, 20))),
    (e: unknown) => e instanceof ParseError && e.code === 'PARSE_TRUNCATED' && e.needed === 4,
  );
  // a pcapng whose first block is not a section header
  const ng = pcapngFile([{ linkType: 1 }], []);
  ng.writeUInt32LE(6, 0);
  await assert.rejects(
    analyzeCapture(
      file(
        'noshb.pcapng',
        Buffer.concat([Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]), ng.subarray(4, 8), Buffer.from([1, 2, 3, 4])]),
      ),
    ),
    (e: unknown) => e instanceof ParseError,
  );
});

test('a file cut mid-packet is a partial result that says where it stopped', async () => {
  const recs = recordsOf(conversation().packets);
  const good = pcapFile(1, recs);
  const whole = await analyzeCapture(file('whole.pcap', good));
  const cut = good.subarray(0, good.length - 30);
  const r = await analyzeCapture(file('cut.pcap', cut));
  assert.equal(r.summary.stopped?.code, 'PARSE_TRUNCATED');
  assert.equal(r.summary.packets, whole.summary.packets - 1);
  const lastRecord = good.length - 16 - recs[recs.length - 1]!.data.length;
  assert.equal(r.summary.stopped?.offset, lastRecord);
  assert.match(r.summary.stopped!.reason, /packet 10 is cut off/);
  assert.equal(r.connections[0]!.clientHello?.sni, 'shop.test');
  // pcapng cut in a block
  const ng = pcapngFile(
    [{ linkType: 1 }],
    recs.map((x, i) => ({ iface: 0, ts: BigInt(i), data: x.data })),
  );
  const rn = await analyzeCapture(file('cut.pcapng', ng.subarray(0, ng.length - 10)));
  assert.equal(rn.summary.stopped?.code, 'PARSE_TRUNCATED');
  assert.equal(rn.summary.packets, recs.length - 1);
});

test('a giant declared length stops at once with PARSE_LIMIT and the offset (no allocation, no wait)', async () => {
  const recs = recordsOf(conversation().packets);
  const good = pcapFile(1, recs);
  const evil = Buffer.from(good);
  const second = 24 + 16 + recs[0]!.data.length;
  evil.writeUInt32LE(0x7ffffff0, second + 8);
  const t0 = performance.now();
  const r = await analyzeCapture(file('giant.pcap', evil));
  assert.ok(performance.now() - t0 < 10_000, 'hang guard only');
  assert.equal(r.summary.stopped?.code, 'PARSE_LIMIT');
  assert.equal(r.summary.stopped?.offset, second + 8);
  assert.equal(r.summary.packets, 1);
  const ng = pcapngFile(
    [{ linkType: 1 }],
    recs.map((x, i) => ({ iface: 0, ts: BigInt(i), data: x.data })),
  );
  const evilNg = Buffer.from(ng);
  // the third block is the first EPB: SHB (28) + IDB (20)
  evilNg.writeUInt32LE(0x7ffffff0, 28 + 20 + 4);
  const rn = await analyzeCapture(file('giant.pcapng', evilNg));
  assert.equal(rn.summary.stopped?.code, 'PARSE_LIMIT');
  assert.equal(rn.summary.stopped?.offset, 28 + 20 + 4);
});

test('zero-length and snaplen-cut packets: counted, and a cut ClientHello is a flagged gap', async () => {
  const f = conversation();
  const recs = recordsOf(f.packets);
  // packet 4 is the first ClientHello segment: keep only its headers (Ethernet 14 + IPv4 20 + TCP 20 + 10)
  const cutAt = 14 + 40 + 10;
  recs[3] = { ...recs[3]!, data: recs[3]!.data.subarray(0, cutAt) };
  const withLen = recs.map((r, i) => ({ ...r, origLen: i === 3 ? 14 + f.packets[3]!.length : undefined }));
  withLen.splice(1, 0, { tsSec: 1700000000, tsFrac: 1, data: Buffer.alloc(0), origLen: 60 });
  const r = await analyzeCapture(
    file(
      'snap.pcap',
      pcapFile(
        1,
        withLen.map((x) =>
          x.origLen === undefined ? { tsSec: x.tsSec, tsFrac: x.tsFrac, data: x.data } : x,
        ),
      ),
    ),
  );
  assert.equal(r.summary.skipped.zeroLength, 1);
  assert.equal(r.summary.skipped.snaplenCut, 1);
  const c = r.connections[0];
  assert.ok(c, 'the connection is still reported (its server sent TLS)');
  assert.equal(c.clientHello, undefined, 'a hello with a hole is not parsed');
  assert.ok(
    c.tcp.gaps.some(
      (g) => g.from === 'client' && g.reason === 'snaplen' && g.duringHandshake && g.bytes === 90,
    ),
  );
});

test('large packets of a settled connection are skipped unread, with the same result as reading them', async () => {
  const f = new Flow({ ip: '127.0.0.1', port: 50100 }, { ip: '127.0.0.2', port: 443 });
  f.handshake();
  f.data('c', hello.record);
  const sh = encodeRecord(
    22,
    0x0303,
    encodeHandshake(
      2,
      encodeServerHello({
        legacyVersion: 0x0303,
        random: Buffer.alloc(32, 3),
        sessionId: Buffer.alloc(0),
        cipherSuite: 0xc02f,
        compressionMethod: 0,
        extensions: [],
      }),
    ),
  );
  const ccs = encodeRecord(20, 0x0303, Buffer.from([1]));
  const finished = encodeRecord(22, 0x0303, Buffer.alloc(40, 9)); // encrypted: after CCS
  f.data('s', Buffer.concat([sh, ccs, finished]));
  f.data('c', Buffer.concat([ccs, finished, encodeRecord(23, 0x0303, Buffer.alloc(100, 5))]));
  const bulk = Buffer.concat(
    Array.from({ length: 200 }, () => encodeRecord(23, 0x0303, Buffer.alloc(16000, 7))),
  );
  f.data('s', bulk, 20000);
  f.fin('s');
  f.fin('c');
  const recs = recordsOf(f.packets);
  for (const [name, buf] of [
    ['bulk.pcap', pcapFile(1, recs)],
    [
      'bulk.pcapng',
      pcapngFile(
        [{ linkType: 1 }],
        recs.map((x, i) => ({ iface: 0, ts: BigInt(i), data: x.data })),
      ),
    ],
  ] as const) {
    const path = file(name, buf);
    const skipping = await analyzeCapture(path);
    const reading = await analyzeCapture(path, { skipSettled: false });
    assert.equal(skipping.connections[0]!.handshakeEnd, 'complete', name);
    assert.deepEqual(skipping.connections, reading.connections, `${name}: same facts either way`);
    assert.equal(skipping.connections[0]!.tcp.bytes.server, reading.connections[0]!.tcp.bytes.server);
    // the first 1 MiB read takes in the handshake and the start of the bulk; the rest is skipped
    assert.ok(
      skipping.summary.bytesRead < buf.length / 2,
      `${name}: read ${skipping.summary.bytesRead} of ${buf.length} bytes`,
    );
    assert.equal(reading.summary.bytesRead, buf.length);
  }
  // packets below 16 KiB are read past with the packets around them (a read costs more than the
  // copy; only a packet cut by the end of a read is skipped past): the same facts, from reads of
  // nearly the whole file
  const g = new Flow({ ip: '127.0.0.1', port: 50101 }, { ip: '127.0.0.2', port: 443 });
  g.handshake();
  g.data('c', hello.record);
  g.data('s', Buffer.concat([sh, ccs, finished]));
  g.data('c', Buffer.concat([ccs, finished, encodeRecord(23, 0x0303, Buffer.alloc(100, 5))]));
  g.data('s', bulk, 6000);
  g.fin('s');
  g.fin('c');
  const small = file('bulk-6k.pcap', pcapFile(1, recordsOf(g.packets)));
  const skipping = await analyzeCapture(small);
  const reading = await analyzeCapture(small, { skipSettled: false });
  assert.equal(skipping.connections[0]!.handshakeEnd, 'complete');
  assert.deepEqual(skipping.connections, reading.connections);
  assert.ok(
    skipping.summary.bytesRead! > reading.summary.bytesRead! * 0.99,
    `read ${skipping.summary.bytesRead} of ${reading.summary.bytesRead} bytes`,
  );
});

test('a connection already open when the capture started, and ClientHello segments out of order', async () => {
  const f = conversation({ ip: '127.0.0.1', port: 50200 }, { ip: '127.0.0.2', port: 3389 });
  // without the TCP handshake: the stream starts at the first byte seen
  const r = await analyzeCapture(file('midstream.pcap', pcapFile(1, recordsOf(f.packets.slice(3)))));
  const c = r.connections[0]!;
  assert.equal(c.tcp.synSeen, false);
  assert.equal(c.clientHello?.sni, 'shop.test');
  assert.equal(c.client.port, 50200, 'the ClientHello sender is the client');
  assert.equal(c.alerts[0]?.description, 40);
  // with it, but the two ClientHello segments swapped
  const pk = [...f.packets];
  [pk[3], pk[4]] = [pk[4]!, pk[3]!];
  const o = (await analyzeCapture(file('ooo.pcap', pcapFile(1, recordsOf(pk))))).connections[0]!;
  assert.equal(o.clientHello?.sni, 'shop.test', 'reassembled from out-of-order segments');
  assert.equal(o.tcp.outOfOrder, 1);
  assert.deepEqual(o.tcp.gaps, []);
});

test('an SSLv2-format ClientHello is recognised', async () => {
  const f = new Flow({ ip: '127.0.0.1', port: 50300 }, { ip: '127.0.0.2', port: 443 });
  f.handshake();
  f.data('c', buildSSLv2ClientHello({ version: 0x0301, cipherSpecs: [0x00002f, 0x000035, 0x010080] }));
  f.ack('s');
  f.rst('s');
  const r = await analyzeCapture(file('sslv2.pcap', pcapFile(1, recordsOf(f.packets))));
  const ch = r.connections[0]!.clientHello!;
  assert.equal(ch.format, 'sslv2');
  assert.equal(ch.legacyVersion, 0x0301);
  assert.deepEqual(ch.cipherSuites, [0x002f, 0x0035]);
  assert.equal(r.connections[0]!.handshakeEnd, 'reset');
});

test('the index reads of the record headers agree with Buffer.readUInt32LE/BE', () => {
  const b = randomBytes(4096);
  for (let i = 0; i + 4 <= b.length; i++) {
    assert.equal(at32(b, i, true), b.readUInt32LE(i));
    assert.equal(at32(b, i, false), b.readUInt32BE(i));
  }
  const ones = Buffer.alloc(4, 0xff);
  assert.equal(at32(ones, 0, true), 0xffffffff);
  assert.equal(at32(ones, 0, false), 0xffffffff);
});
