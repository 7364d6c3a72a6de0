// The DER name keys the path builder indexes trust anchors by (src/x509/name-key.ts) must never
// tell apart two names node:crypto prints alike, or a path to an anchor would be missed: checked on
// every root of Node's and the system's stores and the certificate corpus, and on one name written
// in each string type openssl can write (PrintableString, UTF8String, T61String, BMPString).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nameKeysOf } from '../../src/x509/name-key.js';
import { SYSTEM_BUNDLES } from '../../src/x509/chain.js';
import { openssl, tempDir, pems } from './helpers.js';

const CORPUS = fileURLToPath(new URL('../fixtures/x509-corpus/files/', import.meta.url));

/** every pair of names printed alike has the same key (or no key) */
function assertKeysFollowText(ders: Buffer[]): number {
  const byText = new Map<string, Set<number>>();
  let keyed = 0;
  for (const der of ders) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      continue;
    }
    const keys = nameKeysOf(der);
    for (const which of ['subject', 'issuer'] as const) {
      const key = keys[which];
      if (key === undefined) continue;
      keyed++;
      const text = cert[which];
      const seen = byText.get(text) ?? new Set<number>();
      seen.add(key);
      byText.set(text, seen);
    }
  }
  for (const [text, keys] of byText) assert.equal(keys.size, 1, `one key for ${JSON.stringify(text)}`);
  return keyed;
}

test('the trust stores: a self-signed root has one key for issuer and subject, names printed alike share a key', () => {
  const ders = rootCertificates.flatMap(pems);
  const bundle = SYSTEM_BUNDLES.find((f) => existsSync(f));
  if (bundle) ders.push(...pems(readFileSync(bundle, 'latin1')));
  const keyed = assertKeysFollowText(ders);
  assert.ok(keyed >= ders.length, `${keyed} names keyed of ${2 * ders.length}`);
  let selfIssued = 0;
  for (const der of ders) {
    const cert = new X509Certificate(der);
    const { issuer, subject } = nameKeysOf(der);
    if (cert.subject === cert.issuer) {
      selfIssued++;
      assert.equal(issuer, subject);
    } else assert.notEqual(issuer, subject);
  }
  assert.ok(selfIssued > 100);
});

test('the certificate corpus (including malformed names): no key splits a printed name', () => {
  const ders: Buffer[] = [];
  const files = existsSync(CORPUS) ? readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }) : [];
  for (const f of files.filter((n) => /\.(pem|der|crt)$/.test(n))) {
    const raw = readFileSync(join(CORPUS, f));
    const text = raw.toString('latin1');
    ders.push(...(text.includes('-----BEGIN CERTIFICATE-----') ? pems(text) : [raw]));
  }
  assert.ok(ders.length > 20, `${ders.length} corpus certificates`);
  assertKeysFollowText(ders);
  // what is not a certificate has no key, and never throws
  assert.deepEqual(nameKeysOf(Buffer.from('30030201', 'hex')), {});
  assert.deepEqual(nameKeysOf(Buffer.alloc(0)), {});
});

const pki = tempDir();
after(pki.cleanup);

test('one name in PrintableString, UTF8String, T61String and BMPString: one key; another name: another key', () => {
  const ders: Buffer[] = [];
  const tags = new Set<number>();
  const make = (mask: string, cn: string, file: string) => {
    // string_mask (openssl-req(1), config): which string types openssl may write a value in
    writeFileSync(
      join(pki.dir, `${file}.cnf`),
      `[req]\ndistinguished_name = dn\nstring_mask = ${mask}\n[dn]\n`,
    );
    openssl(
      [
        'req',
        '-x509',
        '-config',
        `${file}.cnf`,
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${file}.key`,
        '-out',
        `${file}.pem`,
        '-days',
        '2',
        '-utf8',
        '-subj',
        `/O=Z\u00fcrich Example/CN=${cn}`,
      ],
      pki.dir,
    );
    const der = pems(readFileSync(join(pki.dir, `${file}.pem`), 'latin1'))[0]!;
    ders.push(der);
    tags.add(cnTag(der));
  };
  make('pkix', 'Anchor', 'a-pkix');
  make('utf8only', 'Anchor', 'a-utf8');
  make('nombstr', 'Anchor', 'a-t61');
  make('MASK:0x800', 'Anchor', 'a-bmp');
  make('utf8only', 'Other anchor', 'b-utf8');
  assert.ok(tags.size >= 3, `string types written: ${[...tags].map((t) => t.toString(16)).join(', ')}`);
  const keys = ders.map((d) => nameKeysOf(d).subject);
  const texts = ders.map((d) => new X509Certificate(d).subject);
  for (let i = 0; i < ders.length; i++)
    for (let j = 0; j < ders.length; j++)
      if (texts[i] === texts[j]) assert.equal(keys[i], keys[j], `${i} and ${j}: same text, same key`);
  assert.notEqual(keys[0], keys[4]);
});

/** the tag of the last attribute value of the subject (the CN here) */
function cnTag(der: Buffer): number {
  const cn = der.lastIndexOf(Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]));
  assert.ok(cn > 0);
  return der[cn + 5]!;
}
