// `tlsdoctor explain <code | message…>`: what an error code, event or message means, its likely
// causes (finding ids) and what to run next. Text output is its own concise layout; --json is
// the Report contract (command 'explain'; verdict 'healthy' = explained, 'problems' = not found).
import { readFileSync, statSync } from 'node:fs';
import { Command } from 'commander';
import pc from 'picocolors';
import { TlsDoctorError, oneLine } from '../../errors.js';
import { CATALOGUE, MAX_QUERY_CHARS, explain, type KnowledgeMatch } from '../../knowledge/index.js';
import { explainReport, noMatchHint } from '../../app/explain-report.js';
import { EXIT, type CommandContext } from '../context.js';
import { emitReport, exitCodeFor } from '../output.js';
import { htmlOption, jsonOption, noColorOption } from '../options.js';

interface ExplainOptions {
  file?: string;
  json?: boolean;
  html?: string;
  list?: boolean;
  color?: boolean;
}

const MAX_FILE_BYTES = 4 * MAX_QUERY_CHARS;

export function defineExplain(ctx: CommandContext): Command {
  return new Command('explain')
    .description(
      'explain a TLS alert, SChannel/HttpEvent event, HRESULT, browser, OpenSSL, curl, .NET, Java or Node error (code, name or pasted text)',
    )
    .argument(
      '[text...]',
      'a code (40, 0x80090326, -2146893018, 36888, ERR_SSL_PROTOCOL_ERROR) or message text; quote multi-word text',
    )
    .option(
      '--file <path>',
      'read the text to explain from a file (a saved Event Viewer entry, a log excerpt)',
    )
    .addOption(jsonOption('print the JSON report'))
    .addOption(htmlOption('also write an HTML report to FILE'))
    .option('--list', 'list every catalogue entry')
    .addOption(noColorOption('no colours'))
    .addHelpText(
      'after',
      '\nExamples:\n  tlsdoctor explain 0x80090326\n  tlsdoctor explain 36888 alert 40 state 1205\n  tlsdoctor explain "curl: (35) error:0A000410:SSL routines::sslv3 alert handshake failure"\n  tlsdoctor explain --file schannel-event.txt\n\nExit codes: 0 explained, 1 nothing matched, 2 usage or unreadable file.\n',
    )
    .action((text: string[], opts: ExplainOptions) => {
      const started = Date.now();
      const startedAt = new Date(started).toISOString();
      if (opts.list) {
        ctx.io.stdout.write(listCatalogue(opts.json === true));
        ctx.setExit(EXIT.OK);
        return;
      }
      let query = text.join(' ');
      let target = oneLineTarget(query);
      if (opts.file !== undefined) {
        const fromFile = readQueryFile(opts.file);
        query = query ? `${query}\n${fromFile}` : fromFile;
        target = opts.file;
      }
      if (!query.trim()) {
        throw new TlsDoctorError(
          'USAGE',
          'explain: give a code or a message, e.g. `tlsdoctor explain 0x80090326`, or --file <saved-error.txt>',
        );
      }
      const matches = explain(query);
      const report = explainReport(query, target, matches, { startedAt, durationMs: Date.now() - started });
      if (opts.json || opts.html)
        emitReport(ctx, report, {
          json: opts.json === true,
          quiet: opts.json !== true,
          ...(opts.html ? { html: opts.html } : {}),
        });
      if (!opts.json)
        ctx.io.stdout.write(
          renderExplainText(query, matches, { color: ctx.color(opts), width: ctx.io.stdout.columns ?? 100 }),
        );
      ctx.setExit(exitCodeFor(report));
    });
}

function oneLineTarget(q: string): string {
  const t = q.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? t.slice(0, 77) + '...' : t;
}

/** UTF-8 (± BOM) or UTF-16LE (BOM, or NULs at odd offsets: PowerShell 5.1 Out-File, saved .txt from Event Viewer). */
function readQueryFile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new TlsDoctorError('INPUT_UNREADABLE', `explain: ${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof TlsDoctorError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new TlsDoctorError('INPUT_NOT_FOUND', `explain: ${path} does not exist`);
    throw new TlsDoctorError('INPUT_UNREADABLE', `explain: cannot read ${path}: ${oneLine(e)}`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `explain: ${path} is ${size} bytes; at most ${MAX_FILE_BYTES} are read — cut it down to the error or event`,
    );
  }
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new TlsDoctorError('INPUT_UNREADABLE', `explain: cannot read ${path}: ${oneLine(e)}`);
  }
  const text = decodeText(buf);
  if (text.length > MAX_QUERY_CHARS) {
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `explain: ${path} holds ${text.length} characters; at most ${MAX_QUERY_CHARS} are read`,
    );
  }
  return text;
}

export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return buf.subarray(3).toString('utf8');
  // BOM-less UTF-16LE: mostly NULs at odd offsets in the first bytes
  const probe = Math.min(buf.length, 512) & ~1;
  if (probe >= 4) {
    let oddNuls = 0;
    for (let i = 1; i < probe; i += 2) if (buf[i] === 0) oddNuls++;
    if (oddNuls >= (probe / 2) * 0.6) return buf.subarray(0, buf.length & ~1).toString('utf16le');
  }
  return buf.toString('utf8');
}

interface TextOpts {
  color: boolean;
  width: number;
}

function wrap(text: string, width: number, indent: string): string[] {
  const max = Math.max(40, width) - indent.length;
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    if (line && line.length + 1 + word.length > max) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

export function renderExplainText(query: string, matches: KnowledgeMatch[], opts: TextOpts): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  if (matches.length === 0) {
    out.push(c.yellow(`No match for: ${oneLineTarget(query)}`), ...wrap(noMatchHint(query), opts.width, ''));
    return out.join('\n') + '\n';
  }
  matches.forEach((m, i) => {
    const e = m.entry;
    if (i > 0) out.push('');
    out.push(c.bold(e.title));
    const conf =
      e.confidence === 'inferred'
        ? c.yellow('inferred — a hint from field reports, not documented')
        : e.confidence;
    out.push(c.dim(`  ${e.kind} · matched ${m.matchedBy} "${m.matched}" · `) + conf);
    out.push(...wrap(e.meaning, opts.width, '  '));
    if (e.causes.length > 0) {
      out.push(c.bold('  Likely causes:'));
      for (const cause of e.causes) {
        const id = cause.findingId;
        const lines = wrap(id ? `${id} — ${cause.text}` : cause.text, opts.width, '    ');
        lines[0] = '  - ' + (id ? c.cyan(id) + lines[0]!.slice(4 + id.length) : lines[0]!.slice(4));
        out.push(...lines);
      }
    }
    if (e.run.length > 0) {
      out.push(c.bold('  Run:'));
      for (const r of e.run) out.push(`    $ ${r}`);
    }
    out.push(...wrap(`References: ${e.references.join('; ')}`, opts.width, '  ').map((l) => c.dim(l)));
  });
  return out.join('\n') + '\n';
}

function listCatalogue(json: boolean): string {
  if (json) return JSON.stringify(CATALOGUE, null, 2) + '\n';
  const w = Math.max(...CATALOGUE.map((e) => e.id.length));
  return CATALOGUE.map((e) => `${e.id.padEnd(w)}  ${e.title}`).join('\n') + '\n';
}
