// The knowledge catalogue's data model: one entry per error code / message family that people
// paste when HTTPS breaks. Entries are plain data (src/knowledge/data/*.ts); the matcher
// (match.ts) only reads them.

/**
 * What family an entry belongs to. `schannel-state` (the "internal error state" numbers of
 * SChannel events) and `win32` (Win32/Winsock error numbers from netsh, IIS and .NET) are
 * additions to the families the issue listed.
 */
export type KnowledgeKind =
  | 'tls-alert'
  | 'schannel-event'
  | 'schannel-state'
  | 'httpevent'
  | 'hresult'
  | 'win32'
  | 'browser'
  | 'openssl'
  | 'curl'
  | 'dotnet'
  | 'java'
  | 'node'
  | 'windows-ui';

export const KNOWLEDGE_KINDS: readonly KnowledgeKind[] = [
  'tls-alert',
  'schannel-event',
  'schannel-state',
  'httpevent',
  'hresult',
  'win32',
  'browser',
  'openssl',
  'curl',
  'dotnet',
  'java',
  'node',
  'windows-ui',
];

/**
 * How sure the catalogue is of an entry:
 * - documented: stated by the primary source (RFC, IANA, Microsoft Learn, winerror.h,
 *   Chromium/NSS/OpenSSL source);
 * - observed: seen in real output / field reports, not in a primary document;
 * - inferred: reconstructed or reported by a single secondary source — a hint, not a fact.
 */
export type KnowledgeConfidence = 'documented' | 'observed' | 'inferred';

export interface KnowledgeCause {
  /**
   * the finding id a diagnose rule reports this cause under (e.g. 'protocol.no-common-version');
   * absent when no rule detects the cause yet, so the text is advice only
   */
  findingId?: string;
  text: string;
}

export interface KnowledgeEntry {
  /** unique, stable: `<kind>.<code-or-slug>`, e.g. 'tls-alert.handshake_failure', 'hresult.CERT_E_UNTRUSTEDROOT' */
  id: string;
  kind: KnowledgeKind;
  /**
   * Canonical spellings (see normalizeCode): decimal integers ('40', '36888', '-113'),
   * 32-bit hex as '0x' + 8 lower-case digits ('0x800b0109', '0x0a000410').
   */
  codes: readonly string[];
  /** symbolic names: 'handshake_failure', 'CERT_E_UNTRUSTEDROOT', 'ERR_SSL_PROTOCOL_ERROR' */
  names: readonly string[];
  /** message fragments, matched case-insensitively with whitespace collapsed */
  patterns?: readonly string[];
  title: string;
  meaning: string;
  causes: readonly KnowledgeCause[];
  /** what to run next; `<host>` and `<thumbprint>` are placeholders */
  run: readonly string[];
  confidence: KnowledgeConfidence;
  references: readonly string[];
  /** schannel-state only: the SChannel event ids whose state number this is */
  appliesTo?: readonly string[];
  /** a wrapper message that only says "something failed" (curl 35, HttpClient's "see inner exception"): ranked below specific matches */
  generic?: boolean;
}

/** How a match was made: a numeric/hex code, a symbolic name, or a message fragment. */
export type MatchHow = 'code' | 'name' | 'message';

export interface KnowledgeMatch {
  entry: KnowledgeEntry;
  matchedBy: MatchHow;
  /** the fragment of the query that matched (as it appeared, trimmed to at most 120 characters) */
  matched: string;
  /** higher is better; matches are returned sorted by score, then by position in the query */
  score: number;
}
