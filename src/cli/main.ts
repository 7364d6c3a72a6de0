// The CLI is a thin shell (DESIGN convention 13): parse, call the library, render, return an exit code.
import { Command, CommanderError } from 'commander';
import { isTlsDoctorError, oneLine } from '../errors.js';
import { VERSION } from '../version.js';
import { EXIT, type CliIO, type CommandContext, type DefineCommand } from './context.js';
import { defineScan } from './commands/scan.js';
import { defineCert } from './commands/cert.js';
import { defineDiagnose } from './commands/diagnose.js';
import { defineExplain } from './commands/explain.js';
import { defineCapture } from './commands/capture.js';
import { defineWindows } from './commands/windows.js';
import { defineDemo } from './commands/demo.js';
import { defineDiff } from './commands/diff.js';
import { defineHistory } from './commands/history.js';

const COMMANDS: DefineCommand[] = [
  defineDiagnose,
  defineScan,
  defineCert,
  defineCapture,
  defineWindows,
  defineExplain,
  defineDemo,
  defineDiff,
  defineHistory,
];

export async function main(argv: string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.OK;
  const ctx: CommandContext = {
    io,
    color(opts) {
      if (opts?.color === false) return false;
      if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
      if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
      return io.stdout.isTTY === true;
    },
    setExit(code) {
      exitCode = code;
    },
  };
  const program = new Command('tlsdoctor')
    .description('Finds out why HTTPS does not work, and says what to do about it.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const define of COMMANDS) {
    const cmd = define(ctx);
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    program.addCommand(cmd);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are not errors
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT.OK;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.OK;
      return EXIT.USAGE; // commander already printed the one-line error
    }
    if (isTlsDoctorError(e)) {
      io.stderr.write(`tlsdoctor: ${oneLine(e)}\n`);
      return e.code === 'UNREACHABLE' || e.code === 'DNS_ERROR' ? EXIT.UNREACHABLE : EXIT.USAGE;
    }
    io.stderr.write(`tlsdoctor: internal error: ${oneLine(e)}\n`);
    if (io.env.TLSDOCTOR_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
    return EXIT.USAGE;
  }
  return exitCode;
}
