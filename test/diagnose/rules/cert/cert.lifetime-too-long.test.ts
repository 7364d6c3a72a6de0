import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.lifetime-too-long.js';
import { check, makePki, observe } from './helpers.js';

const now = new Date('2026-06-01T00:00:00Z');

test('pass: 397 days; and a 5-year certificate issued before 2020-09-01', async () => {
  const a = await makePki({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-02-02T00:00:00Z') });
  assert.equal(check(rule, await observe({ files: [[a.leaf]], now })).status, 'pass');
  const b = await makePki({ notBefore: new Date('2020-08-01T00:00:00Z'), notAfter: new Date('2027-08-01T00:00:00Z') });
  assert.equal(check(rule, await observe({ files: [[b.leaf]], now })).status, 'pass');
});

test('finding: 2 years from a private root is reported, low severity', async () => {
  const { leaf, inter, root } = await makePki({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2028-01-01T00:00:00Z') });
  const r = check(rule, await observe({ files: [[leaf, inter]], ca: [root], now }));
  assert.match(r.findings[0]!.summary, /valid for 730 days .* over the 398-day limit/);
  assert.equal(r.findings[0]!.severity, 'low');
});
