// Odd and hostile servers on loopback, each diagnosed end to end: the verdict must name what a real
// client meets — never "healthy" when no client can connect — within a time bound (a hang guard,
// not a speed test) and with a report of bounded size. The servers are raw TCP scripts that answer
// the first bytes of each connection with a crafted flight, or a relay in front of a real Node.js TLS
// server that adds one oddity.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { diagnose } from '../../src/app/diagnose.js';
import type { DiagnoseReport } from '../../src/model/report.js';
import type { HelloObservation } from '../../src/model/observations/probe.js';
import { AlertDescription, AlertLevel, ContentType, Version, encodeRecords } from '../../src/wire/index.js';
import { certificate, serverHello, serverHelloDone } from '../probe/flights.js';
import { makePki, startRaw, type Running, type TestPki } from '../probe/servers.js';

let pki: TestPki;
let der: Buffer;
const running: Running[] = [];
const tlsServers: TlsServer[] = [];
before(() => {
  pki = makePki();
  der = Buffer.from(new X509Certificate(pki.certPem).raw);
});
after(async () => {
  await Promise.all(running.map((r) => r.stop()));
  for (const s of tlsServers) s.close();
  pki.cleanup();
});

const records = (type: number, data: Buffer): Buffer => encodeRecords(type, Version.TLS12, data, 16384);
const alert = (level: number, description: number): Buffer =>
  records(ContentType.alert, Buffer.from([level, description]));

/** a raw server that answers the first bytes of every connection with `answer`, then closes after `closeMs` */
async function raw(answer: () => Buffer, closeMs = 300): Promise<number> {
  const r = await startRaw((s: Socket) =>
    s.once('data', () => {
      s.write(answer());
      setTimeout(() => s.destroy(), closeMs).unref();
    }),
  );
  running.push(r);
  return r.port;
}

async function run(port: number): Promise<{ report: DiagnoseReport; ms: number; ids: string[] }> {
  const t0 = Date.now();
  const report = await diagnose(`https://localhost:${port}/`, {
    ip: '127.0.0.1',
    timeoutMs: 1500,
    httpPort: 0,
  });
  const ms = Date.now() - t0;
  // hang guard and size bound: these servers send little; a report that grows with their bytes is a bug
  assert.ok(ms < 30_000, `diagnose took ${ms} ms`);
  const json = JSON.stringify(report);
  assert.ok(json.length < 2_000_000, `report is ${json.length} bytes`);
  return { report, ms, ids: report.findings.map((f) => f.id) };
}

const hellos = (r: DiagnoseReport) =>
  r.observations.filter((o): o is HelloObservation => o.kind === 'probe.hello');

describe('hostile and odd servers: the verdict names what a real client meets', () => {
  test('a warning alert (unrecognized_name) before a normal ServerHello is not a refusal', async () => {
    // Apache's behaviour for a name it has no site for: warning 112, then its ServerHello
    const port = await raw(() =>
      Buffer.concat([
        alert(AlertLevel.warning, AlertDescription.unrecognized_name),
        records(ContentType.handshake, Buffer.concat([serverHello(), certificate([der]), serverHelloDone()])),
      ]),
    );
    const { report, ids } = await run(port);
    assert.ok(!ids.includes('handshake.no-server-hello'), ids.join(' '));
    assert.ok(!ids.includes('handshake.alert-on-hello'), ids.join(' '));
    assert.ok(!ids.includes('protocol.no-common-version'), ids.join(' '));
    const answered = hellos(report).filter((h) => h.outcome.status === 'server-hello');
    assert.ok(answered.length > 0, 'hellos get their ServerHello past the warning');
    assert.deepEqual(answered[0]!.outcome.warningAlerts, [AlertDescription.unrecognized_name]);
  });

  test('no renegotiation_info: OpenSSL 3 clients refuse — a blocker naming RFC 5746, not "healthy"', async () => {
    const port = await raw(() =>
      records(
        ContentType.handshake,
        Buffer.concat([serverHello({ reneg: false }), certificate([der]), serverHelloDone()]),
      ),
    );
    const { report, ids } = await run(port);
    assert.notEqual(report.verdict.status, 'healthy');
    const f = report.findings.find((x) => x.id === 'handshake.client-fails');
    assert.ok(f, ids.join(' '));
    assert.match(f.summary, /does not support secure renegotiation/);
  });

  test('a TLS 1.2 ServerHello that picks a TLS 1.3 suite: the client refuses, and the report says so', async () => {
    const port = await raw(() =>
      records(
        ContentType.handshake,
        Buffer.concat([serverHello({ suite: 0x1301 }), certificate([der]), serverHelloDone()]),
      ),
    );
    const { report, ids } = await run(port);
    assert.notEqual(report.verdict.status, 'healthy');
    assert.ok(ids.includes('handshake.client-fails'), ids.join(' '));
  });

  test("a Certificate message of 200 certificates (over OpenSSL's 100 KiB limit) is a blocker", async () => {
    const many = Array.from({ length: 200 }, () => der);
    const port = await raw(() =>
      records(ContentType.handshake, Buffer.concat([serverHello(), certificate(many), serverHelloDone()])),
    );
    const { report, ids } = await run(port);
    assert.notEqual(report.verdict.status, 'healthy');
    const f = report.findings.find((x) => x.id === 'handshake.client-fails');
    assert.ok(f, ids.join(' '));
  });

  test('a partial ServerHello then a close: the report says bytes came, not "without a byte"', async () => {
    const full = records(ContentType.handshake, serverHello());
    const port = await raw(() => full.subarray(0, 30), 50);
    const { report, ids } = await run(port);
    assert.notEqual(report.verdict.status, 'healthy');
    const partial = hellos(report).find((h) => h.outcome.partial);
    assert.ok(partial, 'an outcome records the partial answer');
    assert.match(
      partial.outcome.partial!,
      /^30 bytes came, ending in 25 of the \d+ bytes of a handshake record \(ServerHello\)$/,
    );
    const text = JSON.stringify(report.findings);
    assert.doesNotMatch(text, /without a byte|no byte back/, ids.join(' '));
  });

  test('a relay that adds a warning alert in front of a real TLS server: real clients still connect', async () => {
    const tls = createTlsServer({ key: pki.keyPem, cert: pki.certPem }, (s) =>
      s.end('HTTP/1.1 200 OK\r\n\r\n'),
    );
    tlsServers.push(tls);
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
    const backend = (tls.address() as { port: number }).port;
    const r = await startRaw((client: Socket) => {
      const up = connect(backend, '127.0.0.1');
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
      let first = true;
      up.on('data', (d) => {
        if (first) client.write(alert(AlertLevel.warning, AlertDescription.unrecognized_name));
        first = false;
        client.write(d);
      });
      client.on('data', (d) => up.write(d));
      up.on('close', () => client.destroy());
      client.on('close', () => up.destroy());
    });
    running.push(r);
    const { report, ids } = await run(r.port);
    assert.ok(!ids.includes('handshake.no-server-hello'), ids.join(' '));
    assert.ok(!ids.includes('protocol.no-common-version'), ids.join(' '));
    const tls13 = hellos(report).find((h) => h.outcome.serverHello?.version === Version.TLS13);
    assert.ok(tls13, 'TLS 1.3 found past the warning alert');
  });
});
