import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.eku-no-server-auth.js';
import { check, makePki, observe } from './helpers.js';

test('pass: serverAuth, and no EKU at all (any purpose)', async () => {
  for (const eku of [['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'], null]) {
    const { leaf, inter, root } = await makePki({ eku });
    assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
  }
});

test('finding: clientAuth only → CERT_E_WRONG_USAGE 0x800b0110 with the reissue fix', async () => {
  const { leaf, inter, root } = await makePki({ eku: ['1.3.6.1.5.5.7.3.2'] });
  const r = check(rule, await observe({ files: [[leaf, inter]], ca: [root], host: 'shop.test' }));
  const f = r.findings[0]!;
  assert.equal(f.id, 'cert.eku-no-server-auth');
  assert.equal(f.severity, 'blocker');
  assert.match(f.summary, /lists only Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\), not Server Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.1\)/);
  assert.deepEqual(f.codes?.slice(0, 2), ['0x800b0110', 'CERT_E_WRONG_USAGE']);
  assert.ok(f.fix.commands?.some((c) => c.command.includes('extendedKeyUsage=serverAuth') && c.command.includes('DNS:shop.test')));
});
