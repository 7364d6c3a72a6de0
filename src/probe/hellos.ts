// The probe's own ClientHellos: wide offers for enumeration. Built from the registry data.
import type { ClientHelloOptions } from '../wire/index.js';
import {
  CIPHER_SUITES,
  NAMED_GROUPS,
  SIGNATURE_SCHEMES,
  TLS13_SUITES,
  suitesForVersion,
  cipherSuite,
} from '../wire/registry/index.js';
import { Version } from '../wire/index.js';

const STRENGTH_RANK: Record<string, number> = { recommended: 0, secure: 1, weak: 2, insecure: 3, signal: 9 };

const byCommonness = new Map<number, readonly number[]>();

/** Every suite usable with `version`, most common first (so the first bundle holds what servers usually accept). */
export function suitesByCommonness(version: number): number[] {
  let sorted = byCommonness.get(version);
  if (!sorted) byCommonness.set(version, (sorted = sortByCommonness(version)));
  return [...sorted];
}

function sortByCommonness(version: number): number[] {
  const list = suitesForVersion(version);
  const rank = (code: number): number => {
    const s = cipherSuite(code);
    if (!s) return 99;
    // OpenSSL-known suites first — what real servers run — except PSK/SRP/anonymous ones, which
    // need configuration almost no server has: then the whole usual set fits in the first bundle
    const rare = /PSK|SRP/.test(s.kx) || s.auth === 'anon' || s.auth === 'PSK';
    return (
      (s.openssl && !rare ? 0 : 10) +
      (STRENGTH_RANK[s.strength] ?? 5) * 2 +
      (s.kx === 'ECDHE' ? 0 : s.kx === 'DHE' ? 1 : 2) * 0.1
    );
  };
  return [...list].sort((a, b) => rank(a) - rank(b) || a - b);
}

/**
 * Bundle size: 200 suites (a ~650-byte hello) holds every suite a usual OpenSSL/SChannel server can
 * enable in the first bundle, so its removal chain is the only one, and stays below the 255-suite
 * lists some old servers choke on (hellos of 256–511 bytes are padded past the F5 bug range anyway).
 */
export const SUITE_BUNDLE = 200;

export function bundles<T>(items: readonly T[], size = SUITE_BUNDLE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Groups we offer in TLS ≤ 1.2 (ECDHE curves). */
export const ECDHE_GROUPS: readonly number[] = NAMED_GROUPS.filter((g) => g.kind === 'ecdhe' && g.iana).map(
  (g) => g.code,
);
/** Groups that can appear in TLS 1.3 supported_groups. */
export const TLS13_GROUPS: readonly number[] = NAMED_GROUPS.filter((g) => g.tls13 && g.iana).map(
  (g) => g.code,
);
const ALL_SIGALGS: readonly number[] = SIGNATURE_SCHEMES.filter((s) => s.code < 0xfe00).map((s) => s.code);

export interface WideHelloOptions {
  serverName?: string;
  groups?: number[];
  keyShareGroups?: number[];
  alpn?: string[];
  /** add TLS_FALLBACK_SCSV */
  fallbackScsv?: boolean;
  /** for TLS 1.3 hellos: also allow TLS 1.2 */
  alsoTls12?: boolean;
}

/** A hello offering exactly `version` and the given suites, with every extension a modern client sends. */
export function wideHello(
  version: number,
  suites: readonly number[],
  o: WideHelloOptions = {},
): ClientHelloOptions {
  if (version === Version.TLS13) {
    return {
      legacyVersion: Version.TLS12,
      supportedVersions: o.alsoTls12 ? [Version.TLS13, Version.TLS12] : [Version.TLS13],
      cipherSuites: [...suites],
      ...(o.serverName ? { serverName: o.serverName } : {}),
      groups: o.groups ?? [...TLS13_GROUPS],
      keyShareGroups: o.keyShareGroups ?? [0x001d, 0x0017],
      signatureAlgorithms: [...ALL_SIGALGS],
      ecPointFormats: [0],
      pskKeyExchangeModes: [1],
      ...(o.alpn ? { alpn: o.alpn } : {}),
      extendedMasterSecret: true,
      renegotiationInfo: true,
      statusRequest: true,
      sessionTicket: true,
      padding: 'avoid-256-511',
    };
  }
  const cipherSuites = [...suites, ...(o.fallbackScsv ? [0x5600] : [])];
  if (version <= Version.SSL3) {
    // SSL 3.0 hellos carry no extensions; signal secure renegotiation with the SCSV.
    return {
      recordVersion: Version.SSL3,
      legacyVersion: Version.SSL3,
      cipherSuites: [...cipherSuites, 0x00ff],
    };
  }
  return {
    recordVersion: Version.TLS10,
    legacyVersion: version,
    cipherSuites,
    ...(o.serverName ? { serverName: o.serverName } : {}),
    groups: o.groups ?? [...ECDHE_GROUPS],
    ecPointFormats: [0],
    ...(version >= Version.TLS12 ? { signatureAlgorithms: [...ALL_SIGALGS] } : {}),
    ...(o.alpn ? { alpn: o.alpn } : {}),
    renegotiationInfo: true,
    extendedMasterSecret: true,
    sessionTicket: true,
    statusRequest: true,
    encryptThenMac: true,
    padding: 'avoid-256-511',
  };
}

export const TLS13_SUITE_LIST: readonly number[] = TLS13_SUITES;
export const ALL_SUITE_COUNT = CIPHER_SUITES.length;
