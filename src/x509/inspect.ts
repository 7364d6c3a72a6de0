// One certificate → its facts. node:crypto X509Certificate for names, fingerprints, the public key
// and signature checks; @peculiar/x509 for the extensions (EKU, KU, basic constraints, SAN, AIA,
// CRL DP, key identifiers); node-forge's ASN.1 for name constraints (no @peculiar class for it).
import { X509Certificate as NodeX509, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import * as px from '@peculiar/x509';
import forge from 'node-forge';
import { ByteReader } from '../wire/byte-reader.js';
import { decodeOid, readTlv } from './der.js';

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

export interface ExtensionFacts {
  san: { dns: string[]; ip: string[]; other: string[] } | null;
  eku: string[] | null;
  keyUsage: string[] | null;
  basicConstraints: { ca: boolean; pathLength?: number } | null;
  aia: { caIssuers: string[]; ocsp: string[] };
  crlUrls: string[];
  nameConstraints: { permittedDns: string[]; excludedDns: string[]; otherTypes: boolean } | null;
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** extensions that could not be decoded, by OID */
  undecodable: string[];
}

const KU_ORDER: Array<[number, string]> = [
  [px.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [px.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [px.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [px.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [px.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [px.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [px.KeyUsageFlags.cRLSign, 'cRLSign'],
  [px.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [px.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

function gnValues(names: px.GeneralName[] | undefined, type: string): string[] {
  return (names ?? []).filter((n) => n.type === type).map((n) => n.value);
}

export function extensionFacts(der: Buffer): ExtensionFacts {
  const out: ExtensionFacts = {
    san: null,
    eku: null,
    keyUsage: null,
    basicConstraints: null,
    aia: { caIssuers: [], ocsp: [] },
    crlUrls: [],
    nameConstraints: null,
    undecodable: [],
  };
  let cert: px.X509Certificate;
  try {
    cert = new px.X509Certificate(der);
  } catch {
    out.undecodable.push('all');
    return out;
  }
  for (const ext of cert.extensions) {
    try {
      if (ext instanceof px.SubjectAlternativeNameExtension) {
        const items = ext.names.items;
        out.san = {
          dns: items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()),
          ip: items.filter((n) => n.type === 'ip').map((n) => n.value),
          other: items.filter((n) => n.type !== 'dns' && n.type !== 'ip').map((n) => `${n.type}:${n.value}`),
        };
      } else if (ext instanceof px.ExtendedKeyUsageExtension) {
        out.eku = Array.from(ext.usages, (u) => String(u));
      } else if (ext instanceof px.KeyUsagesExtension) {
        out.keyUsage = KU_ORDER.filter(([f]) => (ext.usages & f) !== 0).map(([, n]) => n);
      } else if (ext instanceof px.BasicConstraintsExtension) {
        out.basicConstraints = {
          ca: ext.ca,
          ...(ext.pathLength !== undefined ? { pathLength: ext.pathLength } : {}),
        };
      } else if (ext instanceof px.AuthorityInfoAccessExtension) {
        out.aia = { caIssuers: gnValues(ext.caIssuers, 'url'), ocsp: gnValues(ext.ocsp, 'url') };
      } else if (ext instanceof px.CRLDistributionPointsExtension) {
        for (const dp of ext.distributionPoints) {
          for (const gn of dp.distributionPoint?.fullName ?? [])
            if (gn.uniformResourceIdentifier) out.crlUrls.push(gn.uniformResourceIdentifier);
        }
      } else if (ext instanceof px.SubjectKeyIdentifierExtension) {
        out.subjectKeyId = ext.keyId.toUpperCase();
      } else if (ext instanceof px.AuthorityKeyIdentifierExtension) {
        if (ext.keyId) out.authorityKeyId = ext.keyId.toUpperCase();
      } else if (ext.type === '2.5.29.30') {
        out.nameConstraints = parseNameConstraints(Buffer.from(ext.value));
      }
    } catch {
      out.undecodable.push(ext.type);
    }
  }
  return out;
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] … } (RFC 5280 4.2.1.10) */
function parseNameConstraints(value: Buffer): {
  permittedDns: string[];
  excludedDns: string[];
  otherTypes: boolean;
} {
  const { asn1 } = forge;
  const root = asn1.fromDer(forge.util.createBuffer(value.toString('binary')), { strict: true } as never);
  const out = { permittedDns: [] as string[], excludedDns: [] as string[], otherTypes: false };
  for (const subtrees of (root.value as forge.asn1.Asn1[]) ?? []) {
    const target = subtrees.type === 0 ? out.permittedDns : out.excludedDns;
    for (const subtree of (subtrees.value as forge.asn1.Asn1[]) ?? []) {
      const base = (subtree.value as forge.asn1.Asn1[])[0];
      if (
        base &&
        base.tagClass === asn1.Class.CONTEXT_SPECIFIC &&
        base.type === 2 &&
        typeof base.value === 'string'
      )
        target.push(base.value.toLowerCase());
      else out.otherTypes = true;
    }
  }
  return out;
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

/** Unknown is data: a key algorithm OpenSSL cannot load (GOST, SM2 …) becomes 'unknown (OID)'. */
function safeKeyFacts(cert: NodeX509): KeyFacts {
  try {
    return keyFacts(cert.publicKey);
  } catch {
    let oid = '';
    try {
      // Certificate > tbsCertificate > … > subjectPublicKeyInfo > algorithm: take it from @peculiar's parse
      oid = new px.X509Certificate(cert.raw).publicKey.algorithm.name ?? '';
    } catch {
      oid = '';
    }
    return {
      keyType: `unknown${oid ? ` (${oid})` : ''}`,
      spkiSha256: createHash('sha256').update(cert.raw).digest('hex'),
    };
  }
}

/** Node prints names one RDN per line; we show them comma-separated, as certutil and browsers do. */
export function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

export function certFacts(der: Buffer, cert: NodeX509 = new NodeX509(der)): CertFacts {
  const selfIssued = cert.subject === cert.issuer;
  let selfSigned = false;
  if (selfIssued) {
    try {
      selfSigned = cert.verify(cert.publicKey);
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
  const commonNames = cert.subject
    .split('\n')
    .filter((l) => l.startsWith('CN='))
    .map((l) => l.slice(3));
  const notBefore = new Date(cert.validFrom).toISOString();
  const notAfter = new Date(cert.validTo).toISOString();
  return {
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    commonNames,
    serialNumber: cert.serialNumber.toUpperCase(),
    thumbprintSha1: cert.fingerprint.replace(/:/g, '').toUpperCase(),
    fingerprintSha256: cert.fingerprint256.toUpperCase(),
    notBefore,
    notAfter,
    signatureAlgorithm,
    selfIssued,
    selfSigned,
    pem: cert.toString(),
    ...safeKeyFacts(cert),
    ...extensionFacts(der),
  };
}
