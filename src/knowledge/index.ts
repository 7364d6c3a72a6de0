// The knowledge catalogue: what an error code or message means, its likely causes (as finding
// ids of the diagnose rules) and what to run next. Used by `tlsdoctor explain` and by the
// Windows event analysis.
export type {
  KnowledgeEntry,
  KnowledgeKind,
  KnowledgeConfidence,
  KnowledgeCause,
  KnowledgeMatch,
  MatchHow,
} from './types.js';
export { KNOWLEDGE_KINDS } from './types.js';
export { CATALOGUE } from './catalogue.js';
export { explain, explainCode, explainEvent, normalizeCode, MAX_QUERY_CHARS } from './match.js';
export { validateCatalogue, findEntry } from './validate.js';
