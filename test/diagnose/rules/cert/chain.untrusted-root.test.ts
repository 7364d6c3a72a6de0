import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/chain.untrusted-root.js';
import { check, makePki, observe } from './helpers.js';

test('pass: the root is given with --ca', async () => {
  const { leaf, inter, root } = await makePki();
  assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
});

test('finding: chain ends in a private root in no store → names it, CERT_E_UNTRUSTEDROOT and the exact trust commands', async () => {
  const { leaf, inter, root } = await makePki();
  const r = check(rule, await observe({ files: [[leaf, inter, root]] }));
  const f = r.findings[0]!;
  assert.equal(f.id, 'chain.untrusted-root');
  assert.equal(f.severity, 'blocker');
  assert.match(f.summary, new RegExp(`ends in the root "CN=Rule Test Root, O=tlsdoctor" \\(thumbprint ${root.thumbprintSha1}\\), which is not trusted`));
  assert.deepEqual(f.codes?.slice(0, 3), ['0x800b0109', 'CERT_E_UNTRUSTEDROOT', 'ERR_CERT_AUTHORITY_INVALID']);
  const cmds = (f.fix.commands ?? []).map((c) => c.command);
  assert.ok(cmds.includes('certutil -addstore Root root.cer'));
  assert.ok(cmds.includes('Import-Certificate -FilePath root.cer -CertStoreLocation Cert:\\LocalMachine\\Root'));
  assert.ok(cmds.some((c) => c.includes('update-ca-certificates')));
});

test('finding: served chain says the clients must trust it', async () => {
  const { leaf, inter, root } = await makePki();
  const r = check(rule, await observe({ served: [leaf, inter, root] }));
  assert.equal(r.findings[0]!.evidence[0]!.from.origin, '127.0.0.1:8443');
  assert.match(r.findings[0]!.fix.steps.join(' '), /every CLIENT/);
});
