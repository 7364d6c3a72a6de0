// Invariants of the catalogue, checked by the tests and usable by anyone who adds entries.
import type { KnowledgeEntry } from './types.js';
import { KNOWLEDGE_KINDS } from './types.js';
import { CATALOGUE, indexes, nameKey, patternKey } from './catalogue.js';

const CANONICAL_CODE = /^(?:0|-?[1-9]\d{0,9}|0x[0-9a-f]{8})$/;
const FINDING_ID = /^[a-z0-9]+\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function findEntry(id: string): KnowledgeEntry | undefined {
  return indexes().byId.get(id);
}

/** One line per problem; [] when the catalogue is sound. */
/**
 * One line per problem; [] when the catalogue is sound. `findingIds` are the ids the diagnose rules
 * emit (the rule index, which this layer may not import, passes them in tests and tools): a cause
 * that names a finding must name one of them.
 */
export function validateCatalogue(
  entries: readonly KnowledgeEntry[] = CATALOGUE,
  findingIds?: readonly string[],
): string[] {
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
      if (c.findingId !== undefined && !FINDING_ID.test(c.findingId))
        problems.push(`${where}: finding id "${c.findingId}" is malformed`);
      else if (c.findingId !== undefined && findingIds && !findingIds.includes(c.findingId))
        problems.push(`${where}: finding id "${c.findingId}" is emitted by no rule`);
      if (!c.text.trim()) problems.push(`${where}: cause ${c.findingId ?? '(advice)'} has no text`);
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
