// The sections of an `explain` report: one per catalogue entry that matched. (The terminal shows
// explain in its own concise layout; these are what the HTML page shows.)
import type { ExplainReport } from '../../model/report.js';
import type { Section } from '../tree.js';

export function explainSections(report: ExplainReport): Section[] {
  return report.data.matches.map((m) => ({
    title: m.title,
    blocks: [
      {
        type: 'kv',
        rows: [
          { key: 'kind', value: m.kind },
          { key: 'matched', value: `${m.matchedBy}: ${m.matched}` },
          {
            key: 'confidence',
            value: m.confidence,
            tone: m.confidence === 'inferred' ? 'warn' : 'plain',
          },
          ...(m.codes.length ? [{ key: 'codes', value: m.codes.join(', ') }] : []),
          ...(m.names.length ? [{ key: 'names', value: m.names.join(', ') }] : []),
        ],
      },
      { type: 'text', text: m.meaning },
      ...(m.causes.length
        ? [
            {
              type: 'list' as const,
              items: m.causes.map((c) => ({ text: c.findingId ? `${c.findingId}: ${c.text}` : c.text })),
            },
          ]
        : []),
      ...(m.run.length ? [{ type: 'list' as const, items: m.run.map((r) => ({ text: `$ ${r}` })) }] : []),
      { type: 'text', text: `References: ${m.references.join('; ')}`, tone: 'info' },
    ],
  }));
}
