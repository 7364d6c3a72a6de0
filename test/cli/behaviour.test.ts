// How tlsdoctor behaves as a program that people script: stdin as `-`, a JSON document for every
// outcome under --json, the documented exit codes in every command, options before arguments,
// --html checked before work, one meaning for -q, pipes closed early, Windows encodings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main, colorWanted } from '../../src/cli/main.js';
import { selfCommand } from '../../src/cli/stdio.js';
import { CLEAR_LINE, clearProgress, createProgress } from '../../src/cli/progress.js';
import type { CliIO } from '../../src/cli/context.js';
import { wrap } from '../../src/report/layout.js';
import { makeOpensslPki, openssl, p, tempDir } from '../x509/helpers.js';

const FIX = fileURLToPath(new URL('../fixtures/', import.meta.url));
const ENTRY = fileURLToPath(new URL('./fixtures/cli-entry.ts', import.meta.url));
const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

interface Run {
  code: number;
  out: string;
  err: string;
}
interface RunOptions {
  stdin?: Buffer | string;
  env?: Record<string, string>;
  io?: Partial<CliIO>;
}
async function cli(args: string[], o: RunOptions = {}): Promise<Run> {
  let out = '';
  let err = '';
  const input = o.stdin;
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1', ...o.env },
    stdin: {
      isTTY: input === undefined,
      async *[Symbol.asyncIterator]() {
        if (input !== undefined) yield typeof input === 'string' ? Buffer.from(input) : input;
      },
    },
    ...o.io,
  });
  return { code, out, err };
}

const tmp = tempDir('tlsdoctor-cli-behaviour-');
const d = tmp.dir;
const SECRET = 'Pa55-in-UTF16';
before(() => {
  makeOpensslPki(d);
  openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      'leaf.pem',
      '-inkey',
      'leaf.key',
      '-out',
      'site.pfx',
      '-passout',
      `pass:${SECRET}`,
    ],
    d,
  );
});
after(() => tmp.cleanup());

/** a port on 127.0.0.1 that refuses connections: bound, read, released */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// ---- exit codes ----

test('no arguments: the help on stderr, exit 2 (a usage error)', async () => {
  const r = await cli([]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^Usage: tlsdoctor/);
});

test('usage errors of subcommands exit 2, like every other usage error', async () => {
  for (const argv of [
    ['windows', 'analyze', '--bogus', 'x'],
    ['windows', 'collect', '--bogus'],
    ['windows', 'analyze'],
    ['cert', 'make-test', '--bogus'],
    ['windows'],
  ]) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
  }
});

test('windows analyze: an empty or unrecognised file is one line on stderr and exit 2, not a report', async () => {
  writeFileSync(p(d, 'empty.txt'), '');
  writeFileSync(p(d, 'hello.txt'), 'hello\n');
  for (const [file, said] of [
    ['empty.txt', /empty\.txt: the file is empty/],
    ['hello.txt', /hello\.txt: not a recognised Windows input/],
  ] as const) {
    const r = await cli(['windows', 'analyze', p(d, file)]);
    assert.equal(r.code, 2, file);
    assert.equal(r.out, '', file);
    assert.match(r.err, said);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});

// ---- JSON for every outcome ----

test('--json: early failures still print one JSON report (scan unreachable → 3, unreadable cert → 2, bad option → 2)', async () => {
  const port = await closedPort();
  const cases: Array<[string[], number, string, RegExp]> = [
    [['scan', `127.0.0.1:${port}`, '--json', '--timeout', '500'], 3, 'unreachable', /^UNREACHABLE$/],
    [['cert', p(d, 'missing.pem'), '--json'], 2, 'error', /^INPUT_NOT_FOUND$/],
    [['cert', p(d, 'leaf.pem'), '--json', '--warn-days', 'x'], 2, 'error', /^USAGE$/],
    [['capture', p(d, 'leaf.pem'), '--json'], 2, 'error', /^(INPUT|PARSE)_/],
    [['windows', 'analyze', '--bogus', 'x', '--json'], 2, 'error', /^USAGE$/],
  ];
  for (const [argv, code, status, errorCode] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, code, `${argv.join(' ')}: ${r.err}`);
    const doc = JSON.parse(r.out) as {
      verdict: { status: string };
      error: { code: string };
      command: string;
    };
    assert.ok(validate(doc), JSON.stringify(validate.errors));
    assert.equal(doc.command, argv[0] === 'windows' ? `windows-${argv[1]}` : argv[0]);
    assert.equal(doc.verdict.status, status);
    assert.match(doc.error.code, errorCode);
  }
});

// ---- options before arguments, repeatable ----

test('options before positional arguments: --ca and --key take one file each', async () => {
  const r = await cli([
    'cert',
    '--ca',
    p(d, 'root.pem'),
    '--key',
    p(d, 'leaf.key'),
    p(d, 'leaf.pem'),
    p(d, 'inter.pem'),
    '--no-system-store',
    '--json',
  ]);
  const doc = JSON.parse(r.out) as { target: string; data: { keys: Array<{ matches: string[] }> } };
  assert.equal(doc.target.split(' ').length, 3, doc.target);
  assert.ok(
    doc.target.includes('leaf.pem') && doc.target.includes('inter.pem') && !doc.target.includes('root.pem'),
  );
  assert.equal(doc.data.keys[0]!.matches.length, 1);
  const c = await cli(['capture', '--ca', p(d, 'root.pem'), join(FIX, 'capture/lab-curl.pcapng'), '--json']);
  assert.equal((JSON.parse(c.out) as { target: string }).target.endsWith('lab-curl.pcapng'), true, c.err);
});

// ---- stdin ----

test('- reads stdin: cert, capture, windows analyze and explain, named "stdin" in the report', async () => {
  const pem = readFileSync(p(d, 'leaf.pem'), 'utf8') + readFileSync(p(d, 'inter.pem'), 'utf8');
  const cert = await cli(['cert', '-', '--ca', p(d, 'root.pem'), '--no-system-store', '--json'], {
    stdin: pem,
  });
  const certDoc = JSON.parse(cert.out) as { target: string; data: { certificates: unknown[] } };
  assert.equal(certDoc.target, 'stdin');
  assert.equal(certDoc.data.certificates.length, 2);

  const pcap = readFileSync(join(FIX, 'capture/lab-curl.pcapng'));
  const fromFile = JSON.parse(
    (await cli(['capture', join(FIX, 'capture/lab-curl.pcapng'), '--json'])).out,
  ) as {
    data: unknown;
  };
  const cap = await cli(['capture', '-', '--json'], { stdin: pcap });
  const capDoc = JSON.parse(cap.out) as { target: string; data: unknown };
  assert.equal(capDoc.target, 'stdin');
  assert.deepEqual(capDoc.data, fromFile.data);
  assert.ok(!cap.out.includes('tlsdoctor-stdin-'), 'the temporary copy is never named');

  const netsh = readFileSync(join(FIX, 'windows/netsh-sslcert/de-de-utf16.out'));
  const win = await cli(['windows', 'analyze', '-', '--json'], { stdin: netsh });
  const winDoc = JSON.parse(win.out) as { data: { inputs: Array<{ origin: string; kind: string }> } };
  assert.deepEqual(
    winDoc.data.inputs.map((i) => [i.origin, i.kind]),
    [['stdin', 'netsh-sslcert']],
  );

  const line =
    'Dec 03 10:00:00 web nginx[1]: SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol)';
  for (const argv of [['explain', '-'], ['explain']]) {
    const r = await cli([...argv, '--json'], { stdin: line });
    const doc = JSON.parse(r.out) as { target: string; data: { matches: unknown[] } };
    assert.equal(r.code, 0, r.err);
    assert.equal(doc.target, 'stdin');
    assert.ok(doc.data.matches.length > 0);
  }
});

// ---- --html first ----

test('--html to a folder that does not exist fails before any work', async () => {
  const port = await closedPort();
  const r = await cli(['scan', `127.0.0.1:${port}`, '--html', p(d, 'no/such/folder/r.html')]);
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /^tlsdoctor: cannot write the HTML report to .*r\.html: the folder .* does not exist\n$/,
  );
});

// ---- -q, colours, width ----

test('-q means the same in every command: nothing on stdout when nothing is wrong, the exit code says it', async () => {
  const healthy = await cli([
    'cert',
    p(d, 'leaf.pem'),
    p(d, 'inter.pem'),
    '--ca',
    p(d, 'root.pem'),
    '--no-system-store',
    '-q',
  ]);
  assert.equal(healthy.code, 0, healthy.out);
  assert.equal(healthy.out, '');
  const problem = await cli(['cert', p(d, 'leaf.pem'), '--no-system-store', '-q']);
  assert.equal(problem.code, 1);
  assert.match(problem.out, /^✘/);
});

test('colour: off for TERM=dumb, NO_COLOR and --no-color even on a terminal', () => {
  const io = (env: Record<string, string>): CliIO => ({
    stdout: { write: () => true, isTTY: true },
    stderr: { write: () => true },
    env,
  });
  assert.equal(colorWanted(io({})), true);
  assert.equal(colorWanted(io({ TERM: 'dumb' })), false);
  assert.equal(colorWanted(io({ NO_COLOR: '1' })), false);
  assert.equal(colorWanted(io({}), { color: false }), false);
});

test('text wraps at --width, but never inside a URL', async () => {
  const url =
    'https://learn.microsoft.com/windows-server/administration/windows-commands/certutil#-repairstore';
  const lines = wrap(`See ${url} for the command.`, 40);
  assert.ok(lines.includes(url), lines.join('\n'));
  const r = await cli(['explain', '0x80090016', '--width', '60']);
  for (const l of r.out.trimEnd().split('\n')) assert.ok(l.length <= 60 || /https?:\/\//.test(l), l);
});

// ---- Ctrl-C ----

test('an interrupt erases the progress line', () => {
  const writes: string[] = [];
  const stream = { isTTY: true, columns: 80, write: (s: string) => writes.push(s) };
  createProgress(stream, true, { intervalMs: 0 }).update('probing 127.0.0.1:443');
  clearProgress();
  assert.equal(writes.at(-1), CLEAR_LINE);
});

// ---- pipes ----

test('a reader that stops early (| head, | grep -q) ends the output quietly: no stack trace, the report’s exit code', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'explain', '--list', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  assert.equal(err, '');
  assert.equal(code, 0);
});

// ---- the command tlsdoctor prints ----

test('the commands tlsdoctor prints run as printed: `tlsdoctor` when it is on PATH, else node and the path', () => {
  const bin = join(d, 'other-bin');
  mkdirSync(bin, { recursive: true });
  const script = join(d, 'pkg/bin/tlsdoctor.js');
  mkdirSync(join(d, 'pkg/bin'), { recursive: true });
  writeFileSync(script, '');
  assert.equal(selfCommand(script, { PATH: '' }, join(d, 'pkg')), 'node bin/tlsdoctor.js');
  assert.equal(selfCommand(script, { PATH: '' }, join(d, 'elsewhere')), `node ${script}`);
  // npm link / npm i -g: a link on PATH to this very file
  const linked = join(d, 'linked');
  mkdirSync(linked, { recursive: true });
  symlinkSync(script, join(linked, 'tlsdoctor'));
  assert.equal(selfCommand(script, { PATH: `${bin}:${linked}` }, join(d, 'pkg')), 'tlsdoctor');
  // another program of that name first on PATH: this one is named by its path
  writeFileSync(join(bin, 'tlsdoctor'), '');
  assert.equal(selfCommand(script, { PATH: `${bin}:${linked}` }, join(d, 'pkg')), 'node bin/tlsdoctor.js');
});

// ---- passwords and Windows encodings ----

test('a password file and a PEM written by Windows PowerShell 5.1 (UTF-16LE with BOM) are read', async () => {
  writeFileSync(
    p(d, 'pw-utf16.txt'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${SECRET}\r\n`, 'utf16le')]),
  );
  const pfx = await cli([
    'cert',
    p(d, 'site.pfx'),
    '--password-file',
    p(d, 'pw-utf16.txt'),
    '--no-system-store',
    '--json',
  ]);
  assert.notEqual(pfx.code, 2, pfx.err);
  assert.ok(!pfx.out.includes(SECRET) && !pfx.err.includes(SECRET));
  const pem = readFileSync(p(d, 'leaf.pem'), 'utf8');
  writeFileSync(
    p(d, 'leaf-utf16.pem'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pem.replace(/\n/g, '\r\n'), 'utf16le')]),
  );
  const r = await cli(['cert', p(d, 'leaf-utf16.pem'), '--no-system-store', '--json']);
  assert.notEqual(r.code, 2, r.err);
  assert.equal((JSON.parse(r.out) as { data: { certificates: unknown[] } }).data.certificates.length, 1);
});

test('--password works but warns; with none given, a terminal is asked (and the answer never printed)', async () => {
  const warned = await cli(['cert', p(d, 'site.pfx'), '--password', SECRET, '--no-system-store', '--json']);
  assert.notEqual(warned.code, 2, warned.err);
  assert.match(warned.err, /warning: --password is visible to other users/);
  const asked: string[] = [];
  const prompted = await cli(['cert', p(d, 'site.pfx'), '--no-system-store', '--json'], {
    io: {
      promptSecret: async (q: string) => {
        asked.push(q);
        return SECRET;
      },
    },
  });
  assert.notEqual(prompted.code, 2, prompted.err);
  assert.equal(asked.length, 1);
  assert.match(asked[0]!, /site\.pfx: password: $/);
  assert.ok(!prompted.out.includes(SECRET));
  // no terminal: one line, exit 2
  const noTty = await cli(['cert', p(d, 'site.pfx'), '--no-system-store']);
  assert.equal(noTty.code, 2);
  assert.equal(noTty.err.trim().split('\n').length, 1);
});

// ---- what the user reads ----

test('findings and explain cite sources a user can open, never a file that is not shipped', async () => {
  const { RULES } = await import('../../src/diagnose/rules/index.js');
  const { CATALOGUE } = await import('../../src/knowledge/index.js');
  const cited = [
    ...RULES.flatMap((r) => r.meta.references.map((ref) => [r.meta.id, ref] as const)),
    ...CATALOGUE.flatMap((e) => e.references.map((ref) => [e.id, ref] as const)),
  ];
  assert.ok(cited.length > 100);
  for (const [id, ref] of cited) assert.doesNotMatch(ref, /reference\/windows\.md|shared\//, id);
  for (const { meta } of RULES) assert.equal(new Set(meta.references).size, meta.references.length, meta.id);
  for (const e of CATALOGUE) assert.equal(new Set(e.references).size, e.references.length, e.id);
  // Microsoft documentation is cited by its address, so that the HTML report can link it
  const urls = cited.filter(([, ref]) => /^https:\/\//.test(ref));
  assert.ok(urls.length >= 30, `${urls.length} cited by URL`);
});

test('windows collect writes to a folder in the home folder by default, not the current folder', async () => {
  const { defineWindows } = await import('../../src/cli/commands/windows.js');
  const { Command } = await import('commander');
  const home = join(d, 'home');
  mkdirSync(home, { recursive: true });
  const saved = process.env.HOME;
  process.env.HOME = home;
  let out = '';
  try {
    const ctx = {
      io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, env: {} },
      color: () => false,
      setExit: () => undefined,
    };
    const program = new Command('tlsdoctor').exitOverride();
    program.addCommand(
      defineWindows(ctx, {
        // every command fails: the folder and its manifest are still written
        runner: async () => ({ stdout: Buffer.alloc(0), stderr: Buffer.from('not found'), code: 1 }),
        readFile: async () => {
          throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        },
        platform: 'win32',
        now: () => new Date('2026-11-20T13:30:00Z'),
      }),
    );
    await program.parseAsync(['windows', 'collect'], { from: 'user' });
  } finally {
    process.env.HOME = saved;
  }
  const folder = join(home, 'tlsdoctor-windows-2026-11-20');
  assert.match(out, new RegExp(`items into ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.ok(readFileSync(join(folder, 'manifest.json'), 'utf8').length > 0);
});
