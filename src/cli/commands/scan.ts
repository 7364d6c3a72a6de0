// `tlsdoctor scan <host[:port] | url>`: which versions, suites, groups and features a server accepts.
import { Command } from 'commander';
import { scanCommand } from '../../app/scan-report.js';
import { emitReport, exitCodeFor } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import {
  concurrencyOption,
  htmlOption,
  ipOption,
  jsonOption,
  noColorOption,
  noSniOption,
  quietOption,
  sniOption,
  targetFrom,
  timeoutOption,
  type ProbeCliOptions,
  type TargetCliOptions,
} from '../options.js';
import type { OutputOptions } from '../output.js';
import { keepInHistory } from '../../app/history.js';
import { historyDir } from '../../history/store.js';

export function defineScan(ctx: CommandContext): Command {
  return new Command('scan')
    .description(
      'enumerate protocol versions, cipher suites (server order), groups and TLS features of a server',
    )
    .argument('<target>', 'host, host:port, [ipv6]:port or https:// URL')
    .addOption(sniOption())
    .addOption(noSniOption())
    .addOption(ipOption())
    .addOption(timeoutOption())
    .addOption(concurrencyOption(16))
    .addOption(jsonOption())
    .addOption(htmlOption())
    .addOption(noColorOption())
    .addOption(quietOption())
    .option('--no-history', 'do not record this run in the local history (see tlsdoctor history)')
    .action(
      async (
        target: string,
        opts: TargetCliOptions & ProbeCliOptions & OutputOptions & { history?: boolean },
      ) => {
        const progress = createProgress(
          ctx.io.stderr,
          progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
        );
        try {
          const report = await scanCommand(target, {
            ...targetFrom(opts),
            timeoutMs: opts.timeout,
            concurrency: opts.concurrency,
            onProgress: (t) => progress.update(`scanning ${target}: ${t}`),
          });
          progress.done();
          keepInHistory(report, opts.history === false ? undefined : historyDir(ctx.io.env));
          emitReport(ctx, report, opts);
          ctx.setExit(exitCodeFor(report));
        } finally {
          progress.done();
        }
      },
    );
}
