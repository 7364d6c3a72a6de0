// The HTML renderer (DESIGN convention 11): pure, Report in, one self-contained page out —
// inline CSS, no script, no external resource, readable on screen and on paper. Every string from
// the report passes through ONE escaping helper, `escapeHtml`, and nothing from the report is ever
// put in an attribute other than a class name chosen from a closed set here — except the href of a
// reference that is a plain https URL (checked by LINKABLE, then escaped) and of a table cell naming
// a page beside the report (cellHtml: a relative folder/file.html, checked, then escaped). A Content-Security-
// Policy forbids scripts and remote loads as a second line of defence.
import type { Finding, FixCommand } from '../model/finding.js';
import type { Report } from '../model/report.js';
import type { Block, ReportTree, Section, Tone } from './tree.js';
import { treeOf } from './sections/index.js';
import { safeMultiline } from './sanitize.js';
import { maxOf } from './layout.js';
import { disruptiveCommand } from './style.js';
import {
  SEVERITY_LABEL,
  VERDICT_SYMBOL,
  formatAtMs,
  formatDuration,
  formatSource,
  orderedFindings,
  ruleSummary,
  verdictLabel,
} from './style.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The one escaping helper: every report string goes through it (after control characters are made visible). */
export function escapeHtml(s: string): string {
  return safeMultiline(String(s)).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const TONES = new Set<Tone>(['good', 'bad', 'warn', 'info', 'plain']);
const SEVERITIES = new Set(['blocker', 'high', 'medium', 'low', 'info']);
const STATUSES = new Set(['healthy', 'problems', 'unreachable', 'error']);

function toneName(tone: Tone | undefined): string | undefined {
  return tone && TONES.has(tone) ? `tone-${tone}` : undefined;
}

/** A class attribute from names chosen here, from a closed vocabulary (never from report text). */
function cls(...names: Array<string | undefined>): string {
  const n = names.filter((x): x is string => Boolean(x));
  return n.length > 0 ? ` class="${n.join(' ')}"` : '';
}

/** a cell's text, linked when it names a page beside the report (a relative `folder/file.html`, nothing else) */
function cellHtml(c: { text: string; href?: string } | undefined): string {
  const text = escapeHtml(c?.text ?? '');
  return c?.href && /^[\w.-]+\/[\w.-]+\.html$/.test(c.href) && !c.href.startsWith('.')
    ? `<a href="${escapeHtml(c.href)}">${text}</a>`
    : text;
}

function toneClass(tone: Tone | undefined): string {
  return cls(toneName(tone));
}

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--card:#f6f8fa;--line:#d0d7de;--good:#1a7f37;--bad:#cf222e;--warn:#9a6700;--info:#0969da;
--blocker:#a40e26;--high:#cf222e;--medium:#bf8700;--low:#0969da;--sev-info:#57606a}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#8d96a0;--bg:#0d1117;--card:#161b22;--line:#30363d;--good:#3fb950;--bad:#f85149;--warn:#d29922;--info:#58a6ff;
--blocker:#ff7b72;--high:#f85149;--medium:#d29922;--low:#58a6ff;--sev-info:#8d96a0}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:.2rem 0}
h4{font-size:1rem;margin:1.2rem 0 .4rem}
.verdict{border-radius:8px;padding:1rem 1.25rem;border:2px solid;display:flex;gap:1rem;align-items:flex-start}
.verdict .symbol{font-size:2rem;line-height:1}
.verdict.healthy{border-color:var(--good)}.verdict.healthy .symbol,.verdict.healthy h1 .label{color:var(--good)}
.verdict.problems,.verdict.unreachable,.verdict.error{border-color:var(--bad)}
.verdict.problems .symbol,.verdict.unreachable .symbol,.verdict.error .symbol,.verdict:not(.healthy) h1 .label{color:var(--bad)}
.meta{color:var(--muted);font-size:.9rem;margin-top:.3rem}
.finding{overflow-wrap:anywhere;border:1px solid var(--line);border-left:6px solid var(--sev-info);border-radius:6px;padding:.8rem 1rem;margin:1rem 0;background:var(--card);break-inside:avoid}
.finding.blocker{border-left-color:var(--blocker)}.finding.high{border-left-color:var(--high)}.finding.medium{border-left-color:var(--medium)}.finding.low{border-left-color:var(--low)}
.badge{display:inline-block;font-size:.75rem;font-weight:700;letter-spacing:.04em;padding:.1rem .45rem;border-radius:4px;color:#fff;background:var(--sev-info);vertical-align:middle}
.badge.blocker{background:var(--blocker)}.badge.high{background:var(--high)}.badge.medium{background:var(--medium)}.badge.low{background:var(--low)}
.fid{color:var(--muted);margin-left:.4rem}
.confidence{color:var(--muted);font-style:italic;font-size:.9rem}
.label{font-weight:600}
.finding ul,.finding ol{margin:.2rem 0 .6rem;padding-left:1.4rem}
.src{color:var(--muted)}
.cmd-platform{color:var(--muted);font-size:.8rem;margin:.4rem 0 .1rem}
pre.cmd{margin:0 0 .4rem;padding:.5rem .7rem;background:var(--bg);border:1px solid var(--line);border-radius:4px;white-space:pre-wrap;word-break:break-all;user-select:all}
.refs{color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
caption{text-align:left;color:var(--muted);font-size:.9rem;padding-bottom:.3rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:var(--card);white-space:nowrap}
.table-wrap{overflow-x:auto}
.cmd-warning{color:var(--bad);font-weight:600;font-size:.9rem;margin:.4rem 0 .1rem}
pre.cmd.disruptive{border-color:var(--bad);user-select:text}
.refs a{color:var(--info)}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.4rem 0 1rem}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;overflow-wrap:anywhere}
.tone-good{color:var(--good)}.tone-bad{color:var(--bad);font-weight:600}.tone-warn{color:var(--warn)}.tone-info{color:var(--info)}
p.text{white-space:pre-wrap}
table.timeline td{border:none;border-bottom:1px dashed var(--line)}
table.timeline th{border:none;border-bottom:1px solid var(--line)}
table.timeline td.t{white-space:nowrap;text-align:right;color:var(--muted);width:6rem}
table.timeline td.arrow{white-space:nowrap;text-align:center;color:var(--muted);width:5rem}
table.timeline td.client,table.timeline th.client{text-align:right;width:45%}
table.timeline td.server{width:45%}
table.timeline tr.note td.note{text-align:center;color:var(--muted);font-style:italic}
.warnings li{color:var(--warn)}
details{margin:.6rem 0}summary{cursor:pointer;color:var(--muted)}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line);padding-top:.5rem}
@media print{body{max-width:none;padding:0;font-size:11pt;color:#000;background:#fff}
.finding{background:#fff}pre.cmd{border-color:#999}h2{break-after:avoid}tr{break-inside:avoid}details>*{display:block}}
`;

class Html {
  readonly parts: string[] = [];
  add(...s: string[]): void {
    this.parts.push(...s);
  }
}

function renderVerdict(h: Html, report: Report): void {
  const status = STATUSES.has(report.verdict.status) ? report.verdict.status : 'error';
  h.add(
    `<header class="verdict ${status}" role="banner">`,
    `<div class="symbol" aria-hidden="true">${VERDICT_SYMBOL[status]}</div>`,
    `<div><h1><span class="label">${escapeHtml(verdictLabel(report))}</span> — ${escapeHtml(report.verdict.summary)}</h1>`,
    `<div class="meta">${escapeHtml(metaParts(report).join(' · '))}</div></div>`,
    `</header>\n`,
  );
}

function metaParts(report: Report): string[] {
  const parts = [
    `${report.command} ${report.target}`,
    `started ${report.startedAt}`,
    `took ${formatDuration(report.durationMs)}`,
  ];
  if (report.probes && report.probes.length > 0)
    parts.push(`${report.probes.length} probe${report.probes.length === 1 ? '' : 's'}`);
  parts.push(`${report.tool.name} ${report.tool.version}`);
  return parts;
}

/** Commands in their own boxes (select-all on click), one platform label per run of the same platform. */
function renderCommands(h: Html, commands: readonly FixCommand[]): void {
  let last: string | undefined;
  for (const c of commands) {
    const platform = c.platform || 'shell';
    if (platform !== last) h.add(`<div class="cmd-platform">${escapeHtml(platform)}</div>`);
    last = platform;
    const warning = disruptiveCommand(c.command);
    if (warning) {
      // not select-all: a restart is typed on purpose, not pasted with the rest
      h.add(`<div class="cmd-warning">⚠ ${escapeHtml(warning)}</div>`);
      h.add(`<pre class="cmd disruptive"><code>${escapeHtml(c.command)}</code></pre>`);
    } else h.add(`<pre class="cmd"><code>${escapeHtml(c.command)}</code></pre>`);
  }
}

/** a plain https URL, nothing that could leave the attribute or run */
const LINKABLE =
  /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9\-._~/%+:@!$,;=]*)?(?:#[A-Za-z0-9\-._~/%+:@!$,;=]*)?$/;

/** A reference: a link when it is (or starts with) an https URL, text otherwise. */
function renderReference(ref: string): string {
  const [first = '', ...rest] = ref.split(' ');
  if (!LINKABLE.test(first)) return escapeHtml(ref);
  const tail = rest.length > 0 ? ` ${escapeHtml(rest.join(' '))}` : '';
  return `<a href="${escapeHtml(first)}" rel="noreferrer">${escapeHtml(first)}</a>${tail}`;
}

function renderFinding(h: Html, f: Finding): void {
  const sev = SEVERITIES.has(f.severity) ? f.severity : 'info';
  h.add(`<article class="finding ${sev}">`);
  h.add(
    `<h3><span class="badge ${sev}">${escapeHtml(SEVERITY_LABEL[sev])}</span> ${escapeHtml(f.title)}<code class="fid">${escapeHtml(f.id)}</code>`,
    f.confidence && f.confidence !== 'certain'
      ? ` <span class="confidence">(${escapeHtml(f.confidence)})</span>`
      : '',
    `</h3>`,
    `<p class="summary">${escapeHtml(f.summary)}</p>`,
  );
  if (f.evidence.length > 0) {
    h.add(`<div class="label">Evidence</div><ul class="evidence">`);
    for (const e of f.evidence) {
      h.add(
        `<li><span class="src mono">${escapeHtml(formatSource(e.from))}</span> — <span class="text">${escapeHtml(e.text).replace(/\n/g, '<br>')}</span></li>`,
      );
    }
    h.add(`</ul>`);
  }
  const steps = f.fix?.steps ?? [];
  const commands = f.fix?.commands ?? [];
  if (steps.length > 0 || commands.length > 0) {
    h.add(`<div class="label">Fix</div>`);
    // a fix ordered for the server's platform: its steps and commands first, the others folded
    const other = f.fix?.otherPlatformsFrom ?? { steps: steps.length, commands: commands.length };
    const list = (from: number, to: number): string =>
      `<ol class="steps"${from > 0 ? ` start="${from + 1}"` : ''}>${steps
        .slice(from, to)
        .map((s) => `<li>${escapeHtml(s)}</li>`)
        .join('')}</ol>`;
    if (other.steps > 0) h.add(list(0, other.steps));
    renderCommands(h, commands.slice(0, other.commands));
    if (other.steps < steps.length || other.commands < commands.length) {
      h.add(`<details class="other-platforms"><summary>For other platforms</summary>`);
      if (other.steps < steps.length) h.add(list(other.steps, steps.length));
      renderCommands(h, commands.slice(other.commands));
      h.add(`</details>`);
    }
  }
  if (f.references && f.references.length > 0) {
    h.add(`<div class="refs">References: ${f.references.map(renderReference).join(' · ')}</div>`);
  }
  if (f.codes && f.codes.length > 0) {
    h.add(
      `<div class="refs">Codes: ${f.codes.map((c) => `<code>${escapeHtml(c)}</code>`).join(' · ')}</div>`,
    );
  }
  h.add(`</article>\n`);
}

function renderBlock(h: Html, b: Block): void {
  switch (b.type) {
    case 'kv':
      h.add(`<dl class="kv">`);
      for (const r of b.rows)
        h.add(`<dt>${escapeHtml(r.key)}</dt><dd${toneClass(r.tone)}>${escapeHtml(r.value)}</dd>`);
      h.add(`</dl>\n`);
      return;
    case 'table': {
      const n = maxOf(
        b.rows.map((r) => r.length),
        b.columns.length,
      );
      h.add(`<div class="table-wrap"><table class="data">`);
      if (b.caption) h.add(`<caption>${escapeHtml(b.caption)}</caption>`);
      h.add(
        `<thead><tr>${Array.from({ length: n }, (_, i) => `<th scope="col">${escapeHtml(b.columns[i] ?? '')}</th>`).join('')}</tr></thead><tbody>`,
      );
      for (const r of b.rows) {
        h.add(
          `<tr>${Array.from({ length: n }, (_, i) => `<td${toneClass(r[i]?.tone)}>${cellHtml(r[i])}</td>`).join('')}</tr>`,
        );
      }
      h.add(`</tbody></table></div>\n`);
      return;
    }
    case 'text':
      h.add(`<p${cls('text', toneName(b.tone))}>${escapeHtml(b.text)}</p>\n`);
      return;
    case 'list':
      h.add(
        `<ul class="list">${b.items.map((i) => `<li${toneClass(i.tone)}>${escapeHtml(i.text)}</li>`).join('')}</ul>\n`,
      );
      return;
    case 'timeline':
      // a ladder diagram: client on the left, server on the right, time down the page
      h.add(
        `<table class="timeline"><thead><tr><th>time</th><th class="client">client</th><th></th><th>server</th></tr></thead><tbody>`,
      );
      for (const e of b.events) {
        const t = `<td class="t mono">${escapeHtml(formatAtMs(e.atMs))}</td>`;
        const tone = toneName(e.tone);
        const text = escapeHtml(e.text);
        if (e.who === 'client') {
          h.add(
            `<tr class="client">${t}<td${cls('client', tone)}>${text}</td><td class="arrow">──────▶</td><td class="server"></td></tr>`,
          );
        } else if (e.who === 'server') {
          h.add(
            `<tr class="server">${t}<td class="client"></td><td class="arrow">◀──────</td><td${cls('server', tone)}>${text}</td></tr>`,
          );
        } else {
          h.add(`<tr class="note">${t}<td${cls('note', tone)} colspan="3">${text}</td></tr>`);
        }
      }
      h.add(`</tbody></table>\n`);
      return;
    default: {
      const unknown = b as { type?: unknown };
      h.add(`<p class="text tone-info">(block of unknown type ${escapeHtml(String(unknown.type))})</p>\n`);
    }
  }
}

function renderSection(h: Html, s: Section, depth: number): void {
  const tag = depth === 0 ? 'h2' : 'h4';
  h.add(`<section>`, `<${tag}>${escapeHtml(s.title)}</${tag}>\n`);
  for (const b of s.blocks) renderBlock(h, b);
  for (const c of s.sections ?? []) renderSection(h, c, depth + 1);
  h.add(`</section>\n`);
}

function renderChecks(h: Html, report: Report): void {
  const summary = ruleSummary(report);
  if (summary && report.rules) {
    h.add(`<details class="checks"><summary>${escapeHtml(summary)}</summary>`);
    h.add(`<table class="data"><thead><tr><th>Rule</th><th>Result</th><th>Note</th></tr></thead><tbody>`);
    for (const r of report.rules) {
      const tone: Tone =
        r.status === 'findings' || r.status === 'error'
          ? 'bad'
          : r.status === 'incomplete'
            ? 'warn'
            : r.status === 'pass'
              ? 'good'
              : 'plain';
      h.add(
        `<tr><td class="mono">${escapeHtml(r.ruleId)}</td><td${toneClass(tone)}>${escapeHtml(r.status)}</td><td>${escapeHtml(r.note ?? '')}</td></tr>`,
      );
    }
    h.add(`</tbody></table></details>\n`);
  }
  if (report.probes && report.probes.length > 0) {
    h.add(
      `<details class="probes"><summary>${report.probes.length} probe${report.probes.length === 1 ? '' : 's'}</summary>`,
    );
    h.add(
      `<table class="data"><thead><tr><th>Probe</th><th>What</th><th>Outcome</th><th>Time</th><th>Error</th></tr></thead><tbody>`,
    );
    for (const p of report.probes) {
      h.add(
        `<tr><td class="mono">${escapeHtml(p.id)}</td><td>${escapeHtml(p.description)}</td><td class="mono">${escapeHtml(p.status)}</td>`,
        `<td class="mono">${p.durationMs === undefined ? '' : escapeHtml(formatDuration(p.durationMs))}</td><td>${escapeHtml(p.error ?? '')}</td></tr>`,
      );
    }
    h.add(`</tbody></table></details>\n`);
  }
}

export function renderHtml(report: Report): string {
  return renderHtmlTree(treeOf(report));
}

/** The HTML page of a report with the sections given (the renderer proper). */
export function renderHtmlTree(tree: ReportTree): string {
  const { report } = tree;
  const h = new Html();
  h.add(
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">\n`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n`,
    `<meta name="generator" content="tlsdoctor ${escapeHtml(report.tool.version)}">\n`,
    `<title>tlsdoctor ${escapeHtml(report.command)}: ${escapeHtml(report.target)} — ${escapeHtml(verdictLabel(report))}</title>\n`,
    `<style>${CSS}</style>\n</head>\n<body>\n`,
  );
  renderVerdict(h, report);
  h.add(`<main>\n`);
  const findings = orderedFindings(report.findings);
  if (findings.length > 0) {
    h.add(`<section class="findings"><h2>Findings</h2>\n`);
    for (const f of findings) renderFinding(h, f);
    h.add(`</section>\n`);
  }
  for (const s of tree.sections) renderSection(h, s, 0);
  if (report.warnings && report.warnings.length > 0) {
    h.add(
      `<section class="warnings"><h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>\n`,
    );
  }
  renderChecks(h, report);
  h.add(
    `</main>\n<footer>${escapeHtml(`${report.tool.name} ${report.tool.version} · report schema ${report.schemaVersion} · the same data as --json`)}</footer>\n`,
    `</body>\n</html>\n`,
  );
  return h.parts.join('');
}
