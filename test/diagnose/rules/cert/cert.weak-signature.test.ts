import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.weak-signature.js';
import { check, makePki, observe } from './helpers.js';

test('pass: SHA-256; and a SHA-1 self-signed root (its own signature does not matter)', async () => {
  const { leaf, inter, root } = await makePki({}, {}, { signatureHash: 'SHA-1', key: { type: 'rsa' } });
  assert.equal(check(rule, await observe({ files: [[leaf, inter, root]] })).status, 'pass');
});

test('finding: SHA-1 signed leaf', async () => {
  const { leaf, inter } = await makePki({ signatureHash: 'SHA-1' });
  const r = check(rule, await observe({ files: [[leaf, inter]] }));
  assert.equal(r.findings.length, 1);
  assert.match(r.findings[0]!.summary, /CN=shop\.test is signed with ecdsa-with-SHA1/);
  assert.equal(r.findings[0]!.severity, 'high');
});
