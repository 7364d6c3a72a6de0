// `tlsdoctor diff A B`: compare two servers, or one server now and when it worked; the deciding
// difference first, each with the change that makes the failing side like the other.
import { Command, Option } from 'commander';
import { diffCommand, diffSince, writeFixScripts } from '../../app/diff.js';
import { historyDir } from '../../history/store.js';
import { TlsDoctorError } from '../../errors.js';
import { emitReport, type OutputOptions } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import { EXIT, type CommandContext } from '../context.js';
import {
  caOption,
  ipOption,
  noSniOption,
  outputOptions,
  parseIntOption,
  sniOption,
  targetFrom,
  timeoutOption,
  type TargetCliOptions,
} from '../options.js';
import { summaryOf } from './index.js';

interface DiffCliOptions extends TargetCliOptions, OutputOptions {
  timeout: number;
  httpPort: number;
  ca?: string[];
  since?: string;
  fixScript?: string;
}

export function defineDiff(ctx: CommandContext): Command {
  const cmd = new Command('diff')
    .description(summaryOf('diff'))
    .argument(
      '<a>',
      'https:// URL, host[:port], a saved --json report, a Windows bundle folder, or TARGET@last-ok / TARGET@last / TARGET@YYYY-MM-DD from the history',
    )
    .argument('[b]', 'the same kinds as <a>')
    .option(
      '--since <date>',
      'with one target: compare it now with its first recorded run on or after this date',
    )
    .option(
      '--fix-script <file>',
      'write the fixes as files to review (.reg + .ps1 for Windows, .nginx.conf / .apache.conf); never run',
    )
    .addOption(sniOption())
    .addOption(noSniOption())
    .addOption(ipOption())
    .addOption(
      new Option('--http-port <port>', 'port for the plain-HTTP check of a live side (0 to skip)')
        .default(80)
        .argParser(parseIntOption('--http-port', 0, 65535)),
    )
    .addOption(caOption())
    .addOption(timeoutOption());
  for (const o of outputOptions()) cmd.addOption(o);
  return cmd.action(async (a: string, b: string | undefined, opts: DiffCliOptions) => {
    if ((b === undefined) === (opts.since === undefined))
      throw new TlsDoctorError('USAGE', 'diff takes two sides (A B), or one target with --since DATE');
    const progress = createProgress(
      ctx.io.stderr,
      progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
    );
    try {
      const dir = historyDir(ctx.io.env);
      const o = {
        live: {
          ...targetFrom(opts),
          timeoutMs: opts.timeout,
          httpPort: opts.httpPort,
          ...(opts.ca ? { caFiles: opts.ca } : {}),
        },
        ...(dir ? { historyDir: dir } : {}),
        onProgress: (t: string) => progress.update(t),
      };
      const report = b !== undefined ? await diffCommand(a, b, o) : await diffSince(a, opts.since!, o);
      progress.done();
      if (opts.fixScript) {
        const written = writeFixScripts(report, opts.fixScript);
        if (!opts.json)
          ctx.io.stderr.write(
            written.length
              ? `fix script written (review it, then run it yourself): ${written.join(', ')}\n`
              : 'no fix to write\n',
          );
      }
      // -q drops the progress line only: a diff has no findings, its differences are the output
      await emitReport(ctx, report, { ...opts, quiet: false });
      ctx.setExit(report.data.equivalent ? EXIT.OK : EXIT.PROBLEMS);
    } finally {
      progress.done();
    }
  });
}
