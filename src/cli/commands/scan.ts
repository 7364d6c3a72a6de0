// `tlsdoctor scan <host[:port] | url>`: which versions, suites, groups and features a server accepts.
import { Command } from 'commander';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import {
  caOption,
  concurrencyOption,
  ipOption,
  noSniOption,
  outputOptions,
  sniOption,
  targetFrom,
  timeoutOption,
  type ProbeCliOptions,
  type TargetCliOptions,
} from '../options.js';
import { summaryOf } from './index.js';

export function defineScan(ctx: CommandContext): Command {
  const cmd = new Command('scan')
    .description(summaryOf('scan'))
    .argument('<target>', 'host, host:port, [ipv6]:port or https:// URL')
    .addOption(sniOption())
    .addOption(noSniOption())
    .addOption(ipOption())
    .addOption(
      timeoutOption(
        'the longest wait for the server to answer, in milliseconds: the first handshake waits this long, the others adapt to how fast it answered',
      ).default(10000),
    )
    .addOption(concurrencyOption(16))
    .addOption(caOption())
    .option('--no-history', 'do not record this run in the local history (see tlsdoctor history)');
  for (const o of outputOptions()) cmd.addOption(o);
  return cmd.action(
    async (
      target: string,
      opts: TargetCliOptions & ProbeCliOptions & OutputOptions & { history?: boolean; ca?: string[] },
    ) => {
      const progress = createProgress(
        ctx.io.stderr,
        progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
      );
      try {
        progress.update(`scanning ${target}`);
        const [{ scanCommand }, { keepInHistory }, { historyDir }] = await Promise.all([
          import('../../app/scan-report.js'),
          import('../../app/history.js'),
          import('../../history/store.js'),
        ]);
        const report = await scanCommand(target, {
          ...targetFrom(opts),
          timeoutMs: opts.timeout,
          concurrency: opts.concurrency,
          ...(opts.ca ? { caFiles: opts.ca } : {}),
          onProgress: (t) => progress.update(`scanning ${target}: ${t}`),
        });
        progress.done();
        keepInHistory(report, opts.history === false ? undefined : historyDir(ctx.io.env));
        await emitReport(ctx, report, opts);
        ctx.setExit(exitCodeFor(report));
      } finally {
        progress.done();
      }
    },
  );
}
