import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import forge from 'node-forge';
import { loadBuffer, loadFile } from '../../src/x509/load.js';
import { TlsDoctorError } from '../../src/errors.js';
import { generateCertificate, makePfx } from '../../src/x509/generate.js';
import { makeOpensslPki, openssl, p, tempDir } from './helpers.js';

const tmp = tempDir();
const dir = tmp.dir;
const thumb = (file: string) => new X509Certificate(readFileSync(p(dir, file))).fingerprint.replace(/:/g, '');

function isInputError(code: string, re?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof TlsDoctorError, `expected TlsDoctorError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(!e.message.includes('\n'), 'one line');
    if (re) assert.match(e.message, re);
    return true;
  };
}

before(() => {
  makeOpensslPki(dir);
  const o = (args: string[]) => openssl(args, dir);
  o([
    'pkcs12',
    '-export',
    '-in',
    'leaf.pem',
    '-inkey',
    'leaf.key',
    '-certfile',
    'inter.pem',
    '-out',
    'modern.pfx',
    '-passout',
    'pass:Pfx-s3cret',
  ]);
  o([
    'pkcs12',
    '-export',
    '-legacy',
    '-in',
    'leaf.pem',
    '-inkey',
    'leaf.key',
    '-certfile',
    'inter.pem',
    '-out',
    'legacy.pfx',
    '-passout',
    'pass:Pfx-s3cret',
  ]);
  o([
    'pkcs12',
    '-export',
    '-legacy',
    '-in',
    'root.pem',
    '-inkey',
    'root.key',
    '-out',
    'rsa-legacy.pfx',
    '-passout',
    'pass:Pfx-s3cret',
  ]);
  o(['pkcs12', '-export', '-nokeys', '-in', 'leaf.pem', '-out', 'nokeys.pfx', '-passout', 'pass:Pfx-s3cret']);
  o(['pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-out', 'empty.pfx', '-passout', 'pass:']);
  o([
    'pkcs12',
    '-export',
    '-in',
    'leaf.pem',
    '-inkey',
    'leaf.key',
    '-out',
    'nomac.pfx',
    '-nomac',
    '-passout',
    'pass:',
  ]);
  o(['crl2pkcs7', '-nocrl', '-certfile', 'leaf.pem', '-certfile', 'inter.pem', '-out', 'chain.p7b']);
  o([
    'crl2pkcs7',
    '-nocrl',
    '-certfile',
    'leaf.pem',
    '-certfile',
    'inter.pem',
    '-outform',
    'DER',
    '-out',
    'chain-der.p7b',
  ]);
  o(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.cer']);
  o(['pkcs8', '-topk8', '-in', 'leaf.key', '-out', 'leaf-enc.key', '-passout', 'pass:Key-s3cret']);
  o(['ec', '-in', 'leaf.key', '-out', 'leaf-sec1.key']);
  o(['rsa', '-in', 'root.key', '-traditional', '-out', 'root-pkcs1.key']);
  o([
    'rsa',
    '-in',
    'root.key',
    '-traditional',
    '-aes256',
    '-passout',
    'pass:Key-s3cret',
    '-out',
    'root-pkcs1-enc.key',
  ]);
  o(['pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.key', '-outform', 'DER', '-out', 'leaf-key.der']);
  o(['ec', '-in', 'leaf.key', '-outform', 'DER', '-out', 'leaf-sec1.der']);
  // what `openssl pkcs12 -nodes` prints: "Bag Attributes" text between the blocks
  const dump = o(['pkcs12', '-in', 'modern.pfx', '-passin', 'pass:Pfx-s3cret', '-nodes']);
  writeFileSync(p(dir, 'dump.pem'), dump);
});
after(() => tmp.cleanup());

describe('formats, detected by content', () => {
  test('PEM certificate, DER .cer, and a PEM dump with text between blocks', async () => {
    const a = await loadFile(p(dir, 'leaf.pem'));
    assert.equal(a.format, 'pem');
    assert.equal(a.certificates.length, 1);
    const b = await loadFile(p(dir, 'leaf.cer'));
    assert.equal(b.format, 'der');
    assert.equal(b.certificates[0]!.cert.fingerprint, a.certificates[0]!.cert.fingerprint);
    const d = await loadFile(p(dir, 'dump.pem'));
    assert.deepEqual(
      d.certificates.map((c) => c.cert.subject.split('\n')[0]),
      ['CN=shop.test', 'CN=tlsdoctor Test Intermediate'],
    );
    assert.equal(d.keys.length, 1);
    assert.ok((d.certificates[0]!.line ?? 0) > 1, 'line of the BEGIN after the Bag Attributes text');
  });

  test('keys: PKCS#8, SEC1, PKCS#1, DER PKCS#8, encrypted PKCS#8 and legacy encrypted PKCS#1', async () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['leaf.key', 'pkcs8', undefined],
      ['leaf-sec1.key', 'sec1', undefined],
      ['root-pkcs1.key', 'pkcs1', undefined],
      ['leaf-key.der', 'pkcs8', undefined],
      ['leaf-sec1.der', 'sec1', undefined],
      ['leaf-enc.key', 'pkcs8-encrypted', 'Key-s3cret'],
      ['root-pkcs1-enc.key', 'pkcs1-encrypted', 'Key-s3cret'],
    ];
    for (const [f, fmt, pw] of cases) {
      const r = await loadFile(p(dir, f), pw !== undefined ? { password: pw } : {});
      assert.equal(r.keys.length, 1, f);
      assert.equal(r.keys[0]!.format, fmt, f);
    }
  });

  test('encrypted key: wrong or missing password is INPUT_PASSWORD naming the file, never the password', async () => {
    await assert.rejects(
      loadFile(p(dir, 'leaf-enc.key'), { password: 'nope-nope' }),
      isInputError('INPUT_PASSWORD', /leaf-enc\.key.*wrong password/),
    );
    await assert.rejects(
      loadFile(p(dir, 'leaf-enc.key')),
      isInputError('INPUT_PASSWORD', /no password was given/),
    );
    await assert.rejects(
      loadFile(p(dir, 'root-pkcs1-enc.key'), { password: 'nope-nope' }),
      (e: unknown) => isInputError('INPUT_PASSWORD')(e) && !(e as Error).message.includes('nope-nope'),
    );
  });

  test('PFX modern (AES-256/PBKDF2) and legacy (3DES/RC2) with an EC key and chain', async () => {
    for (const f of ['modern.pfx', 'legacy.pfx']) {
      const r = await loadFile(p(dir, f), { password: 'Pfx-s3cret' });
      assert.equal(r.format, 'pfx');
      assert.equal(r.certificates.length, 2, f);
      assert.equal(r.keys.length, 1, f);
      assert.equal(r.keys[0]!.key.asymmetricKeyType, 'ec');
      assert.equal(r.pfx?.mac, f === 'legacy.pfx' ? 'sha1' : 'sha256');
      assert.equal(r.certificates[0]!.cert.fingerprint.replace(/:/g, ''), thumb('leaf.pem'));
    }
  });

  test('PFX legacy with an RSA key: the certificate keeps its exact bytes (same thumbprint)', async () => {
    const r = await loadFile(p(dir, 'rsa-legacy.pfx'), { password: 'Pfx-s3cret' });
    assert.equal(r.keys[0]!.key.asymmetricKeyType, 'rsa');
    assert.equal(r.certificates[0]!.cert.fingerprint.replace(/:/g, ''), thumb('root.pem'));
  });

  test('PFX without key, with empty password, without MAC', async () => {
    const nk = await loadFile(p(dir, 'nokeys.pfx'), { password: 'Pfx-s3cret' });
    assert.equal(nk.keys.length, 0);
    assert.equal(nk.pfx?.keyBags, 0);
    const e = await loadFile(p(dir, 'empty.pfx'));
    assert.equal(e.keys.length, 1);
    assert.equal(e.pfx?.password, 'empty');
    const nm = await loadFile(p(dir, 'nomac.pfx'));
    assert.equal(nm.pfx?.mac, null);
    assert.equal(nm.keys.length, 1);
  });

  test('PFX wrong password / no password / wrong MAC are clear INPUT_PASSWORD errors', async () => {
    await assert.rejects(
      loadFile(p(dir, 'modern.pfx'), { password: 'wrong-pw' }),
      isInputError('INPUT_PASSWORD', /modern\.pfx: wrong password, or the PFX was altered/),
    );
    await assert.rejects(
      loadFile(p(dir, 'modern.pfx')),
      isInputError('INPUT_PASSWORD', /no password was given/),
    );
    // flip one byte of the MAC value (the last OCTET STRING before salt/iterations)
    const buf = readFileSync(p(dir, 'modern.pfx'));
    const bad = Buffer.from(buf);
    bad[bad.length - 20] = bad[bad.length - 20]! ^ 0xff;
    writeFileSync(p(dir, 'badmac.pfx'), bad);
    await assert.rejects(
      loadFile(p(dir, 'badmac.pfx'), { password: 'Pfx-s3cret' }),
      isInputError('INPUT_PASSWORD', /badmac\.pfx: .*integrity check \(MAC\) failed/),
    );
  });

  test('non-ASCII passwords: openssl PFX (modern and legacy) load; a makePfx PFX opens in openssl', async () => {
    const pw = 'pässwörd-Ω';
    openssl(
      [
        'pkcs12',
        '-export',
        '-in',
        'leaf.pem',
        '-inkey',
        'leaf.key',
        '-out',
        'utf8.pfx',
        '-passout',
        `pass:${pw}`,
      ],
      dir,
    );
    openssl(
      [
        'pkcs12',
        '-export',
        '-legacy',
        '-in',
        'leaf.pem',
        '-inkey',
        'leaf.key',
        '-out',
        'utf8-legacy.pfx',
        '-passout',
        `pass:${pw}`,
      ],
      dir,
    );
    for (const f of ['utf8.pfx', 'utf8-legacy.pfx'])
      assert.equal((await loadFile(p(dir, f), { password: pw })).keys.length, 1, f);
    const c = await generateCertificate({ subject: 'CN=utf8.test', key: { type: 'ec' } });
    writeFileSync(p(dir, 'gen-utf8.pfx'), makePfx({ cert: c, includeKey: true, password: pw }));
    assert.match(
      openssl(['pkcs12', '-in', 'gen-utf8.pfx', '-passin', `pass:${pw}`, '-nodes'], dir),
      /BEGIN PRIVATE KEY/,
    );
    assert.equal(
      loadBuffer(readFileSync(p(dir, 'gen-utf8.pfx')), 'gen-utf8.pfx', { password: pw }).keys.length,
      1,
    );
  });

  test('P7B in PEM and DER', async () => {
    for (const f of ['chain.p7b', 'chain-der.p7b']) {
      const r = await loadFile(p(dir, f));
      assert.equal(r.format, f === 'chain.p7b' ? 'p7b-pem' : 'p7b-der');
      assert.equal(r.certificates.length, 2);
    }
  });

  test('generate.ts PFX (modern, legacy, no key, Ed25519) round-trips through the loader', async () => {
    const root = await generateCertificate({ subject: 'CN=Gen Root', isCA: true, key: { type: 'ec' } });
    const leaf = await generateCertificate({
      subject: 'CN=gen.test',
      issuer: root,
      key: { type: 'ed25519' },
      san: { dns: ['gen.test'] },
    });
    const cases = [
      { pfx: makePfx({ cert: leaf, includeKey: true, chain: [root], password: 'x' }), pw: 'x', keys: 1 },
      { pfx: makePfx({ cert: leaf, includeKey: true, password: '', legacy: true }), pw: undefined, keys: 1 },
      { pfx: makePfx({ cert: leaf, includeKey: false, password: 'x' }), pw: 'x', keys: 0 },
    ];
    for (const c of cases) {
      const r = loadBuffer(c.pfx, 'gen.pfx', c.pw !== undefined ? { password: c.pw } : {});
      assert.equal(r.keys.length, c.keys);
      assert.equal(r.certificates[0]!.cert.fingerprint.replace(/:/g, ''), leaf.thumbprintSha1);
      if (c.keys) assert.equal(r.keys[0]!.key.asymmetricKeyType, 'ed25519');
    }
  });
});

describe('hostile input: one-line errors naming the file', () => {
  test('truncated DER', () => {
    const der = readFileSync(p(dir, 'leaf.cer'));
    assert.throws(
      () => loadBuffer(der.subarray(0, der.length - 10), 'cut.cer'),
      isInputError('INPUT_FORMAT', /cut\.cer: not valid DER: need \d+ bytes/),
    );
  });
  test('wrong tags', () => {
    const der = Buffer.from(readFileSync(p(dir, 'leaf.cer')));
    der[0] = 0x31; // SET instead of SEQUENCE
    assert.throws(
      () => loadBuffer(der, 'set.cer'),
      isInputError('INPUT_FORMAT', /set\.cer: not a certificate.*0x31/),
    );
    const inner = Buffer.from(readFileSync(p(dir, 'leaf.cer')));
    inner[4] = 0x04; // tbsCertificate as OCTET STRING
    assert.throws(() => loadBuffer(inner, 'inner.cer'), isInputError('INPUT_FORMAT', /inner\.cer/));
  });
  test('a 50 MB file is refused from its size, before it is read', async () => {
    const big = p(dir, 'big.pem');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024); // sparse: nothing is written, nothing is read
    closeSync(fd);
    const t0 = Date.now();
    await assert.rejects(loadFile(big), isInputError('INPUT_TOO_LARGE', /big\.pem: is 52428800 bytes/));
    assert.ok(Date.now() - t0 < 10_000, 'hang guard only (speed is benchmarked, not tested)');
  });
  test('a PFX demanding millions of key-derivation iterations is refused before any derivation', async () => {
    const c = await generateCertificate({ subject: 'CN=iter.test', key: { type: 'ec' } });
    const pfx = makePfx({ cert: c, includeKey: true, password: 'x' });
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER }: set iterations to 5,000,000
    const root = forge.asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
    const macData = (root.value as forge.asn1.Asn1[])[2]!;
    (macData.value as forge.asn1.Asn1[])[2]!.value = forge.asn1.integerToDer(5_000_000).getBytes();
    const hostile = Buffer.from(forge.asn1.toDer(root).getBytes(), 'binary');
    const t0 = Date.now();
    assert.throws(
      () => loadBuffer(hostile, 'slow.pfx', { password: 'x' }),
      isInputError(
        'INPUT_FORMAT',
        /slow\.pfx: PFX asks for 5000000 key-derivation iterations, above the limit of 100000/,
      ),
    );
    assert.ok(Date.now() - t0 < 10_000, 'hang guard only (speed is benchmarked, not tested)');
  });
  test('PEM with garbage between blocks, unterminated block, bad base64', () => {
    const pem = readFileSync(p(dir, 'leaf.pem'), 'utf8');
    const inter = readFileSync(p(dir, 'inter.pem'), 'utf8');
    // `openssl x509 -text` prints a name's raw bytes: text that is not UTF-8 is skipped, as OpenSSL does
    const dump = Buffer.concat([
      Buffer.from('            X509v3 Subject Alternative Name: \n                DNS:'),
      Buffer.from([0xc0, 0xa8]),
      Buffer.from('\n'),
      Buffer.from(pem),
    ]);
    assert.equal(loadBuffer(dump, 'dump.pem').certificates.length, 1);
    assert.throws(
      () => loadBuffer(Buffer.from(pem + '\u0001\u0002garbage\u0000\n' + inter), 'g1.pem'),
      isInputError('INPUT_FORMAT', /g1\.pem: line \d+: binary garbage between PEM blocks/),
    );
    assert.throws(
      () =>
        loadBuffer(
          Buffer.from(pem + 'MIIBszCCAVmgAwIBAgIUVp0qV1oV9BnMfQ9iXjxg0Xz5m8swCgYIKoZIzj0EAwIw\n' + inter),
          'g2.pem',
        ),
      isInputError('INPUT_FORMAT', /g2\.pem: line \d+: base64 data outside any BEGIN\/END block/),
    );
    assert.throws(
      () => loadBuffer(Buffer.from(pem.split('-----END')[0]!), 'g3.pem'),
      isInputError('INPUT_FORMAT', /g3\.pem: .*has no END line/),
    );
    const lines = pem.split('\n');
    lines[3] = lines[3]!.slice(0, 10) + '!' + lines[3]!.slice(11);
    assert.throws(
      () => loadBuffer(Buffer.from(lines.join('\n')), 'g4.pem'),
      isInputError('INPUT_FORMAT', /g4\.pem: line 4: invalid character/),
    );
  });
  test('empty, text, CSR, random binary', () => {
    assert.throws(
      () => loadBuffer(Buffer.alloc(0), 'e.pem'),
      isInputError('INPUT_FORMAT', /e\.pem: is empty/),
    );
    assert.throws(
      () => loadBuffer(Buffer.from('hello world\n'), 't.txt'),
      isInputError('INPUT_FORMAT', /t\.txt: is text/),
    );
    assert.throws(
      () => loadBuffer(readFileSync(p(dir, 'leaf.csr')), 'r.csr'),
      isInputError('INPUT_FORMAT', /r\.csr: contains no certificate/),
    );
    assert.throws(
      () => loadBuffer(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]), 'elf'),
      isInputError('INPUT_FORMAT', /elf: not a certificate.*0x7f/),
    );
  });
  test('property: random bytes and mutated certificates/PFX give a result or a TlsDoctorError, never a crash', () => {
    const seeds = [
      readFileSync(p(dir, 'leaf.cer')),
      readFileSync(p(dir, 'nomac.pfx')),
      readFileSync(p(dir, 'leaf.pem')),
      readFileSync(p(dir, 'chain-der.p7b')),
    ];
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat()),
        (si, muts, cut) => {
          const b = Buffer.from(seeds[si]!);
          for (const [at, v] of muts) b[at % b.length] = v;
          const input = cut === null ? b : b.subarray(0, cut % (b.length + 1));
          try {
            loadBuffer(input, 'fuzz.bin');
          } catch (e) {
            if (!(e instanceof TlsDoctorError)) throw e;
            assert.ok(e.message.startsWith('fuzz.bin'));
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        try {
          loadBuffer(Buffer.from(bytes), 'rand.bin');
        } catch (e) {
          if (!(e instanceof TlsDoctorError)) throw e;
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
