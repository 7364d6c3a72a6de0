// The built command as users run it (bin/tlsdoctor.js → dist/launch.cjs → dist/tlsdoctor.cjs):
// the V8 code cache it keeps per command changes nothing but start-up time, is kept only in a
// directory that is the user's alone, survives a damaged file, and can be turned off. Needs the
// build (`npm run build`).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHED_COMMANDS } from '../../src/cli/launch.js';
import { COMMAND_ENTRIES } from '../../src/cli/commands/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'tlsdoctor.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'tlsdoctor-launch-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  out: string;
  err: string;
}
function run(args: string[], env: Record<string, string>, bin = BIN): Promise<Run> {
  return new Promise((resolve) => {
    const base = { ...process.env };
    delete base.TLSDOCTOR_COMPILE_CACHE;
    delete base.TLSDOCTOR_DISABLE_COMPILE_CACHE;
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...base, NO_COLOR: '1', ...env }, timeout: 60_000 },
      (e, out, err) => resolve({ code: e ? ((e as { code?: number }).code ?? -1) : 0, out, err }),
    );
  });
}
const caches = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : [];

test('a command leaves its code cache, and the next run takes it without changing a byte of output', async () => {
  const dir = join(work, 'cache-a');
  const first = await run(['explain', '0x80090016'], { TLSDOCTOR_COMPILE_CACHE: dir });
  assert.equal(first.code, 0);
  assert.match(first.out, /^0x80090016 NTE_BAD_KEYSET/);
  const files = caches(dir);
  assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
  assert.match(files[0]!, /^explain-.*-v\d+\.\d+\.\d+-[a-z0-9]+\.v8cache$/);
  const file = join(dir, files[0]!);
  if (process.platform !== 'win32') {
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  }
  const before = readFileSync(file);
  const second = await run(['explain', '0x80090016'], { TLSDOCTOR_COMPILE_CACHE: dir });
  assert.deepEqual(second, first);
  // accepted by V8: not written again
  assert.ok(readFileSync(file).equals(before));
  // another command has its own
  const other = await run(['explain', '--list'], { TLSDOCTOR_COMPILE_CACHE: dir });
  assert.equal(other.code, 0);
  assert.equal(caches(dir).length, 1, 'explain --list is the same command');
  const help = await run(['--help'], { TLSDOCTOR_COMPILE_CACHE: dir });
  assert.equal(help.code, 0);
  assert.deepEqual(
    caches(dir)
      .map((f) => f.split('-')[0])
      .sort(),
    ['explain', 'help'],
  );
});

test('a damaged cache file is refused by V8 and replaced; the command runs the same', async () => {
  const dir = join(work, 'cache-b');
  const clean = await run(['explain', '40'], { TLSDOCTOR_COMPILE_CACHE: dir });
  const [name] = caches(dir);
  assert.ok(name);
  const file = join(dir, name);
  const garbage = Buffer.alloc(statSync(file).size, 0x5a);
  writeFileSync(file, garbage);
  const damaged = await run(['explain', '40'], { TLSDOCTOR_COMPILE_CACHE: dir });
  assert.deepEqual(damaged, clean);
  assert.ok(!readFileSync(file).equals(garbage), 'the damaged file was written again');
  // a file cut short as well
  writeFileSync(file, Buffer.from('V8'));
  assert.deepEqual(await run(['explain', '40'], { TLSDOCTOR_COMPILE_CACHE: dir }), clean);
});

test(
  'a cache directory others may write to is neither read nor written',
  { skip: process.platform === 'win32' && 'POSIX modes' },
  async () => {
    const dir = join(work, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const r = await run(['explain', '40'], { TLSDOCTOR_COMPILE_CACHE: dir });
    assert.equal(r.code, 0);
    assert.match(r.out, /handshake_failure/);
    assert.deepEqual(caches(dir), []);
  },
);

test('TLSDOCTOR_DISABLE_COMPILE_CACHE turns it off; --version writes nothing', async () => {
  const dir = join(work, 'cache-c');
  const r = await run(['explain', '40'], {
    TLSDOCTOR_COMPILE_CACHE: dir,
    TLSDOCTOR_DISABLE_COMPILE_CACHE: '1',
  });
  assert.equal(r.code, 0);
  assert.deepEqual(caches(dir), []);
  const v = await run(['--version'], { TLSDOCTOR_COMPILE_CACHE: dir });
  assert.deepEqual(v, { code: 0, out: `${VERSION}\n`, err: '' });
  assert.deepEqual(caches(dir), []);
});

test('a missing program bundle is one line and exit code 2, not a stack trace', async () => {
  const copy = join(work, 'broken');
  mkdirSync(join(copy, 'bin'), { recursive: true });
  mkdirSync(join(copy, 'dist'));
  copyFileSync(BIN, join(copy, 'bin', 'tlsdoctor.js'));
  copyFileSync(join(ROOT, 'bin', 'package.json'), join(copy, 'bin', 'package.json'));
  copyFileSync(join(ROOT, 'dist', 'launch.cjs'), join(copy, 'dist', 'launch.cjs'));
  const r = await run(
    ['explain', '40'],
    { TLSDOCTOR_DISABLE_COMPILE_CACHE: '1' },
    join(copy, 'bin', 'tlsdoctor.js'),
  );
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^tlsdoctor: cannot start: .*tlsdoctor\.cjs: .*\(npm run build makes it\)\n$/);
});

test('every command has a cache of its own: the launcher knows the command table', () => {
  assert.deepEqual([...CACHED_COMMANDS].sort(), COMMAND_ENTRIES.map((c) => c.name).sort());
});
