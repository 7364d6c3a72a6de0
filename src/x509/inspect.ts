// One certificate → its facts. node:crypto X509Certificate for names, fingerprints, the public key
// and signature checks; @peculiar/x509 for the extensions (EKU, KU, basic constraints, SAN, AIA,
// CRL DP, key identifiers); node-forge's ASN.1 for name constraints (no @peculiar class for it).
//
// A certificate's parts are read one by one, each in its own guard: a part that does not decode
// becomes a CertificateMalformation (a fact for the rule cert.malformed), never an exception.
import { X509Certificate as NodeX509, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type * as px from '@peculiar/x509';
import { peculiar } from './peculiar.js';
import { readExtensionFast, type FastExtension } from './ext-fast.js';
import forge from 'node-forge';
import { ByteReader } from '../wire/byte-reader.js';
import { decodeOid, readTlv, type Tlv } from './der.js';
import type { CertificateMalformation, CertificateObservation } from '../model/observations/x509.js';

export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const OID_ANY_EKU = '2.5.29.37.0';

export const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Secure Email',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  '2.5.29.37.0': 'Any Purpose',
  '1.3.6.1.4.1.311.10.3.3': 'Microsoft Server Gated Crypto',
  '2.16.840.1.113730.4.1': 'Netscape Server Gated Crypto',
  '1.3.6.1.4.1.311.20.2.2': 'Smart Card Logon',
  '1.3.6.1.4.1.311.10.3.4': 'Encrypting File System',
};

export function ekuName(oid: string): string {
  return EKU_NAMES[oid] ?? `unknown (${oid})`;
}

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash?: string }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', hash: 'sha256' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
};

const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue } */
export function signatureAlgorithmOf(der: Buffer): { oid: string; name: string; hash?: string } {
  const r = new ByteReader(der, { path: ['Certificate'] });
  const cert = readTlv(r, 'Certificate').body;
  readTlv(cert, 'tbsCertificate');
  const alg = readTlv(cert, 'signatureAlgorithm').body;
  const oidTlv = readTlv(alg, 'algorithm');
  const oid = decodeOid(oidTlv.body);
  const known = SIGNATURE_ALGORITHMS[oid];
  return known ? { oid, ...known } : { oid, name: `unknown (${oid})` };
}

export interface KeyFacts {
  keyType: string;
  keyBits?: number;
  curve?: string;
  spkiSha256: string;
}

export function keyFacts(publicKey: KeyObject): KeyFacts {
  const d = publicKey.asymmetricKeyDetails ?? {};
  const type = publicKey.asymmetricKeyType ?? 'unknown';
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const out: KeyFacts = { keyType: type, spkiSha256: createHash('sha256').update(spki).digest('hex') };
  if (d.modulusLength !== undefined) out.keyBits = d.modulusLength;
  if (d.namedCurve) {
    out.curve = CURVE_NAMES[d.namedCurve] ?? d.namedCurve;
    out.keyBits =
      d.namedCurve === 'secp384r1'
        ? 384
        : d.namedCurve === 'secp521r1'
          ? 521
          : d.namedCurve === 'prime256v1'
            ? 256
            : undefined;
    if (out.keyBits === undefined) delete out.keyBits;
  }
  if (type === 'ed25519') out.keyBits = 256;
  return out;
}

export function privateKeyFacts(privateKey: KeyObject): KeyFacts {
  return keyFacts(createPublicKey(privateKey));
}

/** the extension facts of a certificate observation, plus the parts that do not decode */
export type ExtensionFacts = Pick<
  CertificateObservation,
  | 'san'
  | 'eku'
  | 'keyUsage'
  | 'basicConstraints'
  | 'aia'
  | 'crlUrls'
  | 'nameConstraints'
  | 'subjectKeyId'
  | 'authorityKeyId'
> & {
  /** parts that do not decode (the extension list, or one extension) */
  malformed: CertificateMalformation[];
};

/** @peculiar/x509's KeyUsageFlags: bit n of the RFC 5280 §4.2.1.3 KeyUsage BIT STRING as 1 << n */
const KU = {
  digitalSignature: 1,
  nonRepudiation: 2,
  keyEncipherment: 4,
  dataEncipherment: 8,
  keyAgreement: 16,
  keyCertSign: 32,
  cRLSign: 64,
  encipherOnly: 128,
  decipherOnly: 256,
} as const;

const KU_ORDER: Array<[number, string]> = [
  [KU.digitalSignature, 'digitalSignature'],
  [KU.nonRepudiation, 'nonRepudiation'],
  [KU.keyEncipherment, 'keyEncipherment'],
  [KU.dataEncipherment, 'dataEncipherment'],
  [KU.keyAgreement, 'keyAgreement'],
  [KU.keyCertSign, 'keyCertSign'],
  [KU.cRLSign, 'cRLSign'],
  [KU.encipherOnly, 'encipherOnly'],
  [KU.decipherOnly, 'decipherOnly'],
];

function gnValues(names: px.GeneralName[] | undefined, type: string): string[] {
  return (names ?? []).filter((n) => n.type === type).map((n) => n.value);
}

/** RFC 5280 §4.2 names of the extensions read here (others are kept by OID: unknown is data). */
export const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.18': 'issuerAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.30': 'nameConstraints',
  '2.5.29.31': 'cRLDistributionPoints',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.37': 'extKeyUsage',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
};

export function extensionName(oid: string): string {
  return EXTENSION_NAMES[oid] ?? `unknown (${oid})`;
}

/** Where the names and extensions sit in the DER (RFC 5280 §4.1), read with the bounds-checked reader. */
export interface TbsLayout {
  /** the version field's value (0 = v1, 1 = v2, 2 = v3); absent: DEFAULT v1 */
  version?: number;
  /** the Name SEQUENCE holds no RDN */
  issuerEmpty: boolean;
  subjectEmpty: boolean;
  /** each Extension, whole (SEQUENCE { extnID, critical, extnValue }) */
  extensions: Array<{ oid: string; der: Buffer }>;
}

function whole(der: Buffer, t: Tlv): Buffer {
  const end = t.body.offset + t.body.remaining;
  return der.subarray(t.offset, end);
}

/**
 * TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber, signature,
 *   issuer Name, validity, subject Name, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *   subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
 * Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension   (RFC 5280 §4.1)
 */
export function tbsLayout(der: Buffer): TbsLayout {
  const r = new ByteReader(der, { path: ['Certificate'] });
  const tbs = readTlv(readTlv(r, 'Certificate').body, 'tbsCertificate').body;
  const first = readTlv(tbs, 'version or serialNumber');
  let version: number | undefined;
  if (first.tag === 0xa0) {
    const v = readTlv(first.body, 'version');
    if (v.tag === 0x02 && v.body.remaining === 1) version = v.body.u8('version');
    else version = -1;
    readTlv(tbs, 'serialNumber');
  }
  readTlv(tbs, 'signature');
  const issuer = readTlv(tbs, 'issuer');
  readTlv(tbs, 'validity');
  const subject = readTlv(tbs, 'subject');
  readTlv(tbs, 'subjectPublicKeyInfo');
  const out: TbsLayout = {
    ...(version !== undefined ? { version } : {}),
    issuerEmpty: issuer.body.remaining === 0,
    subjectEmpty: subject.body.remaining === 0,
    extensions: [],
  };
  while (!tbs.atEnd()) {
    const t = readTlv(tbs, 'tbsCertificate field');
    if (t.tag !== 0xa3) continue;
    const list = readTlv(t.body, 'extensions').body;
    while (!list.atEnd()) {
      const ext = readTlv(list, `extensions[${out.extensions.length}]`);
      const oidTlv = readTlv(ext.body, 'extnID');
      out.extensions.push({ oid: decodeOid(oidTlv.body), der: Buffer.from(whole(der, ext)) });
    }
  }
  return out;
}

/** what the decoder said; a TypeError/RangeError from inside a library only says where it tripped */
function detailOf(e: unknown): string {
  if (e instanceof TypeError || e instanceof RangeError) return 'does not decode';
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim() || 'does not decode';
}

function malformedExtension(oid: string, e: unknown): CertificateMalformation {
  return { part: 'extension', oid, name: extensionName(oid), detail: detailOf(e) };
}

/**
 * The extensions OpenSSL processes, so may be critical (OpenSSL crypto/x509/v3_purp.c
 * X509_supported_extension): Netscape cert type, keyUsage, subjectAltName, basicConstraints,
 * certificatePolicies, extKeyUsage, policyConstraints, proxyCertInfo, nameConstraints,
 * policyMappings, inhibitAnyPolicy, RFC 3779 IP and AS resources. Browsers process fewer.
 */
const PROCESSED_CRITICAL = new Set([
  '2.16.840.1.113730.1.1',
  '2.5.29.15',
  '2.5.29.17',
  '2.5.29.19',
  '2.5.29.32',
  '2.5.29.37',
  '2.5.29.36',
  '1.3.6.1.5.5.7.1.14',
  '2.5.29.30',
  '2.5.29.33',
  '2.5.29.54',
  '1.3.6.1.5.5.7.1.7',
  '1.3.6.1.5.5.7.1.8',
]);

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue } with critical present and FALSE. */
function explicitCriticalFalse(raw: Buffer): boolean {
  try {
    const ext = readTlv(new ByteReader(raw, { path: ['Extension'] }), 'Extension').body;
    readTlv(ext, 'extnID');
    const next = readTlv(ext, 'critical');
    return next.tag === 0x01 && next.body.remaining === 1 && next.body.u8('critical') === 0;
  } catch {
    return false; // a damaged extension is reported when it is decoded
  }
}

export function extensionFacts(der: Buffer): ExtensionFacts {
  return extensionFactsRead(der, true);
}

/** `fast`: clean encodings read by ext-fast.ts (false: every extension through @peculiar/x509) */
export function extensionFactsRead(der: Buffer, fast: boolean): ExtensionFacts {
  const out: ExtensionFacts = {
    san: null,
    eku: null,
    keyUsage: null,
    basicConstraints: null,
    aia: { caIssuers: [], ocsp: [] },
    crlUrls: [],
    nameConstraints: null,
    malformed: [],
  };
  let list: TbsLayout['extensions'];
  try {
    list = tbsLayout(der).extensions;
  } catch (e) {
    out.malformed.push({ part: 'extensions', detail: detailOf(e) });
    return out;
  }
  // each extension decoded on its own, so one that does not decode leaves the others readable
  const seen = new Set<string>();
  for (const { oid, der: raw } of list) {
    // RFC 5280 4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(oid)) {
      out.malformed.push({
        part: 'extension',
        oid,
        name: extensionName(oid),
        detail: 'appears more than once (RFC 5280 4.2 allows one instance of each extension)',
      });
      continue;
    }
    seen.add(oid);
    if (explicitCriticalFalse(raw))
      out.malformed.push({
        part: 'extension',
        oid,
        name: extensionName(oid),
        detail:
          "encodes critical FALSE, which DER leaves out (X.690 11.5: a value equal to its DEFAULT is omitted); Chrome's certificate parser (BoringSSL pki ParseExtension) rejects it",
      });
    const quick = fast ? readExtensionFast(oid, raw) : undefined;
    if (quick) {
      applyFast(out, oid, quick.critical, quick.value);
      continue;
    }
    try {
      const PX = peculiar();
      const ext = PX.ExtensionFactory.create(raw);
      checkCritical(out, oid, ext.critical);
      if (ext instanceof PX.SubjectAlternativeNameExtension) {
        // a name whose value does not decode comes back as a non-string: the extension is damaged
        const all = ext.names.items;
        const items = all.filter((n) => typeof n.value === 'string');
        if (items.length !== all.length)
          out.malformed.push({
            part: 'extension',
            oid,
            name: extensionName(oid),
            detail: `${all.length - items.length} of its ${all.length} names do not decode`,
          });
        out.san = {
          dns: items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()),
          ip: items.filter((n) => n.type === 'ip').map((n) => n.value),
          other: items.filter((n) => n.type !== 'dns' && n.type !== 'ip').map((n) => `${n.type}:${n.value}`),
        };
      } else if (ext instanceof PX.ExtendedKeyUsageExtension) {
        // a KeyPurposeId that does not decode comes back as a non-string: the extension is damaged
        const usages = Array.from(ext.usages as unknown[]);
        const oids = usages.filter((u): u is string => typeof u === 'string' && /^\d+(\.\d+)+$/.test(u));
        if (oids.length !== usages.length)
          out.malformed.push({
            part: 'extension',
            oid,
            name: extensionName(oid),
            detail: `${usages.length - oids.length} of its ${usages.length} purposes are not object identifiers`,
          });
        out.eku = oids;
      } else if (ext instanceof PX.KeyUsagesExtension) {
        // RFC 5280 4.2.1.3: "When the keyUsage extension appears in a certificate, at least one of
        // the bits MUST be set to 1" (BoringSSL pki ParseKeyUsage rejects an all-zero one)
        if (Number(ext.usages) === 0)
          out.malformed.push({
            part: 'extension',
            oid,
            name: extensionName(oid),
            detail: 'sets no usage bit',
          });
        out.keyUsage = KU_ORDER.filter(([f]) => (ext.usages & f) !== 0).map(([, n]) => n);
      } else if (ext instanceof PX.BasicConstraintsExtension) {
        out.basicConstraints = {
          ca: ext.ca,
          ...(ext.pathLength !== undefined ? { pathLength: ext.pathLength } : {}),
        };
      } else if (ext instanceof PX.AuthorityInfoAccessExtension) {
        out.aia = { caIssuers: gnValues(ext.caIssuers, 'url'), ocsp: gnValues(ext.ocsp, 'url') };
      } else if (ext instanceof PX.CRLDistributionPointsExtension) {
        const urls: string[] = [];
        for (const dp of ext.distributionPoints) {
          for (const gn of dp.distributionPoint?.fullName ?? [])
            if (gn.uniformResourceIdentifier) urls.push(gn.uniformResourceIdentifier);
        }
        out.crlUrls.push(...urls);
      } else if (ext instanceof PX.SubjectKeyIdentifierExtension) {
        out.subjectKeyId = ext.keyId.toUpperCase();
      } else if (ext instanceof PX.AuthorityKeyIdentifierExtension) {
        if (ext.keyId) out.authorityKeyId = ext.keyId.toUpperCase();
      } else if (oid === '2.5.29.30') {
        out.nameConstraints = parseNameConstraints(Buffer.from(ext.value));
      }
    } catch (e) {
      out.malformed.push(malformedExtension(oid, e));
    }
  }
  return out;
}

/**
 * RFC 5280 4.2: "A certificate-using system MUST reject the certificate if it encounters a critical
 * extension it does not recognize"
 */
function checkCritical(out: ExtensionFacts, oid: string, critical: boolean): void {
  if (critical && !PROCESSED_CRITICAL.has(oid))
    out.malformed.push({
      part: 'extension',
      oid,
      name: extensionName(oid),
      detail:
        'is marked critical, and TLS clients reject a certificate with a critical extension they do not process (OpenSSL X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, Windows CERT_E_CRITICAL)',
    });
}

/** What the branches above take from @peculiar/x509, from a clean encoding read by ext-fast.ts. */
function applyFast(out: ExtensionFacts, oid: string, critical: boolean, v: FastExtension): void {
  checkCritical(out, oid, critical);
  switch (v.type) {
    case 'san':
      out.san = {
        dns: v.names.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()),
        ip: v.names.filter((n) => n.type === 'ip').map((n) => n.value),
        other: v.names.filter((n) => n.type !== 'dns' && n.type !== 'ip').map((n) => `${n.type}:${n.value}`),
      };
      break;
    case 'eku':
      out.eku = v.usages;
      break;
    case 'ku':
      if (v.usages === 0)
        out.malformed.push({ part: 'extension', oid, name: extensionName(oid), detail: 'sets no usage bit' });
      out.keyUsage = KU_ORDER.filter(([f]) => (v.usages & f) !== 0).map(([, n]) => n);
      break;
    case 'bc':
      out.basicConstraints = {
        ca: v.ca,
        ...(v.pathLength !== undefined ? { pathLength: v.pathLength } : {}),
      };
      break;
    case 'aia':
      out.aia = { caIssuers: v.caIssuers, ocsp: v.ocsp };
      break;
    case 'crl':
      out.crlUrls.push(...v.urls);
      break;
    case 'ski':
      out.subjectKeyId = v.keyId.toUpperCase();
      break;
    case 'aki':
      if (v.keyId) out.authorityKeyId = v.keyId.toUpperCase();
      break;
    case 'name-constraints':
      try {
        out.nameConstraints = parseNameConstraints(v.value);
      } catch (e) {
        out.malformed.push(malformedExtension(oid, e));
      }
      break;
    case 'other':
      break;
  }
}

/**
 * An iPAddress subtree: address then mask, 8 octets for IPv4 and 32 for IPv6 (RFC 5280 4.2.1.10),
 * as "address/prefix"; a mask that is not a run of ones then zeros is no subnet (undefined).
 */
function ipSubnet(b: Buffer): string | undefined {
  if (b.length !== 8 && b.length !== 32) return undefined;
  const n = b.length / 2;
  const addr = b.subarray(0, n);
  const bits = [...b.subarray(n)].map((x) => x.toString(2).padStart(8, '0')).join('');
  if (!/^1*0*$/.test(bits)) return undefined;
  const prefix = bits.indexOf('0') === -1 ? bits.length : bits.indexOf('0');
  const text =
    n === 4
      ? [...addr].join('.')
      : Array.from({ length: 8 }, (_, i) => addr.readUInt16BE(i * 2).toString(16)).join(':');
  return `${text}/${prefix}`;
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] … } (RFC 5280 4.2.1.10) */
function parseNameConstraints(value: Buffer): NonNullable<ExtensionFacts['nameConstraints']> {
  const { asn1 } = forge;
  const root = asn1.fromDer(forge.util.createBuffer(value.toString('binary')), { strict: true } as never);
  const out = { permittedDns: [] as string[], excludedDns: [] as string[], otherTypes: false };
  const ips = { permitted: [] as string[], excluded: [] as string[] };
  for (const subtrees of (root.value as forge.asn1.Asn1[]) ?? []) {
    const target = subtrees.type === 0 ? out.permittedDns : out.excludedDns;
    for (const subtree of (subtrees.value as forge.asn1.Asn1[]) ?? []) {
      const base = (subtree.value as forge.asn1.Asn1[])[0];
      const ctx = base?.tagClass === asn1.Class.CONTEXT_SPECIFIC && typeof base.value === 'string';
      const subnet =
        ctx && base.type === 7 ? ipSubnet(Buffer.from(base.value as string, 'binary')) : undefined;
      if (ctx && base.type === 2) target.push((base.value as string).toLowerCase());
      else if (subnet) (subtrees.type === 0 ? ips.permitted : ips.excluded).push(subnet);
      else out.otherTypes = true;
    }
  }
  return {
    ...out,
    ...(ips.permitted.length ? { permittedIp: ips.permitted } : {}),
    ...(ips.excluded.length ? { excludedIp: ips.excluded } : {}),
  };
}

export interface CertFacts extends KeyFacts, ExtensionFacts {
  subject: string;
  issuer: string;
  commonNames: string[];
  serialNumber: string;
  thumbprintSha1: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
  signatureAlgorithm: { oid: string; name: string; hash?: string };
  selfIssued: boolean;
  selfSigned: boolean;
  pem: string;
}

/** The SPKI algorithms OpenSSL decodes: one of these that does not load is malformed, not unknown. */
const DECODABLE_KEY_ALGORITHMS = new Set([
  '1.2.840.113549.1.1.1', // rsaEncryption
  '1.2.840.113549.1.1.10', // RSASSA-PSS
  '1.2.840.10045.2.1', // id-ecPublicKey
  '1.2.840.10040.4.1', // id-dsa
  '1.3.101.110', // X25519
  '1.3.101.111', // X448
  '1.3.101.112', // Ed25519
  '1.3.101.113', // Ed448
]);

/** The certificate's public key, or undefined when it does not load (never throws). */
export function publicKeyOf(cert: NodeX509): KeyObject | undefined {
  try {
    return cert.publicKey;
  } catch {
    return undefined;
  }
}

/** Subject or issuer on one line; '' for an empty name (RFC 5280 §4.1.2.6) (never throws). */
export function nameOf(cert: NodeX509, which: 'subject' | 'issuer'): string {
  try {
    const v = cert[which] as string | undefined;
    return typeof v === 'string' ? oneLineName(v) : '';
  } catch {
    return '';
  }
}

/** Node's raw name (one RDN per line), '' when empty: the key chain building matches on. */
export function rawNameOf(cert: NodeX509, which: 'subject' | 'issuer'): string {
  try {
    const v = cert[which] as string | undefined;
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

/** A validity time as ISO 8601, or undefined when it does not decode (RFC 5280 §4.1.2.5). */
export function timeOf(cert: NodeX509, which: 'validFrom' | 'validTo'): string | undefined {
  try {
    const t = new Date(cert[which]);
    return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
  } catch {
    return undefined;
  }
}

/** How a name that is not a real name is shown: the SAN does the naming (RFC 5280 §4.1.2.6). */
export function displayName(name: string, which: 'subject' | 'issuer' = 'subject'): string {
  return name === '' ? `(empty ${which})` : name;
}

/** Unknown is data: a key algorithm OpenSSL cannot load (GOST, SM2 …) becomes 'unknown (OID)'. */
function safeKeyFacts(cert: NodeX509, der: Buffer, malformed: CertificateMalformation[]): KeyFacts {
  const key = publicKeyOf(cert);
  let error: unknown;
  if (key) {
    try {
      const facts = keyFacts(key);
      if (facts.keyType === 'ec' && explicitEcParameters(der))
        facts.curve = `explicit parameters${facts.curve ? ` (${facts.curve})` : ''}`;
      return facts;
    } catch (e) {
      error = e;
    }
  } else {
    try {
      void cert.publicKey;
    } catch (e) {
      error = e;
    }
  }
  const oid = spkiAlgorithmOid(der);
  let name = '';
  try {
    // Certificate > tbsCertificate > … > subjectPublicKeyInfo > algorithm: take it from @peculiar's parse
    name = new (peculiar().X509Certificate)(der).publicKey.algorithm.name ?? '';
  } catch {
    name = oid ?? '';
  }
  // RFC 5280 §4.1.2.7: an algorithm OpenSSL knows whose key does not load is a damaged key
  if (oid === undefined || DECODABLE_KEY_ALGORITHMS.has(oid))
    malformed.push({ part: 'subjectPublicKeyInfo', detail: detailOf(error) });
  return {
    keyType: `unknown${name ? ` (${name})` : ''}`,
    spkiSha256: createHash('sha256').update(der).digest('hex'),
  };
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
/**
 * An EC key whose AlgorithmIdentifier spells out the curve (ECParameters, a SEQUENCE) instead of
 * naming it: RFC 5480 2.1.1 "specifiedCurve ... MUST NOT be used"; BoringSSL (Chrome) and OpenSSL
 * in strict mode (X509_V_ERR_EC_KEY_EXPLICIT_PARAMS) reject it, though OpenSSL matches it to a named curve.
 */
function explicitEcParameters(der: Buffer): boolean {
  try {
    const r = new ByteReader(der, { path: ['Certificate'] });
    const tbs = readTlv(readTlv(r, 'Certificate').body, 'tbsCertificate').body;
    const first = readTlv(tbs, 'version or serialNumber');
    if (first.tag === 0xa0) readTlv(tbs, 'serialNumber');
    for (const f of ['signature', 'issuer', 'validity', 'subject']) readTlv(tbs, f);
    const alg = readTlv(readTlv(tbs, 'subjectPublicKeyInfo').body, 'algorithm').body;
    if (decodeOid(readTlv(alg, 'algorithm').body) !== '1.2.840.10045.2.1') return false;
    return !alg.atEnd() && readTlv(alg, 'parameters').tag === 0x30;
  } catch {
    return false;
  }
}

function spkiAlgorithmOid(der: Buffer): string | undefined {
  try {
    const r = new ByteReader(der, { path: ['Certificate'] });
    const tbs = readTlv(readTlv(r, 'Certificate').body, 'tbsCertificate').body;
    const first = readTlv(tbs, 'version or serialNumber');
    if (first.tag === 0xa0) readTlv(tbs, 'serialNumber');
    for (const f of ['signature', 'issuer', 'validity', 'subject']) readTlv(tbs, f);
    const spki = readTlv(tbs, 'subjectPublicKeyInfo').body;
    const alg = readTlv(spki, 'algorithm').body;
    return decodeOid(readTlv(alg, 'algorithm').body);
  } catch {
    return undefined;
  }
}

/** Node prints names one RDN per line; we show them comma-separated, as certutil and browsers do. */
export function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/**
 * Every part read in its own guard: never throws for a certificate node:crypto parsed. A part that
 * does not decode is listed in `malformed`; an empty name is '' (RFC 5280 §4.1.2.4, §4.1.2.6).
 */
// Facts of a parsed certificate, memoised per certificate object: chain building, the certificate
// observations and the served-chain checks all ask for the same ones (the public key export is the
// expensive part). Treat the result as read-only.
const factsCache = new WeakMap<NodeX509, CertFacts>();

export function certFacts(der: Buffer, cert?: NodeX509): CertFacts {
  if (cert) {
    let f = factsCache.get(cert);
    if (!f) {
      f = computeCertFacts(der, cert);
      factsCache.set(cert, f);
    }
    return f;
  }
  return computeCertFacts(der, new NodeX509(der));
}

function computeCertFacts(der: Buffer, cert: NodeX509): CertFacts {
  const malformed: CertificateMalformation[] = [];
  let layout: TbsLayout | undefined;
  try {
    layout = tbsLayout(der);
  } catch {
    layout = undefined; // reported once, by extensionFacts, as the extension list
  }
  const rawSubject = rawNameOf(cert, 'subject');
  const rawIssuer = rawNameOf(cert, 'issuer');
  // Version ::= INTEGER { v1(0), v2(1), v3(2) } (RFC 5280 4.1.2.1); Chrome's parser refuses any other
  if (layout?.version !== undefined && (layout.version < 0 || layout.version > 2))
    malformed.push({
      part: 'version',
      detail: `the version field is not v1, v2 or v3 (RFC 5280 4.1.2.1)${layout.version >= 0 ? `: it says v${layout.version + 1}` : ''}`,
    });
  if (rawSubject === '' && layout && !layout.subjectEmpty)
    malformed.push({ part: 'subject', detail: 'the subject name does not decode' });
  if (rawIssuer === '' && layout && !layout.issuerEmpty)
    malformed.push({ part: 'issuer', detail: 'the issuer name does not decode' });
  const selfIssued = rawSubject === rawIssuer && (rawSubject !== '' || layout?.subjectEmpty === true);
  let selfSigned = false;
  const key = publicKeyOf(cert);
  if (selfIssued && key) {
    try {
      selfSigned = cert.verify(key);
    } catch {
      selfSigned = false;
    }
  }
  let signatureAlgorithm: CertFacts['signatureAlgorithm'];
  try {
    signatureAlgorithm = signatureAlgorithmOf(der);
  } catch {
    signatureAlgorithm = { oid: '', name: 'unknown' };
  }
  const commonNames = rawSubject
    .split('\n')
    .filter((l) => l.startsWith('CN='))
    .map((l) => l.slice(3));
  const notBefore = timeOf(cert, 'validFrom');
  const notAfter = timeOf(cert, 'validTo');
  if (notBefore === undefined || notAfter === undefined)
    malformed.push({
      part: 'validity',
      detail: `${notBefore === undefined ? `notBefore "${safeString(() => cert.validFrom)}"` : ''}${notBefore === undefined && notAfter === undefined ? ', ' : ''}${notAfter === undefined ? `notAfter "${safeString(() => cert.validTo)}"` : ''} is not a time`,
    });
  let serialNumber = '';
  try {
    serialNumber = cert.serialNumber.toUpperCase();
  } catch {
    serialNumber = '';
  }
  const keyFactsOf = safeKeyFacts(cert, der, malformed);
  const ext = extensionFacts(der);
  return {
    subject: oneLineName(rawSubject),
    issuer: oneLineName(rawIssuer),
    commonNames,
    serialNumber,
    thumbprintSha1: cert.fingerprint.replace(/:/g, '').toUpperCase(),
    fingerprintSha256: cert.fingerprint256.toUpperCase(),
    notBefore: notBefore ?? '',
    notAfter: notAfter ?? '',
    signatureAlgorithm,
    selfIssued,
    selfSigned,
    pem: cert.toString(),
    ...keyFactsOf,
    ...ext,
    malformed: [...malformed, ...ext.malformed],
  };
}

function safeString(f: () => string): string {
  try {
    return String(f());
  } catch {
    return '?';
  }
}
