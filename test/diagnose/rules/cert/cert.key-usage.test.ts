import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.key-usage.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, observe } from './helpers.js';

test('pass: digitalSignature (EC), digitalSignature+keyEncipherment (RSA), no KU extension', async () => {
  const cases = [
    { key: { type: 'ec' as const }, keyUsage: ['digitalSignature'] },
    { key: { type: 'rsa' as const }, keyUsage: ['digitalSignature', 'keyEncipherment'] },
    { key: { type: 'ec' as const }, keyUsage: [] },
  ];
  for (const c of cases) {
    const cert = await generateCertificate({ subject: 'CN=ku.test', san: { dns: ['ku.test'] }, ...c });
    assert.equal(check(rule, await observe({ files: [[cert]] })).status, 'pass', JSON.stringify(c));
  }
});

test('finding: EC key without digitalSignature (blocker); RSA keyEncipherment only (high)', async () => {
  const ec = await generateCertificate({ subject: 'CN=ku.test', key: { type: 'ec' }, keyUsage: ['keyAgreement'], san: { dns: ['ku.test'] } });
  assert.equal(check(rule, await observe({ files: [[ec]] })).findings[0]!.severity, 'blocker');
  const rsa = await generateCertificate({ subject: 'CN=ku.test', key: { type: 'rsa' }, keyUsage: ['keyEncipherment'], san: { dns: ['ku.test'] } });
  const r = check(rule, await observe({ files: [[rsa]] }));
  assert.equal(r.findings[0]!.severity, 'high');
  assert.match(r.findings[0]!.summary, /TLS 1\.3 and ECDHE handshakes fail/);
});
