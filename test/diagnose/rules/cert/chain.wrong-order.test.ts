import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/chain.wrong-order.js';
import { check, makePki, observe } from './helpers.js';

test('pass: leaf, intermediate in one file; and separate files in any order', async () => {
  const { leaf, inter, root } = await makePki();
  assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
  assert.equal(check(rule, await observe({ files: [[inter], [leaf]], ca: [root] })).status, 'pass');
});

test('finding: served intermediate before leaf (high), and a file with intermediates swapped', async () => {
  const { leaf, inter, root } = await makePki();
  const r = check(rule, await observe({ served: [inter, leaf], ca: [root] }));
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0]!.severity, 'high');
  assert.match(r.findings[0]!.summary, /The server 127\.0\.0\.1:8443 sends the CA certificate "CN=Rule Test Intermediate, O=tlsdoctor" first and its own certificate "CN=shop\.test" later/);
  const inter2 = await makePki();
  const sub = await (await import('../../../../src/x509/generate.js')).generateCertificate({ subject: 'CN=Sub CA', isCA: true, key: { type: 'ec' }, issuer: inter2.inter });
  const leaf2 = await (await import('../../../../src/x509/generate.js')).generateCertificate({ subject: 'CN=deep.test', key: { type: 'ec' }, issuer: sub, san: { dns: ['deep.test'] } });
  const r2 = check(rule, await observe({ files: [[leaf2, inter2.inter, sub]], ca: [inter2.root] }));
  assert.equal(r2.findings.length, 1);
  assert.match(r2.findings[0]!.summary, /holds the chain as "CN=deep\.test", "CN=Rule Test Intermediate, O=tlsdoctor", "CN=Sub CA"; the order must be "CN=deep\.test", "CN=Sub CA", "CN=Rule Test Intermediate, O=tlsdoctor"/);
  assert.equal(r2.findings[0]!.severity, 'medium');
});

test('finding: a file that starts with the intermediate', async () => {
  const { leaf, inter, root } = await makePki();
  const r = check(rule, await observe({ files: [[inter, leaf]], ca: [root] }));
  assert.equal(r.findings[0]!.severity, 'high');
  assert.match(r.findings[0]!.summary, /the server certificate must come first/);
});
