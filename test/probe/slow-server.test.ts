// Slow is not silent, and nothing hangs: real servers (openssl s_server, Node tls) behind a relay
// that holds back, stalls or trickles the server's side of every connection, on 127.0.0.1.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose, diagnoseDeadlineMs } from '../../src/app/diagnose.js';
import { scanCommand } from '../../src/app/scan-report.js';
import { ResourceGroup } from '../../src/lab/servers.js';
import { startDelayRelay, type RelayTiming } from '../../src/lab/middlebox.js';
import { Version } from '../../src/wire/index.js';
import type { HelloObservation } from '../../src/model/observations/probe.js';
import type { Report } from '../../src/model/report.js';
import { makePki, startNodeTls, startOpenSslServer, startRaw, type Running } from './servers.js';

const pki = makePki();
const servers: Running[] = [];
const groups: ResourceGroup[] = [];
after(async () => {
  await Promise.all([...servers.map((s) => s.stop()), ...groups.map((g) => g.stop())]);
  pki.cleanup();
});

let backend: Promise<Running> | undefined;
/** one openssl s_server (TLS 1.2 and 1.3) for every relay of this file */
function openssl(): Promise<Running> {
  backend ??= startOpenSslServer(pki, ['-www']).then((s) => {
    servers.push(s);
    return s;
  });
  return backend;
}

let nodeBackend: Promise<Running> | undefined;
/** one Node tls server (many connections at once, unlike s_server) */
function node(): Promise<Running> {
  nodeBackend ??= startNodeTls({ key: pki.keyPem, cert: pki.certPem }).then((s) => {
    servers.push(s);
    return s;
  });
  return nodeBackend;
}

async function relay(timing: RelayTiming, backend = openssl): Promise<number> {
  const group = new ResourceGroup();
  groups.push(group);
  return startDelayRelay(group, { backendPort: (await backend()).port, holdMs: 30_000, ...timing });
}

const hellos = (r: Report): HelloObservation[] =>
  r.observations.filter((o) => o.kind === 'probe.hello') as HelloObservation[];
const ids = (r: Report) => r.findings.map((f) => f.id);
const answeredVersions = (r: Report) =>
  new Set(
    hellos(r)
      .filter((h) => h.varies?.version !== undefined && h.outcome.status === 'server-hello')
      .map((h) => h.varies!.version),
  );

test('a server whose ServerHello comes 1.2 s late is slow, not silent: versions found, handshake.slow names the step', async () => {
  const port = await relay({ delayMs: 1200 });
  const r = await diagnose(`127.0.0.1:${port}`, { httpPort: 0, sni: 'localhost' });
  assert.ok(!ids(r).includes('handshake.no-server-hello'), ids(r).join(', '));
  const slow = r.findings.find((f) => f.id === 'handshake.slow');
  assert.ok(slow, ids(r).join(', '));
  assert.equal(slow.severity, 'low');
  assert.match(slow.summary, /slowest step is the first byte of the ServerHello \(1\.\d s\)/);
  // the patient probe waited up to the default limit and was answered
  const patient = hellos(r).find((h) => h.purpose === 'timing');
  assert.equal(patient?.varies?.waitMs, 10_000);
  assert.equal(patient?.outcome.status, 'server-hello');
  // every planned probe that gave up too soon was asked again: both versions answered
  assert.ok(answeredVersions(r).has(Version.TLS13) && answeredVersions(r).has(Version.TLS12));
  assert.ok(!hellos(r).some((h) => h.outcome.status === 'timeout'), 'no probe left timed out');
});

test('scan finds the versions of a server whose ServerHello comes 1.2 s late', async () => {
  const port = await relay({ delayMs: 1200 });
  const r = await scanCommand(`127.0.0.1:${port}`, { sni: 'localhost', timeoutMs: 5000 });
  const accepted = r.data.scan.versions.filter((v) => v.accepted).map((v) => v.version);
  assert.deepEqual(accepted.sort(), [Version.TLS12, Version.TLS13]);
  assert.ok(r.data.scan.suites.some((s) => s.suites.length > 0));
});

test('--timeout bounds the wait: with a limit below the delay, the late server is called silent', async () => {
  const port = await relay({ delayMs: 1200 });
  const r = await diagnose(`127.0.0.1:${port}`, { httpPort: 0, sni: 'localhost', timeoutMs: 700 });
  assert.equal(r.findings[0]?.id, 'handshake.no-server-hello', ids(r).join(', '));
  const patient = hellos(r).find((h) => h.purpose === 'timing');
  assert.equal(patient?.varies?.waitMs, 700);
  assert.equal(patient?.outcome.status, 'timeout');
  assert.ok(
    r.findings[0]!.evidence.some((e) => /waited up to 700 ms \(--timeout\).*a silent server/.test(e.text)),
  );
});

test('a silent server: one probe waits the whole --timeout, the verdict is no-server-hello', async (t) => {
  const silent = await startRaw((s) => {
    s.on('data', () => undefined);
    s.setTimeout(20_000, () => s.destroy());
  });
  t.after(() => silent.stop());
  const r = await diagnose(`127.0.0.1:${silent.port}`, { httpPort: 0, timeoutMs: 1500 });
  assert.equal(r.findings[0]?.id, 'handshake.no-server-hello');
  const patient = hellos(r).find((h) => h.purpose === 'timing');
  assert.equal(patient?.outcome.status, 'timeout');
  assert.ok((patient?.outcome.timings.totalMs ?? 0) >= 1500);
});

// Every stage a server can stall at ends in a report: the per-probe deadlines and the run's own.
// These only wait (relays and raw servers of their own), so they run side by side.
describe('stalls and deadlines', { concurrency: true }, () => {
  const STALLS: Array<{ name: string; timing: RelayTiming }> = [
    {
      name: 'stalls in the middle of the ServerHello record (after 20 bytes)',
      timing: { stallAfterBytes: 20 },
    },
    { name: 'stalls after the ServerHello (after 150 bytes)', timing: { stallAfterBytes: 150 } },
    { name: 'trickles its answer, one byte every 300 ms', timing: { trickleMs: 300 } },
  ];
  for (const { name, timing } of STALLS) {
    test(`a server that ${name}: diagnose ends with a report within its deadline`, async () => {
      const port = await relay(timing, node);
      const timeoutMs = 1500;
      const r = await diagnose(`127.0.0.1:${port}`, { httpPort: 0, sni: 'localhost', timeoutMs });
      assert.ok(r.durationMs <= diagnoseDeadlineMs(timeoutMs) + 5000, `took ${r.durationMs} ms`);
      assert.notEqual(r.verdict.status, 'healthy', r.verdict.summary);
      assert.ok(r.findings.length > 0);
    });
  }

  test('the run deadline cuts a long wait short and the report says what did not finish', async (t) => {
    const silent = await startRaw((s) => {
      s.on('data', () => undefined);
      s.setTimeout(20_000, () => s.destroy());
    });
    t.after(() => silent.stop());
    const r = await diagnose(`127.0.0.1:${silent.port}`, {
      httpPort: 0,
      timeoutMs: 20_000,
      deadlineMs: 2500,
    });
    assert.ok(r.durationMs < 10_000, `took ${r.durationMs} ms`);
    assert.equal(r.warnings?.length, 1);
    assert.match(r.warnings![0]!, /deadline of 2500 ms .* passed before these finished: .*handshake probe/);
    assert.notEqual(r.verdict.status, 'healthy');
  });

  test('scan: the run deadline stops the probes and the report says it is partial', async (t) => {
    const silent = await startRaw((s) => {
      s.on('data', () => undefined);
      s.setTimeout(20_000, () => s.destroy());
    });
    t.after(() => silent.stop());
    const r = await scanCommand(`127.0.0.1:${silent.port}`, { timeoutMs: 20_000, deadlineMs: 2000 });
    assert.ok(r.durationMs < 10_000, `took ${r.durationMs} ms`);
    assert.match(r.warnings?.[0] ?? '', /deadline of 2000 ms .* partial/);
  });

  test('scan: a healthy server cut short by the deadline gets no verdict, never "healthy"', async (t) => {
    // a certificate nothing is wrong with (trusted through --ca, a year of validity), every answer
    // 300 ms late: the versions are found, the suite search is not finished by 1.5 s
    const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-partial-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-days',
        '365',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const backend = await startNodeTls({
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    });
    servers.push(backend);
    const port = await relay({ delayMs: 300 }, () => Promise.resolve(backend));
    const r = await scanCommand(`127.0.0.1:${port}`, {
      sni: 'localhost',
      timeoutMs: 3000,
      deadlineMs: 1500,
      caFiles: [join(dir, 'cert.pem')],
    });
    assert.match(r.warnings?.[0] ?? '', /deadline of 1500 ms .* partial/);
    assert.ok(
      r.data.scan.versions.some((v) => v.accepted),
      'the versions were found before the deadline',
    );
    assert.equal(
      r.verdict.status,
      'error',
      `${r.verdict.status}: ${r.verdict.summary} [${r.findings.map((f) => f.id).join(', ')}]`,
    );
    assert.match(r.verdict.summary, /^no verdict: the scan's deadline/);
  });
});
