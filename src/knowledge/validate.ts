// Invariants of the catalogue, checked by the tests and usable by anyone who adds entries.
import type { KnowledgeEntry } from './types.js';
import { KNOWLEDGE_KINDS } from './types.js';
import { CATALOGUE, indexes, nameKey, patternKey } from './catalogue.js';

/** The finding ids the diagnose rules use (issue 4); causes may also use new ids in these areas. */
export const KNOWN_FINDING_IDS: readonly string[] = [
  'cert.eku-no-server-auth',
  'cert.expired',
  'cert.host-mismatch',
  'cert.key-mismatch',
  'cert.no-private-key',
  'chain.missing-intermediate',
  'chain.untrusted-root',
  'cipher.no-common-suite',
  'dns.resolution-failed',
  'handshake.alert-on-hello',
  'handshake.client-cert-required',
  'handshake.no-server-hello',
  'handshake.not-tls',
  'http.site-down',
  'network.middlebox-suspected',
  'protocol.no-common-version',
  'sni.required',
  'tcp.port-closed',
  'tcp.port-filtered',
  'windows.no-common-cipher-event',
  'windows.port-conflict',
  'windows.private-key-unreadable',
  'windows.sslcert-empty-hash',
  'windows.sslcert-zero-appid',
  'windows.tls12-disabled',
];

export const KNOWN_FINDING_AREAS: readonly string[] = [
  ...new Set(KNOWN_FINDING_IDS.map((id) => id.slice(0, id.indexOf('.')))),
].sort();

const CANONICAL_CODE = /^(?:0|-?[1-9]\d{0,9}|0x[0-9a-f]{8})$/;
const FINDING_ID = /^[a-z0-9]+\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function findEntry(id: string): KnowledgeEntry | undefined {
  return indexes().byId.get(id);
}

/** One line per problem; [] when the catalogue is sound. */
export function validateCatalogue(entries: readonly KnowledgeEntry[] = CATALOGUE): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const names = new Map<string, string>();
  const patterns = new Map<string, string>();
  for (const e of entries) {
    const where = `entry ${e.id || '(no id)'}`;
    if (!e.id || ids.has(e.id)) problems.push(`${where}: missing or duplicate id`);
    ids.add(e.id);
    if (!KNOWLEDGE_KINDS.includes(e.kind)) problems.push(`${where}: unknown kind ${String(e.kind)}`);
    if (!e.id.startsWith(`${e.kind}.`)) problems.push(`${where}: id must start with "${e.kind}."`);
    if (!e.title.trim()) problems.push(`${where}: empty title`);
    if (e.meaning.trim().length < 20) problems.push(`${where}: meaning too short`);
    if (e.codes.length + e.names.length + (e.patterns?.length ?? 0) === 0)
      problems.push(`${where}: nothing to match (no code, name or pattern)`);
    for (const c of e.codes)
      if (!CANONICAL_CODE.test(c))
        problems.push(`${where}: code ${c} is not canonical (decimal or 0x + 8 lower-case hex)`);
    for (const n of e.names) {
      const k = nameKey(n);
      if (!k) problems.push(`${where}: empty name`);
      const other = names.get(k);
      if (other && other !== e.id) problems.push(`${where}: name "${n}" also belongs to ${other}`);
      names.set(k, e.id);
    }
    for (const p of e.patterns ?? []) {
      const k = patternKey(p);
      if (k.length < 8) problems.push(`${where}: pattern "${p}" is too short to be specific`);
      if (k !== p) problems.push(`${where}: pattern "${p}" must be written lower-case with single spaces`);
      const other = patterns.get(k);
      if (other && other !== e.id) problems.push(`${where}: pattern "${p}" also belongs to ${other}`);
      patterns.set(k, e.id);
    }
    if (e.kind !== 'schannel-event' && e.kind !== 'httpevent' && e.causes.length === 0)
      problems.push(`${where}: no likely cause`);
    for (const c of e.causes) {
      if (!FINDING_ID.test(c.findingId)) problems.push(`${where}: finding id "${c.findingId}" is malformed`);
      else if (
        !KNOWN_FINDING_IDS.includes(c.findingId) &&
        !KNOWN_FINDING_AREAS.includes(c.findingId.slice(0, c.findingId.indexOf('.')))
      ) {
        problems.push(
          `${where}: finding id "${c.findingId}" is in no known area (${KNOWN_FINDING_AREAS.join(', ')})`,
        );
      }
      if (!c.text.trim()) problems.push(`${where}: cause ${c.findingId} has no text`);
    }
    if (e.run.length === 0 && e.causes.length > 0) problems.push(`${where}: nothing to run`);
    for (const r of e.run)
      if (/\b(?!127\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/.test(r))
        problems.push(`${where}: run line names a non-loopback address: ${r}`);
    if (e.references.length === 0) problems.push(`${where}: no reference`);
    if (e.kind === 'schannel-state' && (e.appliesTo ?? []).length === 0)
      problems.push(`${where}: a state must say which event ids it belongs to (appliesTo)`);
  }
  return problems;
}
