// The shared CLI options: declared once in src/cli/options.ts, parsed the same in every command,
// and never re-declared inline by a command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import {
  caOption,
  concurrencyOption,
  htmlOption,
  ipOption,
  jsonOption,
  noColorOption,
  noSniOption,
  quietOption,
  sniOption,
  targetFrom,
  timeoutOption,
  widthOption,
} from '../../src/cli/options.js';

const COMMANDS = fileURLToPath(new URL('../../src/cli/commands/', import.meta.url));

function parse(cmd: Command, argv: string[]): Record<string, unknown> {
  cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  cmd.parse(argv, { from: 'user' });
  return cmd.opts();
}

const probeCommand = (): Command =>
  new Command('t')
    .argument('[target]')
    .addOption(sniOption())
    .addOption(noSniOption())
    .addOption(ipOption())
    .addOption(timeoutOption())
    .addOption(concurrencyOption(16))
    .addOption(caOption())
    .addOption(jsonOption())
    .addOption(htmlOption())
    .addOption(noColorOption())
    .addOption(quietOption())
    .addOption(widthOption())
    .action(() => {});

test('defaults: timeout 5000, the command’s concurrency, colour on, nothing else set', () => {
  assert.deepEqual(parse(probeCommand(), ['host']), {
    timeout: 5000,
    concurrency: 16,
    color: true,
  });
});

test('values: --sni/--no-sni/--ip, numbers, output flags', () => {
  const o = parse(probeCommand(), [
    'host',
    '--sni',
    'a.test',
    '--ip',
    '192.0.2.1',
    '--timeout',
    '250',
    '--concurrency',
    '4',
    '--json',
    '--html',
    'r.html',
    '--no-color',
    '-q',
  ]);
  assert.deepEqual(o, {
    sni: 'a.test',
    ip: '192.0.2.1',
    timeout: 250,
    concurrency: 4,
    json: true,
    html: 'r.html',
    color: false,
    quiet: true,
  });
  assert.deepEqual(targetFrom(o), { sni: 'a.test', ip: '192.0.2.1' });
  assert.deepEqual(targetFrom(parse(probeCommand(), ['host', '--no-sni'])), { sni: false });
  assert.deepEqual(targetFrom(parse(probeCommand(), ['host'])), {});
});

test('--ca is repeatable, never variadic: options before or after the positional argument leave it alone', () => {
  const cmd = probeCommand();
  assert.deepEqual(parse(cmd, ['--ca', 'a.pem', 'host', '--ca', 'b.pem']).ca, ['a.pem', 'b.pem']);
  assert.deepEqual(cmd.args, ['host']);
  const before = probeCommand();
  assert.deepEqual(parse(before, ['--ca', 'root.pem', 'server.pem']).ca, ['root.pem']);
  assert.deepEqual(before.args, ['server.pem']);
});

test('empty values are usage errors: --sni, --ip, --ca', () => {
  for (const argv of [
    ['host', '--sni', ''],
    ['host', '--ip', ' '],
    ['host', '--ca', ''],
    ['host', '--width', '10'],
    ['host', '--timeout', ''],
  ])
    assert.throws(
      () => parse(probeCommand(), argv),
      (e: unknown) => (e as { code?: string }).code === 'commander.invalidArgument',
      JSON.stringify(argv),
    );
});

test('out-of-range numbers are usage errors', () => {
  for (const argv of [
    ['--timeout', '99'],
    ['--timeout', '120001'],
    ['--concurrency', '0'],
    ['--concurrency', '65'],
    ['--timeout', '1.5'],
  ])
    assert.throws(
      () => parse(probeCommand(), argv),
      (e: unknown) => (e as { code?: string }).code === 'commander.invalidArgument',
      argv.join(' '),
    );
});

test('no command declares a shared option inline', () => {
  const shared =
    /\.option\(\s*'(--json|--html|--no-color|-q, --quiet|--width|--sni|--no-sni|--ip|--timeout|--concurrency|--ca|--key|--password|--password-file)(?=[ ,'])/;
  const inline =
    /new Option\(\s*'(--json|--html|--no-color|-q, --quiet|--width|--sni|--no-sni|--ip|--timeout|--concurrency|--ca|--key|--password|--password-file)(?=[ ,'])/;
  const variadic = /(Option\(|\.option\()\s*'-[^']*\.\.\.[>\]]'/;
  for (const f of readdirSync(COMMANDS).filter((n) => n.endsWith('.ts'))) {
    const src = readFileSync(COMMANDS + f, 'utf8');
    assert.doesNotMatch(src, shared, `${f}: use the helper from src/cli/options.ts`);
    assert.doesNotMatch(src, inline, `${f}: use the helper from src/cli/options.ts`);
    assert.doesNotMatch(
      src,
      variadic,
      `${f}: a variadic option swallows positional arguments; use repeatableOption`,
    );
  }
});
