// `tlsdoctor scan <host[:port] | url>`: which versions, suites, groups and features a server accepts.
import { Command } from 'commander';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import {
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
    .addOption(timeoutOption())
    .addOption(concurrencyOption(16));
  for (const o of outputOptions()) cmd.addOption(o);
  return cmd.action(async (target: string, opts: TargetCliOptions & ProbeCliOptions & OutputOptions) => {
    const progress = createProgress(
      ctx.io.stderr,
      progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
    );
    try {
      progress.update(`scanning ${target}`);
      const { scanCommand } = await import('../../app/scan-report.js');
      const report = await scanCommand(target, {
        ...targetFrom(opts),
        timeoutMs: opts.timeout,
        concurrency: opts.concurrency,
        onProgress: (t) => progress.update(`scanning ${target}: ${t}`),
      });
      progress.done();
      await emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    } finally {
      progress.done();
    }
  });
}
