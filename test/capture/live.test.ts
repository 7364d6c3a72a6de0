// Real captures: dumpcap on lo around real handshakes (node:tls, openssl s_client) against local
// servers; every failure kind, the same file converted between formats, and real captures edited
// by hand (an injected RST, a dropped ClientHello ACK, a lost segment).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture, type CaptureAnalysis } from '../../src/capture/analyze.js';
import { readCaptureFile } from '../../src/capture/formats/index.js';
import { decodeFrame, newSegment, TCP_RST, TCP_SYN } from '../../src/capture/decode.js';
import type { CaptureConnectionObservation } from '../../src/model/observations/capture.js';
import { runRules } from '../../src/diagnose/engine.js';
// the rules the capture command runs: all of them (each applies where its observations are)
import { RULES as captureRules } from '../../src/diagnose/rules/index.js';
import { captureReport } from '../../src/app/capture-report.js';
import { main } from '../../src/cli/main.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { editcap, pcapFile, tempDir, type PcapRecord } from './helpers.js';
import { makeLiveCapture, type LiveCapture } from './scenarios.js';
import { compareWithTshark } from './tshark-oracle.js';

let tmp: ReturnType<typeof tempDir>;
let live: LiveCapture;
let analysis: CaptureAnalysis;
/** every scenario but the plain-HTTP one (whose client still sends a ClientHello) has TLS */
const SCENARIOS_WITH_TLS = 9;

before(async () => {
  tmp = tempDir();
  live = await makeLiveCapture(tmp.dir);
  analysis = await analyzeCapture(live.file);
});
after(() => tmp?.cleanup());

function byPort(a: CaptureAnalysis, port: number): CaptureConnectionObservation[] {
  return a.connections.filter((c) => c.server.port === port);
}

/** the connection of a scenario: scenarios ran in order, so the n-th connection to a port */
function scenario(a: CaptureAnalysis, name: string): CaptureConnectionObservation {
  const order: Record<string, [keyof LiveCapture['ports'], number]> = {
    'ok-tls13': ['good', 0],
    'cert-rejected-tls12': ['good', 1],
    'cert-rejected-tls13': ['good', 2],
    'ok-tls12': ['tls12', 0],
    'version-mismatch': ['tls12', 1],
    'no-common-suite': ['tls12', 2],
    silent: ['silent', 0],
    reset: ['reset', 0],
    http: ['http', 0],
  };
  const [p, i] = order[name]!;
  const c = byPort(a, live.ports[p])[i];
  assert.ok(c, `scenario ${name} not found in the capture`);
  return c;
}

function findingIds(a: CaptureAnalysis): string[] {
  return runRules(captureRules, a.observations).findings.map((f) => f.id);
}

test('every handshake of the session is found, by content, with its endpoints and hellos', () => {
  assert.equal(analysis.summary.format, 'pcapng');
  assert.equal(analysis.summary.interfaces[0]?.linkTypeName, 'Ethernet');
  assert.equal(analysis.summary.interfaces[0]?.timestampResolution, 'nanoseconds');
  assert.equal(analysis.connections.length, 9);
  for (const c of analysis.connections) {
    assert.equal(c.client.ip, '127.0.0.1');
    assert.ok(c.clientHello, `connection ${c.id} has its ClientHello`);
    assert.ok(c.tcp.synSeen);
    assert.ok(c.tcp.clientHelloAcked, `connection ${c.id}: the ClientHello was acknowledged`);
    assert.match(c.clientHello.ja3Hash ?? '', /^[0-9a-f]{32}$/);
  }
});

test('successful TLS 1.3 and TLS 1.2 handshakes are complete, with version, suite and (1.2) the chain in clear', () => {
  const t13 = scenario(analysis, 'ok-tls13');
  assert.equal(t13.handshakeEnd, 'complete');
  assert.equal(t13.serverHello?.version, 0x0304);
  assert.ok(t13.clientHello?.supportedVersions?.includes(0x0304));
  assert.equal(t13.serverCertificates, undefined, 'TLS 1.3 certificates are encrypted');
  const t12 = scenario(analysis, 'ok-tls12');
  assert.equal(t12.handshakeEnd, 'complete');
  assert.equal(t12.serverHello?.version, 0x0303);
  assert.equal(t12.serverHello?.cipherSuite, 0xc02f);
  assert.equal(t12.serverCertificates?.certificates.length, 1);
  const der = Buffer.from(t12.serverCertificates!.certificates[0]!, 'base64');
  const pem = readFileSync(join(tmp.dir, 'localhost.crt'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
  assert.equal(der.toString('base64'), pem, 'the chain seen in the capture is the server certificate');
  assert.ok(t12.changeCipherSpec.client && t12.changeCipherSpec.server);
  assert.ok(t12.tcp.clientHelloToFirstServerByteMs! >= 0);
});

test('version mismatch: TLS 1.1 client, TLS 1.2-only server → protocol_version from the server', () => {
  const c = scenario(analysis, 'version-mismatch');
  assert.equal(c.handshakeEnd, 'alert');
  assert.equal(c.clientHello?.legacyVersion, 0x0302);
  assert.deepEqual(
    c.alerts.map((a) => [a.from, a.description, a.after]),
    [['server', 70, 'ClientHello']],
  );
});

test('no common suite: handshake_failure after the ClientHello', () => {
  const c = scenario(analysis, 'no-common-suite');
  assert.equal(c.handshakeEnd, 'alert');
  assert.ok(c.clientHello?.cipherSuites.includes(0x0035));
  assert.equal(c.alerts[0]?.description, 40);
  assert.equal(c.alerts[0]?.from, 'server');
});

test('silent server, reset, HTTP on the TLS port, client rejecting the certificate', () => {
  const silent = scenario(analysis, 'silent');
  assert.equal(silent.handshakeEnd, 'closed');
  assert.equal(silent.tcp.firstServerByte, undefined);
  assert.ok(silent.tcp.clientFin);
  const reset = scenario(analysis, 'reset');
  assert.equal(reset.handshakeEnd, 'reset');
  assert.equal(reset.tcp.reset?.by, 'server');
  assert.equal(reset.tcp.reset?.ttl, 64);
  const http = scenario(analysis, 'http');
  assert.equal(http.handshakeEnd, 'not-tls');
  assert.equal(http.notTls?.from, 'server');
  assert.match(http.notTls!.firstBytesText, /^HTTP\/1\.1 400/);
  const rej12 = scenario(analysis, 'cert-rejected-tls12');
  const a12 = rej12.alerts.find((a) => a.from === 'client');
  assert.equal(a12?.description, 48);
  assert.equal(a12?.afterServerCertificate, true);
  const rej13 = scenario(analysis, 'cert-rejected-tls13');
  assert.equal(rej13.serverHello?.version, 0x0304);
  assert.equal(rej13.handshakeEnd, 'alert');
});

test('the rules explain each failure with the live-probe finding ids', () => {
  const r = runRules(captureRules, analysis.observations);
  const ids = new Set(r.findings.map((f) => f.id));
  for (const id of [
    'protocol.no-common-version',
    'cipher.no-common-suite',
    'handshake.no-server-hello',
    'handshake.not-tls',
    'chain.client-rejected',
  ])
    assert.ok(ids.has(id), `${id} found`);
  assert.ok(!ids.has('capture.incomplete'), 'a clean capture has no gaps (FINs are not missing bytes)');
  assert.ok(!ids.has('network.middlebox-suspected'), 'loopback resets come from the server itself');
  const suite = r.findings.find((f) => f.id === 'cipher.no-common-suite')!;
  assert.match(
    suite.evidence[0]!.text,
    /TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, which this client did not offer/,
  );
  assert.equal(suite.confidence, 'certain');
  const version = r.findings.find((f) => f.id === 'protocol.no-common-version')!;
  assert.match(version.summary, /up to TLS 1\.1.*negotiated TLS 1\.2 with other clients/);
  const c = scenario(analysis, 'version-mismatch');
  assert.deepEqual(version.evidence[0]!.from.frames?.[0], c.start.frame, 'evidence starts at the connection');
});

test('tshark agrees per TCP stream: hellos, SNI, version, cipher, HRR, alerts and their sender, RST/FIN', () => {
  const r = compareWithTshark(live.file, analysis.connections);
  assert.ok(r.compared >= SCENARIOS_WITH_TLS, `${r.compared} streams compared`);
  assert.deepEqual(r.disagreements, []);
});

test('the same capture as pcap, nanosecond pcap, pcapng-from-pcap, Network Monitor 2.x and gzip gives the same handshakes', async () => {
  const variants: Array<[string, () => string]> = [
    ['pcap', () => conv(['-F', 'pcap'], 'v.pcap')],
    ['pcap-ns', () => conv(['-F', 'nsecpcap'], 'v.ns.pcap')],
    ['netmon2', () => conv(['-F', 'netmon2'], 'v.cap')],
    [
      'pcapng',
      () => {
        const p = conv(['-F', 'pcap'], 'w.pcap');
        const out = join(tmp.dir, 'w.pcapng');
        editcap(['-F', 'pcapng', p, out]);
        return out;
      },
    ],
    [
      'pcapng',
      () => {
        const out = join(tmp.dir, 'live.pcapng.gz');
        writeFileSync(out, gzipSync(readFileSync(live.file)));
        return out;
      },
    ],
  ];
  const shape = (a: CaptureAnalysis): string[] =>
    a.connections.map(
      (c) =>
        `${c.server.port}:${c.handshakeEnd}:${c.serverHello?.cipherSuite ?? '-'}:${c.alerts.map((x) => x.description).join(',')}:${c.clientHello?.frame}`,
    );
  const want = shape(analysis);
  for (const [format, make] of variants) {
    const a = await analyzeCapture(make());
    assert.equal(a.summary.format, format);
    assert.deepEqual(shape(a), want, `${format} gives the same handshakes`);
    assert.deepEqual(findingIds(a).sort(), findingIds(analysis).sort());
  }
  function conv(args: string[], name: string): string {
    const out = join(tmp.dir, name);
    editcap([...args, live.file, out]);
    return out;
  }
});

/** Rewrites the capture through a callback (Ethernet frames), as a pcap file. */
async function rewrite(name: string, edit: (data: Buffer, frame: number) => Buffer | null): Promise<string> {
  const recs: PcapRecord[] = [];
  await readCaptureFile(live.file, (p) => {
    const d = edit(Buffer.from(p.data), p.frame);
    if (d) recs.push({ tsSec: p.tsSec, tsFrac: Math.floor(p.tsNs / 1000), data: d });
  });
  const out = join(tmp.dir, name);
  writeFileSync(out, pcapFile(1, recs));
  return out;
}

test("a RST whose TTL differs from the server's packets → network.middlebox-suspected", async () => {
  const seg = newSegment();
  const file = await rewrite('middlebox.pcap', (d) => {
    decodeFrame(1, d, seg);
    if (seg.srcPort === live.ports.reset && (seg.flags & TCP_RST) !== 0) d.writeUInt8(243, 14 + 8); // IPv4 TTL
    return d;
  });
  const a = await analyzeCapture(file);
  const c = byPort(a, live.ports.reset)[0]!;
  assert.equal(c.tcp.reset?.ttl, 243);
  assert.deepEqual(c.tcp.reset?.senderTtls, [64]);
  const ids = findingIds(a);
  assert.ok(ids.includes('network.middlebox-suspected'));
  const r = runRules(captureRules, a.observations).findings.find(
    (f) => f.id === 'network.middlebox-suspected',
  )!;
  assert.match(r.evidence[0]!.text, /TTL 243.*TTL 64/);
  // the reset connection is explained by the middlebox finding, not also by no-server-hello
  const nsh = runRules(captureRules, a.observations).findings.filter(
    (f) => f.id === 'handshake.no-server-hello',
  );
  assert.ok(nsh.every((f) => !f.evidence.some((e) => e.from.frames?.[0] === c.start.frame)));
});

test('a ClientHello the server never acknowledged → network.path-blocked', async () => {
  const seg = newSegment();
  const file = await rewrite('blocked.pcap', (d) => {
    decodeFrame(1, d, seg);
    // drop everything the silent server sent after its SYN-ACK
    if (seg.srcPort === live.ports.silent && (seg.flags & TCP_SYN) === 0) return null;
    return d;
  });
  const a = await analyzeCapture(file);
  const c = byPort(a, live.ports.silent)[0]!;
  assert.equal(c.tcp.clientHelloAcked, false);
  const f = runRules(captureRules, a.observations).findings.find((x) => x.id === 'network.path-blocked');
  assert.ok(f, 'path-blocked found');
  assert.match(f.evidence[0]!.text, /never acknowledged/);
});

test('client-only capture: the server direction is missing but the client acknowledged its bytes → "server direction not captured", not path-blocked', async () => {
  const seg = newSegment();
  // keep only what the clients sent to the good server (its SYN-ACK and answers are not captured)
  const file = await rewrite('client-only.pcap', (d) => {
    decodeFrame(1, d, seg);
    return seg.srcPort === live.ports.good ? null : d;
  });
  const r = await captureReport(file, { checkChains: false });
  const good = (r.observations as CaptureConnectionObservation[]).filter(
    (o) => o.kind === 'capture.connection' && o.server.port === live.ports.good,
  );
  assert.equal(good.length, 3);
  for (const c of good) assert.equal(c.tcp.serverPackets, 0);
  // ok-tls13: the client acknowledged the server's flight and sent its Finished and data (the
  // cert-rejected ones end with the client's alert in clear, a fact of their own)
  const ok = good[0]!;
  assert.equal(ok.handshakeEnd, 'server-not-captured');
  assert.ok((ok.tcp.clientAckedServerBytes ?? 0) > 0);
  const row = r.data.handshakes.find((h) => h.id === ok.id)!;
  assert.equal(row.status, 'unfinished');
  assert.match(
    row.reason!,
    /^server direction not captured: the server did answer \(the client acknowledged \d+ bytes/,
  );
  for (const f of r.findings.filter(
    (x) => x.id === 'network.path-blocked' || x.id === 'handshake.no-server-hello',
  ))
    assert.ok(!f.subject?.endsWith(`:${live.ports.good}`), `${f.id} for the good server`);
});

test('a connection joined mid-stream (no SYN, no hello) that then closes is "handshake not in the capture", not a failure', async () => {
  const seg = newSegment();
  // ok-tls13 from the server's last data segment on (a record boundary): no SYN, no hellos
  let clientPort = 0;
  let lastServerData = 0;
  await readCaptureFile(live.file, (p) => {
    decodeFrame(1, p.data, seg);
    if (seg.srcPort === live.ports.good && (clientPort === 0 || seg.dstPort === clientPort)) {
      clientPort = seg.dstPort;
      if (seg.payload.length > 0) lastServerData = p.frame;
    }
  });
  const file = await rewrite('mid-stream.pcap', (d, frame) => {
    decodeFrame(1, d, seg);
    const mine =
      (seg.dstPort === live.ports.good && seg.srcPort === clientPort) ||
      (seg.srcPort === live.ports.good && seg.dstPort === clientPort);
    return mine && frame < lastServerData ? null : d;
  });
  const r = await captureReport(file, { checkChains: false });
  const c = (r.observations as CaptureConnectionObservation[]).find(
    // without SYN or hello the roles are guessed (the higher port as the client's): either way round
    (o) => o.kind === 'capture.connection' && (o.client.port === clientPort || o.server.port === clientPort),
  );
  assert.ok(c, 'the rest of the connection is still seen as TLS');
  assert.equal(c.tcp.synSeen, false);
  assert.equal(c.clientHello, undefined);
  assert.equal(c.handshakeEnd, 'mid-stream');
  assert.deepEqual(c.alerts, []);
  const row = r.data.handshakes.find((h) => h.id === c.id)!;
  assert.equal(row.status, 'unfinished');
  assert.match(row.reason!, /handshake is not in the capture/);
  assert.deepEqual(compareWithTshark(file, (await analyzeCapture(file)).connections).disagreements, []);
  assert.ok(r.findings.every((f) => f.evidence.every((e) => e.from.frames?.[0] !== c.start.frame)));
});

test('a capture cut during the first handshake is not "healthy": it holds no complete handshake', async () => {
  const seg = newSegment();
  let cut = false;
  // the capture stops right after the first ClientHello
  const file = await rewrite('cut.pcap', (d) => {
    if (cut) return null;
    decodeFrame(1, d, seg);
    if (seg.dstPort === live.ports.good && seg.payload.length > 0) cut = true;
    return d;
  });
  const r = await captureReport(file, { checkChains: false });
  assert.equal(r.data.tlsHandshakes, 1);
  assert.equal(r.data.ok, 0);
  assert.notEqual(r.verdict.status, 'healthy');
  assert.match(
    r.verdict.summary,
    /^the capture holds no complete TLS handshake: 1 unfinished \(the capture ended during the handshake/,
  );
});

test('a lost server segment mid-handshake is a flagged gap, never glued over', async () => {
  const seg = newSegment();
  let dropped = 0;
  const file = await rewrite('gap.pcap', (d) => {
    decodeFrame(1, d, seg);
    if (seg.srcPort === live.ports.tls12 && seg.payload.length > 0 && dropped === 0) {
      dropped++;
      return null; // the first server flight of ok-tls12: ServerHello … ServerHelloDone
    }
    return d;
  });
  const a = await analyzeCapture(file);
  const c = byPort(a, live.ports.tls12)[0]!;
  assert.equal(c.serverHello, undefined);
  assert.ok(c.tcp.gaps.some((g) => g.from === 'server' && g.duringHandshake && g.bytes > 0));
  assert.ok(findingIds(a).includes('capture.incomplete'));
});

test('tlsdoctor capture: text and --json reports, exit 1 when handshakes failed, --port filter', async () => {
  const out: string[] = [];
  const io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => out.push(s) },
    env: { NO_COLOR: '1' },
  };
  const code = await main(['capture', live.file, '--json'], io);
  assert.equal(code, 1);
  const parsed: unknown = JSON.parse(out.join(''));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(
    JSON.parse(readFileSync('schema/report.schema.json', 'utf8')) as Record<string, unknown>,
  );
  assert.ok(
    validate(parsed),
    `the capture report follows the JSON contract: ${ajv.errorsText(validate.errors)}`,
  );
  const json = parsed as {
    command: string;
    verdict: { status: string };
    data: { handshakes: Array<{ status: string; cause?: string }>; failed: number; ok: number };
  };
  assert.equal(json.command, 'capture');
  assert.equal(json.verdict.status, 'problems');
  assert.equal(json.data.ok, 2);
  assert.equal(json.data.failed, 7);
  assert.deepEqual(
    json.data.handshakes.filter((h) => h.status === 'failed').every((h) => typeof h.cause === 'string'),
    true,
  );
  out.length = 0;
  const ok = await main(['capture', live.file, '--port', String(live.ports.tls12), '--no-color'], io);
  assert.equal(ok, 1, 'the TLS 1.2 server had failed handshakes too');
  const text = out.join('');
  assert.match(text, /protocol\.no-common-version/);
  assert.doesNotMatch(text, /handshake\.not-tls/);
  const report = await captureReport(live.file, { port: live.ports.good, checkChains: false });
  assert.equal(report.data?.['tlsHandshakes'], 3);
});

test('tlsdoctor capture exits 0 when every handshake succeeded and 2 for unreadable input', async () => {
  const seg = newSegment();
  const file = await rewrite('only-ok.pcap', (d) => {
    decodeFrame(1, d, seg);
    return seg.srcPort === live.ports.good || seg.dstPort === live.ports.good ? d : null;
  });
  // keep just the first connection (ok-tls13)
  const a = await analyzeCapture(file);
  const first = a.connections[0]!;
  const onlyFirst = await rewrite('only-first.pcap', (d) => {
    decodeFrame(1, d, seg);
    const ports = [first.client.port, first.server.port];
    return ports.includes(seg.srcPort) && ports.includes(seg.dstPort) ? d : null;
  });
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };
  assert.equal(await main(['capture', onlyFirst, '--no-chain-check'], io), 0);
  const bad = join(tmp.dir, 'bad.cap');
  writeFileSync(bad, 'this is not a capture');
  const err: string[] = [];
  assert.equal(await main(['capture', bad], { ...io, stderr: { write: (s: string) => err.push(s) } }), 2);
  assert.match(err.join(''), /not a capture file \(first bytes 74 68 69 73\).*offset 0/);
  assert.equal(await main(['capture', join(tmp.dir, 'missing.pcap')], io), 2);
});
