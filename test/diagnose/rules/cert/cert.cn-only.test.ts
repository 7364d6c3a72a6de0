import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.cn-only.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, makePki, observe } from './helpers.js';

test('pass: a SAN is present', async () => {
  const { leaf } = await makePki();
  assert.equal(check(rule, await observe({ files: [[leaf]] })).status, 'pass');
});

test('finding: CN only, even when the CN is the right host', async () => {
  const c = await generateCertificate({ subject: 'CN=shop.test', key: { type: 'ec' } });
  const r = check(rule, await observe({ files: [[c]], host: 'shop.test' }));
  assert.equal(r.findings[0]!.id, 'cert.cn-only');
  assert.match(r.findings[0]!.summary, /has no Subject Alternative Name: Chrome, Edge, Firefox and Safari ignore the CN \(shop\.test\)/);
  assert.ok(r.findings[0]!.fix.commands?.some((x) => x.command.includes('subjectAltName=DNS:shop.test')));
});
