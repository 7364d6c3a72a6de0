import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/chain.extra-certificates.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, makePki, observe } from './helpers.js';

test('pass: only the chain', async () => {
  const { leaf, inter, root } = await makePki();
  assert.equal(check(rule, await observe({ files: [[leaf, inter, root]] })).status, 'pass');
});

test('finding: an old intermediate left in the served chain', async () => {
  const { leaf, inter, root } = await makePki();
  const old = await generateCertificate({ subject: 'CN=Old Intermediate', isCA: true, key: { type: 'ec' }, issuer: root });
  const r = check(rule, await observe({ served: [leaf, inter, old], ca: [root] }));
  assert.equal(r.findings.length, 1);
  assert.match(r.findings[0]!.summary, new RegExp(`The server 127\\.0\\.0\\.1:8443 sends 1 certificate\\(s\\) that are on no path.*"CN=Old Intermediate" \\(thumbprint ${old.thumbprintSha1}\\)`));
});
