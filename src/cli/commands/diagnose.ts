// `tlsdoctor diagnose <url | host[:port]>`: why HTTPS does not work, and what to do about it.
import { Command, Option } from 'commander';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import {
  caOption,
  concurrencyOption,
  ipOption,
  noSniOption,
  outputOptions,
  parseIntOption,
  sniOption,
  targetFrom,
  timeoutOption,
  type ProbeCliOptions,
  type TargetCliOptions,
} from '../options.js';
import { summaryOf } from './index.js';
import { PLATFORM_IDS } from '../../diagnose/platform.js';
import type { PlatformId } from '../../model/report.js';

interface DiagnoseCliOptions extends TargetCliOptions, ProbeCliOptions, OutputOptions {
  httpPort: number;
  ca?: string[];
  windowsBundle?: string;
  history?: boolean;
  platform?: PlatformId;
}

export function defineDiagnose(ctx: CommandContext): Command {
  const cmd = new Command('diagnose')
    .description(summaryOf('diagnose'))
    .argument('<target>', 'https:// URL, host, host:port or [ipv6]:port')
    .addOption(sniOption())
    .addOption(noSniOption())
    .addOption(ipOption())
    .addOption(
      new Option('--http-port <port>', 'port for the plain-HTTP check (0 to skip)')
        .default(80)
        .argParser(parseIntOption('--http-port', 0, 65535)),
    )
    .addOption(caOption())
    .addOption(
      new Option(
        '--platform <name>',
        'the server software, to put its fixes first (default: detected from the Server header or a Windows bundle)',
      ).choices(PLATFORM_IDS.filter((p) => p !== 'unknown')),
    )
    .option(
      '--windows-bundle <dir>',
      'also analyse a folder made by `tlsdoctor windows collect` on the server, and cross-check it with the probes',
    )
    .addOption(
      timeoutOption(
        "the longest wait for the server to answer, in milliseconds: one handshake waits this long before the server is called silent (the others adapt to the measured round trip and to the server's measured speed); the whole run is bounded by 4× this + 20 s",
      ).default(10000),
    )
    .addOption(concurrencyOption(32, 'handshakes in flight at once'))
    .option('--no-history', 'do not record this run in the local history (see tlsdoctor history)');
  for (const o of outputOptions()) cmd.addOption(o);
  return cmd.action(async (target: string, opts: DiagnoseCliOptions) => {
    const progress = createProgress(
      ctx.io.stderr,
      progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
    );
    try {
      progress.update(`diagnosing ${target}`);
      const [{ diagnose }, { observeWindowsBundle }, { keepInHistory }, { historyDir }] = await Promise.all([
        import('../../app/diagnose.js'),
        import('../../windows/index.js'),
        import('../../app/history.js'),
        import('../../history/store.js'),
      ]);
      const extra = opts.windowsBundle ? await observeWindowsBundle(opts.windowsBundle) : [];
      const report = await diagnose(target, {
        ...targetFrom(opts),
        timeoutMs: opts.timeout,
        concurrency: opts.concurrency,
        httpPort: opts.httpPort,
        ...(opts.ca ? { caFiles: opts.ca } : {}),
        extraObservations: extra,
        ...(opts.platform ? { platform: opts.platform } : {}),
        onProgress: (t) => progress.update(`diagnosing ${target}: ${t}`),
      });
      progress.done();
      keepInHistory(report, opts.history === false ? undefined : historyDir(ctx.io.env));
      await emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    } finally {
      progress.done();
    }
  });
}
