// `tlsdoctor windows collect | analyze` — the Windows/IIS server side (issue 6).
// analyze: files/folders → observations (src/windows) → windows rules → Report → emitReport.
// collect: runs the Windows commands through an injectable runner into a folder with a manifest.
import { Command } from 'commander';
import { buildWindowsReport } from '../../app/windows-report.js';
import { analyzeWindowsInputs, describeCollection, describeParsers } from '../../windows/index.js';
import { collectWindowsBundle, defaultRunner, type Runner } from '../../windows/collect.js';
import { EXIT, type CommandContext } from '../context.js';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { htmlOption, jsonOption, noColorOption, quietOption } from '../options.js';

export interface WindowsCommandDeps {
  /** injected in tests: replays recorded command outputs */
  runner?: Runner;
  readFile?: (path: string) => Promise<Buffer>;
  platform?: NodeJS.Platform;
  now?: () => Date;
}

export function defineWindows(ctx: CommandContext, deps: WindowsCommandDeps = {}): Command {
  const cmd = new Command('windows').description(
    'Windows/IIS server side: collect the evidence on the server, analyze it anywhere',
  );
  cmd
    .command('analyze')
    .description(`analyze collected Windows outputs (folders or files: ${describeParsers()})`)
    .argument('<paths...>', 'bundle folders and/or files')
    .option(
      '--os <version>',
      'Windows version for the SCHANNEL defaults (2008r2, 2012r2, 2016, 2019, 2022, 2025, win10, win11, 10.0.17763 …)',
    )
    .addOption(jsonOption('JSON report on stdout'))
    .addOption(htmlOption())
    .addOption(noColorOption('no colours'))
    .addOption(quietOption('print nothing when healthy'))
    .action(async (paths: string[], opts: OutputOptions & { os?: string }) => {
      const started = Date.now();
      const startedAt = new Date(started).toISOString();
      const analyzed = await analyzeWindowsInputs(paths, opts.os ? { os: opts.os } : {});
      const report = buildWindowsReport(paths, analyzed, { startedAt, durationMs: Date.now() - started });
      emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    });
  cmd
    .command('collect')
    .description(
      `on the Windows server: run ${describeCollection().commands.join('/')} and copy ${describeCollection().copies.join(', ')} into one folder`,
    )
    .option('--out <dir>', 'output folder', `tlsdoctor-windows-${new Date().toISOString().slice(0, 10)}`)
    .action(async (opts: { out: string }) => {
      const platform = deps.platform ?? process.platform;
      if (platform !== 'win32' && !deps.runner) {
        ctx.io.stderr.write(
          `tlsdoctor: 'windows collect' runs on Windows only (this is ${platform}); run it on the IIS server, copy the folder here and use 'tlsdoctor windows analyze <folder>'\n`,
        );
        ctx.setExit(EXIT.USAGE);
        return;
      }
      const manifest = await collectWindowsBundle({
        out: opts.out,
        runner: deps.runner ?? defaultRunner(),
        ...(deps.readFile ? { readFile: deps.readFile } : {}),
        ...(deps.now ? { now: deps.now } : {}),
        env: ctx.io.env,
      });
      const failed = manifest.files.filter((f) => f.exitCode === null || f.note);
      ctx.io.stdout.write(
        `Collected ${manifest.files.length - failed.filter((f) => f.exitCode === null).length} of ${manifest.files.length} items into ${opts.out}${manifest.elevated ? '' : ' (not elevated: netstat without owners)'}\n`,
      );
      for (const f of failed) ctx.io.stdout.write(`  ${f.file}: ${f.note ?? 'failed'}\n`);
      ctx.io.stdout.write(`Next: tlsdoctor windows analyze ${opts.out}\n`);
      ctx.setExit(EXIT.OK);
    });
  return cmd;
}
