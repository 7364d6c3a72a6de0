// The CLI is a thin shell (DESIGN convention 13): parse, call the library, render, return an exit
// code. Start-up matters (docs/benchmarks.md): `--version` loads nothing, and only the command that
// runs is loaded (src/cli/commands/index.ts); the rest of the program comes in with it.
import { isTlsDoctorError, oneLine } from '../errors.js';
import { VERSION } from '../version.js';
import { EXIT, type CliIO, type CommandContext, type DefineCommand } from './context.js';
import { COMMAND_ENTRIES, type CommandEntry } from './commands/index.js';
import { errorDocument } from './error-document.js';

/** A command is a lazily loaded entry, or a definition loaded with the program. */
const COMMANDS: Array<CommandEntry | DefineCommand> = [...COMMAND_ENTRIES];

const DESCRIPTION = 'Finds out why HTTPS does not work, and says what to do about it.';

/** the command the arguments name (the first word that is not an option), and what help asks for */
function commandWord(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => !a.startsWith('-'));
  if (i < 0) return undefined;
  if (argv[i] === 'help') return argv.slice(i + 1).find((a) => !a.startsWith('-'));
  return argv[i];
}

export function colorWanted(io: CliIO, opts?: { color?: boolean }): boolean {
  if (opts?.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  if (io.env.TERM === 'dumb') return false;
  return io.stdout.isTTY === true;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const startedAt = new Date();
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  const { Command, CommanderError } = await import('commander');
  let exitCode: number = EXIT.OK;
  const ctx: CommandContext = {
    io,
    color: (opts) => colorWanted(io, opts),
    setExit(code) {
      exitCode = code;
    },
  };
  const output = {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
  };
  const program = new Command('tlsdoctor')
    .description(DESCRIPTION)
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput(output)
    .exitOverride();
  const word = commandWord(argv);
  const terms = new Map<string, string>();
  for (const entry of COMMANDS) {
    let cmd;
    if (typeof entry === 'function') cmd = entry(ctx);
    else if (entry.name === word) cmd = (await entry.load())(ctx);
    else {
      // listed in the program's help, not loaded
      cmd = new Command(entry.name).description(entry.summary);
      terms.set(entry.name, entry.term);
    }
    program.addCommand(cmd);
  }
  program.configureHelp({
    subcommandTerm: (cmd) => terms.get(cmd.name()) ?? defaultTerm(cmd),
  });
  // every command and subcommand: errors come back here, output goes to io
  const settle = (cmd: InstanceType<typeof Command>): void => {
    cmd.exitOverride().configureOutput(output);
    for (const sub of cmd.commands) settle(sub);
  };
  for (const cmd of program.commands) settle(cmd);

  /** what the error document names: the command and its arguments, once known */
  const running: { command?: string; target?: string; json: boolean } = { json: argv.includes('--json') };
  program.hook('preAction', async (_program, action) => {
    const names: string[] = [];
    for (let c: typeof action | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    running.command = names.join('-');
    running.target = action.args.join(' ');
    const opts = action.opts<{ json?: boolean; html?: string }>();
    running.json = opts.json === true;
    if (opts.html) (await import('./output.js')).checkWritable(opts.html);
  });

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT.USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      // commander already printed the one-line error
      if (running.json)
        errorOut(io, running, commandName(argv, word), 'USAGE', e.message.replace(/^error: /, ''), startedAt);
      return EXIT.USAGE;
    }
    if (isTlsDoctorError(e)) {
      const code = e.code === 'UNREACHABLE' || e.code === 'DNS_ERROR' ? EXIT.UNREACHABLE : EXIT.USAGE;
      if (running.json) errorOut(io, running, commandName(argv, word), e.code, oneLine(e), startedAt);
      io.stderr.write(`tlsdoctor: ${oneLine(e)}\n`);
      return code;
    }
    if (running.json) errorOut(io, running, commandName(argv, word), 'INTERNAL', oneLine(e), startedAt);
    io.stderr.write(`tlsdoctor: internal error: ${oneLine(e)}\n`);
    if (io.env.TLSDOCTOR_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
    return EXIT.USAGE;
  }
  return exitCode;
}

function defaultTerm(cmd: {
  name(): string;
  options: readonly unknown[];
  registeredArguments: readonly { name(): string; required: boolean; variadic: boolean }[];
}): string {
  const args = cmd.registeredArguments
    .map((a) => {
      const n = a.name() + (a.variadic ? '...' : '');
      return a.required ? `<${n}>` : `[${n}]`;
    })
    .join(' ');
  return cmd.name() + (cmd.options.length ? ' [options]' : '') + (args ? ' ' + args : '');
}

/** the report's command name for the arguments: `windows analyze` is `windows-analyze` */
function commandName(argv: string[], word: string | undefined): string | undefined {
  if (word !== 'windows') return word;
  const words = argv.filter((a) => !a.startsWith('-'));
  const sub = words[words.indexOf('windows') + 1];
  return sub ? `windows-${sub}` : word;
}

function errorOut(
  io: CliIO,
  running: { command?: string; target?: string },
  word: string | undefined,
  code: string,
  message: string,
  startedAt: Date,
): void {
  const doc = errorDocument(running.command ?? word ?? '', running.target ?? '', code, message, startedAt);
  if (doc) io.stdout.write(doc);
}
