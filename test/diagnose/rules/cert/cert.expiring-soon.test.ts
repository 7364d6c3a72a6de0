import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.expiring-soon.js';
import { check, makePki, observe } from './helpers.js';

const now = new Date('2026-06-01T00:00:00Z');

test('pass: 60 days left with the default 30-day window', async () => {
  const { leaf } = await makePki({ notBefore: new Date('2026-05-01T00:00:00Z'), notAfter: new Date('2026-07-31T00:00:00Z') }, { notAfter: new Date('2030-01-01T00:00:00Z') });
  assert.equal(check(rule, await observe({ files: [[leaf]], now })).status, 'pass');
});

test('finding: 10 days left; and 60 days left with --warn-days 90', async () => {
  const { leaf } = await makePki({ notBefore: new Date('2026-05-01T00:00:00Z'), notAfter: new Date('2026-06-11T00:00:00Z') }, { notAfter: new Date('2030-01-01T00:00:00Z') });
  const r = check(rule, await observe({ files: [[leaf]], now }));
  assert.match(r.findings[0]!.summary, /expires on 2026-06-11, in 10 day\(s\) \(warning window 30 days\)/);
  const b = await makePki({ notBefore: new Date('2026-05-01T00:00:00Z'), notAfter: new Date('2026-07-31T00:00:00Z') }, { notAfter: new Date('2030-01-01T00:00:00Z') });
  const r2 = check(rule, await observe({ files: [[b.leaf]], now, warnDays: 90 }));
  assert.equal(r2.findings.length, 1);
  assert.equal(r2.findings[0]!.severity, 'medium');
});
