// What bin/tlsdoctor.js runs: `--version` at once; every other command from the program bundle
// (dist/tlsdoctor.cjs), compiled with the V8 code cache a previous run of the same command left.
//
// Most of a command's start-up is compiling the JavaScript it runs (docs/benchmarks.md, start-up).
// V8 can serialise the code it compiled and accept it back for the same source
// (https://v8.dev/blog/code-caching-for-devs); Node 22 does this for every module
// (`module.enableCompileCache()`), Node 20 only through node:vm with `cachedData`. So the program is
// one CommonJS script, compiled here with the cache of the command being run; after the command
// the cache is written when there was none or V8 rejected it (another Node, another build).
//
// Where: $TLSDOCTOR_COMPILE_CACHE, else $XDG_CACHE_HOME/tlsdoctor, ~/.cache/tlsdoctor
// (%LOCALAPPDATA%\tlsdoctor\cache on Windows). Code from a cache file runs as the user's own, so
// on POSIX a directory is used only when it belongs to the user and no one else may write to it.
// TLSDOCTOR_DISABLE_COMPILE_CACHE=1 turns it off. A cache that cannot be read or written is
// ignored: the command runs the same, only its start is slower.
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

interface Program {
  main(argv: string[], io: unknown): Promise<number>;
  processIO(): unknown;
  clearProgress(): void;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const BUNDLE = join(HERE, 'tlsdoctor.cjs');
/** commands with a cache of their own, as in src/cli/commands/index.ts; anything else shares one */
export const CACHED_COMMANDS: ReadonlySet<string> = new Set([
  'diagnose',
  'scan',
  'cert',
  'capture',
  'windows',
  'explain',
  'diff',
  'history',
  'fleet',
  'serve',
  'demo',
]);
/** a cache file larger than this is not read (the largest command's is about 2 MB) */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(HERE, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** the cache's name for the arguments: the command word, `help` for help */
function cacheName(argv: string[]): string {
  const word = argv.find((a) => !a.startsWith('-'));
  if (word === undefined || word === 'help') return 'help';
  return CACHED_COMMANDS.has(word) ? word : 'other';
}

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.TLSDOCTOR_DISABLE_COMPILE_CACHE) return undefined;
  if (env.TLSDOCTOR_COMPILE_CACHE) return env.TLSDOCTOR_COMPILE_CACHE;
  if (process.platform === 'win32')
    return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'tlsdoctor', 'cache') : undefined;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'tlsdoctor');
}

/** on POSIX: the directory is the user's and only the user may write to it */
function safeDir(dir: string): boolean {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  try {
    const st = statSync(dir);
    return st.isDirectory() && st.uid === process.getuid() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Runs the command the arguments name; resolves to its exit code. */
export async function launch(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  let source: string;
  let st: { size: number; mtimeMs: number };
  try {
    // ASCII only (scripts/bundle.mjs): read as Latin-1, without decoding UTF-8
    source = readFileSync(BUNDLE, 'latin1');
    st = statSync(BUNDLE);
  } catch (e) {
    process.stderr.write(
      `tlsdoctor: cannot start: ${BUNDLE}: ${(e as Error).message} (npm run build makes it)\n`,
    );
    return 2;
  }
  const dir = cacheDir(process.env);
  const name = cacheName(argv);
  // a new build, Node or architecture gets a new file; V8 checks its own version and flags too
  const key = `${name}-${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}-${process.version}-${process.arch}`;
  const file = dir ? join(dir, `${key}.v8cache`) : undefined;
  let cached: Buffer | undefined;
  if (file && safeDir(dir!)) {
    try {
      if (statSync(file).size <= MAX_CACHE_BYTES) cached = readFileSync(file);
    } catch {
      cached = undefined;
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    ...(cached ? { cachedData: cached } : {}),
  });
  const wrapper = script.runInThisContext() as (
    e: object,
    r: NodeJS.Require,
    m: { exports: object },
    f: string,
    d: string,
  ) => void;
  const mod = { exports: {} };
  wrapper.call(mod.exports, mod.exports, createRequire(BUNDLE), mod, BUNDLE, HERE);
  const program = mod.exports as Program;

  // Ctrl-C: erase the progress line, then exit through 'exit' so the lab and temp files are
  // cleaned up by their exit hooks.
  process.once('SIGINT', () => {
    program.clearProgress();
    process.exit(130);
  });
  const code = await program.main(argv, program.processIO());
  if (file && (!cached || script.cachedDataRejected)) save(dir!, file, name, script);
  return code;
}

function save(dir: string, file: string, name: string, script: Script): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!safeDir(dir)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
    // the same command's caches for other builds or Nodes, written over a week ago, are stale
    const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
    for (const f of readdirSync(dir)) {
      const other = join(dir, f);
      if (
        f.startsWith(`${name}-`) &&
        f.endsWith('.v8cache') &&
        other !== file &&
        statSync(other).mtimeMs < weekAgo
      )
        unlinkSync(other);
    }
  } catch {
    // no cache this time: the next run compiles again
  }
}
