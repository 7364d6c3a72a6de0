// The quick reading of well-formed extensions (src/x509/ext-fast.ts) against @peculiar/x509 as the
// oracle: on every certificate of Node's and the system's trust stores, the certificate corpus
// (zlint and pyca vectors, malformed ones included) and certificates openssl makes with every
// extension form a TLS certificate uses, the facts read are identical, and the quick reader takes
// the common certificates whole.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionFactsRead } from '../../src/x509/inspect.js';
import { tbsLayout } from '../../src/x509/inspect.js';
import { readExtensionFast } from '../../src/x509/ext-fast.js';
import { SYSTEM_BUNDLES } from '../../src/x509/chain.js';
import { makeOpensslPki, openssl, tempDir, pems } from './helpers.js';

const CORPUS = fileURLToPath(new URL('../fixtures/x509-corpus/files/', import.meta.url));

/** identical facts both ways; returns how many extensions the quick reader took */
function compare(ders: Buffer[], origin: string): { quick: number; all: number } {
  let quick = 0;
  let all = 0;
  for (const [i, der] of ders.entries()) {
    assert.deepEqual(extensionFactsRead(der, true), extensionFactsRead(der, false), `${origin} #${i}`);
    let list: Array<{ oid: string; der: Buffer }> = [];
    try {
      list = tbsLayout(der).extensions;
    } catch {
      continue;
    }
    for (const e of list) {
      all++;
      if (readExtensionFast(e.oid, e.der)) quick++;
    }
  }
  return { quick, all };
}

test('the trust stores: identical facts, and nearly every extension read quickly', () => {
  const ders = rootCertificates.flatMap(pems);
  const bundle = SYSTEM_BUNDLES.find((f) => existsSync(f));
  if (bundle) ders.push(...pems(readFileSync(bundle, 'latin1')));
  const { quick, all } = compare(ders, 'trust store');
  assert.ok(all > 500, `${all} extensions`);
  assert.ok(quick / all > 0.9, `${quick} of ${all} read quickly`);
});

test('the certificate corpus, malformed ones included: identical facts', () => {
  const files = existsSync(CORPUS) ? readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }) : [];
  const ders: Buffer[] = [];
  for (const f of files.filter((n) => /\.(pem|der|crt)$/.test(n))) {
    const raw = readFileSync(join(CORPUS, f));
    const text = raw.toString('latin1');
    ders.push(...(text.includes('-----BEGIN CERTIFICATE-----') ? pems(text) : [raw]));
  }
  assert.ok(ders.length > 20);
  compare(ders, 'corpus');
});

const dir = tempDir();
after(dir.cleanup);

test('openssl certificates with every extension form TLS servers use: identical facts, all read quickly', () => {
  const pki = makeOpensslPki(dir.dir);
  const ders = [pki.root, pki.inter, pki.leaf].flatMap((f) => pems(readFileSync(join(dir.dir, f), 'latin1')));
  // one more leaf with the rest: IPv6 and e-mail names, CRL distribution points, OCSP, policies with
  // a CPS pointer, a critical key usage, an authority key identifier and name constraints on a CA
  writeFileSync(
    join(dir.dir, 'more.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '[ext]',
      'basicConstraints = critical, CA:TRUE, pathlen:3',
      'keyUsage = critical, keyCertSign, cRLSign, digitalSignature, decipherOnly',
      'extendedKeyUsage = serverAuth, clientAuth, 1.3.6.1.4.1.311.10.3.4',
      'subjectAltName = DNS:Shop.Example.test, DNS:*.shop.example.test, IP:192.0.2.7, IP:2001:db8:0:0:1:0:0:1, IP:::1, email:admin@example.test, URI:https://shop.example.test/',
      'crlDistributionPoints = URI:http://crl.example.test/ca.crl, URI:http://crl2.example.test/ca.crl',
      'authorityInfoAccess = OCSP;URI:http://ocsp.example.test/, caIssuers;URI:http://ca.example.test/ca.der',
      'certificatePolicies = 2.23.140.1.2.1, @cps',
      'nameConstraints = critical, permitted;DNS:example.test, excluded;IP:192.0.2.0/255.255.255.0',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '[cps]',
      'policyIdentifier = 1.3.6.1.4.1.99999.1',
      'CPS.1 = "https://cps.example.test/"',
      '',
    ].join('\n'),
  );
  openssl(
    [
      'req',
      '-x509',
      '-config',
      'more.cnf',
      '-extensions',
      'ext',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'more.key',
      '-out',
      'more.pem',
      '-days',
      '2',
      '-subj',
      '/CN=more.example.test',
    ],
    dir.dir,
  );
  ders.push(...pems(readFileSync(join(dir.dir, 'more.pem'), 'latin1')));
  const { quick, all } = compare(ders, 'openssl');
  assert.equal(quick, all, `${quick} of ${all} read quickly`);
  const more = extensionFactsRead(ders.at(-1)!, true);
  assert.deepEqual(more.san, {
    dns: ['shop.example.test', '*.shop.example.test'],
    ip: ['192.0.2.7', '2001:db8::1:0:0:1', '::1'],
    other: ['email:admin@example.test', 'url:https://shop.example.test/'],
  });
  assert.deepEqual(more.basicConstraints, { ca: true, pathLength: 3 });
  assert.deepEqual(more.keyUsage, ['digitalSignature', 'keyCertSign', 'cRLSign', 'decipherOnly']);
  assert.deepEqual(more.crlUrls, ['http://crl.example.test/ca.crl', 'http://crl2.example.test/ca.crl']);
  assert.deepEqual(more.aia, {
    caIssuers: ['http://ca.example.test/ca.der'],
    ocsp: ['http://ocsp.example.test/'],
  });
  assert.deepEqual(more.malformed, []);
});

test('one byte changed anywhere in the extensions (seeded, 400 times): never a throw, always the same facts', () => {
  const der = pems(readFileSync(join(dir.dir, 'more.pem'), 'latin1'))[0]!;
  const exts = tbsLayout(der).extensions;
  const first = der.indexOf(exts[0]!.der);
  const last = der.indexOf(exts.at(-1)!.der) + exts.at(-1)!.der.length;
  assert.ok(first > 0 && last > first);
  let seed = 0x2545f491;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < 400; i++) {
    const m = Buffer.from(der);
    const at = first + rand(last - first);
    m[at] = rand(256);
    assert.deepEqual(extensionFactsRead(m, true), extensionFactsRead(m, false), `byte ${at} = ${m[at]}`);
  }
});
