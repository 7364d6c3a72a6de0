// Minimal terminal renderer (to be replaced by the full one): verdict, findings, sections.
import type { Report, Block, Section } from './model.js';

export interface TextOptions {
  color: boolean;
  width?: number;
}

export function renderText(report: Report, _opts: TextOptions): string {
  const out: string[] = [];
  out.push(`${report.verdict.status.toUpperCase()}: ${report.verdict.summary}`);
  for (const f of report.findings) {
    out.push('', `[${f.severity}] ${f.id}: ${f.title}`, `  ${f.summary}`);
    for (const e of f.evidence) out.push(`  evidence: ${e.text}`);
    for (const s of f.fix.steps) out.push(`  fix: ${s}`);
    for (const c of f.fix.commands ?? []) out.push(`    ${c.command}`);
  }
  const section = (s: Section, depth: number): void => {
    out.push('', `${'#'.repeat(depth)} ${s.title}`);
    for (const b of s.blocks) out.push(...block(b));
    for (const c of s.sections ?? []) section(c, depth + 1);
  };
  for (const s of report.sections) section(s, 1);
  return out.join('\n') + '\n';
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'kv':
      return b.rows.map((r) => `  ${r.key}: ${r.value}`);
    case 'table':
      return [b.columns.join(' | '), ...b.rows.map((r) => r.map((c) => c.text).join(' | '))];
    case 'text':
      return [b.text];
    case 'list':
      return b.items.map((i) => `  - ${i.text}`);
    case 'timeline':
      return b.events.map((e) => `  ${e.atMs.toFixed(1)} ms ${e.who}: ${e.text}`);
  }
}
