// Facts that used to turn into wrong verdicts, on hand-built connections (127.0.0.1 only): an
// encrypted alert record read as a dozen plaintext alerts, and a lone ClientHello called "dropped in
// the path". Real-traffic counterparts (client-only, mid-stream, cut captures) are in live.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/capture/analyze.js';
import { captureReport } from '../../src/app/capture-report.js';
import { buildClientHello, buildSSLv2ClientHello } from '../../src/wire/index.js';
import { ethernet, Flow, ipv4Tcp, pcapFile, tempDir } from './helpers.js';
import { compareWithTshark } from './tshark-oracle.js';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('tlsdoctor-verdicts-');
});
after(() => tmp.cleanup());

const CLIENT = { ip: '127.0.0.1', port: 50123 };
const SERVER = { ip: '127.0.0.1', port: 8443 };

function write(name: string, f: Flow): string {
  const path = join(tmp.dir, name);
  writeFileSync(
    path,
    pcapFile(
      1,
      f.packets.map((p, i) => ({ tsSec: 1700000000, tsFrac: i * 1000, data: ethernet(p) })),
    ),
  );
  return path;
}

function record(type: number, body: Buffer): Buffer {
  const h = Buffer.from([type, 3, 3, 0, 0]);
  h.writeUInt16BE(body.length, 3);
  return Buffer.concat([h, body]);
}

test('joined mid-stream: a 26-byte alert record is one encrypted record, not 13 plaintext alerts', async () => {
  const f = new Flow(CLIENT, SERVER);
  // no SYN: application data, then an encrypted (TLS 1.2 AEAD) close_notify, then FIN
  f.data('s', record(23, randomBytes(300)));
  f.data('c', record(23, randomBytes(120)));
  // 26 bytes whose pairs would read as levels 2 (fatal) with any description
  const ciphertext = Buffer.alloc(26);
  for (let i = 0; i < 26; i += 2) {
    ciphertext[i] = 2;
    ciphertext[i + 1] = 40 + i;
  }
  f.data('c', record(21, ciphertext));
  f.fin('c');
  f.fin('s');
  const path = write('mid-stream-alert.pcap', f);
  const a = await analyzeCapture(path);
  assert.equal(a.connections.length, 1);
  const c = a.connections[0]!;
  assert.deepEqual(c.alerts, []);
  assert.equal(c.encryptedRecords.client, 2);
  assert.equal(c.handshakeEnd, 'mid-stream');
  assert.deepEqual(compareWithTshark(path, a.connections).disagreements, []);
});

test('joined mid-stream: bytes with the high bit set are not taken for an SSLv2 ClientHello', async () => {
  // half of all bytes have the high bit an SSLv2 record starts with: without the SYN, the first bytes
  // seen are anywhere in the stream, so only a TLS record header starts TLS there
  const f = new Flow(CLIENT, SERVER);
  f.data('c', buildSSLv2ClientHello({ version: 0x0301, cipherSpecs: [0x00002f, 0x000035] }));
  f.data('s', record(23, randomBytes(64)));
  f.fin('c');
  f.fin('s');
  const a = await analyzeCapture(write('mid-stream-sslv2.pcap', f));
  const c = a.connections[0]!;
  assert.equal(c.clientHello, undefined);
  assert.equal(c.handshakeEnd, 'mid-stream');
  // the same bytes after a SYN are an SSLv2 ClientHello
  const g = new Flow(CLIENT, SERVER);
  g.handshake();
  g.data('c', buildSSLv2ClientHello({ version: 0x0301, cipherSpecs: [0x00002f, 0x000035] }));
  const b = await analyzeCapture(write('sslv2-after-syn.pcap', g));
  assert.equal(b.connections[0]!.clientHello?.format, 'sslv2');
});

test('an alert record of 2 bytes whose level is not warning or fatal is encrypted, not an alert', async () => {
  const f = new Flow(CLIENT, SERVER);
  f.handshake();
  const hello = buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0xc02f], serverName: 'a.test' });
  f.data('c', hello.record);
  f.ack('s');
  f.data('s', record(21, Buffer.from([0x9c, 0x11])));
  f.fin('s');
  f.fin('c');
  const odd = write('odd-level.pcap', f);
  const a = await analyzeCapture(odd);
  const c = a.connections[0]!;
  assert.deepEqual(c.alerts, []);
  assert.equal(c.encryptedRecords.server, 1);
  // tshark reads those two bytes as an alert of level 156: a known difference, the only one
  assert.deepEqual(compareWithTshark(odd, a.connections).disagreements, [
    `${CLIENT.port}>${SERVER.port} (tcp.stream 0): alerts in clear: ours [], tshark ["server 156/17"]`,
  ]);
});

test('a plaintext fatal alert still is one', async () => {
  const f = new Flow(CLIENT, SERVER);
  f.handshake();
  const hello = buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0xc02f], serverName: 'a.test' });
  f.data('c', hello.record);
  f.data('s', record(21, Buffer.from([2, 40])));
  f.fin('s');
  f.fin('c');
  const fatal = write('fatal.pcap', f);
  const a = await analyzeCapture(fatal);
  const c = a.connections[0]!;
  assert.equal(c.alerts.length, 1);
  assert.equal(c.alerts[0]!.description, 40);
  assert.equal(c.handshakeEnd, 'alert');
  assert.deepEqual(compareWithTshark(fatal, a.connections).disagreements, []);
});

test('one ClientHello, then nothing: unknown, not "dropped in the path"', async () => {
  const f = new Flow(CLIENT, SERVER);
  f.handshake();
  const hello = buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0xc02f], serverName: 'a.test' });
  f.data('c', hello.record);
  const r = await captureReport(write('lone-hello.pcap', f), { checkChains: false });
  assert.deepEqual(
    r.findings.filter((x) => x.id === 'network.path-blocked'),
    [],
  );
  assert.equal(r.data.handshakes[0]!.status, 'unfinished');
  assert.notEqual(r.verdict.status, 'healthy');
});

test('a ClientHello re-sent and then given up on is still dropped in the path', async () => {
  const f = new Flow(CLIENT, SERVER);
  f.handshake();
  const hello = buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0xc02f], serverName: 'a.test' });
  const seq = f.next('c');
  f.data('c', hello.record);
  const again = new Flow(CLIENT, SERVER, { c: seq, s: f.next('s') });
  again.data('c', hello.record);
  f.packets.push(...again.packets);
  f.fin('c');
  const r = await captureReport(write('resent-hello.pcap', f), { checkChains: false });
  assert.equal(r.findings.filter((x) => x.id === 'network.path-blocked').length, 1);
});

test('TCP Fast Open: a ClientHello carried on the SYN starts at ISN + 1 and is read whole', async () => {
  const hello = buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0xc02f], serverName: 'tfo.test' });
  const isn = 7000;
  const syn = ipv4Tcp({
    src: CLIENT.ip,
    dst: SERVER.ip,
    sport: CLIENT.port,
    dport: SERVER.port,
    seq: isn,
    flags: 0x02,
    payload: hello.record,
  });
  const synAck = ipv4Tcp({
    src: SERVER.ip,
    dst: CLIENT.ip,
    sport: SERVER.port,
    dport: CLIENT.port,
    seq: 90000,
    ack: isn + 1 + hello.record.length,
    flags: 0x12,
  });
  const path = join(tmp.dir, 'tfo.pcap');
  writeFileSync(
    path,
    pcapFile(
      1,
      [syn, synAck].map((p, i) => ({ tsSec: 1700000000, tsFrac: i, data: ethernet(p) })),
    ),
  );
  const a = await analyzeCapture(path);
  const c = a.connections[0]!;
  assert.deepEqual(compareWithTshark(path, a.connections).disagreements, []);
  assert.equal(c.notTls, undefined);
  assert.equal(c.clientHello?.sni, 'tfo.test');
  assert.equal(c.tcp.clientHelloAcked, true);
});
