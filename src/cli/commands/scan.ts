// `tlsdoctor scan <host[:port] | url>`: which versions, suites, groups and features a server accepts.
import { Command, Option } from 'commander';
import { scanCommand } from '../../app/scan-report.js';
import { emitReport, exitCodeFor } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import { parseIntOption } from '../options.js';

export function defineScan(ctx: CommandContext): Command {
  return new Command('scan')
    .description(
      'enumerate protocol versions, cipher suites (server order), groups and TLS features of a server',
    )
    .argument('<target>', 'host, host:port, [ipv6]:port or https:// URL')
    .option('--sni <name>', 'send this server name (default: the target host name)')
    .option('--no-sni', 'send no server_name extension')
    .option(
      '--ip <address>',
      'connect to this address instead of resolving the host (the host name is still sent as SNI)',
    )
    .addOption(
      new Option('--timeout <ms>', 'per-probe time limit in milliseconds')
        .default(5000)
        .argParser(parseIntOption('--timeout', 100, 120000)),
    )
    .addOption(
      new Option('--concurrency <n>', 'probes in flight at once')
        .default(16)
        .argParser(parseIntOption('--concurrency', 1, 64)),
    )
    .option('--json', 'print the report as JSON (schema/report.schema.json)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--no-color', 'no colours (also: NO_COLOR=1, or when not a terminal)')
    .option('-q, --quiet', 'no progress line')
    .action(
      async (
        target: string,
        opts: {
          sni?: string | false;
          ip?: string;
          timeout: number;
          concurrency: number;
          json?: boolean;
          html?: string;
          color?: boolean;
          quiet?: boolean;
        },
      ) => {
        const progress = createProgress(
          ctx.io.stderr,
          progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
        );
        try {
          const report = await scanCommand(target, {
            ...(opts.sni !== undefined ? { sni: opts.sni } : {}),
            ...(opts.ip ? { ip: opts.ip } : {}),
            timeoutMs: opts.timeout,
            concurrency: opts.concurrency,
            onProgress: (t) => progress.update(`scanning ${target}: ${t}`),
          });
          progress.done();
          emitReport(ctx, report, opts);
          ctx.setExit(exitCodeFor(report));
        } finally {
          progress.done();
        }
      },
    );
}
