// Damage real DER at a named place: the bytes a test changes are found by walking the certificate
// (RFC 5280 §4.1) with the product's bounds-checked reader, never by fixed offsets.
import { ByteReader } from '../../src/wire/byte-reader.js';
import { readTlv, type Tlv } from '../../src/x509/der.js';
import { tbsLayout } from '../../src/x509/inspect.js';

export const OID = {
  subjectAltName: '2.5.29.17',
  cRLDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

interface Fields {
  validity: Tlv;
  spki: Tlv;
}

function fields(der: Buffer): Fields {
  const r = new ByteReader(der);
  const tbs = readTlv(readTlv(r, 'Certificate').body, 'tbsCertificate').body;
  const first = readTlv(tbs, 'version');
  if (first.tag === 0xa0) readTlv(tbs, 'serialNumber');
  readTlv(tbs, 'signature');
  readTlv(tbs, 'issuer');
  const validity = readTlv(tbs, 'validity');
  readTlv(tbs, 'subject');
  const spki = readTlv(tbs, 'subjectPublicKeyInfo');
  return { validity, spki };
}

function withByte(der: Buffer, at: number, value: number): Buffer {
  const out = Buffer.from(der);
  out[at] = value;
  return out;
}

/** One byte of the public key itself: the first octet of the key in the BIT STRING becomes 0x05 (no such point form, RFC 5480 §2.2; no such DER tag). */
export function damageSpki(der: Buffer): Buffer {
  const { spki } = fields(der);
  const body = spki.body;
  readTlv(body, 'algorithm');
  const key = readTlv(body, 'subjectPublicKey');
  // BIT STRING body: unused-bits octet, then the key (an EC point 04‖X‖Y, or RSAPublicKey SEQUENCE)
  return withByte(der, key.body.offset + 1, 0x05);
}

/** notAfter's third digit becomes a letter: "26A2…Z" (RFC 5280 §4.1.2.5.1: YYMMDDHHMMSSZ). */
export function damageValidity(der: Buffer): Buffer {
  const v = fields(der).validity.body;
  readTlv(v, 'notBefore');
  const notAfter = readTlv(v, 'notAfter');
  return withByte(der, notAfter.body.offset + 2, 'A'.charCodeAt(0));
}

/**
 * One byte inside an extension's value: the tag of the structure the extnValue OCTET STRING
 * wraps becomes 0x02 (INTEGER), so the extension no longer has its ASN.1 type (RFC 5280 §4.2).
 */
export function damageExtension(der: Buffer, oid: string): Buffer {
  const ext = tbsLayout(der).extensions.find((e) => e.oid === oid);
  if (!ext) throw new Error(`no extension ${oid} in this certificate`);
  const at = der.indexOf(ext.der);
  const r = new ByteReader(ext.der, { base: at });
  const body = readTlv(r, 'Extension').body;
  readTlv(body, 'extnID');
  let value = readTlv(body, 'critical or extnValue');
  if (value.tag === 0x01) value = readTlv(body, 'extnValue');
  return withByte(der, value.body.offset, 0x02);
}

export function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}
