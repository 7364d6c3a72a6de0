// A malformed ClientHello on real traffic: a client on 127.0.0.1 sends a ClientHello whose last
// extension's length overruns the extensions block to a node:tls server (OpenSSL), captured by
// dumpcap on lo. The hello is kept with what fixed positions show (version, random, suites, SNI) and
// the failure is "the client sent a malformed ClientHello: <reason>", not an unfinished connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { join } from 'node:path';
import { analyzeCapture, type CaptureAnalysis } from '../../src/capture/analyze.js';
import { captureReport } from '../../src/app/capture-report.js';
import { buildClientHello } from '../../src/wire/client-hello.js';
import type { CaptureReport } from '../../src/model/report.js';
import { makeCert, startCapture, tempDir } from './helpers.js';
import { compareWithTshark } from './tshark-oracle.js';

const built = buildClientHello({
  legacyVersion: 0x0303,
  cipherSuites: [0xc02f, 0xc030, 0x1301],
  serverName: 'shop.test',
  supportedVersions: [0x0304, 0x0303],
  groups: [29],
  keyShareGroups: [29],
  signatureAlgorithms: [0x0804, 0x0403],
});

/** the record with the last extension's length one byte past the end of the extensions block */
function malformed(): Buffer {
  const rec = Buffer.from(built.record);
  const body = 5 + 4; // record header, handshake header
  let i = body + 2 + 32;
  i += 1 + rec[i]!; // legacy_session_id
  i += 2 + rec.readUInt16BE(i); // cipher_suites
  i += 1 + rec[i]!; // legacy_compression_methods
  const end = i + 2 + rec.readUInt16BE(i);
  i += 2;
  let last = -1;
  while (i < end) {
    last = i;
    i += 4 + rec.readUInt16BE(i + 2);
  }
  rec.writeUInt16BE(rec.readUInt16BE(last + 2) + 1, last + 2);
  return rec;
}

let tmp: ReturnType<typeof tempDir>;
let file: string;
let analysis: CaptureAnalysis;
let report: CaptureReport;
let port = 0;

before(async () => {
  tmp = tempDir('tlsdoctor-malformed-');
  const { key, cert } = makeCert(tmp.dir);
  const server = tls.createServer({ key, cert });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as net.AddressInfo).port;
  file = join(tmp.dir, 'malformed.pcapng');
  const cap = await startCapture(file, [port]);
  try {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    await once(s, 'connect');
    s.write(malformed());
    const done = once(s, 'close');
    s.on('data', () => undefined);
    const t = setTimeout(() => s.destroy(), 3000);
    await done;
    clearTimeout(t);
  } finally {
    await cap.stop();
    await new Promise((r) => server.close(r));
  }
  analysis = await analyzeCapture(file);
  report = await captureReport(file, { checkChains: false });
});
after(() => tmp?.cleanup());

test('the malformed hello is kept with what fixed positions show', () => {
  assert.equal(analysis.connections.length, 1);
  const c = analysis.connections[0]!;
  const ch = c.clientHello;
  assert.ok(ch, 'the ClientHello is kept');
  assert.equal(typeof ch.malformed, 'string');
  assert.equal(ch.legacyVersion, 0x0303);
  assert.equal(ch.random, built.hello.random.toString('hex'));
  assert.deepEqual(ch.cipherSuites, [0xc02f, 0xc030, 0x1301]);
  assert.equal(ch.cipherSuitesIntact, true);
  assert.equal(ch.sni, 'shop.test');
  // the whole extensions are kept; the broken one (supported_versions, the last) is not, so the
  // offer is legacy_version's
  assert.deepEqual(ch.extensions, [0, 10, 13, 51]);
  assert.deepEqual(ch.offeredVersions, [0x0303]);
  // OpenSSL refuses it with a fatal alert
  assert.ok(c.alerts.some((a) => a.from === 'server' && a.level === 2));
});

test('the report says the client sent a malformed ClientHello, as a finding', () => {
  const row = report.data.handshakes[0]!;
  assert.equal(row.status, 'failed');
  assert.equal(row.cause, 'handshake.malformed-client-hello');
  assert.match(
    row.reason!,
    /^the client sent a malformed ClientHello: .+; the server answered .+ in frame \d+$/,
  );
  assert.equal(row.sni, 'shop.test');
  const f = report.findings.find((x) => x.id === 'handshake.malformed-client-hello');
  assert.ok(f);
  assert.equal(f.subject, `127.0.0.1:${port}`);
  // the partial offer is not judged as an offer (no version or suite mismatch from it)
  assert.deepEqual(
    report.findings.map((x) => x.id),
    ['handshake.malformed-client-hello'],
  );
});

test('tshark agrees on the stream', () => {
  const r = compareWithTshark(file, analysis.connections);
  assert.equal(r.compared, 1);
  assert.deepEqual(r.disagreements, []);
});
