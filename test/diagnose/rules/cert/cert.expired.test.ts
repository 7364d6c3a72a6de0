import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.expired.js';
import { check, makePki, observe } from './helpers.js';

const now = new Date('2026-06-01T00:00:00Z');

test('pass: valid at the time checked', async () => {
  const { leaf, inter, root } = await makePki({ notBefore: new Date('2026-05-01T00:00:00Z'), notAfter: new Date('2026-08-01T00:00:00Z') });
  assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root], now })).status, 'pass');
});

test('finding: expired leaf and expired intermediate', async () => {
  const { leaf, inter, root } = await makePki(
    { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-05-22T00:00:00Z') },
    { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2026-05-31T00:00:00Z') },
  );
  const r = check(rule, await observe({ files: [[leaf, inter]], ca: [root], now }));
  assert.equal(r.findings.length, 2);
  assert.match(r.findings[0]!.summary, /The server certificate CN=shop\.test expired on 2026-05-22 \(10 days ago\)/);
  assert.match(r.findings[1]!.summary, /The intermediate certificate CN=Rule Test Intermediate/);
  assert.ok(r.findings[0]!.codes?.includes('CERT_E_EXPIRED'));
});
