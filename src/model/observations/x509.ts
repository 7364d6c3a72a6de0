// The facts src/x509 gathers about certificates, keys and chains (DESIGN: observations never judge).
// Rules in src/diagnose/rules/cert read these.
import type { ObservationBase } from '../observation.js';

/** Which part of a certificate did not decode (RFC 5280 §4.1). */
export type CertificatePart =
  'version' | 'subject' | 'issuer' | 'validity' | 'subjectPublicKeyInfo' | 'extensions' | 'extension';

/** A part of a certificate that does not decode: clients reject the certificate. */
export interface CertificateMalformation {
  part: CertificatePart;
  /** for part 'extension': its extnID and, when known, its name (RFC 5280 §4.2) */
  oid?: string;
  name?: string;
  /** what the decoder said */
  detail: string;
}

/** One certificate, as read from a file or from the chain a server sent. */
export interface CertificateObservation extends ObservationBase {
  kind: 'x509.certificate';
  /** true when it came from a live server's Certificate message */
  served: boolean;
  /** position among the certificates of its source (file or served chain), 0-based */
  index: number;
  /** this certificate is treated as an end-entity (server) certificate */
  leaf: boolean;
  /** one line; '' for an empty name (RFC 5280 §4.1.2.6: the subjectAltName, critical, names it) */
  subject: string;
  issuer: string;
  /** CN values of the subject */
  commonNames: string[];
  serialNumber: string;
  /** SHA-1 of the DER, uppercase hex, no separators — as certutil and netsh show it */
  thumbprintSha1: string;
  /** SHA-256 of the DER, uppercase hex with colons */
  fingerprintSha256: string;
  /** SHA-256 of the SubjectPublicKeyInfo (hex): equal for a certificate and its private key */
  spkiSha256: string;
  notBefore: string;
  notAfter: string;
  /** the time the gatherer checked against (ISO): rules judge validity against this, never the clock */
  checkedAt: string;
  keyType: string;
  keyBits?: number;
  curve?: string;
  signatureAlgorithm: { oid: string; name: string; hash?: string };
  /** subject == issuer */
  selfIssued: boolean;
  /** self-issued and its signature verifies with its own key */
  selfSigned: boolean;
  /** null: no SAN extension */
  san: { dns: string[]; ip: string[]; other: string[] } | null;
  /** EKU OIDs; null: no EKU extension (any purpose) */
  eku: string[] | null;
  /** key usage names; null: no key usage extension */
  keyUsage: string[] | null;
  /** null: no basicConstraints extension */
  basicConstraints: { ca: boolean; pathLength?: number } | null;
  aia: { caIssuers: string[]; ocsp: string[] };
  crlUrls: string[];
  nameConstraints: {
    permittedDns: string[];
    excludedDns: string[];
    /** iPAddress subtrees as address/prefix (RFC 5280 4.2.1.10), when there are any */
    permittedIp?: string[];
    excludedIp?: string[];
    otherTypes: boolean;
  } | null;
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** the certificate itself, PEM — lets a fix say "save this as root.cer" */
  pem: string;
  /** parts that do not decode; absent or empty: every part read decoded */
  malformed?: CertificateMalformation[];
}

export type KeyFormat =
  'pkcs8' | 'pkcs8-encrypted' | 'pkcs1' | 'pkcs1-encrypted' | 'sec1' | 'sec1-encrypted' | 'pfx';

/** One private key (never its value). */
export interface KeyObservation extends ObservationBase {
  kind: 'x509.key';
  index: number;
  format: KeyFormat;
  keyType: string;
  keyBits?: number;
  curve?: string;
  spkiSha256: string;
  /** thumbprints of the loaded certificates whose public key is this key's */
  matches: string[];
}

/** One input file (or a served chain) as a container. */
export interface SourceObservation extends ObservationBase {
  kind: 'x509.source';
  format: 'pem' | 'der' | 'pfx' | 'p7b-pem' | 'p7b-der' | 'served';
  certificates: number;
  keys: number;
  /** thumbprints of the certificates in the order the source holds them */
  certificateThumbprints: string[];
  pfx?: {
    mac: string | null;
    password: 'given' | 'empty' | 'none';
    certBags: number;
    keyBags: number;
    friendlyNames: string[];
  };
  warnings: string[];
}

export type TrustStoreName = 'mozilla' | 'system' | 'ca-file' | 'windows';

/** A certificate on a built path (provided, or found in a trust store). */
export interface ChainElement {
  thumbprintSha1: string;
  subject: string;
  issuer: string;
  /** where it came from: given/sent, a trust store, or downloaded from an AIA URL (--fetch-aia) */
  source: 'provided' | 'store' | 'aia';
  store?: TrustStoreName;
  /** path of the --ca file it came from */
  storeFile?: string;
  ca: boolean | null;
  pathLength?: number;
  selfIssued: boolean;
  selfSigned: boolean;
  notAfter: string;
  sanDns: string[];
  /** SAN iPAddress entries, when there are any */
  sanIp?: string[];
  nameConstraints: {
    permittedDns: string[];
    excludedDns: string[];
    /** iPAddress subtrees as address/prefix (RFC 5280 4.2.1.10), when there are any */
    permittedIp?: string[];
    excludedIp?: string[];
    otherTypes: boolean;
  } | null;
  aiaCaIssuers: string[];
}

/** The path built from one leaf through the provided certificates to a trust anchor. */
export interface ChainObservation extends ObservationBase {
  kind: 'x509.chain';
  served: boolean;
  leafThumbprint: string;
  host?: string;
  /** the stores searched for anchors */
  stores: Array<{ name: TrustStoreName; file?: string; certificates: number }>;
  /** best path, leaf first; ends at the anchor when trusted */
  path: ChainElement[];
  trusted: boolean;
  /** the anchor (last element) when trusted */
  anchor?: ChainElement;
  /** how the path ends: 'anchor' trusted; 'self-signed' at an untrusted root; 'issuer-missing' the last certificate's issuer was not found */
  end: 'anchor' | 'self-signed' | 'issuer-missing' | 'depth-limit' | 'loop';
  /** for 'issuer-missing': the issuer name and the authority key id of the last certificate */
  missingIssuer?: { name: string; authorityKeyId?: string; aiaCaIssuers: string[] };
  /** provided certificates' thumbprints in the order given (served order, or file order) */
  providedOrder: string[];
  /** how the provided order was given: one served chain, one file, or several files */
  orderSource: 'served' | 'file' | 'files';
  /** provided certificates on no path of any leaf */
  unused: string[];
  /** other complete paths found (e.g. via cross-signs), as thumbprint lists */
  alternatives: string[][];
  /** issuer candidates with the right name whose signature did not verify */
  signatureFailures: Array<{ child: string; candidate: string }>;
  /** with --fetch-aia, when the issuer was missing: what the AIA URLs gave and the path completed with it */
  aia?: {
    fetched: Array<{
      url: string;
      status: 'ok' | 'failed';
      subject?: string;
      thumbprintSha1?: string;
      /** the address the download came from */
      address?: string;
      /** the URL actually fetched, after a same-host redirect */
      fetchedFrom?: string;
      error?: string;
    }>;
    path: ChainElement[];
    trusted: boolean;
    end: 'anchor' | 'self-signed' | 'issuer-missing' | 'depth-limit' | 'loop';
  };
}

/** The thresholds in force (policy.json merged with command options). */
export interface PolicyObservation extends ObservationBase {
  kind: 'x509.policy';
  minRsaBits: number;
  allowedCurves: string[];
  weakSignatureHashes: string[];
  maxLifetimeDays: number;
  lifetimeRuleFrom: string;
  warnDays: number;
  clockSkewHintHours: number;
}

/** A file that could not be loaded (the command still reports on the others). */
export interface LoadErrorObservation extends ObservationBase {
  kind: 'x509.load-error';
  code: string;
  status: 'failed';
}

export type X509Observation =
  | CertificateObservation
  | KeyObservation
  | SourceObservation
  | ChainObservation
  | PolicyObservation
  | LoadErrorObservation;
