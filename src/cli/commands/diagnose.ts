// `tlsdoctor diagnose <url | host[:port]>`: why HTTPS does not work, and what to do about it.
import { Command, Option } from 'commander';
import { diagnose } from '../../app/diagnose.js';
import { emitReport, exitCodeFor } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import { parseIntOption } from '../options.js';
import { observeWindowsBundle } from '../../windows/index.js';

interface DiagnoseCliOptions {
  sni?: string | false;
  ip?: string;
  timeout: number;
  concurrency: number;
  httpPort: number;
  ca?: string[];
  windowsBundle?: string;
  json?: boolean;
  html?: string;
  color?: boolean;
  quiet?: boolean;
}

export function defineDiagnose(ctx: CommandContext): Command {
  return new Command('diagnose')
    .description('find out why HTTPS does not work for a site, with the evidence and the fix')
    .argument('<target>', 'https:// URL, host, host:port or [ipv6]:port')
    .option('--sni <name>', 'send this server name (default: the target host name)')
    .option('--no-sni', 'send no server_name extension')
    .option(
      '--ip <address>',
      'connect to this address instead of resolving the host (the name is still sent as SNI)',
    )
    .addOption(
      new Option('--http-port <port>', 'port for the plain-HTTP check (0 to skip)')
        .default(80)
        .argParser(parseIntOption('--http-port', 0, 65535)),
    )
    .option(
      '--ca <file>',
      'an extra trusted root certificate (PEM/DER), e.g. a private CA; repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--windows-bundle <dir>',
      'also analyse a folder made by `tlsdoctor windows collect` on the server, and cross-check it with the probes',
    )
    .addOption(
      new Option(
        '--timeout <ms>',
        'upper bound for one probe in milliseconds (the real wait adapts to the measured round trip)',
      )
        .default(5000)
        .argParser(parseIntOption('--timeout', 100, 120000)),
    )
    .addOption(
      new Option('--concurrency <n>', 'handshakes in flight at once')
        .default(32)
        .argParser(parseIntOption('--concurrency', 1, 64)),
    )
    .option('--json', 'print the report as JSON (schema/report.schema.json)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--no-color', 'no colours (also: NO_COLOR=1, or when not a terminal)')
    .option('-q, --quiet', 'no progress line')
    .action(async (target: string, opts: DiagnoseCliOptions) => {
      const progress = createProgress(
        ctx.io.stderr,
        progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
      );
      try {
        const extra = opts.windowsBundle ? await observeWindowsBundle(opts.windowsBundle) : [];
        const report = await diagnose(target, {
          ...(opts.sni !== undefined ? { sni: opts.sni } : {}),
          ...(opts.ip ? { ip: opts.ip } : {}),
          timeoutMs: opts.timeout,
          concurrency: opts.concurrency,
          httpPort: opts.httpPort,
          ...(opts.ca ? { caFiles: opts.ca } : {}),
          extraObservations: extra,
          onProgress: (t) => progress.update(`diagnosing ${target}: ${t}`),
        });
        progress.done();
        emitReport(ctx, report, opts);
        ctx.setExit(exitCodeFor(report));
      } finally {
        progress.done();
      }
    });
}
