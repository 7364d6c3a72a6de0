// The chain rules, one describe per rule (pass and finding cases), on real certificates through the real gatherer.
// One file per area keeps the test run short (each test file is a process).
import { generateCertificate, type GeneratedCert } from '../../../../src/x509/generate.js';
import policy from '../../../../src/x509/policy.json' with { type: 'json' };
import { check, makePki, observe } from './helpers.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rule as chainExtraCertificates } from '../../../../src/diagnose/rules/cert/chain.extra-certificates.js';
import { rule as chainIssuerNotCa } from '../../../../src/diagnose/rules/cert/chain.issuer-not-ca.js';
import { rule as chainNoPath } from '../../../../src/diagnose/rules/cert/chain.no-path.js';
import { rule as chainMissingIntermediate } from '../../../../src/diagnose/rules/cert/chain.missing-intermediate.js';
import {
  rule as chainNameConstraints,
  touchesDns,
  withinDns,
} from '../../../../src/diagnose/rules/cert/chain.name-constraints.js';
import { rule as chainPathLength } from '../../../../src/diagnose/rules/cert/chain.path-length.js';
import { rule as chainUntrustedRoot } from '../../../../src/diagnose/rules/cert/chain.untrusted-root.js';
import { rule as chainWrongOrder } from '../../../../src/diagnose/rules/cert/chain.wrong-order.js';

describe('chain.extra-certificates', () => {
  const rule = chainExtraCertificates;

  test('pass: only the chain', async () => {
    const { leaf, inter, root } = await makePki();
    assert.equal(check(rule, await observe({ files: [[leaf, inter, root]] })).status, 'pass');
  });

  test('finding: an old intermediate left in the served chain', async () => {
    const { leaf, inter, root } = await makePki();
    const old = await generateCertificate({
      subject: 'CN=Old Intermediate',
      isCA: true,
      key: { type: 'ec' },
      issuer: root,
    });
    const r = check(rule, await observe({ served: [leaf, inter, old], ca: [root] }));
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0]!.summary,
      new RegExp(
        `The server 127\\.0\\.0\\.1:8443 sends 1 certificate\\(s\\) that are on no path.*"CN=Old Intermediate" \\(thumbprint ${old.thumbprintSha1}\\)`,
      ),
    );
  });
});

describe('chain.issuer-not-ca', () => {
  const rule = chainIssuerNotCa;

  test('pass: issuers are CAs', async () => {
    const { leaf, inter, root } = await makePki();
    assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
  });

  test('finding: a leaf (CA:FALSE) used to sign another certificate', async () => {
    const { inter, root } = await makePki();
    const notCa = await generateCertificate({
      subject: 'CN=not-a-ca.test',
      key: { type: 'ec' },
      issuer: inter,
      keyUsage: ['digitalSignature'],
    });
    const leaf = await generateCertificate({
      subject: 'CN=victim.test',
      key: { type: 'ec' },
      issuer: notCa,
      san: { dns: ['victim.test'] },
    });
    const r = check(rule, await observe({ files: [[leaf, notCa, inter]], ca: [root] }));
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0]!.summary,
      /"CN=not-a-ca\.test" issued "CN=victim\.test" but is not a CA \(basicConstraints CA:FALSE\)/,
    );
    assert.deepEqual(r.findings[0]!.codes?.slice(0, 2), ['0x800b0103', 'CERT_E_ROLE']);
  });
});

describe('chain.missing-intermediate', () => {
  const rule = chainMissingIntermediate;

  test('pass: intermediate provided', async () => {
    const { leaf, inter, root } = await makePki();
    assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
  });

  test('finding (files): names the missing intermediate and its AIA URL', async () => {
    const { leaf, root } = await makePki();
    const r = check(rule, await observe({ files: [[leaf]], ca: [root] }));
    const f = r.findings[0]!;
    assert.match(
      f.summary,
      /The files given do not contain the intermediate "CN=Rule Test Intermediate, O=tlsdoctor" that issued "CN=shop\.test".*http:\/\/127\.0\.0\.1:8080\/inter\.cer/,
    );
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
});

describe('chain.name-constraints', () => {
  const rule = chainNameConstraints;

  test('RFC 5280 dNSName subtree matching', () => {
    assert.equal(withinDns('shop.test', 'shop.test'), true);
    assert.equal(withinDns('www.shop.test', 'shop.test'), true);
    assert.equal(withinDns('shop.test', '.shop.test'), false);
    assert.equal(withinDns('evilshop.test', 'shop.test'), false);
  });

  test('pass: leaf inside the permitted subtree', async () => {
    const { leaf, inter, root } = await makePki({}, { nameConstraints: { permittedDns: ['shop.test'] } });
    assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
  });

  test('finding: leaf outside the permitted subtree, and inside an excluded one', async () => {
    const a = await makePki(
      { san: { dns: ['shop.example'] } },
      { nameConstraints: { permittedDns: ['corp.test'] } },
    );
    const r = check(rule, await observe({ files: [[a.leaf, a.inter]], ca: [a.root] }));
    assert.match(
      r.findings[0]!.summary,
      /may only issue for corp\.test, but "CN=shop\.test" is for shop\.example/,
    );
    const b = await makePki({}, {}, { nameConstraints: { excludedDns: ['shop.test'] } });
    const r2 = check(rule, await observe({ files: [[b.leaf, b.inter]], ca: [b.root] }));
    assert.equal(r2.findings.length, 1, 'one finding for the root and the leaf');
    assert.match(r2.findings[0]!.summary, /is for shop\.test \(and 1 more name\(s\) outside them\)/);
    assert.equal(r2.findings[0]!.evidence.length, 2, 'both excluded names are evidence');
  });

  test('a wildcard SAN covers a name in an excluded subtree (x509-limbo cve::cve-2025-61727)', async () => {
    assert.equal(touchesDns('*.example.com', 'bar.example.com'), true);
    assert.equal(
      touchesDns('*.example.com', '.bar.example.com'),
      false,
      'subdomains of bar only: one label too deep',
    );
    assert.equal(touchesDns('*.example.com', 'a.b.example.com'), false);
    assert.equal(touchesDns('www.example.com', 'bar.example.com'), false);
    const a = await makePki(
      { san: { dns: ['*.example.com'] } },
      { nameConstraints: { excludedDns: ['bar.example.com'] } },
    );
    const r = check(rule, await observe({ files: [[a.leaf, a.inter]], ca: [a.root] }));
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0]!.summary,
      /except bar\.example\.com, but "CN=shop\.test" is for \*\.example\.com/,
    );
  });

  test('iPAddress subtrees: an IP SAN outside the permitted range or inside an excluded one', async () => {
    const ok = await makePki(
      { san: { dns: ['shop.test'], ip: ['10.1.2.3', '2001:db8::5'] } },
      { nameConstraints: { permittedIp: ['10.1.0.0/16', '2001:db8::/32'] } },
    );
    assert.equal(check(rule, await observe({ files: [[ok.leaf, ok.inter]], ca: [ok.root] })).status, 'pass');
    const out = await makePki(
      { san: { ip: ['10.2.0.1'] } },
      { nameConstraints: { permittedIp: ['10.1.0.0/16'] } },
    );
    const r = check(rule, await observe({ files: [[out.leaf, out.inter]], ca: [out.root] }));
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0]!.summary,
      /may only issue for 10\.1\.0\.0\/16, but "CN=shop\.test" is for 10\.2\.0\.1/,
    );
    const ex = await makePki(
      { san: { ip: ['2001:db8::5'] } },
      { nameConstraints: { excludedIp: ['2001:db8::/32'] } },
    );
    const r2 = check(rule, await observe({ files: [[ex.leaf, ex.inter]], ca: [ex.root] }));
    assert.equal(r2.findings.length, 1);
    assert.match(r2.findings[0]!.evidence[0]!.text, /has IP:2001:db8::5/);
  });
});

describe('chain.path-length', () => {
  const rule = chainPathLength;

  test('pass: root pathlen 1 with one intermediate', async () => {
    const { leaf, inter, root } = await makePki({}, {}, { pathLength: 1 });
    assert.equal(check(rule, await observe({ files: [[leaf, inter]], ca: [root] })).status, 'pass');
  });

  test('finding: intermediate pathlen 0 with a sub-CA below it', async () => {
    const { inter, root } = await makePki({}, { pathLength: 0 });
    const sub = await generateCertificate({
      subject: 'CN=Sub CA',
      isCA: true,
      key: { type: 'ec' },
      issuer: inter,
    });
    const leaf = await generateCertificate({
      subject: 'CN=deep.test',
      key: { type: 'ec' },
      issuer: sub,
      san: { dns: ['deep.test'] },
    });
    const r = check(rule, await observe({ files: [[leaf, sub, inter]], ca: [root] }));
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0]!.summary,
      /"CN=Rule Test Intermediate, O=tlsdoctor" allows 0 intermediate CA\(s\) below it \(pathlen:0\) but the chain has 1/,
    );
  });
});

describe('chain.untrusted-root', () => {
  const rule = chainUntrustedRoot;

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
    assert.match(
      f.summary,
      new RegExp(
        `ends in the root "CN=Rule Test Root, O=tlsdoctor" \\(thumbprint ${root.thumbprintSha1}\\), which is not trusted`,
      ),
    );
    assert.deepEqual(f.codes?.slice(0, 3), [
      '0x800b0109',
      'CERT_E_UNTRUSTEDROOT',
      'ERR_CERT_AUTHORITY_INVALID',
    ]);
    const cmds = (f.fix.commands ?? []).map((c) => c.command);
    assert.ok(cmds.includes('certutil -addstore Root root.cer'));
    assert.ok(
      cmds.includes('Import-Certificate -FilePath root.cer -CertStoreLocation Cert:\\LocalMachine\\Root'),
    );
    assert.ok(cmds.some((c) => c.includes('update-ca-certificates')));
  });

  test('finding: served chain says the clients must trust it', async () => {
    const { leaf, inter, root } = await makePki();
    const r = check(rule, await observe({ served: [leaf, inter, root] }));
    assert.equal(r.findings[0]!.evidence[0]!.from.origin, '127.0.0.1:8443');
    assert.match(r.findings[0]!.fix.steps.join(' '), /every CLIENT/);
  });
});

describe('chain.wrong-order', () => {
  const rule = chainWrongOrder;

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
    assert.match(
      r.findings[0]!.summary,
      /The server 127\.0\.0\.1:8443 sends the CA certificate "CN=Rule Test Intermediate, O=tlsdoctor" first and its own certificate "CN=shop\.test" later/,
    );
    const inter2 = await makePki();
    const sub = await (
      await import('../../../../src/x509/generate.js')
    ).generateCertificate({ subject: 'CN=Sub CA', isCA: true, key: { type: 'ec' }, issuer: inter2.inter });
    const leaf2 = await (
      await import('../../../../src/x509/generate.js')
    ).generateCertificate({
      subject: 'CN=deep.test',
      key: { type: 'ec' },
      issuer: sub,
      san: { dns: ['deep.test'] },
    });
    const r2 = check(rule, await observe({ files: [[leaf2, inter2.inter, sub]], ca: [inter2.root] }));
    assert.equal(r2.findings.length, 1);
    assert.match(
      r2.findings[0]!.summary,
      /holds the chain as "CN=deep\.test", "CN=Rule Test Intermediate, O=tlsdoctor", "CN=Sub CA"; the order must be "CN=deep\.test", "CN=Sub CA", "CN=Rule Test Intermediate, O=tlsdoctor"/,
    );
    assert.equal(r2.findings[0]!.severity, 'medium');
  });

  test('finding: a file that starts with the intermediate', async () => {
    const { leaf, inter, root } = await makePki();
    const r = check(rule, await observe({ files: [[inter, leaf]], ca: [root] }));
    assert.equal(r.findings[0]!.severity, 'high');
    assert.match(r.findings[0]!.summary, /the server certificate must come first/);
  });
});

describe('a private root vs a missing intermediate (both rules on one chain)', () => {
  const both = (obs: Parameters<typeof check>[1]) => ({
    missing: check(chainMissingIntermediate, obs),
    untrusted: check(chainUntrustedRoot, obs),
  });

  test('leaf + intermediate sent, root in no store: an untrusted private root, never a missing intermediate', async () => {
    const { leaf, inter, root } = await makePki();
    const r = both(await observe({ served: [leaf, inter] }));
    assert.equal(r.missing.status, 'pass');
    assert.equal(r.untrusted.findings.length, 1);
    const f = r.untrusted.findings[0]!;
    assert.equal(f.id, 'chain.untrusted-root');
    assert.match(
      f.summary,
      /ends at "CN=Rule Test Intermediate, O=tlsdoctor", whose issuer "CN=Rule Test Root, O=tlsdoctor"/,
    );
    assert.match(f.summary, /private \(enterprise\) root/);
    assert.ok(
      f.evidence.some((e) => /a root, not an intermediate, is absent: the top certificate sent/.test(e.text)),
    );
    const cmds = (f.fix.commands ?? []).map((c) => c.command);
    assert.ok(cmds.includes('certutil -addstore Root root.cer'));
    assert.ok(cmds.some((c) => c.includes('update-ca-certificates')));
    assert.ok(cmds.some((c) => c.includes('add-trusted-cert')));
    assert.ok(!cmds.some((c) => c.includes('fullchain')), 'no server chain-file fix');
    // with the root given (--ca) nothing is wrong
    const ok = both(await observe({ served: [leaf, inter], ca: [root] }));
    assert.equal(ok.missing.status, 'pass');
    assert.equal(ok.untrusted.status, 'pass');
  });

  test('leaf issued straight by an enterprise root ("… Root CA"), root not sent: untrusted root', async () => {
    const root = await generateCertificate({
      subject: 'CN=Contoso Root CA, DC=contoso',
      isCA: true,
      key: { type: 'ec' },
    });
    const leaf = await generateCertificate({
      subject: 'CN=intranet.contoso.test',
      key: { type: 'ec' },
      issuer: root,
      san: { dns: ['intranet.contoso.test'] },
    });
    const r = both(await observe({ served: [leaf] }));
    assert.equal(r.missing.status, 'pass');
    assert.equal(r.untrusted.findings[0]?.id, 'chain.untrusted-root');
    assert.ok(r.untrusted.findings[0]!.evidence.some((e) => /whose name says it is a root/.test(e.text)));
  });

  test("the leaf's issuer (an intermediate) absent, root unknown too: a missing intermediate, naming the intermediate", async () => {
    const { leaf } = await makePki();
    const r = both(await observe({ served: [leaf] }));
    assert.equal(r.untrusted.status, 'pass');
    const f = r.missing.findings[0]!;
    assert.equal(f.severity, 'blocker');
    assert.match(f.summary, /does not send the intermediate "CN=Rule Test Intermediate, O=tlsdoctor"/);
    assert.doesNotMatch(f.summary, /Root/);
  });
});

// two CAs cross-signed by each other (a loop), a path past the depth limit, and the neighbours that
// stay with their own rules (missing intermediate, untrusted root, a trusted chain)
const LOOP_EC = { type: 'ec' } as const;

/** CA "A" and CA "B", each certified by the other's key; a leaf issued by A. */
async function crossSignedLoop(): Promise<{ leaf: GeneratedCert; aByB: GeneratedCert; bByA: GeneratedCert }> {
  const a = await generateCertificate({ subject: 'CN=Loop CA A, O=tlsdoctor', isCA: true, key: LOOP_EC });
  const b = await generateCertificate({ subject: 'CN=Loop CA B, O=tlsdoctor', isCA: true, key: LOOP_EC });
  const aByB = await generateCertificate({ subject: a.subject, isCA: true, issuer: b, keyPem: a.keyPem });
  const bByA = await generateCertificate({ subject: b.subject, isCA: true, issuer: a, keyPem: b.keyPem });
  const leaf = await generateCertificate({
    subject: 'CN=loop.test',
    issuer: a,
    key: LOOP_EC,
    san: { dns: ['loop.test'] },
  });
  return { leaf, aByB, bByA };
}

describe('chain.no-path', () => {
  const rule = chainNoPath;
  test('finding: a server sends two CAs that certify each other (a loop, no root)', async () => {
    const { leaf, aByB, bByA } = await crossSignedLoop();
    const r = check(rule, await observe({ served: [leaf, aByB, bByA], host: 'loop.test' }));
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.equal(f.severity, 'blocker');
    assert.match(
      f.summary,
      /lead to no root: the issuer of "CN=Loop CA [AB], O=tlsdoctor" is already on the path/,
    );
    assert.match(f.evidence[0]!.text, /"CN=loop\.test".*→ back into the path/);
  });

  test(`finding: a path longer than ${policy.maxChainDepth} certificates`, async () => {
    let issuer = await generateCertificate({ subject: 'CN=Deep Root', isCA: true, key: LOOP_EC });
    const cas: GeneratedCert[] = [];
    for (let i = 0; i < policy.maxChainDepth + 1; i++) {
      issuer = await generateCertificate({ subject: `CN=Deep Level ${i}`, issuer, isCA: true, key: LOOP_EC });
      cas.push(issuer);
    }
    const leaf = await generateCertificate({
      subject: 'CN=deep.test',
      issuer,
      key: LOOP_EC,
      san: { dns: ['deep.test'] },
    });
    const r = check(rule, await observe({ files: [[leaf, ...cas.reverse()]], host: 'deep.test' }));
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0]!.summary,
      new RegExp(`reaches ${policy.maxChainDepth} certificates without a root`),
    );
  });

  test('pass: a trusted chain, an absent intermediate and an untrusted root are other rules’ cases', async () => {
    const { leaf, inter, root } = await makePki();
    assert.equal(check(rule, await observe({ served: [leaf, inter], ca: [root] })).status, 'pass');
    assert.equal(check(rule, await observe({ served: [leaf] })).status, 'pass');
    assert.equal(check(rule, await observe({ served: [leaf, inter, root] })).status, 'pass');
  });
});
