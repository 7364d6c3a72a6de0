import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/chain.path-length.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, makePki, observe } from './helpers.js';

test('pass: root pathlen 1 with one intermediate', async () => {
  const { leaf, inter, root } = await makePki({}, {}, { pathLength: 1 });
  assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
});

test('finding: intermediate pathlen 0 with a sub-CA below it', async () => {
  const { inter, root } = await makePki({}, { pathLength: 0 });
  const sub = await generateCertificate({ subject: 'CN=Sub CA', isCA: true, key: { type: 'ec' }, issuer: inter });
  const leaf = await generateCertificate({ subject: 'CN=deep.test', key: { type: 'ec' }, issuer: sub, san: { dns: ['deep.test'] } });
  const r = check(rule, await observe({ files: [[leaf, sub, inter]], ca: [root] }));
  assert.equal(r.findings.length, 1);
  assert.match(r.findings[0]!.summary, /"CN=Rule Test Intermediate, O=tlsdoctor" allows 0 intermediate CA\(s\) below it \(pathlen:0\) but the chain has 1/);
});
