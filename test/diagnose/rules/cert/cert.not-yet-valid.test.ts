import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.not-yet-valid.js';
import { check, makePki, observe } from './helpers.js';

const now = new Date('2026-06-01T00:00:00Z');

test('pass: already valid', async () => {
  const { leaf } = await makePki({ notBefore: new Date('2026-05-31T23:00:00Z'), notAfter: new Date('2026-08-01T00:00:00Z') });
  assert.equal(check(rule, await observe({ files: [[leaf]], now })).status, 'pass');
});

test('finding: starts in 5 hours → clock skew hint; starts in 10 days → no hint', async () => {
  const soon = await makePki({ notBefore: new Date('2026-06-01T05:00:00Z'), notAfter: new Date('2026-08-01T00:00:00Z') });
  const r = check(rule, await observe({ files: [[soon.leaf]], now }));
  assert.match(r.findings[0]!.summary, /not valid until 2026-06-01T05:00:00\.000Z \(5 hour\(s\).*wrong clock/);
  assert.ok(r.findings[0]!.fix.commands?.some((c) => c.command === 'w32tm /resync'));
  const later = await makePki({ notBefore: new Date('2026-06-11T00:00:00Z'), notAfter: new Date('2026-08-01T00:00:00Z') });
  const r2 = check(rule, await observe({ files: [[later.leaf]], now }));
  assert.doesNotMatch(r2.findings[0]!.summary, /clock/);
});
