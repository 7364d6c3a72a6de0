// How a command prints its Report: text (default), --json, --html FILE. The command decides the
// exit code from the report's verdict (exitCodeFor). A report whose verdict is `error` (nothing
// could be examined) is one line on stderr in text mode, and still a JSON document under --json.
import { accessSync, constants, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Report } from '../model/report.js';
import { TlsDoctorError, oneLine } from '../errors.js';
import { EXIT, type CommandContext } from './context.js';
import type { OutputCliOptions } from './options.js';

export type OutputOptions = OutputCliOptions;

/** The text width: --width, else the terminal's, else 100. */
export function textWidth(ctx: CommandContext, opts: OutputOptions): number {
  return opts.width ?? ctx.io.stdout.columns ?? 100;
}

/** Writes the self-contained HTML page of a report. */
export async function writeHtml(report: Report, path: string): Promise<void> {
  const { renderHtml } = await import('../report/html.js');
  try {
    await writeFile(path, renderHtml(report));
  } catch (e) {
    throw new TlsDoctorError('INPUT_UNREADABLE', `cannot write the HTML report to ${path}: ${oneLine(e)}`);
  }
}

export async function emitReport(ctx: CommandContext, report: Report, opts: OutputOptions): Promise<void> {
  if (opts.html) await writeHtml(report, opts.html);
  if (opts.json) {
    const { renderJson } = await import('../report/json.js');
    ctx.io.stdout.write(renderJson(report));
  } else if (report.verdict.status === 'error') {
    ctx.io.stderr.write(`tlsdoctor: ${report.verdict.summary}\n`);
  } else if (!opts.quiet || report.verdict.status !== 'healthy') {
    const { renderText } = await import('../report/text.js');
    ctx.io.stdout.write(renderText(report, { color: ctx.color(opts), width: textWidth(ctx, opts) }));
  }
  if (opts.html && !opts.json && !opts.quiet) ctx.io.stderr.write(`HTML report written to ${opts.html}\n`);
}

/** 0 healthy, 1 problems found, 3 unreachable, 2 error. */
export function exitCodeFor(report: Report): number {
  switch (report.verdict.status) {
    case 'healthy':
      return EXIT.OK;
    case 'problems':
      return EXIT.PROBLEMS;
    case 'unreachable':
      return EXIT.UNREACHABLE;
    default:
      return EXIT.USAGE;
  }
}

/**
 * Fails now, before any work, when the HTML report could not be written later: its folder is
 * missing or read-only, or the path is a folder or a read-only file.
 */
export function checkWritable(path: string, what = 'the HTML report'): void {
  const full = resolve(path);
  let st;
  try {
    st = statSync(full);
  } catch {
    st = undefined;
  }
  try {
    if (st?.isDirectory()) throw new Error('it is a folder');
    if (st) accessSync(full, constants.W_OK);
    else {
      const dir = dirname(full);
      if (!statSync(dir).isDirectory()) throw new Error(`${dirname(path)} is not a folder`);
      accessSync(dir, constants.W_OK);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `the folder ${dirname(path)} does not exist`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'permission denied'
          : oneLine(e);
    throw new TlsDoctorError('INPUT_UNREADABLE', `cannot write ${what} to ${path}: ${why}`);
  }
}
