// Every key derivation the loader runs is bounded, wherever its parameters sit: a key bag nested in
// an encrypted SafeContents (visible only after the outer layer is decrypted), an encrypted PKCS#8
// key handed to OpenSSL (PBKDF2 and scrypt). Each hostile file is refused with a one-line error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { loadBuffer } from '../../src/x509/load.js';
import { TlsDoctorError } from '../../src/errors.js';
import { generateCertificate } from '../../src/x509/generate.js';
import { openssl, p, tempDir } from './helpers.js';

const { asn1 } = forge;
const seq = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, v);
const oid = (o: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const octets = (b: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b);
const int = (n: number) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const explicit0 = (v: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [v]);
const der = (n: forge.asn1.Asn1) => asn1.toDer(n).getBytes();

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const OID_PBE_SHA_3DES = '1.2.840.113549.1.12.1.3';

const pkcs8Der = (pem: string) =>
  (createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('binary');

function refused(re: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof TlsDoctorError, `expected TlsDoctorError, got ${String(e)}`);
    assert.equal(e.code, 'INPUT_FORMAT', e.message);
    assert.ok(!e.message.includes('\n'), 'one line');
    assert.match(e.message, re);
    return true;
  };
}

/** Sets the first INTEGER that follows an OCTET STRING (a PBE salt) anywhere under `n`. */
function setIterations(n: forge.asn1.Asn1, value: number): boolean {
  if (!Array.isArray(n.value)) return false;
  const kids = n.value as forge.asn1.Asn1[];
  for (let i = 0; i + 1 < kids.length; i++) {
    if (kids[i]!.type === asn1.Type.OCTETSTRING && kids[i + 1]!.type === asn1.Type.INTEGER) {
      kids[i + 1]!.value = asn1.integerToDer(value).getBytes();
      return true;
    }
  }
  return kids.some((k) => setIterations(k, value));
}

describe('bounded key derivation', () => {
  test('a key bag with 2^31 PBKDF2 iterations inside an EncryptedData (empty password, 1 iteration) is refused', async () => {
    const c = await generateCertificate({ subject: 'CN=nested.test', key: { type: 'ec' } });
    const pkcs8 = asn1.fromDer(pkcs8Der(c.keyPem));
    const keyInfo = forge.pki.encryptPrivateKeyInfo(pkcs8, 'x', {
      algorithm: 'aes256',
      count: 1,
      prfAlgorithm: 'sha256',
    } as never);
    assert.ok(setIterations(keyInfo, 0x7fffffff), 'PBKDF2 parameters found');
    const safeContents = seq([seq([oid(OID_SHROUDED_KEY_BAG), explicit0(keyInfo)])]);

    // EncryptedData (RFC 5652 8) with pbeWithSHAAnd3-KeyTripleDES-CBC, empty password, 1 iteration
    const salt = forge.random.getBytesSync(8);
    const saltBuf = () => forge.util.createBuffer(salt);
    const key = forge.pkcs12.generateKey('', saltBuf(), 1, 1, 24);
    const iv = forge.pkcs12.generateKey('', saltBuf(), 2, 1, 8);
    const des = (
      forge as unknown as { des: { createEncryptionCipher(k: unknown): forge.cipher.BlockCipher } }
    ).des;
    const cipher = des.createEncryptionCipher(key);
    (cipher.start as (iv: unknown) => void)(iv);
    cipher.update(forge.util.createBuffer(der(safeContents)));
    cipher.finish();
    const encryptedData = seq([
      int(0),
      seq([
        oid(OID_DATA),
        seq([oid(OID_PBE_SHA_3DES), seq([octets(salt), int(1)])]),
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, cipher.output.getBytes()),
      ]),
    ]);
    const authSafe = seq([seq([oid(OID_ENCRYPTED_DATA), explicit0(encryptedData)])]);
    // no MacData: the loader tries the empty password and no password
    const pfx = seq([int(3), seq([oid(OID_DATA), explicit0(octets(der(authSafe)))])]);
    const hostile = Buffer.from(der(pfx), 'binary');
    assert.ok(hostile.length < 4096, 'a few kilobytes');
    assert.throws(
      () => loadBuffer(hostile, 'nested.pfx'),
      refused(/^nested\.pfx: PFX asks for 2147483647 key-derivation iterations, above the limit of 100000/),
    );
  });

  test('the same PFX with a sane inner count loads past the bound (the bound refuses only what exceeds it)', async () => {
    const c = await generateCertificate({ subject: 'CN=sane.test', key: { type: 'ec' } });
    const pkcs8 = asn1.fromDer(pkcs8Der(c.keyPem));
    const keyInfo = forge.pki.encryptPrivateKeyInfo(pkcs8, '', { algorithm: '3des', count: 1000 });
    const pfx = seq([
      int(3),
      seq([
        oid(OID_DATA),
        explicit0(
          octets(
            der(
              seq([
                seq([
                  oid(OID_DATA),
                  explicit0(octets(der(seq([seq([oid(OID_SHROUDED_KEY_BAG), explicit0(keyInfo)])])))),
                ]),
              ]),
            ),
          ),
        ),
      ]),
    ]);
    const loaded = loadBuffer(Buffer.from(der(pfx), 'binary'), 'sane.pfx');
    assert.equal(loaded.keys.length, 1);
  });

  test('an encrypted PKCS#8 key asking for 2^31 PBKDF2 iterations is refused before OpenSSL derives', async () => {
    const c = await generateCertificate({ subject: 'CN=pkcs8.test', key: { type: 'ec' } });
    const pkcs8 = asn1.fromDer(pkcs8Der(c.keyPem));
    const keyInfo = forge.pki.encryptPrivateKeyInfo(pkcs8, 'pw', {
      algorithm: 'aes256',
      count: 1,
      prfAlgorithm: 'sha256',
    } as never);
    assert.ok(setIterations(keyInfo, 0x7fffffff));
    const body = Buffer.from(der(keyInfo), 'binary');
    const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body.toString('base64')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    assert.throws(
      () => loadBuffer(Buffer.from(pem), 'slow.key', { password: 'pw' }),
      refused(/^slow\.key: .*the encrypted key asks for 2147483647 key-derivation iterations/),
    );
    assert.throws(
      () => loadBuffer(body, 'slow.der', { password: 'pw' }),
      refused(/^slow\.der: DER: the encrypted key asks for 2147483647/),
    );
  });

  test('an scrypt-encrypted key with a huge cost is refused; OpenSSL default cost loads', async () => {
    const tmp = tempDir();
    const c = await generateCertificate({ subject: 'CN=scrypt.test', key: { type: 'ec' } });
    writeFileSync(p(tmp.dir, 'plain.key'), c.keyPem);
    openssl(
      [
        'pkcs8',
        '-topk8',
        '-in',
        'plain.key',
        '-out',
        'scrypt.der',
        '-outform',
        'DER',
        '-scrypt',
        '-passout',
        'pass:pw',
      ],
      tmp.dir,
    );
    const body = readFileSync(p(tmp.dir, 'scrypt.der'));
    assert.equal(loadBuffer(body, 'ok.der', { password: 'pw' }).keys.length, 1, 'default scrypt cost loads');
    // raise N (the first INTEGER after the salt in scrypt-params) to 2^30
    const root = asn1.fromDer(body.toString('binary'));
    assert.ok(setIterations(root, 2 ** 30));
    const hostile = Buffer.from(der(root), 'binary');
    assert.throws(
      () => loadBuffer(hostile, 'scrypt.der', { password: 'pw' }),
      refused(/^scrypt\.der: DER: the encrypted key asks for/),
    );
    tmp.cleanup();
  });
});
