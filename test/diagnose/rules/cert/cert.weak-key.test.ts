import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.weak-key.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, observe } from './helpers.js';

test('pass: RSA 2048, P-256, P-384, Ed25519', async () => {
  for (const key of [{ type: 'rsa' as const, bits: 2048 }, { type: 'ec' as const }, { type: 'ec' as const, curve: 'P-384' as const }, { type: 'ed25519' as const }]) {
    const c = await generateCertificate({ subject: 'CN=k.test', key, san: { dns: ['k.test'] } });
    assert.equal(check(rule, await observe({ files: [[c]] })).status, 'pass', JSON.stringify(key));
  }
});

test('finding: RSA 1024', async () => {
  const c = await generateCertificate({ subject: 'CN=weak.test', key: { type: 'rsa', bits: 1024 }, san: { dns: ['weak.test'] } });
  const r = check(rule, await observe({ files: [[c]] }));
  assert.match(r.findings[0]!.summary, /RSA 1024 bits is below the 2048-bit minimum/);
});
