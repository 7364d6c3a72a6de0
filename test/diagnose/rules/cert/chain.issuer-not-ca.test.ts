import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/chain.issuer-not-ca.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, makePki, observe } from './helpers.js';

test('pass: issuers are CAs', async () => {
  const { leaf, inter, root } = await makePki();
  assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
});

test('finding: a leaf (CA:FALSE) used to sign another certificate', async () => {
  const { inter, root } = await makePki();
  const notCa = await generateCertificate({ subject: 'CN=not-a-ca.test', key: { type: 'ec' }, issuer: inter, keyUsage: ['digitalSignature'] });
  const leaf = await generateCertificate({ subject: 'CN=victim.test', key: { type: 'ec' }, issuer: notCa, san: { dns: ['victim.test'] } });
  const r = check(rule, await observe({ files: [[leaf, notCa, inter]], ca: [root] }));
  assert.equal(r.findings.length, 1);
  assert.match(r.findings[0]!.summary, /"CN=not-a-ca\.test" issued "CN=victim\.test" but is not a CA \(basicConstraints CA:FALSE\)/);
  assert.deepEqual(r.findings[0]!.codes?.slice(0, 2), ['0x800b0103', 'CERT_E_ROLE']);
});
