// How a command prints its Report: text (default), --json, --html FILE. Returns nothing; the
// command decides the exit code from the report's verdict (exitCodeFor).
import { writeFileSync } from 'node:fs';
import { renderHtml, renderJson, renderText, type Report } from '../report/index.js';
import { TlsDoctorError, oneLine } from '../errors.js';
import { EXIT, type CommandContext } from './context.js';

export interface OutputOptions {
  json?: boolean;
  html?: string;
  color?: boolean;
  quiet?: boolean;
}

export function emitReport(ctx: CommandContext, report: Report, opts: OutputOptions): void {
  if (opts.html) {
    try {
      writeFileSync(opts.html, renderHtml(report));
    } catch (e) {
      throw new TlsDoctorError('INPUT_UNREADABLE', `cannot write HTML report to ${opts.html}: ${oneLine(e)}`);
    }
  }
  if (opts.json) ctx.io.stdout.write(renderJson(report));
  else if (!opts.quiet || report.findings.length > 0) {
    ctx.io.stdout.write(renderText(report, { color: ctx.color(opts), width: ctx.io.stdout.columns ?? 100 }));
  }
  if (opts.html && !opts.json) ctx.io.stderr.write(`HTML report written to ${opts.html}\n`);
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
