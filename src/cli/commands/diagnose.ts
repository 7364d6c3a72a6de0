// `tlsdoctor diagnose <url | host[:port]>`: why HTTPS does not work, and what to do about it.
import { Command, Option } from 'commander';
import { diagnose } from '../../app/diagnose.js';
import { emitReport, exitCodeFor } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import {
  caOption,
  concurrencyOption,
  htmlOption,
  ipOption,
  jsonOption,
  noColorOption,
  noSniOption,
  parseIntOption,
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
import { observeWindowsBundle } from '../../windows/index.js';

interface DiagnoseCliOptions extends TargetCliOptions, ProbeCliOptions, OutputOptions {
  httpPort: number;
  ca?: string[];
  windowsBundle?: string;
  history?: boolean;
}

export function defineDiagnose(ctx: CommandContext): Command {
  return new Command('diagnose')
    .description('find out why HTTPS does not work for a site, with the evidence and the fix')
    .argument('<target>', 'https:// URL, host, host:port or [ipv6]:port')
    .addOption(sniOption())
    .addOption(noSniOption())
    .addOption(
      ipOption('connect to this address instead of resolving the host (the name is still sent as SNI)'),
    )
    .addOption(
      new Option('--http-port <port>', 'port for the plain-HTTP check (0 to skip)')
        .default(80)
        .argParser(parseIntOption('--http-port', 0, 65535)),
    )
    .addOption(
      caOption('an extra trusted root certificate (PEM/DER), e.g. a private CA; repeatable', 'repeatable'),
    )
    .option(
      '--windows-bundle <dir>',
      'also analyse a folder made by `tlsdoctor windows collect` on the server, and cross-check it with the probes',
    )
    .addOption(
      timeoutOption(
        'upper bound for one probe in milliseconds (the real wait adapts to the measured round trip)',
      ),
    )
    .addOption(concurrencyOption(32, 'handshakes in flight at once'))
    .addOption(jsonOption())
    .addOption(htmlOption())
    .addOption(noColorOption())
    .addOption(quietOption())
    .option('--no-history', 'do not record this run in the local history (see tlsdoctor history)')
    .action(async (target: string, opts: DiagnoseCliOptions) => {
      const progress = createProgress(
        ctx.io.stderr,
        progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
      );
      try {
        const extra = opts.windowsBundle ? await observeWindowsBundle(opts.windowsBundle) : [];
        const report = await diagnose(target, {
          ...targetFrom(opts),
          timeoutMs: opts.timeout,
          concurrency: opts.concurrency,
          httpPort: opts.httpPort,
          ...(opts.ca ? { caFiles: opts.ca } : {}),
          extraObservations: extra,
          onProgress: (t) => progress.update(`diagnosing ${target}: ${t}`),
        });
        progress.done();
        keepInHistory(report, opts.history === false ? undefined : historyDir(ctx.io.env));
        emitReport(ctx, report, opts);
        ctx.setExit(exitCodeFor(report));
      } finally {
        progress.done();
      }
    });
}
