// A HelloRetryRequest is not acceptance until the hello with the asked-for key share gets a
// ServerHello (RFC 8446 §4.1.4). A real server that prefers another group (Node.js/OpenSSL with
// ecdhCurve P-384) is found accepting TLS 1.3; a server that answers every hello with another
// HelloRetryRequest is not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { scanCommand } from '../../src/app/scan-report.js';
import {
  ContentType,
  ExtensionType,
  HELLO_RETRY_REQUEST_RANDOM,
  HandshakeType,
  Version,
  encodeHandshake,
  encodeRecords,
  encodeServerHello,
} from '../../src/wire/index.js';
import { makePki, startRaw, type Running, type TestPki } from './servers.js';

let pki: TestPki;
let tls: TlsServer;
const running: Running[] = [];
before(async () => {
  pki = makePki();
  tls = createTlsServer(
    { key: pki.keyPem, cert: pki.certPem, ecdhCurve: 'P-384', minVersion: 'TLSv1.3' },
    (s) => s.end(),
  );
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
});
after(async () => {
  tls.close();
  await Promise.all(running.map((r) => r.stop()));
  pki.cleanup();
});

const tls13 = (r: Awaited<ReturnType<typeof scanCommand>>) =>
  r.data.scan.versions.find((v) => v.version === Version.TLS13)!;

test('a server that asks for a P-384 key share is accepting TLS 1.3', async () => {
  const r = await scanCommand(`127.0.0.1:${(tls.address() as { port: number }).port}`, { timeoutMs: 3000 });
  assert.equal(tls13(r).accepted, true);
  assert.ok(
    r.observations.some(
      (o) =>
        o.kind === 'probe.hello' &&
        (o as unknown as { outcome: { status: string } }).outcome.status === 'hello-retry',
    ),
    'the first hello got a HelloRetryRequest',
  );
});

test('a server that answers every hello with a HelloRetryRequest does not accept TLS 1.3', async () => {
  const hrr = encodeRecords(
    ContentType.handshake,
    Version.TLS12,
    encodeHandshake(
      HandshakeType.server_hello,
      encodeServerHello({
        legacyVersion: Version.TLS12,
        random: HELLO_RETRY_REQUEST_RANDOM,
        sessionId: Buffer.alloc(0),
        cipherSuite: 0x1301,
        compressionMethod: 0,
        extensions: [
          { type: ExtensionType.supported_versions, data: Buffer.from([0x03, 0x04]) },
          { type: ExtensionType.key_share, data: Buffer.from([0x00, 0x1d]) },
        ],
      }),
    ),
    16384,
  );
  const raw = await startRaw((s: Socket) =>
    s.once('data', () => {
      s.write(hrr);
      setTimeout(() => s.destroy(), 200).unref();
    }),
  );
  running.push(raw);
  const r = await scanCommand(`127.0.0.1:${raw.port}`, { timeoutMs: 3000 });
  assert.equal(tls13(r).accepted, false);
  assert.match(tls13(r).detail ?? '', /HelloRetryRequest for group 0x1d, then another HelloRetryRequest/);
});
