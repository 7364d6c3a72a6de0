// The extensions TLS certificates carry, read straight from DER when they are well-formed: the
// common case, which @peculiar/x509 reads too but at a cost that dominates a diagnosis (its schema
// decoder runs cold in every process: ~50 ms for one chain). Each reader accepts only a clean
// encoding of the forms certificates use (RFC 5280 §4.2: DER lengths, the expected tags, printable
// ASCII names, 4- or 16-byte addresses) and otherwise returns undefined: that extension is then read
// by @peculiar/x509 as before, which also says what is wrong with it. The results equal
// @peculiar/x509's (test/x509/ext-fast.test.ts compares them on every certificate we have).

export interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** one DER TLV at `at` within [.., end): definite lengths in their shortest form only */
export function tlvAt(b: Buffer, at: number, end: number): Tlv | undefined {
  if (at + 2 > end) return undefined;
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) return undefined;
  let len = b[at + 1]!;
  let p = at + 2;
  if (len >= 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || p + n > end) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
    if (len < 0x80 || (n > 1 && len < 1 << (8 * (n - 1)))) return undefined;
  }
  if (p + len > end) return undefined;
  return { tag, start: p, end: p + len };
}

/** every TLV of [start, end), which they must fill exactly */
function children(b: Buffer, start: number, end: number): Tlv[] | undefined {
  const out: Tlv[] = [];
  for (let at = start; at < end;) {
    const t = tlvAt(b, at, end);
    if (!t) return undefined;
    out.push(t);
    at = t.end;
  }
  return out;
}

const SEQUENCE = 0x30;

/** X.690 §8.19, as @peculiar/asn1-schema prints it; undefined beyond safe integers */
function oid(b: Buffer, t: Tlv): string | undefined {
  if (t.tag !== 0x06 || t.end === t.start || (b[t.end - 1]! & 0x80) !== 0) return undefined;
  const arcs: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    const x = b[i]!;
    if (v === 0 && x === 0x80) return undefined; // not minimal
    v = v * 128 + (x & 0x7f);
    if (v > 0xffffffff) return undefined;
    if ((x & 0x80) === 0) {
      if (arcs.length === 0) {
        if (v < 40) arcs.push(0, v);
        else if (v < 80) arcs.push(1, v - 40);
        else arcs.push(2, v - 80);
      } else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** printable ASCII only (IA5String as names use it): anything else is left to the full reader */
function ascii(b: Buffer, t: Tlv): string | undefined {
  for (let i = t.start; i < t.end; i++) if (b[i]! < 0x20 || b[i]! > 0x7e) return undefined;
  return b.toString('latin1', t.start, t.end);
}

function ip(b: Buffer, t: Tlv): string | undefined {
  const n = t.end - t.start;
  if (n === 4) return [...b.subarray(t.start, t.end)].join('.');
  if (n !== 16) return undefined;
  const parts: string[] = [];
  for (let i = t.start; i < t.end; i += 2) parts.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  // the longest run of two or more zero groups as "::", the first such run on a tie
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (parts[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}

export type FastName = { type: 'dns' | 'ip' | 'email' | 'url'; value: string };

/** GeneralNames (RFC 5280 §4.2.1.6) of the kinds TLS certificates use */
function generalNames(b: Buffer, start: number, end: number): FastName[] | undefined {
  const list = children(b, start, end);
  if (!list) return undefined;
  const out: FastName[] = [];
  for (const n of list) {
    let value: string | undefined;
    let type: FastName['type'];
    if (n.tag === 0x82) {
      type = 'dns';
      value = ascii(b, n);
    } else if (n.tag === 0x87) {
      type = 'ip';
      value = ip(b, n);
    } else if (n.tag === 0x81) {
      type = 'email';
      value = ascii(b, n);
    } else if (n.tag === 0x86) {
      type = 'url';
      value = ascii(b, n);
    } else return undefined;
    if (value === undefined) return undefined;
    out.push({ type, value });
  }
  return out;
}

export type FastExtension =
  | { type: 'san'; names: FastName[] }
  | { type: 'eku'; usages: string[] }
  | { type: 'ku'; usages: number }
  | { type: 'bc'; ca: boolean; pathLength?: number }
  | { type: 'aia'; caIssuers: string[]; ocsp: string[] }
  | { type: 'crl'; urls: string[] }
  | { type: 'ski'; keyId: string }
  | { type: 'aki'; keyId?: string }
  | { type: 'name-constraints'; value: Buffer }
  | { type: 'other' };

/** the value of each extension read here, by OID; undefined: not a clean encoding */
const READERS: Record<string, (b: Buffer, v: Tlv) => FastExtension | undefined> = {
  // subjectAltName, issuerAltName: GeneralNames
  '2.5.29.17': (b, v) => {
    if (v.tag !== SEQUENCE) return undefined;
    const names = generalNames(b, v.start, v.end);
    return names && { type: 'san', names };
  },
  '2.5.29.18': (b, v) =>
    v.tag === SEQUENCE && generalNames(b, v.start, v.end) ? { type: 'other' } : undefined,
  // extKeyUsage: SEQUENCE SIZE (1..MAX) OF KeyPurposeId
  '2.5.29.37': (b, v) => {
    const list = v.tag === SEQUENCE ? children(b, v.start, v.end) : undefined;
    if (!list || list.length === 0) return undefined;
    const usages = list.map((t) => oid(b, t));
    return usages.every((u): u is string => u !== undefined) ? { type: 'eku', usages } : undefined;
  },
  // keyUsage: BIT STRING; bit i is flag 1 << i (@peculiar/x509 KeyUsageFlags)
  '2.5.29.15': (b, v) => {
    const n = v.end - v.start;
    if (v.tag !== 0x03 || n < 2 || n > 3) return undefined;
    const unused = b[v.start]!;
    if (unused > 7 || (b[v.end - 1]! & ((1 << unused) - 1)) !== 0) return undefined;
    let usages = 0;
    for (let i = 0; i < 8 * (n - 1) - unused; i++)
      if ((b[v.start + 1 + (i >> 3)]! >> (7 - (i & 7))) & 1) usages |= 1 << i;
    return { type: 'ku', usages };
  },
  // basicConstraints: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
  '2.5.29.19': (b, v) => {
    const list = v.tag === SEQUENCE ? children(b, v.start, v.end) : undefined;
    if (!list || list.length > 2) return undefined;
    let ca = false;
    let pathLength: number | undefined;
    let i = 0;
    if (list[i]?.tag === 0x01) {
      const t = list[i++]!;
      if (t.end - t.start !== 1 || (b[t.start] !== 0xff && b[t.start] !== 0)) return undefined;
      ca = b[t.start] === 0xff;
    }
    if (list[i]?.tag === 0x02) {
      const t = list[i++]!;
      const n = t.end - t.start;
      if (n < 1 || n > 4 || b[t.start]! & 0x80 || (n > 1 && b[t.start] === 0 && !(b[t.start + 1]! & 0x80)))
        return undefined;
      pathLength = b.readUIntBE(t.start, n);
    }
    if (i !== list.length) return undefined;
    return { type: 'bc', ca, ...(pathLength !== undefined ? { pathLength } : {}) };
  },
  // authorityInfoAccess: SEQUENCE OF AccessDescription { accessMethod, accessLocation GeneralName }
  '1.3.6.1.5.5.7.1.1': (b, v) => {
    const list = v.tag === SEQUENCE ? children(b, v.start, v.end) : undefined;
    if (!list || list.length === 0) return undefined;
    const caIssuers: string[] = [];
    const ocsp: string[] = [];
    for (const d of list) {
      const parts = d.tag === SEQUENCE ? children(b, d.start, d.end) : undefined;
      if (!parts || parts.length !== 2) return undefined;
      const method = oid(b, parts[0]!);
      const loc = parts[1]!;
      if (loc.tag !== 0x86) return undefined;
      const url = ascii(b, loc);
      if (url === undefined) return undefined;
      if (method === '1.3.6.1.5.5.7.48.2') caIssuers.push(url);
      else if (method === '1.3.6.1.5.5.7.48.1') ocsp.push(url);
      else return undefined;
    }
    return { type: 'aia', caIssuers, ocsp };
  },
  // cRLDistributionPoints: SEQUENCE OF DistributionPoint { [0] distributionPoint { [0] fullName } }
  '2.5.29.31': (b, v) => {
    const list = v.tag === SEQUENCE ? children(b, v.start, v.end) : undefined;
    if (!list || list.length === 0) return undefined;
    const urls: string[] = [];
    for (const dp of list) {
      const parts = dp.tag === SEQUENCE ? children(b, dp.start, dp.end) : undefined;
      if (!parts || parts.length !== 1 || parts[0]!.tag !== 0xa0) return undefined;
      const name = children(b, parts[0]!.start, parts[0]!.end);
      if (!name || name.length !== 1 || name[0]!.tag !== 0xa0) return undefined;
      const names = generalNames(b, name[0]!.start, name[0]!.end);
      if (!names || names.some((n) => n.type !== 'url')) return undefined;
      urls.push(...names.map((n) => n.value));
    }
    return { type: 'crl', urls };
  },
  // subjectKeyIdentifier: OCTET STRING
  '2.5.29.14': (b, v) =>
    v.tag === 0x04 ? { type: 'ski', keyId: b.toString('hex', v.start, v.end) } : undefined,
  // authorityKeyIdentifier: SEQUENCE { [0] keyIdentifier OPTIONAL, [1] issuer, [2] serial }
  '2.5.29.35': (b, v) => {
    const list = v.tag === SEQUENCE ? children(b, v.start, v.end) : undefined;
    if (!list || list.length > 1) return undefined;
    if (list.length === 0) return { type: 'aki' };
    return list[0]!.tag === 0x80
      ? { type: 'aki', keyId: b.toString('hex', list[0]!.start, list[0]!.end) }
      : undefined;
  },
  // certificatePolicies: SEQUENCE SIZE (1..MAX) OF PolicyInformation { policyIdentifier,
  // policyQualifiers SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo { OID, ANY } OPTIONAL }
  '2.5.29.32': (b, v) => {
    const list = v.tag === SEQUENCE ? children(b, v.start, v.end) : undefined;
    if (!list || list.length === 0) return undefined;
    for (const pi of list) {
      const parts = pi.tag === SEQUENCE ? children(b, pi.start, pi.end) : undefined;
      if (!parts || parts.length < 1 || parts.length > 2 || oid(b, parts[0]!) === undefined) return undefined;
      if (parts[1]) {
        const qs = parts[1].tag === SEQUENCE ? children(b, parts[1].start, parts[1].end) : undefined;
        if (!qs || qs.length === 0) return undefined;
        for (const q of qs) {
          const qp = q.tag === SEQUENCE ? children(b, q.start, q.end) : undefined;
          // id-qt-cps: an IA5String URI; anything else (user notices) is left to the full reader
          if (!qp || qp.length !== 2 || oid(b, qp[0]!) !== '1.3.6.1.5.5.7.2.1' || qp[1]!.tag !== 0x16)
            return undefined;
          if (ascii(b, qp[1]!) === undefined) return undefined;
        }
      }
    }
    return { type: 'other' };
  },
};

/** the extensions @peculiar/x509 decodes beyond their outer structure (ExtensionFactory.register) */
const DECODED_BY_PECULIAR = new Set([
  '2.5.29.32',
  '2.5.29.19',
  '2.5.29.37',
  '2.5.29.15',
  '2.5.29.14',
  '2.5.29.35',
  '2.5.29.17',
  '2.5.29.31',
  '1.3.6.1.5.5.7.1.1',
  '2.5.29.18',
]);

/**
 * An Extension (RFC 5280 §4.1: SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET
 * STRING }) read without @peculiar/x509, or undefined when it should be read by it.
 */
export function readExtensionFast(
  extOid: string,
  raw: Buffer,
): { critical: boolean; value: FastExtension } | undefined {
  const ext = tlvAt(raw, 0, raw.length);
  if (!ext || ext.tag !== SEQUENCE || ext.end !== raw.length) return undefined;
  const parts = children(raw, ext.start, ext.end);
  if (!parts || parts.length < 2 || parts.length > 3 || oid(raw, parts[0]!) !== extOid) return undefined;
  let critical = false;
  if (parts.length === 3) {
    const c = parts[1]!;
    if (c.tag !== 0x01 || c.end - c.start !== 1 || (raw[c.start] !== 0xff && raw[c.start] !== 0))
      return undefined;
    critical = raw[c.start] === 0xff;
  }
  const octets = parts[parts.length - 1]!;
  if (octets.tag !== 0x04) return undefined;
  // nameConstraints: read by src/x509/inspect.ts from the value itself
  if (extOid === '2.5.29.30')
    return {
      critical,
      value: { type: 'name-constraints', value: Buffer.from(raw.subarray(octets.start, octets.end)) },
    };
  const reader = READERS[extOid];
  if (!reader) return DECODED_BY_PECULIAR.has(extOid) ? undefined : { critical, value: { type: 'other' } };
  // the value is one TLV filling the OCTET STRING
  const v = tlvAt(raw, octets.start, octets.end);
  if (!v || v.end !== octets.end) return undefined;
  const value = reader(raw, v);
  return value && { critical, value };
}
