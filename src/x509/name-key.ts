// A certificate's issuer or subject as a key read straight from its DER (RFC 5280 §4.1:
// Certificate → tbsCertificate → issuer, subject), without parsing the certificate: the path
// builder indexes the ~300 trust anchors by it, and parses only those whose subject can be the
// name it looks for.
//
// The key (a hash) never tells apart two names that node:crypto prints alike (the path builder
// compares those texts, so two names that hash alike cost one more compare, never a missed path): each attribute is its OID and its value as UTF-8 — UTF8String, PrintableString,
// IA5String, VisibleString and NumericString as written, TeletexString as Latin-1 (as OpenSSL
// prints it), BMPString as UTF-16 and UniversalString as UTF-32. A name with any other value type,
// or DER that does not decode, has no key: it is matched against every anchor, as before.
import { tlvAt, type Tlv } from './ext-fast.js';

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const AS_WRITTEN = new Set([0x0c, 0x12, 0x13, 0x16, 0x1a]);
const TELETEX = 0x14;
const UNIVERSAL = 0x1c;
const BMP = 0x1e;

function valueUtf8(tag: number, raw: Buffer): Buffer | undefined {
  if (AS_WRITTEN.has(tag)) return raw;
  if (tag === TELETEX) return Buffer.from(raw.toString('latin1'), 'utf8');
  if (tag === BMP) {
    if (raw.length % 2 !== 0) return undefined;
    const le = Buffer.from(raw);
    le.swap16();
    return Buffer.from(le.toString('utf16le'), 'utf8');
  }
  if (tag === UNIVERSAL) {
    if (raw.length % 4 !== 0) return undefined;
    let s = '';
    for (let i = 0; i < raw.length; i += 4) {
      const cp = raw.readUInt32BE(i);
      if (cp > 0x10ffff) return undefined;
      s += String.fromCodePoint(cp);
    }
    return Buffer.from(s, 'utf8');
  }
  return undefined;
}

/** FNV-1a (32-bit) over bytes, continuing from `h` */
function fnv(h: number, b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193) >>> 0;
  return h;
}
function fnvByte(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193) >>> 0;
}

/**
 * A hash of the name's attributes (type, then value as UTF-8, each with its length) in order:
 * names printed alike hash alike; two names that hash alike are told apart by the text compare.
 */
function nameKey(b: Buffer, name: Tlv): number | undefined {
  let h = 0x811c9dc5;
  for (let at = name.start; at < name.end;) {
    const rdn = tlvAt(b, at, name.end);
    if (!rdn || rdn.tag !== SET) return undefined;
    // an empty RDN prints as nothing
    if (rdn.start < rdn.end) h = fnvByte(h, 0x2f);
    for (let a = rdn.start; a < rdn.end;) {
      const atv = tlvAt(b, a, rdn.end);
      if (!atv || atv.tag !== SEQUENCE) return undefined;
      const oid = tlvAt(b, atv.start, atv.end);
      if (!oid || oid.tag !== OID) return undefined;
      const value = tlvAt(b, oid.end, atv.end);
      if (!value || value.end !== atv.end) return undefined;
      h = fnv(fnvByte(h, oid.end - oid.start), b, oid.start, oid.end);
      if (AS_WRITTEN.has(value.tag))
        h = fnv(fnvByte(h, (value.end - value.start) & 0xff), b, value.start, value.end);
      else {
        const utf8 = valueUtf8(value.tag, b.subarray(value.start, value.end));
        if (!utf8) return undefined;
        h = fnv(fnvByte(h, utf8.length & 0xff), utf8, 0, utf8.length);
      }
      a = atv.end;
    }
    at = rdn.end;
  }
  return h;
}

/** The issuer and subject keys of a DER certificate; undefined where a name has none. */
export function nameKeysOf(der: Buffer): { issuer?: number; subject?: number } {
  const cert = tlvAt(der, 0, der.length);
  if (!cert || cert.tag !== SEQUENCE) return {};
  const tbs = tlvAt(der, cert.start, cert.end);
  if (!tbs || tbs.tag !== SEQUENCE) return {};
  // [0] version (optional), serialNumber, signature, issuer, validity, subject
  const fields: Tlv[] = [];
  for (let at = tbs.start; at < tbs.end && fields.length < 6;) {
    const f = tlvAt(der, at, tbs.end);
    if (!f) return {};
    fields.push(f);
    at = f.end;
  }
  const rest = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
  const [, , issuer, , subject] = rest;
  const out: { issuer?: number; subject?: number } = {};
  const i = issuer?.tag === SEQUENCE ? nameKey(der, issuer) : undefined;
  const s = subject?.tag === SEQUENCE ? nameKey(der, subject) : undefined;
  if (i !== undefined) out.issuer = i;
  if (s !== undefined) out.subject = s;
  return out;
}
