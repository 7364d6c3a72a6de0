// Starting and stopping the lab: fast start, `only`, typed errors for bad options, stop() closing
// every listener and every held connection, and a lab that cleans up when its process exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLab, SCENARIOS } from '../../src/lab/index.js';
import { TlsDoctorError } from '../../src/errors.js';
import { captureClientHello, rawExchange, tlsAttempt } from './helpers.js';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** a client connection that resolves with how long it stayed open once `closed` is awaited */
function holdOpen(port: number, first: Buffer): { ready: Promise<void>; closed: Promise<number> } {
  const s = net.connect({ port, host: '127.0.0.1' });
  s.on('data', () => {});
  s.on('error', () => {});
  const ready = new Promise<void>((r) => s.on('connect', () => s.write(first, () => r())));
  const closed = new Promise<number>((r) => {
    const t0 = performance.now();
    s.on('close', () => r(performance.now() - t0));
  });
  return { ready, closed };
}

test('unknown scenario ids and bad options are usage errors naming what is known', async () => {
  await assert.rejects(startLab({ only: ['healthy', 'no-such-thing'] }), (e: unknown) => {
    assert.ok(e instanceof TlsDoctorError);
    assert.equal(e.code, 'USAGE');
    assert.match(e.message, /'no-such-thing'/);
    assert.match(e.message, /known: healthy, tls10-only/);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  await assert.rejects(
    startLab({ holdMs: 0 }),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'USAGE',
  );
  await assert.rejects(
    startLab({ holdMs: Number.NaN }),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'USAGE',
  );
});

test('only: starts just those scenarios; get() of another is a usage error', async () => {
  const lab = await startLab({ only: ['middlebox-sni', 'healthy'] });
  try {
    assert.deepEqual(
      lab.scenarios.map((s) => s.id),
      ['healthy', 'middlebox-sni'],
    );
    assert.throws(
      () => lab.get('expired'),
      (e: unknown) => e instanceof TlsDoctorError && e.code === 'USAGE' && /not running/.test(e.message),
    );
    const h = lab.get('healthy');
    const r = await tlsAttempt({ host: h.host, port: h.port, servername: h.serverName, ca: lab.caPem });
    assert.ok(r.ok && r.authorized);
  } finally {
    await lab.stop();
  }
});

test('stop() closes listeners, held connections (silent, middlebox) and open TLS sessions; twice is fine', async () => {
  const lab = await startLab({ only: ['healthy', 'silent', 'middlebox-sni', 'http-on-tls-port'] });
  try {
    const caFile = lab.caFile;
    assert.ok(existsSync(caFile));
    const blocked = await captureClientHello({ servername: lab.get('middlebox-sni').serverName });
    const other = await captureClientHello({ servername: 'healthy.lab.tlsdoctor.test' });
    const held = [
      holdOpen(lab.get('silent').port, other),
      holdOpen(lab.get('middlebox-sni').port, blocked),
      holdOpen(lab.get('healthy').port, other), // a TLS session mid-handshake on the HTTPS server
    ];
    await Promise.all(held.map((h) => h.ready));
    // they really are held: nothing closes them for 200 ms
    const early = await Promise.race([
      ...held.map((h) => h.closed),
      new Promise<number>((r) => setTimeout(() => r(-1), 200)),
    ]);
    assert.equal(early, -1);

    const ports = lab.scenarios.flatMap((s) => [s.port, s.httpPort!]);
    const t0 = performance.now();
    await lab.stop();
    const stopMs = performance.now() - t0;
    // held connections last 60 s: stop() must close them, not wait for them (a hang guard, not a speed check)
    assert.ok(stopMs < 10_000, `stop took ${stopMs} ms`);
    const lifetimes = await Promise.all(held.map((h) => h.closed));
    assert.equal(lifetimes.length, 3);
    for (const p of ports) assert.equal(await refused(p), true, `port ${p} still accepts`);
    assert.equal(existsSync(caFile), false);
    await lab.stop(); // twice is fine
  } finally {
    await lab.stop();
  }
});

test('a scenario stops on its own; the others keep running', async () => {
  const lab = await startLab({ only: ['healthy', 'alert-40'] });
  try {
    await lab.get('alert-40').stop();
    assert.equal(await refused(lab.get('alert-40').port), true);
    const h = lab.get('healthy');
    const r = await tlsAttempt({ host: h.host, port: h.port, servername: h.serverName, ca: lab.caPem });
    assert.ok(r.ok && r.authorized);
  } finally {
    await lab.stop();
  }
});

test('held connections are dropped after holdMs', async () => {
  const lab = await startLab({ only: ['silent'], holdMs: 300 });
  try {
    const r = await rawExchange(lab.get('silent').port, Buffer.from([0x16, 3, 1, 0, 1, 1]), 4500);
    assert.equal(r.ending, 'fin');
    assert.ok(r.ms >= 250 && r.ms < 4000, `held ${r.ms} ms`);
  } finally {
    await lab.stop();
  }
});

test('a fresh process starts the whole lab in well under 2 s and leaves nothing behind when it exits', async (t) => {
  const child = fileURLToPath(new URL('./child-lab.ts', import.meta.url));
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', child], { timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
  const report = JSON.parse(out) as { ms: number; cpuMs: number; caFile: string; ports: number[] };
  t.diagnostic(
    `lab start in a fresh process (PKI included): ${report.ms.toFixed(0)} ms wall, ${report.cpuMs.toFixed(0)} ms CPU`,
  );
  // start-up speed is measured by `npm run bench`, not asserted here (timed unit tests flake under load)
  assert.equal(report.ports.length, SCENARIOS.length);
  assert.equal(existsSync(report.caFile), false, 'temp CA file survived the process');
  for (const p of report.ports) assert.equal(await refused(p), true);
});
