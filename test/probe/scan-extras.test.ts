// What one ServerHello in clear cannot show, against real local servers: ALPN on a TLS 1.3-only
// server (EncryptedExtensions), Encrypt-then-MAC (only with a CBC suite), and a server's own
// order behind ChaCha20 prioritisation (OpenSSL's SSL_OP_PRIORITIZE_CHACHA).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:crypto';
import { ProbeSession } from '../../src/probe/session.js';
import { runScan } from '../../src/probe/scan.js';
import { confirmClientOrder, probeAlpnProtocols, probeEncryptThenMac } from '../../src/probe/scan-extras.js';
import { Version } from '../../src/wire/index.js';
import type { ScanFeatures } from '../../src/model/observations/probe.js';
import { makePki, startNodeTls, startOpenSslServer, type Running, type TestPki } from './servers.js';

const deadlines = { connectMs: 2000, readMs: 2000, totalMs: 6000 };
let pki: TestPki;
const running: Running[] = [];
before(() => {
  pki = makePki();
});
after(async () => {
  await Promise.all(running.map((r) => r.stop()));
  pki.cleanup();
});
const session = (port: number): ProbeSession =>
  new ProbeSession({ endpoint: { address: '127.0.0.1', port }, deadlines });

test('ALPN on a TLS 1.3-only server is read from a full handshake, one protocol at a time', async () => {
  const srv = await startNodeTls({
    key: pki.keyPem,
    cert: pki.certPem,
    minVersion: 'TLSv1.3',
    ALPNProtocols: ['http/1.1'],
  });
  running.push(srv);
  assert.deepEqual(await probeAlpnProtocols(session(srv.port), [Version.TLS13], 'localhost'), ['http/1.1']);
  // the same server without ALPN selects none
  const none = await startNodeTls({ key: pki.keyPem, cert: pki.certPem, minVersion: 'TLSv1.3' });
  running.push(none);
  assert.deepEqual(await probeAlpnProtocols(session(none.port), [Version.TLS13], 'localhost'), []);
});

test('Encrypt-then-MAC: yes with a CBC suite, no with -no_etm, n/a without CBC suites', async () => {
  const [on, off, aead] = await Promise.all([
    startOpenSslServer(pki, ['-no_tls1_3', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA']),
    startOpenSslServer(pki, ['-no_tls1_3', '-cipher', 'ECDHE-RSA-AES128-SHA', '-no_etm']),
    startOpenSslServer(pki, ['-no_tls1_3', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256']),
  ]);
  running.push(on, off, aead);
  const [a, b, c] = (await Promise.all(
    [on, off, aead].map(
      async (srv) => (await runScan(session(srv.port), { serverName: 'localhost' })).features,
    ),
  )) as [ScanFeatures, ScanFeatures, ScanFeatures];
  assert.equal(a.encryptThenMac, true);
  assert.equal(b.encryptThenMac, false);
  assert.equal(c.encryptThenMac, null);
  // the probe alone: asked with the CBC suites the server accepted
  assert.equal(
    await probeEncryptThenMac(
      session(on.port),
      [{ version: Version.TLS12, suites: [0xc013], serverOrder: null }],
      'localhost',
    ),
    true,
  );
});

test('a server order behind ChaCha20 prioritisation is found, and read with ChaCha20 offered last', async () => {
  const ciphers = 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256';
  const srv = await startNodeTls({
    key: pki.keyPem,
    cert: pki.certPem,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
    ciphers,
    honorCipherOrder: true,
    secureOptions: constants.SSL_OP_PRIORITIZE_CHACHA,
  });
  running.push(srv);
  // as a chain that found ChaCha20 first would report it: client order
  const checked = await confirmClientOrder(
    session(srv.port),
    { version: Version.TLS12, suites: [0xcca8, 0xc030, 0xc02f], serverOrder: false },
    'localhost',
  );
  assert.equal(checked.serverOrder, true);
  assert.deepEqual(checked.suites, [0xc030, 0xcca8, 0xc02f]);
  // the whole scan agrees
  const r = await runScan(session(srv.port), { serverName: 'localhost' });
  const tls12 = r.suites.find((s) => s.version === Version.TLS12)!;
  assert.equal(tls12.serverOrder, true);
  assert.deepEqual(tls12.suites, [0xc030, 0xcca8, 0xc02f]);
  // a true client-order server stays one
  const client = await startOpenSslServer(pki, ['-no_tls1_3', '-cipher', ciphers]);
  running.push(client);
  const same = await confirmClientOrder(
    session(client.port),
    { version: Version.TLS12, suites: [0xc030, 0xcca8, 0xc02f], serverOrder: false },
    'localhost',
  );
  assert.equal(same.serverOrder, false);
});
