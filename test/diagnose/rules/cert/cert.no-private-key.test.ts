import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.no-private-key.js';
import { makePfx } from '../../../../src/x509/generate.js';
import { check, makePki, observe, writeTemp } from './helpers.js';

test('pass: a PFX with its key', async () => {
  const { leaf, inter, root } = await makePki();
  const pfx = writeTemp('with-key.pfx', makePfx({ cert: leaf, includeKey: true, chain: [inter], password: 'pw' }));
  const r = check(rule, await observe({ rawFiles: [pfx], password: 'pw', ca: [root] }));
  assert.equal(r.status, 'pass');
});

test('finding: a PFX without its key names the real thumbprint in certutil -repairstore', async () => {
  const { leaf, inter } = await makePki();
  const pfx = writeTemp('no-key.pfx', makePfx({ cert: leaf, includeKey: false, chain: [inter], password: 'pw' }));
  const r = check(rule, await observe({ rawFiles: [pfx], password: 'pw' }));
  assert.equal(r.status, 'findings');
  const f = r.findings[0]!;
  assert.equal(f.id, 'cert.no-private-key');
  assert.equal(f.severity, 'blocker');
  assert.match(f.summary, new RegExp(`this is a certificate without its private key: export it again \\*with\\* the key as \\.pfx, or on the server where the request was made run \`certutil -repairstore my ${leaf.thumbprintSha1}\``));
  assert.ok(f.fix.commands?.some((c) => c.command === `certutil -repairstore my ${leaf.thumbprintSha1}`));
  assert.match(leaf.thumbprintSha1, /^[0-9A-F]{40}$/);
});

test('pass: the key given separately with --key', async () => {
  const { leaf } = await makePki();
  const pfx = writeTemp('no-key2.pfx', makePfx({ cert: leaf, includeKey: false, password: 'pw' }));
  const r = check(rule, await observe({ rawFiles: [pfx], password: 'pw', keys: [leaf.keyPem] }));
  assert.equal(r.status, 'pass');
});
