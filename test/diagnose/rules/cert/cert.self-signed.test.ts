import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/cert/cert.self-signed.js';
import { generateCertificate } from '../../../../src/x509/generate.js';
import { check, makePki, observe } from './helpers.js';

test('pass: CA-issued leaf', async () => {
  const { leaf, inter } = await makePki();
  assert.equal(check(rule, await observe({ files: [[leaf, inter]] })).status, 'pass');
});

test('finding: self-signed leaf, untrusted (high) and trusted via --ca (info)', async () => {
  const c = await generateCertificate({ subject: 'CN=self.test', key: { type: 'ec' }, san: { dns: ['self.test'] } });
  const r = check(rule, await observe({ files: [[c]] }));
  assert.equal(r.findings[0]!.severity, 'high');
  assert.match(r.findings[0]!.summary, /CERT_E_UNTRUSTEDROOT 0x800b0109/);
  assert.ok(r.findings[0]!.fix.commands?.some((x) => x.command === 'certutil -addstore Root root.cer'));
  const t = check(rule, await observe({ files: [[c]], ca: [c] }));
  assert.equal(t.findings[0]!.severity, 'info');
});
