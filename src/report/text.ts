// The terminal renderer (DESIGN convention 11): pure, Report in, string out. Read at 2 a.m.:
// the verdict line first, then the findings most blocking first (badge, id, title, summary,
// evidence with its source, fix steps, the commands set apart so they can be copied, references),
// then the command's sections, warnings and a one-line account of the checks.
// Every string from the report is made safe first (sanitize.ts), wrapped as plain text, and only
// then coloured line by line, so no escape sequence spans a line and width is measured exactly.
import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import type { Finding, FixCommand, Severity } from '../model/finding.js';
import type { Report } from '../model/report.js';
import type { Block, ReportTree, Section, Tone } from './tree.js';
import { treeOf } from './sections/index.js';
import { safeLine, safeMultiline } from './sanitize.js';
import { displayWidth, fitColumns, longestWord, maxOf, padStart, stripAnsi, wrap } from './layout.js';
import {
  SEVERITY_LABEL,
  VERDICT_SYMBOL,
  formatAtMs,
  formatSource,
  metaLine,
  orderedFindings,
  disruptiveCommand,
  ruleSummary,
  verdictLabel,
} from './style.js';

export interface TextOptions {
  color: boolean;
  /** terminal columns; default 100, kept within 40..200 */
  width?: number;
}

type Paint = (s: string) => string;

const MIN_WIDTH = 40;
const MAX_WIDTH = 200;
const COLUMN_GAP = 2;

class TextWriter {
  readonly lines: string[] = [];
  constructor(
    readonly width: number,
    readonly c: Colors,
  ) {}

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  raw(line: string): void {
    this.lines.push(line.replace(/[ ]+$/, ''));
  }

  /**
   * Wraps `text` to the width: first line after `first` (a prefix already `indent` wide, e.g. a
   * bullet), following lines indented by `hang`. `paint` colours the text, not the prefix.
   */
  para(text: string, indent: number, opts: { first?: string; hang?: number; paint?: Paint } = {}): void {
    const first = opts.first ?? ' '.repeat(indent);
    const firstW = displayWidth(stripAnsi(first));
    const hang = opts.hang ?? firstW;
    const avail = Math.max(10, this.width - Math.max(firstW, hang));
    const paint = opts.paint ?? ((s: string) => s);
    wrap(text, avail).forEach((line, i) => {
      const prefix = i === 0 ? first : ' '.repeat(hang);
      this.raw(prefix + (line === '' ? '' : paint(line)));
    });
  }
}

function tonePaint(c: Colors, tone: Tone | undefined): Paint {
  switch (tone) {
    case 'good':
      return c.green;
    case 'bad':
      return c.red;
    case 'warn':
      return c.yellow;
    case 'info':
      return c.cyan;
    default:
      return (s) => s;
  }
}

/** The same characters with or without colour (`[BLOCKER]`), so a pasted report reads the same. */
function badge(c: Colors, sev: Severity): string {
  const label = SEVERITY_LABEL[sev] ?? String(sev).toUpperCase();
  const text = `[${label}]`;
  const pad = ' '.repeat(Math.max(0, 9 - displayWidth(text)));
  switch (sev) {
    case 'blocker':
      return c.bold(c.bgRed(c.white(text))) + pad;
    case 'high':
      return c.bold(c.red(text)) + pad;
    case 'medium':
      return c.bold(c.yellow(text)) + pad;
    case 'low':
      return c.cyan(text) + pad;
    default:
      return c.dim(text) + pad;
  }
}

function renderFinding(w: TextWriter, f: Finding): void {
  const { c } = w;
  const confidence = f.confidence && f.confidence !== 'certain' ? ` (${safeLine(f.confidence)})` : '';
  const head = `${safeLine(f.id)} — ${safeLine(f.title)}${confidence}`;
  const b = badge(c, f.severity);
  w.para(head, 0, { first: b + ' ', hang: 2, paint: (s) => c.bold(s) });
  w.para(safeMultiline(f.summary), 2);

  if (f.evidence.length > 0) {
    w.raw(`  ${c.dim('Evidence')}`);
    for (const e of f.evidence) {
      const src = safeLine(formatSource(e.from));
      const text = safeMultiline(e.text);
      const [firstPara, ...rest] = text.split('\n');
      w.para(`${src} — ${firstPara ?? ''}`, 4, { first: '    • ', hang: 6 });
      for (const p of rest) w.para(p, 6);
    }
  }

  const steps = f.fix?.steps ?? [];
  const commands = f.fix?.commands ?? [];
  if (steps.length > 0 || commands.length > 0) {
    w.raw(`  ${c.dim('Fix')}`);
    const numW = String(steps.length).length;
    // a fix ordered for the server's platform: its steps and commands first, the others after one label
    const other = f.fix?.otherPlatformsFrom ?? { steps: steps.length, commands: commands.length };
    const renderSteps = (from: number, to: number): void =>
      steps.slice(from, to).forEach((s, i) => {
        const n = `${padStart(String(from + i + 1), numW)}. `;
        w.para(safeMultiline(s), 4, { first: `    ${n}`, hang: 4 + n.length });
      });
    renderSteps(0, other.steps);
    renderCommands(w, commands.slice(0, other.commands));
    if (other.steps < steps.length || other.commands < commands.length) {
      w.raw(`  ${c.dim('For other platforms')}`);
      renderSteps(other.steps, steps.length);
      renderCommands(w, commands.slice(other.commands));
    }
  }

  if (f.references && f.references.length > 0) {
    w.para(f.references.map(safeLine).join(' · '), 2, { first: `  ${c.dim('References')} `, hang: 4 });
  }
  if (f.codes && f.codes.length > 0) {
    w.para(f.codes.map(safeLine).join(' · '), 2, { first: `  ${c.dim('Codes')} `, hang: 4 });
  }
}

/**
 * Commands are never wrapped and carry no prompt characters: each sits alone on its line(s),
 * indented under a `Run (platform):` label, so a triple-click copies exactly the command.
 */
function renderCommands(w: TextWriter, commands: readonly FixCommand[]): void {
  let lastPlatform: string | undefined;
  for (const cmd of commands) {
    const platform = safeLine(cmd.platform || 'shell');
    if (platform !== lastPlatform) {
      w.raw(`    ${w.c.dim(`Run (${platform}):`)}`);
      lastPlatform = platform;
    }
    const warning = disruptiveCommand(cmd.command);
    if (warning) w.para(`⚠ ${warning}:`, 6, { hang: 8, paint: (t) => w.c.red(t) });
    for (const line of safeMultiline(cmd.command).split('\n'))
      w.raw(line === '' ? '' : `      ${w.c.cyan(line)}`);
  }
}

function renderSection(w: TextWriter, s: Section, depth: number): void {
  const { c } = w;
  w.blank();
  const title = safeLine(s.title);
  if (depth === 0) {
    // `── Title ─────…` across the width; a title too long for one line wraps under itself
    const lines = wrap(title, w.width - 3 - 4);
    lines.forEach((line, i) => {
      const head = `${i === 0 ? '── ' : '   '}${line}`;
      const ruleW = w.width - displayWidth(head) - 1;
      const last = i === lines.length - 1;
      w.raw(c.bold(head) + (last && ruleW >= 3 ? ` ${c.dim('─'.repeat(ruleW))}` : ''));
    });
  } else {
    w.para(title, 2 * depth, { first: ' '.repeat(2 * depth) + '▸ ', paint: (t) => c.bold(t) });
  }
  for (const b of s.blocks) renderBlock(w, b, 2 * depth + 2);
  for (const child of s.sections ?? []) renderSection(w, child, depth + 1);
}

function renderBlock(w: TextWriter, b: Block, indent: number): void {
  const { c } = w;
  const pad = ' '.repeat(indent);
  switch (b.type) {
    case 'kv': {
      const keys = b.rows.map((r) => safeLine(r.key));
      const keyW = Math.min(28, maxOf(keys.map(displayWidth)));
      b.rows.forEach((r, i) => {
        const key = keys[i]!;
        const gap = ' '.repeat(Math.max(0, keyW - displayWidth(key)) + 2);
        w.para(safeMultiline(r.value), indent, {
          first: `${pad}${c.dim(key)}${gap}`,
          hang: indent + keyW + 2,
          paint: tonePaint(c, r.tone),
        });
      });
      return;
    }
    case 'table':
      renderTable(w, b, indent);
      return;
    case 'text':
      w.para(safeMultiline(b.text), indent, { paint: tonePaint(c, b.tone) });
      return;
    case 'list':
      for (const item of b.items) {
        w.para(safeMultiline(item.text), indent, {
          first: `${pad}• `,
          hang: indent + 2,
          paint: tonePaint(c, item.tone),
        });
      }
      return;
    case 'timeline': {
      const times = b.events.map((e) => formatAtMs(e.atMs));
      const tW = maxOf(times.map(displayWidth));
      b.events.forEach((e, i) => {
        const who = e.who === 'client' ? 'client →' : e.who === 'server' ? 'server ←' : '       ·';
        const first = `${pad}${padStart(times[i]!, tW)}  ${c.dim(who)} `;
        w.para(safeMultiline(e.text), indent, {
          first,
          hang: indent + tW + 2 + 9,
          paint: tonePaint(c, e.tone),
        });
      });
      return;
    }
    default: {
      // a block type from a newer model: say so rather than drop it silently (unknown is data)
      const unknown = b as { type?: unknown };
      w.raw(`${pad}${c.dim(`(block of unknown type ${safeLine(String(unknown.type))})`)}`);
    }
  }
}

function renderTable(w: TextWriter, b: Extract<Block, { type: 'table' }>, indent: number): void {
  const { c } = w;
  const pad = ' '.repeat(indent);
  const n = maxOf(
    b.rows.map((r) => r.length),
    b.columns.length,
  );
  if (n === 0) return;
  const header = Array.from({ length: n }, (_, i) => safeLine(b.columns[i] ?? ''));
  const rows = b.rows.map((r) =>
    Array.from({ length: n }, (_, i) => ({ text: safeLine(r[i]?.text ?? ''), tone: r[i]?.tone })),
  );
  const natural = header.map((h, i) =>
    maxOf(
      rows.map((r) => displayWidth(r[i]!.text)),
      displayWidth(h),
    ),
  );
  const available = w.width - indent - COLUMN_GAP * (n - 1);
  const words = header.map((h, i) =>
    maxOf(
      rows.map((r) => longestWord(r[i]!.text)),
      longestWord(h),
    ),
  );
  const wordMins = natural.map((nat, i) => Math.min(nat, Math.max(8, Math.min(40, words[i]!))));
  if (b.caption) w.para(safeLine(b.caption), indent, { paint: (s) => c.dim(s) });
  if (n > 1 && wordMins.reduce((a, x) => a + x, 0) > available) {
    // too narrow for columns without splitting words: one record per row, the first cell as its title
    const keyW = Math.min(28, maxOf(header.slice(1).map(displayWidth)));
    for (const r of rows) {
      w.para(r[0]!.text || '—', indent, {
        first: `${pad}▪ `,
        hang: indent + 2,
        paint: (t) => c.bold(tonePaint(c, r[0]!.tone)(t)),
      });
      for (let i = 1; i < n; i++) {
        if (r[i]!.text === '') continue;
        const gap = ' '.repeat(Math.max(0, keyW - displayWidth(header[i]!)) + 2);
        w.para(r[i]!.text, indent + 2, {
          first: `${pad}  ${c.dim(header[i]!)}${gap}`,
          hang: indent + 2 + keyW + 2,
          paint: tonePaint(c, r[i]!.tone),
        });
      }
    }
    return;
  }
  const widths = fitColumns(natural, available, 8, words);

  const emit = (cells: Array<{ text: string; paint: Paint }>): void => {
    const wrapped = cells.map((cell, i) => wrap(cell.text, widths[i]!));
    const height = maxOf(wrapped.map((l) => l.length));
    for (let line = 0; line < height; line++) {
      let out = pad;
      cells.forEach((cell, i) => {
        const text = wrapped[i]![line] ?? '';
        const last = i === n - 1;
        out +=
          (text === '' ? '' : cell.paint(text)) +
          (last ? '' : ' '.repeat(Math.max(0, widths[i]! - displayWidth(text)) + COLUMN_GAP));
      });
      w.raw(out);
    }
  };
  emit(header.map((h) => ({ text: h, paint: (s: string) => c.bold(s) })));
  w.raw(pad + c.dim(widths.map((x) => '─'.repeat(x)).join(' '.repeat(COLUMN_GAP))));
  for (const r of rows) emit(r.map((cell) => ({ text: cell.text, paint: tonePaint(c, cell.tone) })));
}

export function renderText(report: Report, opts: TextOptions): string {
  return renderTextTree(treeOf(report), opts);
}

/** The text of a report with the sections given (the renderer proper). */
export function renderTextTree(tree: ReportTree, opts: TextOptions): string {
  const { report } = tree;
  const c = pc.createColors(opts.color);
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(opts.width ?? 100)));
  const w = new TextWriter(width, c);

  // 1. the verdict line: readable at a glance
  const status = report.verdict.status;
  const symbol = VERDICT_SYMBOL[status] ?? '?';
  const paint: Paint = status === 'healthy' ? (s) => c.bold(c.green(s)) : (s) => c.bold(c.red(s));
  w.para(`${symbol} ${verdictLabel(report)} — ${safeLine(report.verdict.summary)}`, 0, { hang: 2, paint });
  w.para(safeLine(metaLine(report)), 2, { paint: (s) => c.dim(s) });

  // 2. the findings, most blocking first
  for (const f of orderedFindings(report.findings)) {
    w.blank();
    renderFinding(w, f);
  }

  // 3. the details
  for (const s of tree.sections) renderSection(w, s, 0);

  if (report.warnings && report.warnings.length > 0) {
    w.blank();
    w.raw(c.bold(c.yellow('Warnings')));
    for (const warning of report.warnings) w.para(safeMultiline(warning), 2, { first: '  ⚠ ', hang: 4 });
  }

  const checks = ruleSummary(report);
  if (checks) {
    w.blank();
    w.para(checks, 0, { hang: 2, paint: (s) => c.dim(s) });
    for (const r of report.rules ?? []) {
      if (r.status !== 'incomplete' && r.status !== 'error') continue;
      const label = r.status === 'error' ? 'failed to run' : 'incomplete';
      w.para(`${safeLine(r.ruleId)} ${label}${r.note ? `: ${safeLine(r.note)}` : ''}`, 2, {
        first: '  ',
        hang: 4,
        paint: r.status === 'error' ? c.red : c.yellow,
      });
    }
  }
  return w.lines.join('\n') + '\n';
}
