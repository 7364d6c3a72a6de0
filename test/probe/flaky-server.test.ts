// A server (or path) that resets every other connection is reachable and flaky, not unreachable:
// scan finds the same versions and suites as on the server itself, and says connections were dropped.
// A real Node.js TLS server sits behind a TCP relay that resets each second connection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { scanCommand } from '../../src/app/scan-report.js';
import { makePki, type TestPki } from './servers.js';

let pki: TestPki;
let tls: TlsServer;
let relay: Server;
let direct: number;
let flaky: number;

before(async () => {
  pki = makePki();
  tls = createTlsServer({ key: pki.keyPem, cert: pki.certPem }, (s) => s.end());
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
  direct = (tls.address() as { port: number }).port;
  let n = 0;
  relay = createServer((c) => {
    c.on('error', () => undefined);
    if (n++ % 2 === 1) return c.resetAndDestroy();
    const up = connect(direct, '127.0.0.1');
    up.on('error', () => c.destroy());
    c.pipe(up).pipe(c);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
  flaky = (relay.address() as { port: number }).port;
});
after(() => {
  relay.close();
  tls.close();
  pki.cleanup();
});

const summary = (r: Awaited<ReturnType<typeof scanCommand>>) => ({
  versions: r.data.scan.versions.filter((v) => v.accepted).map((v) => v.version),
  suites: r.data.scan.suites.map((s) => ({ version: s.version, suites: s.suites })),
});

test('a server that resets every other connection: same versions and suites as directly, and the verdict says it drops connections', async () => {
  const want = summary(await scanCommand(`127.0.0.1:${direct}`, { timeoutMs: 3000 }));
  assert.ok(want.versions.length >= 2, 'the server itself accepts TLS 1.2 and 1.3');
  const got = await scanCommand(`127.0.0.1:${flaky}`, { timeoutMs: 3000 });
  assert.deepEqual(summary(got), want);
  assert.ok((got.data.scan.droppedThenAnswered ?? 0) > 0);
  assert.match(got.verdict.summary, /dropped \(reset or closed\) and answered on another connection/);
});
