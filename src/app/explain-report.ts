// The `explain` report: what the knowledge catalogue says about a code or message (its sections:
// src/report/sections/explain.ts; the terminal layout is the CLI's own).
import { normalizeCode, type KnowledgeMatch } from '../knowledge/index.js';
import type { ExplainReport } from '../model/report.js';
import { buildReport, type Timing } from './command-report.js';

/** the longest query kept in the report */
const MAX_QUERY_IN_REPORT = 4000;

export function explainReport(
  query: string,
  target: string,
  matches: KnowledgeMatch[],
  timing: Timing,
): ExplainReport {
  return buildReport('explain', target, timing, {
    findings: [],
    observations: [],
    data: {
      query: query.length > MAX_QUERY_IN_REPORT ? query.slice(0, MAX_QUERY_IN_REPORT) : query,
      matches: matches.map((m) => ({
        id: m.entry.id,
        kind: m.entry.kind,
        matchedBy: m.matchedBy,
        matched: m.matched,
        score: m.score,
        title: m.entry.title,
        meaning: m.entry.meaning,
        causes: [...m.entry.causes],
        run: [...m.entry.run],
        confidence: m.entry.confidence,
        codes: [...m.entry.codes],
        names: [...m.entry.names],
        references: [...m.entry.references],
      })),
    },
    ...(matches.length === 0 ? { warnings: [noMatchHint(query)] } : {}),
  });
}

/** What to try when nothing in the catalogue matches. */
export function noMatchHint(query: string): string {
  const codes = normalizeCode(query);
  const head =
    codes.length > 0
      ? `The code ${codes.join(' / ')} is not in the catalogue.`
      : 'No code, name or message in the text is in the catalogue.';
  return `${head} Try the code exactly as printed (0x80090326, -2146893018, 36888, ERR_SSL_PROTOCOL_ERROR, SSL_ERROR_NO_CYPHER_OVERLAP), or paste the whole message or event text in quotes (or --file), or run \`tlsdoctor diagnose https://<host>\` to find the cause directly.`;
}
