// The IANA TLS registries as data, with lookups that treat unknown values as data (convention 8):
// every *Name() function returns a name for any input, `unknown (0x1a2b)` when the value is not in the table.
import { CIPHER_SUITE_DATA, SSLV2_CIPHER_KIND_DATA } from './cipher-suites.data.js';
import { NAMED_GROUPS } from './groups.js';
import { SIGNATURE_SCHEMES, HASH_ALGORITHMS, SIGNATURE_ALGORITHMS } from './signature-schemes.js';
import { EXTENSION_TYPES } from './extensions.js';
import { ALERTS, ALERT_LEVELS } from './alerts.js';
import {
  PROTOCOL_VERSIONS,
  SSL2,
  SSL3,
  TLS10,
  TLS11,
  TLS12,
  TLS13,
  TLS_VERSIONS_ASCENDING,
} from './versions.js';
import {
  COMPRESSION_METHODS,
  EC_POINT_FORMATS,
  PSK_KEY_EXCHANGE_MODES,
  GREASE_VALUES,
  GREASE_PSK_MODES,
} from './misc.js';
import { hexCode, unknownName } from './format.js';
import type {
  AlertInfo,
  CipherSuiteInfo,
  ExtensionTypeInfo,
  NamedGroupInfo,
  ProtocolVersionInfo,
  SignatureSchemeInfo,
  Sslv2CipherKindInfo,
} from './types.js';

export type * from './types.js';
export { hexCode, unknownName };
export {
  NAMED_GROUPS,
  SIGNATURE_SCHEMES,
  HASH_ALGORITHMS,
  SIGNATURE_ALGORITHMS,
  EXTENSION_TYPES,
  ALERTS,
  ALERT_LEVELS,
  PROTOCOL_VERSIONS,
  TLS_VERSIONS_ASCENDING,
  COMPRESSION_METHODS,
  EC_POINT_FORMATS,
  PSK_KEY_EXCHANGE_MODES,
  GREASE_VALUES,
  GREASE_PSK_MODES,
  SSL2,
  SSL3,
  TLS10,
  TLS11,
  TLS12,
  TLS13,
};

function indexBy<T extends { code: number }>(rows: readonly T[]): ReadonlyMap<number, T> {
  return new Map(rows.map((r) => [r.code, r]));
}

// ---- cipher suites -------------------------------------------------------------------------------------------

/** Every cipher suite code known: the whole IANA registry (incl. SCSVs) plus well-known non-IANA codes. */
export const CIPHER_SUITES: readonly CipherSuiteInfo[] = CIPHER_SUITE_DATA;
const suiteByCode = indexBy(CIPHER_SUITES);
const suiteByName = new Map<string, CipherSuiteInfo>();
for (const s of CIPHER_SUITES) {
  suiteByName.set(s.name, s);
  if (s.openssl) suiteByName.set(s.openssl, s);
}

/** The SCSVs: TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746) and TLS_FALLBACK_SCSV (RFC 7507). */
export const SCSV_EMPTY_RENEGOTIATION_INFO = 0x00ff;
export const SCSV_FALLBACK = 0x5600;

export function cipherSuite(code: number): CipherSuiteInfo | undefined {
  return suiteByCode.get(code);
}

/** IANA name, or `unknown (0x1a2b)` (GREASE values render as `GREASE (0x1a1a)`). */
export function cipherSuiteName(code: number): string {
  const s = suiteByCode.get(code);
  if (s) return s.name;
  return isGrease(code) ? `GREASE (${hexCode(code)})` : unknownName(code);
}

/** OpenSSL name when there is one, else the IANA name, else `unknown (0x…)`. */
export function cipherSuiteOpensslName(code: number): string {
  return suiteByCode.get(code)?.openssl ?? cipherSuiteName(code);
}

/** Lookup by IANA name or OpenSSL name (exact, case-sensitive). */
export function cipherSuiteByName(name: string): CipherSuiteInfo | undefined {
  return suiteByName.get(name);
}

/** The TLS 1.3 cipher suites (IANA, RFC 8446 and later), in code order. */
export const TLS13_SUITES: readonly number[] = CIPHER_SUITES.filter(
  (s) => s.versions.length === 1 && s.versions[0] === TLS13,
).map((s) => s.code);

const suitesByVersion = new Map<number, readonly number[]>();
/**
 * Every suite a server may negotiate with `version` (0x0300 … 0x0304), SCSVs and NULL_WITH_NULL_NULL excluded,
 * in code order. SSL 2.0 has its own cipher kinds: see SSLV2_CIPHER_KINDS. Unknown versions give [].
 */
export function suitesForVersion(version: number): number[] {
  let list = suitesByVersion.get(version);
  if (!list) {
    list = CIPHER_SUITES.filter((s) => s.versions.includes(version)).map((s) => s.code);
    suitesByVersion.set(version, list);
  }
  return [...list];
}

// ---- SSLv2 cipher kinds --------------------------------------------------------------------------------------

export const SSLV2_CIPHER_KINDS: readonly Sslv2CipherKindInfo[] = SSLV2_CIPHER_KIND_DATA;
const sslv2ByCode = indexBy(SSLV2_CIPHER_KINDS);

export function sslv2CipherKind(code: number): Sslv2CipherKindInfo | undefined {
  return sslv2ByCode.get(code);
}

/** SSL_CK_… name of a three-byte SSLv2 CIPHER-KIND, or `unknown (0x0a0b0c)`. */
export function sslv2CipherName(code: number): string {
  return sslv2ByCode.get(code)?.name ?? unknownName(code, 3);
}

// ---- named groups ---------------------------------------------------------------------------------------------

const groupByCode = indexBy(NAMED_GROUPS);

export function namedGroup(code: number): NamedGroupInfo | undefined {
  return groupByCode.get(code);
}

const groupByName = new Map(NAMED_GROUPS.map((g) => [g.name, g]));
export function namedGroupByName(name: string): NamedGroupInfo | undefined {
  return groupByName.get(name);
}

export function groupName(code: number): string {
  const g = groupByCode.get(code);
  if (g) return g.name;
  return isGrease(code) ? `GREASE (${hexCode(code)})` : unknownName(code);
}

// ---- signature schemes ----------------------------------------------------------------------------------------

const schemeByCode = indexBy(SIGNATURE_SCHEMES);

export function signatureScheme(code: number): SignatureSchemeInfo | undefined {
  return schemeByCode.get(code);
}

const schemeByName = new Map(SIGNATURE_SCHEMES.map((s) => [s.name, s]));
export function signatureSchemeByName(name: string): SignatureSchemeInfo | undefined {
  return schemeByName.get(name);
}

/**
 * TLS 1.3 SignatureScheme name, else a TLS 1.2 (hash,signature) pair name such as 'dsa_sha256' or
 * 'ed25519_intrinsic', else `unknown (0x…)`.
 */
export function signatureSchemeName(code: number): string {
  const s = schemeByCode.get(code);
  if (s) return s.name;
  if (isGrease(code)) return `GREASE (${hexCode(code)})`;
  const h = HASH_ALGORITHMS[code >> 8];
  const sig = SIGNATURE_ALGORITHMS[code & 0xff];
  if (h !== undefined && sig !== undefined && code <= 0xffff) return `${sig}_${h}`;
  return unknownName(code);
}

// ---- extensions -----------------------------------------------------------------------------------------------

const extensionByCode = indexBy(EXTENSION_TYPES);

export function extensionType(code: number): ExtensionTypeInfo | undefined {
  return extensionByCode.get(code);
}

const extensionByName = new Map(EXTENSION_TYPES.map((e) => [e.name, e]));
export function extensionTypeByName(name: string): ExtensionTypeInfo | undefined {
  return extensionByName.get(name);
}

export function extensionName(code: number): string {
  const e = extensionByCode.get(code);
  if (e) return e.name;
  if (isGrease(code)) return `GREASE (${hexCode(code)})`;
  if (code >= 0xff00 && code <= 0xffff) return `private use (${hexCode(code)})`;
  return unknownName(code);
}

// ---- alerts ---------------------------------------------------------------------------------------------------

const alertByCode = indexBy(ALERTS);

export function alertInfo(code: number): AlertInfo | undefined {
  return alertByCode.get(code);
}

export function alertName(code: number): string {
  return alertByCode.get(code)?.name ?? unknownName(code, 1);
}

export function alertLevelName(level: number): string {
  return ALERT_LEVELS[level] ?? unknownName(level, 1);
}

// ---- versions -------------------------------------------------------------------------------------------------

const versionByCode = indexBy(PROTOCOL_VERSIONS);

export function protocolVersion(code: number): ProtocolVersionInfo | undefined {
  return versionByCode.get(code);
}

/** 'TLS 1.2', 'SSL 3.0', 'DTLS 1.2'; GREASE → `GREASE (0x…)`; anything else (incl. TLS 1.3 drafts) → `unknown (0x7f1c)`. */
export function versionName(code: number): string {
  const v = versionByCode.get(code);
  if (v) return v.name;
  return isGrease(code) ? `GREASE (${hexCode(code)})` : unknownName(code);
}

// ---- small registries -----------------------------------------------------------------------------------------

export function compressionMethodName(code: number): string {
  return COMPRESSION_METHODS[code] ?? unknownName(code, 1);
}

export function ecPointFormatName(code: number): string {
  return EC_POINT_FORMATS[code] ?? unknownName(code, 1);
}

/** RFC 8701: true for the two-byte GREASE values 0x0a0a, 0x1a1a, …, 0xfafa. */
export function isGrease(code: number): boolean {
  return (
    Number.isInteger(code) &&
    code >= 0 &&
    code <= 0xffff &&
    (code & 0x0f0f) === 0x0a0a &&
    code >> 8 === (code & 0xff)
  );
}
