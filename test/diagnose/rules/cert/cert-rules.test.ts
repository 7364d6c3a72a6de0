// The cert rules, one describe per rule (pass and finding cases), on real certificates through the real gatherer.
// One file per area keeps the test run short (each test file is a process).
import { generateCertificate, makePfx } from '../../../../src/x509/generate.js';
import { matchHost } from '../../../../src/x509/hostname.js';
import { check, makePki, observe, writeTemp } from './helpers.js';
import { OID, damageExtension, damageSpki, damageValidity, toPem } from '../../../x509/damage.js';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { rule as certCnOnly } from '../../../../src/diagnose/rules/cert/cert.cn-only.js';
import { rule as certEkuNoServerAuth } from '../../../../src/diagnose/rules/cert/cert.eku-no-server-auth.js';
import { rule as certExpired } from '../../../../src/diagnose/rules/cert/cert.expired.js';
import { rule as certExpiringSoon } from '../../../../src/diagnose/rules/cert/cert.expiring-soon.js';
import { rule as certHostMismatch } from '../../../../src/diagnose/rules/cert/cert.host-mismatch.js';
import { rule as certKeyMismatch } from '../../../../src/diagnose/rules/cert/cert.key-mismatch.js';
import { rule as certKeyUsage } from '../../../../src/diagnose/rules/cert/cert.key-usage.js';
import { rule as certLifetimeTooLong } from '../../../../src/diagnose/rules/cert/cert.lifetime-too-long.js';
import { rule as certMalformed } from '../../../../src/diagnose/rules/cert/cert.malformed.js';
import { rule as certNoPrivateKey } from '../../../../src/diagnose/rules/cert/cert.no-private-key.js';
import { rule as certNotYetValid } from '../../../../src/diagnose/rules/cert/cert.not-yet-valid.js';
import { rule as certSelfSigned } from '../../../../src/diagnose/rules/cert/cert.self-signed.js';
import { rule as certWeakKey } from '../../../../src/diagnose/rules/cert/cert.weak-key.js';
import { rule as certWeakSignature } from '../../../../src/diagnose/rules/cert/cert.weak-signature.js';

describe('cert.cn-only', () => {
  const rule = certCnOnly;

  test('pass: a SAN is present', async () => {
    const { leaf } = await makePki();
    assert.equal(check(rule, await observe({ files: [[leaf]] })).status, 'pass');
  });

  test('finding: CN only, even when the CN is the right host', async () => {
    const c = await generateCertificate({ subject: 'CN=shop.test', key: { type: 'ec' } });
    const r = check(rule, await observe({ files: [[c]], host: 'shop.test' }));
    assert.equal(r.findings[0]!.id, 'cert.cn-only');
    assert.match(
      r.findings[0]!.summary,
      /has no Subject Alternative Name: Chrome, Edge, Firefox and Safari ignore the CN \(shop\.test\)/,
    );
    assert.ok(r.findings[0]!.fix.commands?.some((x) => x.command.includes('subjectAltName=DNS:shop.test')));
  });
});

describe('cert.eku-no-server-auth', () => {
  const rule = certEkuNoServerAuth;

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
    assert.match(
      f.summary,
      /lists only Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\), not Server Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.1\)/,
    );
    assert.deepEqual(f.codes?.slice(0, 2), ['0x800b0110', 'CERT_E_WRONG_USAGE']);
    assert.ok(
      f.fix.commands?.some(
        (c) => c.command.includes('extendedKeyUsage=serverAuth') && c.command.includes('DNS:shop.test'),
      ),
    );
  });
});

describe('cert.expired', () => {
  const rule = certExpired;

  const now = new Date('2026-06-01T00:00:00Z');

  test('pass: valid at the time checked', async () => {
    const { leaf, inter, root } = await makePki({
      notBefore: new Date('2026-05-01T00:00:00Z'),
      notAfter: new Date('2026-08-01T00:00:00Z'),
    });
    assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root], now })).status, 'pass');
  });

  test('a certificate is valid through the second its notAfter names (RFC 5280 4.1.2.5)', async () => {
    const end = new Date('2026-06-01T00:00:00Z');
    const { leaf, inter, root } = await makePki({
      notBefore: new Date('2026-05-01T00:00:00Z'),
      notAfter: end,
    });
    const at = (ms: number) =>
      observe({ files: [[leaf, inter]], ca: [root], now: new Date(end.getTime() + ms) });
    assert.equal(check(rule, await at(999)).status, 'pass');
    assert.equal(check(rule, await at(1000)).findings.length, 1);
  });

  test('finding: the trusted root the chain ends in has expired', async () => {
    const { leaf, inter, root } = await makePki(
      {},
      {},
      {
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2026-05-01T00:00:00Z'),
      },
    );
    const r = check(rule, await observe({ files: [[leaf, inter]], ca: [root], now }));
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.subject, root.thumbprintSha1);
    assert.match(
      r.findings[0]!.summary,
      /The trusted root CN=Rule Test Root, O=tlsdoctor .* expired on 2026-05-01/,
    );
    assert.equal(r.findings[0]!.severity, 'blocker');
  });

  test('medium: an expired cross-signed copy of the trusted root that the path does not need', async () => {
    const { leaf, inter, root } = await makePki();
    const oldRoot = await generateCertificate({ subject: 'CN=Old Root', isCA: true, key: { type: 'ec' } });
    // the root's name and key, issued long ago by an older root (the AddTrust cross-signature)
    const cross = await generateCertificate({
      subject: 'CN=Rule Test Root, O=tlsdoctor',
      issuer: oldRoot,
      isCA: true,
      keyPem: root.keyPem,
      notBefore: new Date('2019-01-01T00:00:00Z'),
      notAfter: new Date('2020-05-30T00:00:00Z'),
    });
    const r = check(rule, await observe({ files: [[leaf, inter, cross]], ca: [root, oldRoot] }));
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.severity, 'medium');
    assert.match(r.findings[0]!.summary, /the chain is trusted without it/);
  });

  test('finding: expired leaf and expired intermediate', async () => {
    const { leaf, inter, root } = await makePki(
      { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-05-22T00:00:00Z') },
      { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2026-05-31T00:00:00Z') },
    );
    const r = check(rule, await observe({ files: [[leaf, inter]], ca: [root], now }));
    assert.equal(r.findings.length, 2);
    assert.match(
      r.findings[0]!.summary,
      /The server certificate CN=shop\.test expired on 2026-05-22 \(10 days ago\)/,
    );
    assert.match(r.findings[1]!.summary, /The intermediate certificate CN=Rule Test Intermediate/);
    assert.ok(r.findings[0]!.codes?.includes('CERT_E_EXPIRED'));
  });
});

describe('cert.expiring-soon', () => {
  const rule = certExpiringSoon;

  const now = new Date('2026-06-01T00:00:00Z');

  test('pass: 60 days left with the default 30-day window', async () => {
    const { leaf } = await makePki(
      { notBefore: new Date('2026-05-01T00:00:00Z'), notAfter: new Date('2026-07-31T00:00:00Z') },
      { notAfter: new Date('2030-01-01T00:00:00Z') },
    );
    assert.equal(check(rule, await observe({ files: [[leaf]], now })).status, 'pass');
  });

  test('finding: 10 days left; and 60 days left with --warn-days 90', async () => {
    const { leaf } = await makePki(
      { notBefore: new Date('2026-05-01T00:00:00Z'), notAfter: new Date('2026-06-11T00:00:00Z') },
      { notAfter: new Date('2030-01-01T00:00:00Z') },
    );
    const r = check(rule, await observe({ files: [[leaf]], now }));
    assert.match(r.findings[0]!.summary, /expires on 2026-06-11, in 10 day\(s\) \(warning window 30 days\)/);
    const b = await makePki(
      { notBefore: new Date('2026-05-01T00:00:00Z'), notAfter: new Date('2026-07-31T00:00:00Z') },
      { notAfter: new Date('2030-01-01T00:00:00Z') },
    );
    const r2 = check(rule, await observe({ files: [[b.leaf]], now, warnDays: 90 }));
    assert.equal(r2.findings.length, 1);
    assert.equal(r2.findings[0]!.severity, 'medium');
  });
});

describe('cert.host-mismatch', () => {
  const rule = certHostMismatch;

  test('browser matching rules', () => {
    const san = { dns: ['shop.test', '*.shop.test'], ip: ['127.0.0.1', '::1'] };
    assert.equal(matchHost('SHOP.test.', san, []).matched, true);
    assert.equal(matchHost('www.shop.test', san, []).matched, true);
    assert.equal(matchHost('a.b.shop.test', san, []).matched, false);
    assert.equal(matchHost('127.0.0.1', san, []).matched, true);
    assert.equal(matchHost('[0:0::1]', san, []).matched, true);
    assert.equal(matchHost('127.0.0.2', san, []).matched, false);
    assert.equal(
      matchHost('shop.test', { dns: ['other.test'], ip: [] }, ['shop.test']).matched,
      false,
      'no CN fallback when a SAN exists',
    );
    assert.equal(
      matchHost('x.test', { dns: ['*.test'], ip: [] }, []).matched,
      false,
      'no wildcard over a TLD',
    );
  });

  test('pass: host in the SAN (exact and wildcard)', async () => {
    const { leaf } = await makePki();
    for (const host of ['shop.test', 'api.shop.test'])
      assert.equal(check(rule, await observe({ files: [[leaf]], host })).status, 'pass', host);
  });

  test('finding: other host, nested subdomain under the wildcard, IP not in SAN', async () => {
    const { leaf } = await makePki();
    const r = check(rule, await observe({ files: [[leaf]], host: 'a.b.shop.test' }));
    assert.match(
      r.findings[0]!.summary,
      /is for DNS:shop\.test, DNS:\*\.shop\.test, not for "a\.b\.shop\.test" \(the wildcard \*\.shop\.test covers one label only/,
    );
    assert.deepEqual(r.findings[0]!.codes?.slice(0, 2), ['0x800b010f', 'CERT_E_CN_NO_MATCH']);
    const ipOnly = await generateCertificate({
      subject: 'CN=127.0.0.1',
      key: { type: 'ec' },
      san: { ip: ['127.0.0.1'] },
    });
    assert.equal(check(rule, await observe({ files: [[ipOnly]], host: '127.0.0.2' })).findings.length, 1);
    assert.equal(check(rule, await observe({ files: [[ipOnly]], host: '127.0.0.1' })).status, 'pass');
  });
});

describe('cert.key-mismatch', () => {
  const rule = certKeyMismatch;

  test('pass: RSA, ECDSA and Ed25519 keys that match their certificates', async () => {
    for (const key of [{ type: 'rsa' as const }, { type: 'ec' as const }, { type: 'ed25519' as const }]) {
      const c = await generateCertificate({ subject: 'CN=k.test', key, san: { dns: ['k.test'] } });
      const r = check(rule, await observe({ files: [[c]], keys: [c.keyPem] }));
      assert.equal(r.status, 'pass', key.type);
    }
  });

  test('finding: a key from another request; with several keys, says which matches which', async () => {
    const { leaf, inter } = await makePki();
    const other = await generateCertificate({ subject: 'CN=other.test', key: { type: 'ec' } });
    const r = check(rule, await observe({ files: [[leaf, inter]], keys: [other.keyPem, inter.keyPem] }));
    assert.equal(r.status, 'findings');
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.match(
      f.summary,
      /The private key in .*key\.pem \(ec 256\) does not belong to "CN=Rule Test Intermediate, O=tlsdoctor"|does not belong to/,
    );
    assert.ok(
      f.evidence.some((e) => /matches "CN=Rule Test Intermediate/.test(e.text)),
      'names the certificate the other key matches',
    );
  });

  test('finding: RSA key for an EC certificate', async () => {
    const c = await generateCertificate({
      subject: 'CN=ec.test',
      key: { type: 'ec' },
      san: { dns: ['ec.test'] },
    });
    const rsa = await generateCertificate({ subject: 'CN=rsa.test', key: { type: 'rsa' } });
    const r = check(rule, await observe({ files: [[c]], keys: [rsa.keyPem] }));
    assert.equal(r.findings[0]?.id, 'cert.key-mismatch');
    assert.match(r.findings[0]!.summary, /\(rsa 2048\) does not belong to "CN=ec\.test"/);
    assert.ok(r.findings[0]!.fix.commands?.some((c2) => c2.command.startsWith('openssl pkey -pubout -in ')));
  });
});

describe('cert.key-usage', () => {
  const rule = certKeyUsage;

  test('pass: digitalSignature (EC), digitalSignature+keyEncipherment (RSA), no KU extension', async () => {
    const cases = [
      { key: { type: 'ec' as const }, keyUsage: ['digitalSignature'] },
      { key: { type: 'rsa' as const }, keyUsage: ['digitalSignature', 'keyEncipherment'] },
      { key: { type: 'ec' as const }, keyUsage: [] },
    ];
    for (const c of cases) {
      const cert = await generateCertificate({ subject: 'CN=ku.test', san: { dns: ['ku.test'] }, ...c });
      assert.equal(check(rule, await observe({ files: [[cert]] })).status, 'pass', JSON.stringify(c));
    }
  });

  test('finding: EC key without digitalSignature (blocker); RSA keyEncipherment only (high)', async () => {
    const ec = await generateCertificate({
      subject: 'CN=ku.test',
      key: { type: 'ec' },
      keyUsage: ['keyAgreement'],
      san: { dns: ['ku.test'] },
    });
    assert.equal(check(rule, await observe({ files: [[ec]] })).findings[0]!.severity, 'blocker');
    const rsa = await generateCertificate({
      subject: 'CN=ku.test',
      key: { type: 'rsa' },
      keyUsage: ['keyEncipherment'],
      san: { dns: ['ku.test'] },
    });
    const r = check(rule, await observe({ files: [[rsa]] }));
    assert.equal(r.findings[0]!.severity, 'high');
    assert.match(r.findings[0]!.summary, /TLS 1\.3 and ECDHE handshakes fail/);
  });
});

describe('cert.lifetime-too-long', () => {
  const rule = certLifetimeTooLong;

  const now = new Date('2026-06-01T00:00:00Z');

  test('pass: 397 days; and a 5-year certificate issued before 2020-09-01', async () => {
    const a = await makePki({
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-02-02T00:00:00Z'),
    });
    assert.equal(check(rule, await observe({ files: [[a.leaf]], now })).status, 'pass');
    const b = await makePki({
      notBefore: new Date('2020-08-01T00:00:00Z'),
      notAfter: new Date('2027-08-01T00:00:00Z'),
    });
    assert.equal(check(rule, await observe({ files: [[b.leaf]], now })).status, 'pass');
  });

  test('finding: 2 years from a private root is reported, low severity', async () => {
    const { leaf, inter, root } = await makePki({
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    const r = check(rule, await observe({ files: [[leaf, inter]], ca: [root], now }));
    assert.match(r.findings[0]!.summary, /valid for 730 days .* over the 398-day limit/);
    assert.equal(r.findings[0]!.severity, 'low');
  });
});

describe('cert.malformed', () => {
  const rule = certMalformed;

  test('finding: a critical extension clients do not process, and an extension given twice (RFC 5280 4.2)', async () => {
    const unknown = { oid: '1.3.6.1.4.1.55555.1', value: Buffer.from([0x05, 0x00]) };
    const a = await makePki({ extraExtensions: [{ ...unknown, critical: true }] });
    const r = check(rule, await observe({ files: [[a.leaf, a.inter]] }));
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0]!.evidence[0]!.text, /1\.3\.6\.1\.4\.1\.55555\.1.*is marked critical/);
    const nonCritical = await makePki({ extraExtensions: [{ ...unknown, critical: false }] });
    assert.equal(
      check(rule, await observe({ files: [[nonCritical.leaf, nonCritical.inter]] })).status,
      'pass',
    );
    const twice = await makePki({
      extraExtensions: [
        { ...unknown, critical: false },
        { ...unknown, critical: false },
      ],
    });
    const r2 = check(rule, await observe({ files: [[twice.leaf, twice.inter]] }));
    assert.match(r2.findings[0]!.evidence[0]!.text, /appears more than once/);
  });

  test('finding: a version other than v1, v2 or v3 (RFC 5280 4.1.2.1)', async () => {
    const { leaf, inter } = await makePki();
    const der = Buffer.from(leaf.certDer);
    const at = der.indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]));
    assert.ok(at > 0 && at < 12, 'the version field of the TBSCertificate');
    der[at + 4] = 0x07;
    const file = writeTemp('v8.der', der);
    const r = check(rule, await observe({ rawFiles: [file], files: [[inter]] }));
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0]!.evidence[0]!.text,
      /version: the version field is not v1, v2 or v3 .*it says v8/,
    );
  });

  test('low: a malformed extra certificate on no path, while the chain is trusted', async () => {
    const { leaf, inter, root } = await makePki();
    const stray = await generateCertificate({
      subject: 'CN=Stray CA',
      isCA: true,
      key: { type: 'ec' },
      extraExtensions: [{ oid: '1.3.6.1.4.1.55555.1', critical: true, value: Buffer.from([0x05, 0x00]) }],
    });
    const r = check(rule, await observe({ files: [[leaf, inter, stray]], ca: [root] }));
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.severity, 'low');
    assert.match(r.findings[0]!.summary, /on no path to the trusted root/);
  });

  test('pass: an intact chain, and an empty subject named by a critical SAN (RFC 5280 §4.1.2.6)', async () => {
    const { leaf, inter } = await makePki();
    assert.equal(check(rule, await observe({ files: [[leaf, inter]] })).status, 'pass');
    const pki = await makePki({ subject: '', san: { ip: ['127.0.0.1'] } });
    const r = check(rule, await observe({ files: [[pki.leaf, pki.inter]] }));
    assert.equal(r.status, 'pass');
  });

  test('finding: one blocker per damaged certificate, each damaged part as evidence, re-issue as the fix', async () => {
    const { leaf, inter } = await makePki();
    const bad = damageValidity(damageExtension(leaf.certDer, OID.subjectAltName));
    const r = check(rule, await observe({ rawFiles: [writeTemp('bad.pem', toPem(bad) + inter.certPem)] }));
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.equal(f.id, 'cert.malformed');
    assert.equal(f.severity, 'blocker');
    assert.equal(f.evidence.length, 2);
    assert.ok(f.evidence.every((e) => e.from.source === 'file'));
    assert.match(f.fix.steps[0]!, /Request a new certificate/);
  });

  test('finding: a served intermediate whose public key does not decode', async () => {
    const { leaf, inter } = await makePki();
    const badInter = { ...inter, certDer: damageSpki(inter.certDer) };
    const r = check(rule, await observe({ served: [leaf, badInter] }));
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.evidence[0]!.from.source, 'probe');
    assert.match(r.findings[0]!.fix.steps[0]!, /intact copy/);
  });
});

describe('cert.no-private-key', () => {
  const rule = certNoPrivateKey;

  test('pass: a PFX with its key', async () => {
    const { leaf, inter, root } = await makePki();
    const pfx = writeTemp(
      'with-key.pfx',
      makePfx({ cert: leaf, includeKey: true, chain: [inter], password: 'pw' }),
    );
    const r = check(rule, await observe({ rawFiles: [pfx], password: 'pw', ca: [root] }));
    assert.equal(r.status, 'pass');
  });

  test('finding: a PFX without its key names the real thumbprint in certutil -repairstore', async () => {
    const { leaf, inter } = await makePki();
    const pfx = writeTemp(
      'no-key.pfx',
      makePfx({ cert: leaf, includeKey: false, chain: [inter], password: 'pw' }),
    );
    const r = check(rule, await observe({ rawFiles: [pfx], password: 'pw' }));
    assert.equal(r.status, 'findings');
    const f = r.findings[0]!;
    assert.equal(f.id, 'cert.no-private-key');
    assert.equal(f.severity, 'blocker');
    assert.match(
      f.summary,
      new RegExp(
        `this is a certificate without its private key: export it again \\*with\\* the key as \\.pfx, or on the server where the request was made run \`certutil -repairstore my ${leaf.thumbprintSha1}\``,
      ),
    );
    assert.ok(f.fix.commands?.some((c) => c.command === `certutil -repairstore my ${leaf.thumbprintSha1}`));
    assert.match(leaf.thumbprintSha1, /^[0-9A-F]{40}$/);
  });

  test('pass: the key given separately with --key', async () => {
    const { leaf } = await makePki();
    const pfx = writeTemp('no-key2.pfx', makePfx({ cert: leaf, includeKey: false, password: 'pw' }));
    const r = check(rule, await observe({ rawFiles: [pfx], password: 'pw', keys: [leaf.keyPem] }));
    assert.equal(r.status, 'pass');
  });
});

describe('cert.not-yet-valid', () => {
  const rule = certNotYetValid;

  const now = new Date('2026-06-01T00:00:00Z');

  test('pass: already valid', async () => {
    const { leaf } = await makePki({
      notBefore: new Date('2026-05-31T23:00:00Z'),
      notAfter: new Date('2026-08-01T00:00:00Z'),
    });
    assert.equal(check(rule, await observe({ files: [[leaf]], now })).status, 'pass');
  });

  test('finding: starts in 5 hours → clock skew hint; starts in 10 days → no hint', async () => {
    const soon = await makePki({
      notBefore: new Date('2026-06-01T05:00:00Z'),
      notAfter: new Date('2026-08-01T00:00:00Z'),
    });
    const r = check(rule, await observe({ files: [[soon.leaf]], now }));
    assert.match(
      r.findings[0]!.summary,
      /not valid until 2026-06-01T05:00:00\.000Z \(5 hour\(s\).*wrong clock/,
    );
    assert.ok(r.findings[0]!.fix.commands?.some((c) => c.command === 'w32tm /resync'));
    const later = await makePki({
      notBefore: new Date('2026-06-11T00:00:00Z'),
      notAfter: new Date('2026-08-01T00:00:00Z'),
    });
    const r2 = check(rule, await observe({ files: [[later.leaf]], now }));
    assert.doesNotMatch(r2.findings[0]!.summary, /clock/);
  });
});

describe('cert.self-signed', () => {
  const rule = certSelfSigned;

  test('pass: CA-issued leaf', async () => {
    const { leaf, inter } = await makePki();
    assert.equal(check(rule, await observe({ files: [[leaf, inter]] })).status, 'pass');
  });

  test('finding: self-signed leaf, untrusted (high) and trusted via --ca (info)', async () => {
    const c = await generateCertificate({
      subject: 'CN=self.test',
      key: { type: 'ec' },
      san: { dns: ['self.test'] },
    });
    const r = check(rule, await observe({ files: [[c]] }));
    assert.equal(r.findings[0]!.severity, 'high');
    assert.match(r.findings[0]!.summary, /CERT_E_UNTRUSTEDROOT 0x800b0109/);
    assert.ok(r.findings[0]!.fix.commands?.some((x) => x.command === 'certutil -addstore Root root.cer'));
    const t = check(rule, await observe({ files: [[c]], ca: [c] }));
    assert.equal(t.findings[0]!.severity, 'info');
  });
});

describe('cert.weak-key', () => {
  const rule = certWeakKey;

  test('finding: an EC key with explicit curve parameters (RFC 5480 2.1.1)', async () => {
    const dir = dirname(writeTemp('explicit.keep', ''));
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run([
      'ecparam',
      '-name',
      'prime256v1',
      '-param_enc',
      'explicit',
      '-genkey',
      '-noout',
      '-out',
      'explicit.key',
    ]);
    run([
      'req',
      '-x509',
      '-new',
      '-key',
      'explicit.key',
      '-subj',
      '/CN=explicit.test',
      '-days',
      '30',
      '-out',
      'explicit.pem',
    ]);
    const r = check(rule, await observe({ rawFiles: [join(dir, 'explicit.pem')] }));
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0]!.summary, /spells out its curve parameters \(explicit parameters \(P-256\)\)/);
  });

  test('pass: RSA 2048, P-256, P-384, Ed25519', async () => {
    for (const key of [
      { type: 'rsa' as const, bits: 2048 },
      { type: 'ec' as const },
      { type: 'ec' as const, curve: 'P-384' as const },
      { type: 'ed25519' as const },
    ]) {
      const c = await generateCertificate({ subject: 'CN=k.test', key, san: { dns: ['k.test'] } });
      assert.equal(check(rule, await observe({ files: [[c]] })).status, 'pass', JSON.stringify(key));
    }
  });

  test('finding: RSA 1024', async () => {
    const c = await generateCertificate({
      subject: 'CN=weak.test',
      key: { type: 'rsa', bits: 1024 },
      san: { dns: ['weak.test'] },
    });
    const r = check(rule, await observe({ files: [[c]] }));
    assert.match(r.findings[0]!.summary, /RSA 1024 bits is below the 2048-bit minimum/);
  });
});

describe('cert.weak-signature', () => {
  const rule = certWeakSignature;

  test('pass: SHA-256; and a SHA-1 self-signed root (its own signature does not matter)', async () => {
    const { leaf, inter, root } = await makePki({}, {}, { signatureHash: 'SHA-1', key: { type: 'rsa' } });
    assert.equal(check(rule, await observe({ files: [[leaf, inter, root]] })).status, 'pass');
  });

  test('finding: SHA-1 signed leaf', async () => {
    const { leaf, inter } = await makePki({ signatureHash: 'SHA-1' });
    const r = check(rule, await observe({ files: [[leaf, inter]] }));
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0]!.summary, /CN=shop\.test is signed with ecdsa-with-SHA1/);
    assert.equal(r.findings[0]!.severity, 'high');
  });
});

describe('self-signed server certificates marked CA:TRUE (openssl req -x509)', () => {
  test('cert.self-signed still fires; a lone root file gets chain.untrusted-root instead', async () => {
    const { tempDir, openssl } = await import('../../../x509/helpers.js');
    const t = tempDir();
    try {
      openssl(
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          'k.pem',
          '-out',
          'c.pem',
          '-subj',
          '/CN=x509.test',
          '-addext',
          'subjectAltName=DNS:x509.test',
          '-days',
          '90',
        ],
        t.dir,
      );
      assert.match(openssl(['x509', '-in', 'c.pem', '-noout', '-text'], t.dir), /CA:TRUE/);
      const { observeFiles } = await import('../../../../src/x509/gather.js');
      const { rules } = await import('../../../../src/diagnose/rules/cert/index.js');
      const { runRules } = await import('../../../../src/diagnose/engine.js');
      const obs = await observeFiles([`${t.dir}/c.pem`], { useSystemStore: false, useMozillaStore: false });
      assert.deepEqual(
        runRules(rules, obs).findings.map((f) => f.id),
        ['cert.self-signed'],
      );
      const root = await makePki();
      const obs2 = await observe({ files: [[root.root]] });
      assert.deepEqual(
        runRules(rules, obs2).findings.map((f) => f.id),
        ['chain.untrusted-root'],
      );
    } finally {
      t.cleanup();
    }
  });
});
