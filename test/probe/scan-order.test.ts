// The accepted suites and the server's preference order found with parallel probes (scan-order.ts),
// checked against real servers whose order we configure and read back from the implementation
// itself: `openssl ciphers -V`, `gnutls-cli --list`; and a server that follows the client's order.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ProbeSession } from '../../src/probe/session.js';
import { ProbeRunner } from '../../src/probe/runner.js';
import { discoverSuiteOrder, interleave, type SuiteOrder } from '../../src/probe/scan-order.js';
import { suitesByCommonness, wideHello } from '../../src/probe/hellos.js';
import { Version } from '../../src/wire/index.js';
import { cipherSuite } from '../../src/wire/registry/index.js';
import {
  freePort,
  hasBinary,
  makePki,
  nginxBinary,
  opensslCipherCodes,
  startNginx,
  startOpenSslServer,
  type Running,
  type TestPki,
} from './servers.js';

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

/** The search over every TLS 1.2 suite we know, against a real server through real probes. */
async function orderOf(port: number): Promise<SuiteOrder & { connections: number }> {
  const s = new ProbeSession({
    endpoint: { address: '127.0.0.1', port },
    deadlines,
    runner: new ProbeRunner(16, 16),
  });
  const r = await discoverSuiteOrder(suitesByCommonness(Version.TLS12), async (offer, id) => {
    const o = await s.hello(id, 'suite', wideHello(Version.TLS12, offer, { serverName: 'localhost' }));
    return o.status === 'server-hello' && o.serverHello!.version === Version.TLS12
      ? o.serverHello!.cipherSuite
      : undefined;
  });
  return { ...r, connections: s.runner.connections };
}

/** suites an RSA certificate can serve (the servers' lists also name ECDSA and PSK ones) */
const rsaUsable = (codes: number[]): number[] =>
  codes.filter((c) => ['RSA', 'any'].includes(cipherSuite(c)?.auth ?? '') && cipherSuite(c)?.kx !== 'PSK');

// A Mozilla-"intermediate"-like list widened with CBC, plain-RSA and CAMELLIA suites: 22 for RSA
const WIDE =
  'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA:DHE-RSA-CAMELLIA128-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:CAMELLIA256-SHA';

function dhParams(): string {
  const dh = join(pki.dir, 'dh.pem');
  execFileSync('openssl', [
    'genpkey',
    '-genparam',
    '-algorithm',
    'DH',
    '-pkeyopt',
    'group:ffdhe2048',
    '-out',
    dh,
  ]);
  return dh;
}

test(
  'nginx, ssl_prefer_server_ciphers on, 22 suites: the configured order, in far fewer round trips than the chain',
  { skip: nginxBinary() ? false : 'nginx not installed' },
  async () => {
    const srv = await startNginx(
      pki,
      `ssl_protocols TLSv1.2; ssl_ciphers ${WIDE}; ssl_prefer_server_ciphers on; ssl_dhparam ${dhParams()};`,
    );
    running.push(srv);
    const r = await orderOf(srv.port);
    const want = opensslCipherCodes(WIDE, 'legacy');
    assert.equal(want.length, 22);
    assert.deepEqual(r.suites, want);
    assert.equal(r.serverOrder, true);
    // the removal chain needs 23 dependent round trips (one per suite and a refusal)
    assert.ok(r.rounds <= 12, `${r.rounds} round trips`);
    assert.equal(r.connections, r.probes);
    assert.ok(r.probes <= 80, `${r.probes} probes`);
  },
);

test('openssl s_server -serverpref with an unusual order (plain RSA first, 256-bit before 128)', async () => {
  const ciphers =
    'AES256-SHA:CAMELLIA128-SHA:ECDHE-RSA-AES256-SHA:AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:AES128-SHA';
  const srv = await startOpenSslServer(pki, [
    '-serverpref',
    '-cipher',
    ciphers,
    '-no_tls1_3',
    '-dhparam',
    dhParams(),
  ]);
  running.push(srv);
  const r = await orderOf(srv.port);
  assert.deepEqual(r.suites, opensslCipherCodes(ciphers, 'legacy'));
  assert.equal(r.serverOrder, true);
});

test('openssl s_server without -serverpref follows the client: no order, the accepted set', async () => {
  const ciphers = 'ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:ECDHE-RSA-AES256-SHA384:AES128-SHA';
  const srv = await startOpenSslServer(pki, ['-cipher', ciphers, '-no_tls1_3']);
  running.push(srv);
  const r = await orderOf(srv.port);
  assert.equal(r.serverOrder, false);
  assert.deepEqual(
    [...r.suites].sort((a, b) => a - b),
    opensslCipherCodes(ciphers, 'legacy').sort((a, b) => a - b),
  );
  // one probe per suite, one refusal per part, at most one pair offered both ways: no merge rounds
  assert.ok(r.probes <= 4 + 8 + 2, `${r.probes} probes`);
});

/** gnutls-serv on 127.0.0.1 with `priority`; stopped by the test's after hook. */
async function startGnutls(priority: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(
    'gnutls-serv',
    [
      '--port',
      String(port),
      '--x509certfile',
      pki.certFile,
      '--x509keyfile',
      pki.keyFile,
      '--priority',
      priority,
      '--quiet',
    ],
    { stdio: 'ignore' },
  );
  const stop = (): Promise<void> =>
    new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
  running.push({ port, stop });
  for (const t0 = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`gnutls-serv exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((r) => {
      const c = connect(port, '127.0.0.1', () => (c.destroy(), r(true)));
      c.on('error', () => r(false));
    });
    if (up) break;
    if (Date.now() - t0 > 10_000) throw new Error('gnutls-serv did not listen within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stop };
}

test(
  'gnutls-serv with %SERVER_PRECEDENCE: the order of its priority string',
  { skip: hasBinary('gnutls-serv') ? false : 'gnutls-bin not installed' },
  async () => {
    const priority = 'NORMAL:%SERVER_PRECEDENCE:-VERS-ALL:+VERS-TLS1.2';
    const srv = await startGnutls(priority);
    const r = await orderOf(srv.port);
    const listed = execFileSync('gnutls-cli', ['--priority', priority, '--list'])
      .toString()
      .split('\n')
      .map((l) => /\s0x([0-9a-f]{2}), 0x([0-9a-f]{2})\s/i.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => parseInt(m[1]! + m[2]!, 16));
    assert.deepEqual(r.suites, rsaUsable(listed));
    assert.equal(r.serverOrder, true);
  },
);

test('interleave deals the candidates round-robin, so the usual suites spread over every part', () => {
  assert.deepEqual(interleave([1, 2, 3, 4, 5, 6, 7], 3), [
    [1, 4, 7],
    [2, 5],
    [3, 6],
  ]);
  assert.deepEqual(interleave([1, 2], 8), [[1], [2]]);
});

test('openssl s_server -serverpref, shuffled orders the trait guess cannot know: still exact', async () => {
  const pool = WIDE.split(':').filter((c) => !c.startsWith('DHE'));
  let seed = 7;
  const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let round = 0; round < 4; round++) {
    const order = [...pool];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const ciphers = order.slice(0, 12).join(':');
    const srv = await startOpenSslServer(pki, ['-serverpref', '-cipher', ciphers, '-no_tls1_3']);
    running.push(srv);
    try {
      const r = await orderOf(srv.port);
      assert.deepEqual(r.suites, opensslCipherCodes(ciphers, 'legacy'), ciphers);
      assert.equal(r.serverOrder, true);
      // never more dependent round trips than the chain (12 suites + 1 refusal) plus the parts' search
      assert.ok(r.rounds <= 13 + 4, `${r.rounds} round trips for ${ciphers}`);
    } finally {
      await srv.stop();
    }
  }
});
