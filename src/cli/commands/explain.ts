// `tlsdoctor explain <code | message…>`: what an error code, event or message means, its likely
// causes (finding ids) and what to run next. Text output is its own concise layout; --json is
// the Report contract (command 'explain'; verdict 'healthy' = explained, 'problems' = not found).
import { readFileSync, statSync } from 'node:fs';
import { Command } from 'commander';
import pc from 'picocolors';
import { TlsDoctorError, oneLine } from '../../errors.js';
import type { KnowledgeMatch } from '../../knowledge/index.js';
import { EXIT, selfOf, type CommandContext } from '../context.js';
import { emitReport, textWidth, writeHtml, type OutputOptions } from '../output.js';
import { outputOptions } from '../options.js';
import { STDIN, STDIN_NAME, decodeText, readStdin } from '../input.js';
import { summaryOf } from './index.js';

interface ExplainOptions extends OutputOptions {
  file?: string;
  list?: boolean;
}

export function defineExplain(ctx: CommandContext): Command {
  const cmd = new Command('explain')
    .description(summaryOf('explain'))
    .argument(
      '[text...]',
      'a code (40, 0x80090326, -2146893018, 36888, ERR_SSL_PROTOCOL_ERROR) or message text; quote multi-word text; - (or nothing, with text piped in) reads stdin',
    )
    .option(
      '--file <path>',
      'read the text to explain from a file (a saved Event Viewer entry, a log excerpt)',
    )
    .option('--list', 'list every catalogue entry');
  for (const o of outputOptions({ quiet: false })) cmd.addOption(o);
  return cmd
    .addHelpText(
      'after',
      '\nExamples:\n  tlsdoctor explain 0x80090326\n  tlsdoctor explain 36888 alert 40 state 1205\n  tlsdoctor explain "curl: (35) error:0A000410:SSL routines::sslv3 alert handshake failure"\n  tlsdoctor explain --file schannel-event.txt\n  journalctl -u nginx -n 20 | tlsdoctor explain -\n\nExit codes: 0 explained, 1 nothing matched, 2 usage or unreadable file.\n',
    )
    .action(async (text: string[], opts: ExplainOptions) => {
      const started = Date.now();
      const startedAt = new Date(started).toISOString();
      const { CATALOGUE, MAX_QUERY_CHARS, explain } = await import('../../knowledge/index.js');
      // at most four bytes a character
      const maxBytes = 4 * MAX_QUERY_CHARS;
      if (opts.list) {
        ctx.io.stdout.write(listCatalogue(CATALOGUE, opts.json === true));
        ctx.setExit(EXIT.OK);
        return;
      }
      const piped =
        text.length === 0 && opts.file === undefined && ctx.io.stdin && ctx.io.stdin.isTTY !== true;
      const fromStdin = text.length === 1 && text[0] === STDIN;
      let query = fromStdin ? '' : text.join(' ');
      let target = oneLineTarget(query);
      if (fromStdin || piped) {
        query = stdinText(await readStdin(ctx, 'explain', maxBytes), MAX_QUERY_CHARS);
        target = STDIN_NAME;
      }
      if (opts.file !== undefined) {
        const fromFile = readQueryFile(opts.file, maxBytes, MAX_QUERY_CHARS);
        query = query ? `${query}\n${fromFile}` : fromFile;
        target = opts.file;
      }
      if (!query.trim()) {
        throw new TlsDoctorError(
          'USAGE',
          'explain: give a code or a message, e.g. `tlsdoctor explain 0x80090326`, --file <saved-error.txt>, or pipe the text in',
        );
      }
      const matches = explain(query);
      // the report (and what it loads) only when it is printed: plain text is the quick path
      const report =
        opts.json || opts.html || matches.length === 0
          ? await import('../../app/explain-report.js')
          : undefined;
      if (report && (opts.json || opts.html)) {
        const r = report.explainReport(query, target, matches, {
          startedAt,
          durationMs: Date.now() - started,
        });
        if (opts.html) await writeHtml(r, opts.html);
        if (opts.html && !opts.json) ctx.io.stderr.write(`HTML report written to ${opts.html}\n`);
        if (opts.json) await emitReport(ctx, r, { json: true });
      }
      if (!opts.json)
        ctx.io.stdout.write(
          renderExplainText(query, matches, report?.noMatchHint(query) ?? '', {
            color: ctx.color(opts),
            width: textWidth(ctx, opts),
            self: selfOf(ctx),
          }),
        );
      // as the report's verdict says: explained, or nothing matched
      ctx.setExit(matches.length > 0 ? EXIT.OK : EXIT.PROBLEMS);
    });
}

function stdinText(buf: Buffer, MAX_QUERY_CHARS: number): string {
  const text = decodeText(buf);
  if (text.length > MAX_QUERY_CHARS)
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `explain: ${STDIN_NAME} holds ${text.length} characters; at most ${MAX_QUERY_CHARS} are read — pipe in the error or event only`,
    );
  return text;
}

function oneLineTarget(q: string): string {
  const t = q.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? t.slice(0, 77) + '...' : t;
}

/** UTF-8 (± BOM) or UTF-16LE (BOM, or NULs at odd offsets: PowerShell 5.1 Out-File, saved .txt from Event Viewer). */
function readQueryFile(path: string, MAX_FILE_BYTES: number, MAX_QUERY_CHARS: number): string {
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

interface TextOpts {
  color: boolean;
  width: number;
  /** how tlsdoctor is run here: the `tlsdoctor …` commands are printed so that they run as printed */
  self?: string;
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

export function renderExplainText(
  query: string,
  matches: KnowledgeMatch[],
  hint: string,
  opts: TextOpts,
): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  if (matches.length === 0) {
    out.push(c.yellow(`No match for: ${oneLineTarget(query)}`), ...wrap(hint, opts.width, ''));
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
      for (const r of e.run) out.push(`    $ ${opts.self ? r.replace(/^tlsdoctor\b/, opts.self) : r}`);
    }
    out.push(...wrap(`References: ${e.references.join('; ')}`, opts.width, '  ').map((l) => c.dim(l)));
  });
  return out.join('\n') + '\n';
}

function listCatalogue(CATALOGUE: readonly { id: string; title: string }[], json: boolean): string {
  if (json) return JSON.stringify(CATALOGUE, null, 2) + '\n';
  const w = Math.max(...CATALOGUE.map((e) => e.id.length));
  return CATALOGUE.map((e) => `${e.id.padEnd(w)}  ${e.title}`).join('\n') + '\n';
}
