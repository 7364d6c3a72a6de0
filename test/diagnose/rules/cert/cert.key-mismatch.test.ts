import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.key-mismatch.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, makePki, observe } from './helpers.js';

test('pass: RSA, ECDSA and Ed25519 keys that match their certificates', async () => {
  for (const key of [{ type: 'rsa' as const }, { type: 'ec' as const }, { type: 'ed25519' as const }]) {
    const c = await generateCertificate({ subject: 'CN=k.test', key, san: { dns: ['k.test'] } });
    const r = check(rule, await observe({ files: [[c]], keys: [c.keyPem] }));
    assert.equal(r.status, 'pass', key.type);
  }
});

test('finding: a key from another request; with several keys, says which matches which', async () => {
  const { leaf, inter } = await makePki();
  const other = await generateCertificate({ subject: 'CN=other.test', key: { type: 'ec' } });
  const r = check(rule, await observe({ files: [[leaf, inter]], keys: [other.keyPem, inter.keyPem] }));
  assert.equal(r.status, 'findings');
  assert.equal(r.findings.length, 1);
  const f = r.findings[0]!;
  assert.match(f.summary, /The private key in .*key\.pem \(ec 256\) does not belong to "CN=Rule Test Intermediate, O=tlsdoctor"|does not belong to/);
  assert.ok(f.evidence.some((e) => /matches "CN=Rule Test Intermediate/.test(e.text)), 'names the certificate the other key matches');
});

test('finding: RSA key for an EC certificate', async () => {
  const c = await generateCertificate({ subject: 'CN=ec.test', key: { type: 'ec' }, san: { dns: ['ec.test'] } });
  const rsa = await generateCertificate({ subject: 'CN=rsa.test', key: { type: 'rsa' } });
  const r = check(rule, await observe({ files: [[c]], keys: [rsa.keyPem] }));
  assert.equal(r.findings[0]?.id, 'cert.key-mismatch');
  assert.match(r.findings[0]!.summary, /\(rsa 2048\) does not belong to "CN=ec\.test"/);
  assert.ok(r.findings[0]!.fix.commands?.some((c2) => c2.command.startsWith('openssl pkey -pubout -in ')));
});
