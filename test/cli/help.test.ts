// The help text of every command and subcommand is a contract users read and scripts grep: it is
// compared byte for byte with test/cli/fixtures/help.txt. Update the golden only on purpose:
//   TLSDOCTOR_UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/cli/help
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const GOLDEN = fileURLToPath(new URL('./fixtures/help.txt', import.meta.url));
const ENTRY = fileURLToPath(new URL('./fixtures/cli-entry.ts', import.meta.url));
const run = promisify(execFile);

/** every help screen: the program, each command, each subcommand */
const SCREENS: string[][] = [
  [],
  ['diagnose'],
  ['scan'],
  ['cert'],
  ['cert', 'make-test'],
  ['capture'],
  ['windows'],
  ['windows', 'analyze'],
  ['windows', 'collect'],
  ['explain'],
  ['demo'],
  ['diff'],
  ['history'],
  ['fleet'],
  ['serve'],
];

/** a separate process, as a user runs it: commander exits the process itself after some help screens */
async function help(args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ENTRY, ...args, '--help'], {
    env: { PATH: process.env.PATH ?? '', COLUMNS: '100' },
  });
  assert.equal(stderr, '', `tlsdoctor ${args.join(' ')} --help writes nothing to stderr`);
  return stdout;
}

/** `windows collect` defaults its folder to today's date: the one part of the text that moves */
const normalise = (s: string): string =>
  s.replace(/tlsdoctor-windows-\d{4}-\d{2}-\d{2}/g, 'tlsdoctor-windows-DATE');

test('help text of every command and subcommand is unchanged', async () => {
  const parts: string[] = [];
  for (const args of SCREENS) {
    const out = await help(args); // execFile rejects on a non-zero exit
    parts.push(`=== tlsdoctor ${[...args, '--help'].join(' ')}\n${normalise(out)}`);
  }
  const actual = parts.join('\n');
  if (process.env.TLSDOCTOR_UPDATE_GOLDEN) writeFileSync(GOLDEN, actual);
  assert.equal(actual, readFileSync(GOLDEN, 'utf8'));
});

test('the program’s help lists each command as the command itself would (the list loads no command)', async () => {
  const { COMMAND_ENTRIES } = await import('../../src/cli/commands/index.js');
  const { Command, Help } = await import('commander');
  const ctx = {
    io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {} },
    color: () => false,
    setExit: () => undefined,
  };
  const help = new Help();
  for (const entry of COMMAND_ENTRIES) {
    const cmd = (await entry.load())(ctx);
    new Command('tlsdoctor').addCommand(cmd);
    assert.equal(help.subcommandTerm(cmd), entry.term, entry.name);
    assert.equal(cmd.description(), entry.summary, entry.name);
  }
});
