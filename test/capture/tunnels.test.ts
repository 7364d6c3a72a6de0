// Tunnels. A real one: two network namespaces made here joined by a veth pair (192.0.2.0/24,
// documentation addresses, inside the namespaces only) with a VXLAN overlay (198.51.100.0/24); curl in
// one fetches from a node:tls server in the other, and dumpcap records the underlay. The other
// encapsulations (IPv4 in IPv4 and in IPv6, GRE, GRE with Ethernet, ERSPAN II and III, Geneve, GTP-U, CAPWAP
// data) need kernel tunnel devices this machine lacks, so the real curl capture of the lab
// (test/fixtures/capture/lab-curl.pcapng) is wrapped in each of them byte for byte as the RFCs lay
// them out. Every capture is compared with tshark per TCP stream; encapsulations not decoded are
// counted in the summary.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeCapture } from '../../src/capture/analyze.js';
import { decodeFrame, LINKTYPE, newSegment } from '../../src/capture/decode.js';
import { readCaptureFile } from '../../src/capture/formats/index.js';
import { makeCert, run, startDumpcap, tempDir, writeFile, pcapFile, type PcapRecord } from './helpers.js';
import { compareWithTshark } from './tshark-oracle.js';

const LAB = fileURLToPath(new URL('../fixtures/capture/lab-curl.pcapng', import.meta.url));
const tmp = tempDir('tlsdoctor-tunnels-');
after(() => tmp.cleanup());

const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number): Buffer => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);

/** IPv4 header (RFC 791) around a payload, protocol `proto`, 192.0.2.1 → 192.0.2.2 */
function outer4(proto: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h[8] = 64;
  h[9] = proto;
  Buffer.from([192, 0, 2, 1]).copy(h, 12);
  Buffer.from([192, 0, 2, 2]).copy(h, 16);
  return Buffer.concat([h, payload]);
}
/** IPv6 header (RFC 8200) around a payload, next header `next`, 2001:db8::1 → 2001:db8::2 */
function outer6(next: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000, 0);
  h.writeUInt16BE(payload.length, 4);
  h[6] = next;
  h[7] = 64;
  Buffer.from('20010db8000000000000000000000001', 'hex').copy(h, 8);
  Buffer.from('20010db8000000000000000000000002', 'hex').copy(h, 24);
  return Buffer.concat([h, payload]);
}
/** UDP (RFC 768) to `port`, inside IPv4 */
const udp = (port: number, payload: Buffer): Buffer =>
  outer4(17, Buffer.concat([u16(50000), u16(port), u16(8 + payload.length), u16(0), payload]));
const eth = (type: number, payload: Buffer): Buffer =>
  Buffer.concat([Buffer.from('020000000002020000000001', 'hex'), u16(type), payload]);

/** each encapsulation: the inner IPv4 packet and its Ethernet frame → the outer Ethernet frame */
const WRAPS: Record<string, (ip: Buffer, frame: Buffer) => Buffer> = {
  'IPv4-in-IP': (ip) => eth(0x0800, outer4(4, ip)), // RFC 2003
  'IPv4-in-IPv6': (ip) => eth(0x86dd, outer6(4, ip)), // RFC 2473
  GRE: (ip) => eth(0x0800, outer4(47, Buffer.concat([u16(0), u16(0x0800), ip]))), // RFC 2784
  'GRE (Ethernet)': (_ip, frame) =>
    eth(0x0800, outer4(47, Buffer.concat([u16(0x2000), u16(0x6558), u32(7), frame]))), // RFC 2890 key
  ERSPAN: (_ip, frame) =>
    eth(
      0x0800,
      outer4(47, Buffer.concat([u16(0x1000), u16(0x88be), u32(1), u32(0x10000000), u32(0x00000007), frame])),
    ),
  // ERSPAN type III: Ver 2, VLAN, COS/BSO/T/session, timestamp, SGT/P/FT (0: Ethernet)/HW ID/D/Gra/O
  'ERSPAN III': (_ip, frame) =>
    eth(
      0x0800,
      outer4(47, Buffer.concat([u16(0x1000), u16(0x22eb), u32(1), u32(0x20000007), u32(0), u32(0), frame])),
    ),
  VXLAN: (_ip, frame) => eth(0x0800, udp(4789, Buffer.concat([u32(0x08000000), u32(42 << 8), frame]))), // RFC 7348
  Geneve: (_ip, frame) => eth(0x0800, udp(6081, Buffer.concat([u16(0), u16(0x6558), u32(42 << 8), frame]))), // RFC 8926
  'GTP-U': (ip) =>
    eth(0x0800, udp(2152, Buffer.concat([Buffer.from([0x30, 0xff]), u16(ip.length), u32(9), ip]))), // TS 29.281
  'CAPWAP data': (_ip, frame) =>
    eth(0x0800, udp(5247, Buffer.concat([Buffer.from([0x00, 0x10, 0x02, 0x00]), u32(0), frame]))), // RFC 5415, T = 0
};

async function labFrames(): Promise<Array<{ tsSec: number; tsNs: number; ip: Buffer; frame: Buffer }>> {
  const out: Array<{ tsSec: number; tsNs: number; ip: Buffer; frame: Buffer }> = [];
  await readCaptureFile(LAB, (p) => {
    const seg = newSegment();
    if (decodeFrame(p.linkType, p.data, seg).status !== 'tcp' || seg.ipVersion !== 4) return;
    // the lab capture is Linux cooked or Ethernet on lo: the IPv4 packet starts at its version nibble
    const at =
      p.linkType === LINKTYPE.ETHERNET
        ? 14
        : p.data.indexOf(0x45, p.linkType === LINKTYPE.LINUX_SLL ? 16 : 0);
    const ip = Buffer.from(p.data.subarray(at));
    out.push({ tsSec: p.tsSec, tsNs: p.tsNs, ip, frame: eth(0x0800, ip) });
  });
  return out;
}

/** the inner packet with both TCP ports moved by `k` (one tshark run sees every wrap as its own streams) */
function shifted(ip: Buffer, k: number): Buffer {
  const x = Buffer.from(ip);
  const hl = (x[0]! & 0x0f) * 4;
  x.writeUInt16BE((x.readUInt16BE(hl) + k) & 0xffff, hl);
  x.writeUInt16BE((x.readUInt16BE(hl + 2) + k) & 0xffff, hl + 2);
  return x;
}

test('the lab capture wrapped in each encapsulation reads as unwrapped, and tshark agrees per stream', async () => {
  const frames = await labFrames();
  assert.ok(frames.length > 20);
  const plain = await analyzeCapture(LAB);
  const facts = (cs: typeof plain.connections) =>
    cs.map((c) => [c.clientHello?.sni, c.serverHello?.version, c.handshakeEnd, c.alerts.length]);
  const all: PcapRecord[] = [];
  let k = 0;
  for (const [name, wrap] of Object.entries(WRAPS)) {
    const records: PcapRecord[] = frames.map((f) => ({
      tsSec: f.tsSec,
      tsFrac: Math.floor(f.tsNs / 1000),
      data: wrap(f.ip, f.frame),
    }));
    const file = writeFile(
      join(tmp.dir, `${name.replace(/\W+/g, '-')}.pcap`),
      pcapFile(LINKTYPE.ETHERNET, records),
    );
    const a = await analyzeCapture(file);
    assert.deepEqual(facts(a.connections), facts(plain.connections), name);
    const outerName =
      { 'GRE (Ethernet)': 'GRE', 'IPv4-in-IPv6': 'IPv4-in-IP', 'ERSPAN III': 'ERSPAN' }[name] ?? name;
    assert.deepEqual(
      a.summary.tunnels,
      [{ encapsulation: outerName, packets: frames.length, notDecoded: 0 }],
      name,
    );
    k += 97;
    for (const f of frames) {
      const ip = shifted(f.ip, k);
      all.push({ tsSec: f.tsSec, tsFrac: Math.floor(f.tsNs / 1000), data: wrap(ip, eth(0x0800, ip)) });
    }
  }
  // every wrap in one file, each on its own ports: one tshark run compares them all
  const file = writeFile(join(tmp.dir, 'all-tunnels.pcap'), pcapFile(LINKTYPE.ETHERNET, all));
  const a = await analyzeCapture(file);
  const r = compareWithTshark(file, a.connections);
  assert.equal(r.compared, plain.connections.length * Object.keys(WRAPS).length);
  assert.deepEqual(r.disagreements, []);
});

test('encapsulations whose payload is not decoded are counted by kind, with a warning', async () => {
  const frames = (await labFrames()).slice(0, 6);
  const records: PcapRecord[] = frames.flatMap((f, i) => [
    // CAPWAP with T = 1: a native IEEE 802.11 frame
    {
      tsSec: f.tsSec,
      tsFrac: i,
      data: eth(0x0800, udp(5247, Buffer.concat([Buffer.from([0, 0x10, 0x03, 0]), u32(0), f.frame]))),
    },
    // GRE version 1 (PPTP), protocol PPP
    {
      tsSec: f.tsSec,
      tsFrac: i + 1,
      data: eth(0x0800, outer4(47, Buffer.concat([u16(0x2001), u16(0x880b), u32(0), f.ip]))),
    },
  ]);
  const a = await analyzeCapture(
    writeFile(join(tmp.dir, 'undecoded.pcap'), pcapFile(LINKTYPE.ETHERNET, records)),
  );
  assert.deepEqual(
    a.summary.tunnels?.map((t) => [t.encapsulation, t.packets, t.notDecoded, t.notDecodedAs]),
    [
      ['CAPWAP data', 6, 6, ['CAPWAP data']],
      ['GRE', 6, 6, ['GRE version 1']],
    ],
  );
  assert.match(a.summary.warnings.join('\n'), /6 packet\(s\) in CAPWAP data were not decoded/);
});

test('IPv6 in IPv4 (protocol 41): the inner IPv6 segment is read', () => {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(40000, 0);
  tcp.writeUInt16BE(443, 2);
  tcp.writeUInt32BE(1, 4);
  tcp.writeUInt16BE((5 << 12) | 0x02, 12);
  const seg = newSegment();
  const r = decodeFrame(LINKTYPE.ETHERNET, eth(0x0800, outer4(41, outer6(6, tcp))), seg);
  assert.equal(r.status, 'tcp');
  assert.deepEqual(
    [seg.src, seg.dst, seg.srcPort, seg.dstPort, seg.tunnel],
    ['2001:db8::1', '2001:db8::2', 40000, 443, 'IPv6-in-IP'],
  );
});

/** runs ip(8) with these arguments; throws with its stderr when it fails */
function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

test('a real VXLAN tunnel between two namespaces: curl through it, dumpcap on the underlay', async (t) => {
  const ns = { a: `tdcap-a-${process.pid}`, b: `tdcap-b-${process.pid}` };
  try {
    ip('netns', 'add', ns.a);
  } catch (e) {
    t.skip(`network namespaces are not available here: ${(e as Error).message}`);
    return;
  }
  let server: ChildProcess | undefined;
  try {
    ip('netns', 'add', ns.b);
    ip('link', 'add', 'vcap0', 'netns', ns.a, 'type', 'veth', 'peer', 'name', 'vcap1', 'netns', ns.b);
    const sides = [
      [ns.a, 'vcap0', '192.0.2.1', '192.0.2.2', '198.51.100.1'],
      [ns.b, 'vcap1', '192.0.2.2', '192.0.2.1', '198.51.100.2'],
    ] as const;
    for (const [n, dev, local, remote, overlay] of sides) {
      ip('-n', n, 'link', 'set', 'lo', 'up');
      ip('-n', n, 'addr', 'add', `${local}/24`, 'dev', dev);
      ip('-n', n, 'link', 'set', dev, 'up');
      ip(
        '-n',
        n,
        'link',
        'add',
        'vx42',
        'type',
        'vxlan',
        'id',
        '42',
        'local',
        local,
        'remote',
        remote,
        'dstport',
        '4789',
        'dev',
        dev,
      );
      ip('-n', n, 'addr', 'add', `${overlay}/24`, 'dev', 'vx42');
      ip('-n', n, 'link', 'set', 'vx42', 'up');
    }
    const { keyPath, certPath } = makeCert(tmp.dir);
    const script =
      "const tls=require('node:tls'),fs=require('node:fs');" +
      `const s=tls.createServer({key:fs.readFileSync(${JSON.stringify(keyPath)}),cert:fs.readFileSync(${JSON.stringify(certPath)})},(c)=>{c.on('error',()=>{});c.end('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok')});` +
      "s.listen(8443,'198.51.100.2',()=>console.log('ready'));setTimeout(()=>process.exit(0),20000).unref();";
    server = spawn('ip', ['netns', 'exec', ns.b, process.execPath, '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(server.stdout!, 'data');
    const file = join(tmp.dir, 'vxlan.pcapng');
    const cap = await startDumpcap(file, ['-i', 'vcap0'], ns.a);
    try {
      const r = await run(
        'ip',
        ['netns', 'exec', ns.a, 'curl', '-sk', '--max-time', '5', 'https://198.51.100.2:8443/'],
        8000,
      );
      assert.equal(r.stdout, 'ok', r.stderr);
    } finally {
      await cap.stop();
    }
    const a = await analyzeCapture(file);
    const c = a.connections.find((x) => x.server.port === 8443);
    assert.ok(c, 'the connection inside the tunnel is found');
    assert.deepEqual(
      [c.client.ip, c.server.ip, c.handshakeEnd],
      ['198.51.100.1', '198.51.100.2', 'complete'],
    );
    assert.equal(a.summary.tunnels?.[0]?.encapsulation, 'VXLAN');
    assert.equal(a.summary.tunnels?.[0]?.notDecoded, 0);
    const cmp = compareWithTshark(file, a.connections);
    assert.ok(cmp.compared >= 1);
    assert.deepEqual(cmp.disagreements, []);
  } finally {
    server?.kill();
    spawnSync('ip', ['netns', 'del', ns.a]);
    spawnSync('ip', ['netns', 'del', ns.b]);
  }
});
