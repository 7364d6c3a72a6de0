import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/chain.missing-intermediate.js';
import { check, makePki, observe } from './helpers.js';

test('pass: intermediate provided', async () => {
  const { leaf, inter, root } = await makePki();
  assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
});

test('finding (files): names the missing intermediate and its AIA URL', async () => {
  const { leaf, root } = await makePki();
  const r = check(rule, await observe({ files: [[leaf]], ca: [root] }));
  const f = r.findings[0]!;
  assert.match(f.summary, /The files given do not contain the intermediate "CN=Rule Test Intermediate, O=tlsdoctor" that issued "CN=shop\.test".*http:\/\/127\.0\.0\.1:8080\/inter\.cer/);
  assert.deepEqual(f.codes?.slice(0, 2), ['0x800b010a', 'CERT_E_CHAINING']);
});

test('finding (served): server-side fix for nginx and IIS', async () => {
  const { leaf, root } = await makePki();
  const f = check(rule, await observe({ served: [leaf], ca: [root] })).findings[0]!;
  assert.match(f.summary, /The server 127\.0\.0\.1:8443 does not send the intermediate/);
  const cmds = (f.fix.commands ?? []).map((c) => c.command);
  assert.ok(cmds.includes('ssl_certificate /etc/nginx/ssl/fullchain.pem;'));
  assert.ok(cmds.includes('certutil -addstore CA intermediate.cer'));
});
