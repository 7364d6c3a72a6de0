// One hello → exactly one outcome, against real and hostile local servers.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { probeHello, prepareHello, type Endpoint } from '../../src/probe/hello-probe.js';
import { wideHello, suitesByCommonness } from '../../src/probe/hellos.js';
import { outcomeFromError, OUTCOME_STATUSES } from '../../src/probe/outcome.js';
import { Version, encodeRecord, encodeAlertRecord } from '../../src/wire/index.js';
import { TLS13_SUITES } from '../../src/wire/registry/index.js';
import { makePki, startNodeTls, startRaw, freePort, type TestPki, type Running } from './servers.js';

const deadlines = { connectMs: 2000, readMs: 1500, totalMs: 4000 };
const ep = (port: number): Endpoint => ({ address: '127.0.0.1', port });
const tls12 = () =>
  prepareHello(
    wideHello(Version.TLS12, suitesByCommonness(Version.TLS12).slice(0, 128), { serverName: 'localhost' }),
  );
const tls13 = () => prepareHello(wideHello(Version.TLS13, TLS13_SUITES, { serverName: 'localhost' }));

let pki: TestPki;
const running: Running[] = [];
before(() => {
  pki = makePki();
});
after(async () => {
  await Promise.all(running.map((r) => r.stop()));
  pki.cleanup();
});
async function raw(h: (s: Socket) => void): Promise<number> {
  const r = await startRaw(h);
  running.push(r);
  return r.port;
}

test('server-hello from a real TLS 1.2 server, with the clear certificate chain', async () => {
  const srv = await startNodeTls({ key: pki.keyPem, cert: pki.certPem, maxVersion: 'TLSv1.2' });
  running.push(srv);
  const o = await probeHello(ep(srv.port), tls12(), { deadlines, until: 'flight' });
  assert.equal(o.status, 'server-hello');
  assert.equal(o.serverHello!.version, Version.TLS12);
  assert.ok(o.certificates && o.certificates.length === 1);
  const pem = pki.certPem.replace(/-----[^-]+-----|\s/g, '');
  assert.equal(o.certificates[0], pem);
  assert.equal(o.serverKeyExchange?.kind, 'ecdhe');
  assert.ok(o.timings.connectMs !== undefined && o.timings.firstByteMs !== undefined);
});

test('server-hello for TLS 1.3 stops at the ServerHello (the rest is encrypted)', async () => {
  const srv = await startNodeTls({ key: pki.keyPem, cert: pki.certPem });
  running.push(srv);
  const o = await probeHello(ep(srv.port), tls13(), { deadlines, until: 'flight' });
  assert.equal(o.status, 'server-hello');
  assert.equal(o.serverHello!.version, Version.TLS13);
  assert.ok(TLS13_SUITES.includes(o.serverHello!.cipherSuite));
  assert.equal(o.certificates, undefined);
});

test('hello-retry when the only offered key share is for a group the server does not pick', async () => {
  const srv = await startNodeTls({ key: pki.keyPem, cert: pki.certPem, ecdhCurve: 'P-384' });
  running.push(srv);
  const o = await probeHello(
    ep(srv.port),
    prepareHello(
      wideHello(Version.TLS13, TLS13_SUITES, { groups: [0x001d, 0x0018], keyShareGroups: [0x001d] }),
    ),
    { deadlines },
  );
  assert.equal(o.status, 'hello-retry');
  assert.equal(o.helloRetry!.selectedGroup, 0x0018);
});

test('alert: a TLS 1.3-only server answers a TLS 1.0 hello with protocol_version', async () => {
  const srv = await startNodeTls({ key: pki.keyPem, cert: pki.certPem, minVersion: 'TLSv1.3' });
  running.push(srv);
  const o = await probeHello(
    ep(srv.port),
    prepareHello(wideHello(Version.TLS10, suitesByCommonness(Version.TLS10).slice(0, 100))),
    { deadlines },
  );
  assert.equal(o.status, 'alert');
  assert.equal(o.alert!.description, 70);
});

test('refused: nothing listens', async () => {
  const port = await freePort();
  const o = await probeHello(ep(port), tls12(), { deadlines });
  assert.equal(o.status, 'refused');
});

test('timeout: a server that accepts and stays silent', async () => {
  const port = await raw(() => undefined);
  const o = await probeHello(ep(port), tls12(), { deadlines: { ...deadlines, readMs: 300 } });
  assert.equal(o.status, 'timeout');
  assert.equal(o.bytesReceived, 0);
  assert.match(o.error!, /no answer within 300 ms/);
});

test('reset: a server that resets after the hello', async () => {
  const port = await raw((s) => s.once('data', () => s.resetAndDestroy()));
  const o = await probeHello(ep(port), tls12(), { deadlines });
  assert.equal(o.status, 'reset');
});

test('closed: a server that closes (FIN) after the hello', async () => {
  const port = await raw((s) => s.once('data', () => s.end()));
  const o = await probeHello(ep(port), tls12(), { deadlines });
  assert.equal(o.status, 'closed');
});

test('not-tls: plain HTTP on the TLS port, with the first bytes', async () => {
  const port = await raw((s) =>
    s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')),
  );
  const o = await probeHello(ep(port), tls12(), { deadlines });
  assert.equal(o.status, 'not-tls');
  assert.match(o.error!, /plain HTTP/);
  assert.equal(Buffer.from(o.firstBytes!, 'hex').subarray(0, 8).toString(), 'HTTP/1.1');
});

test('not-tls: garbage bytes', async () => {
  const port = await raw((s) =>
    s.once('data', () => s.write(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]))),
  );
  const o = await probeHello(ep(port), tls12(), { deadlines });
  assert.equal(o.status, 'not-tls');
});

test('a 16 MB record header is refused at once, without reading 16 MB', async () => {
  const port = await raw((s) =>
    s.once('data', () => {
      const hdr = Buffer.from([22, 3, 3, 0xff, 0xff]);
      s.write(hdr);
      // then keep sending: the probe must not wait for (or buffer) all of it
      const t = setInterval(() => (s.writable ? s.write(Buffer.alloc(16384)) : clearInterval(t)), 5);
      s.on('close', () => clearInterval(t));
    }),
  );
  const o = await probeHello(ep(port), tls12(), { deadlines });
  assert.equal(o.status, 'not-tls');
  assert.ok(o.bytesReceived < 1024 * 1024, `read ${o.bytesReceived} bytes`);
});

test('a server that drips one byte at a time is bounded by the total deadline', async () => {
  const port = await raw((s) =>
    s.once('data', () => {
      const hello = encodeRecord(22, 0x0303, Buffer.from([2, 0, 0, 100]));
      let i = 0;
      const t = setInterval(
        () => (i < hello.length && s.writable ? s.write(hello.subarray(i, ++i)) : clearInterval(t)),
        100,
      );
      s.on('close', () => clearInterval(t));
    }),
  );
  const t0 = Date.now();
  const o = await probeHello(ep(port), tls12(), {
    deadlines: { connectMs: 1000, readMs: 500, totalMs: 700 },
  });
  assert.equal(o.status, 'timeout');
  assert.ok(o.bytesReceived > 0);
  assert.ok(Date.now() - t0 < 2000);
});

test('an alert record from a raw server is an alert outcome, not a crash', async () => {
  const port = await raw((s) => s.once('data', () => s.end(encodeAlertRecord(40))));
  const o = await probeHello(ep(port), tls12(), { deadlines });
  assert.equal(o.status, 'alert');
  assert.deepEqual(o.alert, { level: 2, description: 40, afterServerHello: false });
});

test('Node errors map to the closed vocabulary in one place', () => {
  const cases: Array<[string, string]> = [
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['ETIMEDOUT', 'timeout'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENOTFOUND', 'dns-error'],
  ];
  for (const [code, status] of cases) {
    const m = outcomeFromError(Object.assign(new Error(code), { code }));
    assert.equal(m?.status, status);
    assert.ok(OUTCOME_STATUSES.includes(m!.status));
  }
  assert.equal(outcomeFromError(new Error('other')), undefined);
});
