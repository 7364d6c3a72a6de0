// Just enough DER (X.690 §8.1) to tell what a binary file is before handing it to the library
// that parses it (node:crypto, node-forge). All reads go through the bounds-checked ByteReader.
import { ByteReader } from '../wire/byte-reader.js';

export interface Tlv {
  tag: number;
  /** absolute offset of the tag byte */
  offset: number;
  body: ByteReader;
}

const TAG_NAMES: Record<number, string> = {
  0x02: 'INTEGER',
  0x03: 'BIT STRING',
  0x04: 'OCTET STRING',
  0x05: 'NULL',
  0x06: 'OBJECT IDENTIFIER',
  0x30: 'SEQUENCE',
  0x31: 'SET',
  0xa0: '[0]',
};

export function tagName(tag: number): string {
  return TAG_NAMES[tag] ?? `tag 0x${tag.toString(16).padStart(2, '0')}`;
}

/**
 * X.690 8.1.3: definite length only (DER); long form up to 4 length octets — a certificate
 * file is capped far below 4 GiB by the loader anyway.
 */
export function readTlv(r: ByteReader, what: string): Tlv {
  const offset = r.offset;
  const tag = r.u8(`${what} tag`);
  if ((tag & 0x1f) === 0x1f)
    r.fail(`${what}: multi-byte tags are not used in certificates or keys`, 'PARSE_MALFORMED', offset);
  const first = r.u8(`${what} length`);
  let len: number;
  if (first < 0x80) len = first;
  else if (first === 0x80) r.fail(`${what}: indefinite length is not DER`, 'PARSE_MALFORMED', offset);
  else {
    const n = first & 0x7f;
    if (n > 4) r.fail(`${what}: length of ${n} octets is beyond any certificate`, 'PARSE_LIMIT', offset);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + r.u8(`${what} length`);
  }
  const body = r.sub(len, what);
  return { tag, offset, body };
}

/** OID body → dotted string (X.690 8.19). */
export function decodeOid(r: ByteReader): string {
  const parts: number[] = [];
  let v = 0;
  let first = true;
  while (!r.atEnd()) {
    const b = r.u8('OID arc');
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) r.fail('OID arc too large', 'PARSE_LIMIT');
    if ((b & 0x80) === 0) {
      if (first) {
        const a = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(a, v - a * 40);
        first = false;
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export type DerKind =
  | 'certificate'
  | 'pkcs7'
  | 'pfx'
  | 'pkcs8'
  | 'pkcs8-encrypted'
  | 'pkcs1'
  | 'sec1'
  | 'spki'
  | 'csr'
  | 'unknown';

const OID_PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';

/**
 * What a DER blob is, from its outer structure. Throws ParseError when the outer TLV is
 * truncated, not a SEQUENCE, or followed by trailing bytes.
 *   Certificate   ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, BIT STRING }
 *   ContentInfo   ::= SEQUENCE { contentType OID, [0] EXPLICIT content }       (PKCS#7)
 *   PFX           ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }
 *   PrivateKeyInfo::= SEQUENCE { version INTEGER (0|1), AlgorithmIdentifier, OCTET STRING, … }
 *   EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }
 *   RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus INTEGER, … }            (PKCS#1)
 *   ECPrivateKey  ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING, … } (SEC1)
 *   SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }
 */
export function sniffDer(buf: Buffer): DerKind {
  const r = new ByteReader(buf, { path: ['DER'] });
  const outer = readTlv(r, 'outer SEQUENCE');
  if (outer.tag !== 0x30)
    r.fail(`expected a DER SEQUENCE (0x30), found ${tagName(outer.tag)}`, 'PARSE_MALFORMED', outer.offset);
  r.expectEnd('the outer SEQUENCE');
  const b = outer.body;
  if (b.atEnd()) b.fail('empty SEQUENCE');
  const c1 = readTlv(b, 'first element');
  if (c1.tag === 0x06) {
    const oid = decodeOid(c1.body);
    return oid === OID_PKCS7_SIGNED_DATA || oid === OID_PKCS7_DATA ? 'pkcs7' : 'unknown';
  }
  if (b.atEnd()) return 'unknown';
  const c2 = readTlv(b, 'second element');
  if (c1.tag === 0x30) {
    if (c2.tag === 0x30) {
      // tbsCertificate starts with [0] version or INTEGER serial; a CSR's CertificationRequestInfo with INTEGER 0 then Name
      const tbsFirst = c1.body.peekU8();
      if (tbsFirst === 0xa0) return 'certificate';
      if (tbsFirst === 0x02) {
        readTlv(c1.body, 'tbs first element');
        return guessV1OrCsr(c1.body);
      }
      return 'unknown';
    }
    if (c2.tag === 0x04) return 'pkcs8-encrypted';
    if (c2.tag === 0x03) return 'spki';
    return 'unknown';
  }
  if (c1.tag === 0x02) {
    const version = c1.body.remaining === 1 ? c1.body.u8('version') : -1;
    if (version === 3 && c2.tag === 0x30) return 'pfx';
    if ((version === 0 || version === 1) && c2.tag === 0x30) return 'pkcs8';
    if (version === 0 && c2.tag === 0x02) return 'pkcs1';
    if (version === 1 && c2.tag === 0x04) return 'sec1';
  }
  return 'unknown';
}

/** v1 certificate (serial, signature AlgorithmIdentifier, issuer Name…) vs CSR (version, subject Name, SPKI, [0] attributes). */
function guessV1OrCsr(rest: ByteReader): DerKind {
  // After the INTEGER: a v1 tbsCertificate has AlgorithmIdentifier, Name, Validity, Name, SPKI (5 SEQUENCEs);
  // a CertificationRequestInfo has Name, SPKI, [0] attributes.
  let count = 0;
  while (!rest.atEnd()) {
    const t = readTlv(rest, 'element');
    if (t.tag === 0xa0) return 'csr';
    count++;
  }
  return count >= 5 ? 'certificate' : 'csr';
}
