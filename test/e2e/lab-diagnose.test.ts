// The lab is the end-to-end suite: every scenario must yield its expected root-cause finding first,
// and the healthy one no finding above "info".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, SCENARIOS, type Lab } from '../../src/lab/index.js';
import { diagnose } from '../../src/app/diagnose.js';
import { Limiter } from '../../src/probe/runner.js';
import type { Report } from '../../src/model/report.js';

let lab: Lab;
const reports = new Map<string, Report>();

before(async () => {
  lab = await startLab({ holdMs: 60_000 });
  const limiter = new Limiter(4);
  await Promise.all(
    lab.scenarios.map((s) =>
      limiter.run(async () => {
        reports.set(
          s.id,
          await diagnose(`https://${s.serverName}:${s.port}/`, {
            ip: s.host,
            httpPort: s.httpPort ?? 0,
            caFiles: [lab.caFile],
          }),
        );
      }),
    ),
  );
});
after(async () => {
  await lab?.stop();
});

for (const spec of SCENARIOS) {
  test(`lab scenario ${spec.id} → ${spec.expectedRootCause ?? 'healthy'}`, () => {
    const r = reports.get(spec.id);
    assert.ok(r, `no report for ${spec.id}`);
    const serious = r.findings.filter((f) => f.severity !== 'info');
    if (spec.expectedRootCause === null) {
      assert.deepEqual(
        serious.map((f) => f.id),
        [],
        'healthy: no finding above info',
      );
      assert.equal(r.verdict.status, 'healthy');
    } else {
      assert.equal(
        serious[0]?.id,
        spec.expectedRootCause,
        `first finding: ${serious.map((f) => `${f.id}/${f.severity}`).join(', ')}`,
      );
      assert.equal(r.verdict.status, 'problems');
      const f = serious[0]!;
      assert.ok(f.evidence.length > 0, 'root cause has evidence');
      assert.ok(f.fix.steps.length > 0, 'root cause has a fix');
      assert.ok(f.summary.length > 20);
    }
    // every rule either ran or said why not; none crashed
    assert.deepEqual(
      r.rules!.filter((x) => x.status === 'error'),
      [],
    );
  });
}

test('diagnose of a closed port is "unreachable" with tcp.port-closed', async () => {
  const { freePort } = await import('../probe/servers.js');
  const port = await freePort();
  const r = await diagnose(`127.0.0.1:${port}`, { httpPort: 0 });
  assert.equal(r.verdict.status, 'unreachable');
  assert.equal(r.findings[0]?.id, 'tcp.port-closed');
});

test('diagnose of a closed port with plain HTTP down too says the site is down, not TLS', async () => {
  const { freePort } = await import('../probe/servers.js');
  const [p1, p2] = [await freePort(), await freePort()];
  const r = await diagnose(`127.0.0.1:${p1}`, { httpPort: p2 });
  assert.equal(r.findings[0]?.id, 'http.site-down');
  assert.match(r.findings[0]!.summary, /not TLS-specific/);
});

test('every address is tried: a name whose IPv6 address refuses while IPv4 works', async (t) => {
  const { lookup } = await import('node:dns/promises');
  const all = await lookup('localhost', { all: true });
  if (!all.some((a) => a.family === 6) || !all.some((a) => a.family === 4))
    return t.skip('localhost does not resolve to both 127.0.0.1 and ::1 here');
  const s = lab.get('healthy');
  // the lab listens on 127.0.0.1 only, so [::1]:port refuses
  const r = await diagnose(`https://localhost:${s.port}/`, {
    httpPort: 0,
    caFiles: [lab.caFile],
    sni: s.serverName,
  });
  const tcp = r.observations.filter((o) => o.kind === 'probe.tcp') as unknown as Array<{
    address: string;
    state: string;
  }>;
  assert.equal(tcp.length, all.length);
  assert.ok(tcp.some((x) => x.state === 'open') && tcp.some((x) => x.state === 'refused'));
  const f = r.findings.find((x) => x.id === 'tcp.port-closed');
  assert.equal(f?.severity, 'high');
  assert.match(f!.summary, /One of the \d addresses/);
  assert.notEqual(r.verdict.status, 'unreachable');
});

test('an https://IP/ target is checked against the certificate like a browser does (IP SAN needed)', async () => {
  const s = lab.get('healthy');
  const r = await diagnose(`https://${s.host}:${s.port}/`, { httpPort: 0, caFiles: [lab.caFile] });
  const f = r.findings.find((x) => x.id === 'cert.host-mismatch');
  assert.ok(f, r.findings.map((x) => x.id).join(', '));
  assert.match(f.summary, /not for "127\.0\.0\.1"/);
});
