// `tlsdoctor windows collect | analyze` — the Windows/IIS server side.
// analyze: files/folders (or - for stdin) → observations (src/windows) → windows rules → Report.
// collect: runs the Windows commands through an injectable runner into a folder with a manifest.
import { Command, Option } from 'commander';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describeCollection, describeParsers } from '../../windows/parser-registry.js';
import type { Runner } from '../../windows/collect.js';
import { TlsDoctorError } from '../../errors.js';
import { EXIT, selfOf, type CommandContext } from '../context.js';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { outputOptions } from '../options.js';
import { STDIN, STDIN_NAME, renameInError, renamePath, spoolStdin } from '../input.js';
import { summaryOf } from './index.js';

export interface WindowsCommandDeps {
  /** injected in tests: replays recorded command outputs */
  runner?: Runner;
  readFile?: (path: string) => Promise<Buffer>;
  platform?: NodeJS.Platform;
  now?: () => Date;
}

/** one Windows output piped in (src/windows MAX_INPUT_BYTES) */
const MAX_STDIN_WINDOWS = 32 * 1024 * 1024;

export function defineWindows(ctx: CommandContext, deps: WindowsCommandDeps = {}): Command {
  const cmd = new Command('windows').description(summaryOf('windows'));
  const analyze = cmd
    .command('analyze')
    .description(`analyze collected Windows outputs (folders or files: ${describeParsers()})`)
    .argument('<paths...>', 'bundle folders and/or files; - reads one output from stdin')
    .option(
      '--os <version>',
      'Windows version for the SCHANNEL defaults (2008r2, 2012r2, 2016, 2019, 2022, 2025, win10, win11, 10.0.17763 …)',
    );
  for (const o of outputOptions()) analyze.addOption(o);
  analyze.action(async (paths: string[], opts: OutputOptions & { os?: string }) => {
    if (paths.filter((p) => p === STDIN).length > 1)
      throw new TlsDoctorError('USAGE', 'windows analyze: stdin (-) can be read once');
    const spooled = paths.includes(STDIN)
      ? await spoolStdin(ctx, 'windows analyze', MAX_STDIN_WINDOWS)
      : undefined;
    try {
      const started = Date.now();
      const startedAt = new Date(started).toISOString();
      const [{ analyzeWindowsInputs }, { buildWindowsReport }] = await Promise.all([
        import('../../windows/index.js'),
        import('../../app/windows-report.js'),
      ]);
      const inputs = paths.map((p) => (p === STDIN && spooled ? spooled.path : p));
      const analyzed = await analyzeWindowsInputs(inputs, opts.os ? { os: opts.os } : {});
      let report = buildWindowsReport(inputs, analyzed, { startedAt, durationMs: Date.now() - started });
      if (spooled) report = renamePath(report, spooled.path, STDIN_NAME);
      await emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    } catch (e) {
      throw spooled ? renameInError(e, spooled.path, STDIN_NAME) : e;
    } finally {
      spooled?.cleanup();
    }
  });
  const { commands, copies } = describeCollection();
  cmd
    .command('collect')
    .description(
      `on the Windows server: run ${commands.join('/')} and copy ${copies.join(', ')} into one folder`,
    )
    .addOption(
      new Option('--out <dir>', 'output folder (default: tlsdoctor-windows-DATE in your home folder)'),
    )
    .action(async (opts: { out?: string }) => {
      const platform = deps.platform ?? process.platform;
      if (platform !== 'win32' && !deps.runner) {
        ctx.io.stderr.write(
          `tlsdoctor: 'windows collect' runs on Windows only (this is ${platform}); run it on the IIS server, copy the folder here and use '${selfOf(ctx)} windows analyze <folder>'\n`,
        );
        ctx.setExit(EXIT.USAGE);
        return;
      }
      const now = deps.now ?? (() => new Date());
      // not the current folder: from an elevated prompt that is C:\Windows\System32
      const out = opts.out ?? join(homedir(), `tlsdoctor-windows-${now().toISOString().slice(0, 10)}`);
      const { collectWindowsBundle, defaultRunner } = await import('../../windows/collect.js');
      const manifest = await collectWindowsBundle({
        out,
        runner: deps.runner ?? defaultRunner(),
        ...(deps.readFile ? { readFile: deps.readFile } : {}),
        ...(deps.now ? { now: deps.now } : {}),
        env: ctx.io.env,
      });
      const failed = manifest.files.filter((f) => f.exitCode === null || f.note);
      ctx.io.stdout.write(
        `Collected ${manifest.files.length - failed.filter((f) => f.exitCode === null).length} of ${manifest.files.length} items into ${out}${manifest.elevated ? '' : ' (not elevated: netstat without owners)'}\n`,
      );
      for (const f of failed) ctx.io.stdout.write(`  ${f.file}: ${f.note ?? 'failed'}\n`);
      ctx.io.stdout.write(`Next: ${selfOf(ctx)} windows analyze ${/\s/.test(out) ? `"${out}"` : out}\n`);
      ctx.setExit(EXIT.OK);
    });
  return cmd;
}
