// One fact, one finding: a live probe of a TLS 1.0-only server and the registry export of a server
// whose Schannel offers only legacy protocols say the same thing, so `diagnose --windows-bundle`
// reports ONE protocol.no-common-version finding carrying both pieces of evidence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../../src/lab/index.js';
import { diagnose } from '../../src/app/diagnose.js';
import { observeWindowsBundle } from '../../src/windows/index.js';
import type { Report } from '../../src/model/report.js';

const BUNDLE = 'test/fixtures/windows/bundles/legacy-2008r2';
let lab: Lab;
let report: Report;

before(async () => {
  lab = await startLab({ only: ['tls10-only'], holdMs: 30_000 });
  const s = lab.scenarios[0]!;
  report = await diagnose(`https://${s.serverName}:${s.port}/`, {
    ip: s.host,
    httpPort: s.httpPort ?? 0,
    caFiles: [lab.caFile],
    extraObservations: await observeWindowsBundle(BUNDLE),
  });
});
after(async () => {
  await lab?.stop();
});

test('the probe and the registry reach one finding with evidence from both sources', () => {
  const same = report.findings.filter((f) => f.id === 'protocol.no-common-version');
  assert.equal(same.length, 1, report.findings.map((f) => f.id).join(', '));
  const sources = new Set(same[0]!.evidence.map((e) => e.from.source));
  assert.ok(sources.has('probe'), 'probe evidence');
  assert.ok(sources.has('windows'), 'registry evidence');
});

test('both rules that reached it ran and reported under the one id', () => {
  const emitted = (report.rules ?? [])
    .filter((r) => r.findings.some((f) => f.id === 'protocol.no-common-version'))
    .map((r) => r.ruleId)
    .sort();
  assert.deepEqual(emitted, ['protocol.no-common-version', 'windows.only-legacy-protocols']);
});

test('a registry fact both rules cite is one piece of evidence', () => {
  const f = report.findings.find((x) => x.id === 'protocol.no-common-version')!;
  const keys = f.evidence.map((e) => `${e.from.origin}:${e.from.line ?? ''}:${e.text}`);
  assert.equal(new Set(keys).size, keys.length, keys.join('\n'));
  assert.equal(f.evidence.filter((e) => /^TLS 1\.2 server: disabled/.test(e.text)).length, 1);
});
