import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.host-mismatch.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { matchHost } from '../../../../src/x509/hostname.js';
import { check, makePki, observe } from './helpers.js';

test('browser matching rules', () => {
  const san = { dns: ['shop.test', '*.shop.test'], ip: ['127.0.0.1', '::1'] };
  assert.equal(matchHost('SHOP.test.', san, []).matched, true);
  assert.equal(matchHost('www.shop.test', san, []).matched, true);
  assert.equal(matchHost('a.b.shop.test', san, []).matched, false);
  assert.equal(matchHost('127.0.0.1', san, []).matched, true);
  assert.equal(matchHost('[0:0::1]', san, []).matched, true);
  assert.equal(matchHost('127.0.0.2', san, []).matched, false);
  assert.equal(matchHost('shop.test', { dns: ['other.test'], ip: [] }, ['shop.test']).matched, false, 'no CN fallback when a SAN exists');
  assert.equal(matchHost('x.test', { dns: ['*.test'], ip: [] }, []).matched, false, 'no wildcard over a TLD');
});

test('pass: host in the SAN (exact and wildcard)', async () => {
  const { leaf } = await makePki();
  for (const host of ['shop.test', 'api.shop.test']) assert.equal(check(rule, await observe({ files: [[leaf]], host })).status, 'pass', host);
});

test('finding: other host, nested subdomain under the wildcard, IP not in SAN', async () => {
  const { leaf } = await makePki();
  const r = check(rule, await observe({ files: [[leaf]], host: 'a.b.shop.test' }));
  assert.match(r.findings[0]!.summary, /is for DNS:shop\.test, DNS:\*\.shop\.test, not for "a\.b\.shop\.test" \(the wildcard \*\.shop\.test covers one label only/);
  assert.deepEqual(r.findings[0]!.codes?.slice(0, 2), ['0x800b010f', 'CERT_E_CN_NO_MATCH']);
  const ipOnly = await generateCertificate({ subject: 'CN=127.0.0.1', key: { type: 'ec' }, san: { ip: ['127.0.0.1'] } });
  assert.equal(check(rule, await observe({ files: [[ipOnly]], host: '127.0.0.2' })).findings.length, 1);
  assert.equal(check(rule, await observe({ files: [[ipOnly]], host: '127.0.0.1' })).status, 'pass');
});
