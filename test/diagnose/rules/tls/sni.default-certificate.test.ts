// sni.default-certificate on real servers (node:tls from the lab): the server whose no-SNI clients
// get a self-signed certificate for another name fires, with both certificates and each failure;
// the healthy server (one certificate for everyone) and the SNI-only server (no certificate without
// SNI: sni.required) stay quiet. Then derived cases over the recorded no-SNI observation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../../../../src/lab/index.js';
import { diagnose } from '../../../../src/app/diagnose.js';
import { rule } from '../../../../src/diagnose/rules/tls/sni.default-certificate.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import type { Report } from '../../../../src/model/report.js';
import type { SniDefaultObservation } from '../../../../src/model/observations/probe.js';

let lab: Lab;
const reports = new Map<string, Report>();
before(async () => {
  lab = await startLab({ only: ['sni-default-cert', 'healthy', 'sni-required'], holdMs: 5000 });
  for (const s of lab.scenarios)
    reports.set(
      s.id,
      await diagnose(`https://${s.serverName}:${s.port}/`, {
        ip: s.host,
        httpPort: 0,
        caFiles: [lab.caFile],
      }),
    );
});
after(() => lab?.stop());

const ids = (r: Report) => r.findings.map((f) => f.id);

test("the default site's self-signed certificate for another name: fires, names both, says what fails", () => {
  const r = reports.get('sni-default-cert')!;
  const f = r.findings.find((x) => x.id === 'sni.default-certificate');
  assert.ok(f, ids(r).join(', '));
  assert.equal(f.severity, 'medium');
  assert.equal(r.findings.filter((x) => x.severity !== 'info')[0]?.id, 'sni.default-certificate');
  assert.match(
    f.summary,
    /get "CN=default-site\.example\.test, O=not the tlsdoctor lab" \(thumbprint [0-9A-F]{40}\) instead of the site's "CN=sni-default-cert\.lab\.tlsdoctor\.test/,
  );
  assert.match(
    f.summary,
    /it does not name sni-default-cert\.lab\.tlsdoctor\.test \(it names default-site\.example\.test\); it is self-signed/,
  );
  assert.deepEqual(
    f.evidence.map((e) => e.from.source),
    ['probe', 'probe'],
  );
  assert.ok(f.codes?.includes('ERR_CERT_COMMON_NAME_INVALID'));
});

test('quiet when every client gets the same certificate, and when there is none without SNI', () => {
  for (const id of ['healthy', 'sni-required']) {
    const r = reports.get(id)!;
    assert.ok(!ids(r).includes('sni.default-certificate'), `${id}: ${ids(r).join(', ')}`);
    const run = r.rules!.find((x) => x.ruleId === 'sni.default-certificate');
    assert.ok(run && run.status !== 'error', `${id}: ${JSON.stringify(run)}`);
  }
});

test('derived: a default certificate that names the host and is trusted is low; an expired one says so', () => {
  const base = reports.get('sni-default-cert')!.observations;
  const edit = (change: (l: NonNullable<SniDefaultObservation['leaf']>) => void) => {
    const obs = structuredClone(base);
    const d = obs.find((o) => o.kind === 'probe.sni-default') as SniDefaultObservation;
    change(d.leaf!);
    return runRules([rule], obs).findings;
  };
  const fine = edit((l) => {
    l.coversName = true;
    l.trusted = true;
    l.selfSigned = false;
    l.chainEnd = 'anchor';
  });
  assert.equal(fine[0]?.severity, 'low');
  assert.match(fine[0]!.summary, /it would also be accepted for/);
  const expired = edit((l) => {
    l.notAfter = new Date(Date.parse(l.checkedAt) - 3 * 86_400_000).toISOString();
  });
  assert.match(expired[0]!.summary, /it expired on \d{4}-\d\d-\d\d/);
  assert.ok(expired[0]!.codes?.includes('CERT_E_EXPIRED'));
});
