// The whole catalogue, in one frozen array, and the lookup tables built from it once.
import type { KnowledgeEntry, KnowledgeKind } from './types.js';
import { TLS_ALERTS } from './data/tls-alerts.js';
import { SCHANNEL_EVENTS, SCHANNEL_STATES, HTTP_EVENTS } from './data/schannel.js';
import { HRESULTS, WIN32_ERRORS } from './data/hresult.js';
import { BROWSER_ERRORS, WINDOWS_UI } from './data/browser.js';
import { OPENSSL_ERRORS, OPENSSL_VERIFY_CODES } from './data/openssl.js';
import { CURL_ERRORS } from './data/curl.js';
import { DOTNET_ERRORS, JAVA_ERRORS, NODE_ERRORS } from './data/clients.js';

export const CATALOGUE: readonly KnowledgeEntry[] = Object.freeze([
  ...TLS_ALERTS,
  ...SCHANNEL_EVENTS,
  ...SCHANNEL_STATES,
  ...HTTP_EVENTS,
  ...HRESULTS,
  ...WIN32_ERRORS,
  ...BROWSER_ERRORS,
  ...WINDOWS_UI,
  ...OPENSSL_ERRORS,
  ...CURL_ERRORS,
  ...DOTNET_ERRORS,
  ...JAVA_ERRORS,
  ...NODE_ERRORS,
]);

export { OPENSSL_VERIFY_CODES };

/**
 * Which family wins when one bare number means several things (40: TLS alert; 60: alert or
 * curl exit code; 10013: SChannel 36871 state or WSAEACCES).
 */
export const KIND_ORDER: readonly KnowledgeKind[] = [
  'tls-alert',
  'schannel-event',
  'httpevent',
  'hresult',
  'openssl',
  'browser',
  'curl',
  'schannel-state',
  'win32',
  'dotnet',
  'java',
  'node',
  'windows-ui',
];

/** Lower-case, letters and digits only: 'Handshake Failure' = 'handshake_failure' = 'HandshakeFailure'. */
export function nameKey(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Lower-case, typographic quotes straightened, whitespace runs collapsed. */
export function patternKey(s: string): string {
  return s
    .replace(/[\u2018\u2019\u02bc\u2032]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export interface Indexes {
  byId: Map<string, KnowledgeEntry>;
  /** canonical code → entries */
  byCode: Map<string, KnowledgeEntry[]>;
  /** nameKey → entries (every name) */
  byName: Map<string, KnowledgeEntry[]>;
  /** nameKey of single-identifier names (no spaces) → entries: what a token in pasted text may hit */
  byToken: Map<string, KnowledgeEntry[]>;
  /** nameKey of TLS alert names → alert entry */
  alertByName: Map<string, KnowledgeEntry>;
  /** [patternKey, entry], longest first */
  patterns: Array<[string, KnowledgeEntry]>;
}

let cached: Indexes | undefined;

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (!list) m.set(k, [v]);
  else if (!list.includes(v)) list.push(v);
}

export function indexes(): Indexes {
  if (cached) return cached;
  const ix: Indexes = {
    byId: new Map(),
    byCode: new Map(),
    byName: new Map(),
    byToken: new Map(),
    alertByName: new Map(),
    patterns: [],
  };
  for (const e of CATALOGUE) {
    ix.byId.set(e.id, e);
    for (const c of e.codes) push(ix.byCode, c, e);
    for (const n of e.names) {
      const k = nameKey(n);
      if (!k) continue;
      push(ix.byName, k, e);
      if (!/\s/.test(n.trim())) push(ix.byToken, k, e);
      if (e.kind === 'tls-alert') ix.alertByName.set(k, e);
    }
    for (const p of e.patterns ?? []) ix.patterns.push([patternKey(p), e]);
  }
  ix.patterns.sort((a, b) => b[0].length - a[0].length);
  cached = ix;
  return ix;
}
