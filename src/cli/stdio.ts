// The process's own streams as the CLI's I/O seam (CliIO), for bin/tlsdoctor.js.
// A reader that stops early (`tlsdoctor … --json | head -1`, `| grep -q`) closes the pipe: the
// write fails with EPIPE, and the rest of the output is dropped quietly — the exit code is still
// the report's. Other write errors end the output the same way, with one line on stderr if it works.
import { createInterface } from 'node:readline';
import { isatty } from 'node:tty';
import { delimiter, join, relative, isAbsolute } from 'node:path';
import { realpathSync, statSync } from 'node:fs';
import type { CliIO, Readable, Writable } from './context.js';

function guarded(stream: NodeJS.WriteStream, fd: number): Writable {
  let broken = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    broken = true;
    if (e.code !== 'EPIPE' && fd === 1)
      process.stderr.write(`tlsdoctor: cannot write the output: ${e.message}\n`);
  });
  return {
    write(chunk: string): boolean {
      if (broken) return false;
      return stream.write(chunk);
    },
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
  };
}

/**
 * How a user runs this program: `tlsdoctor` when that name on PATH is this very file (npm link,
 * npm i -g), else `node <path to bin/tlsdoctor.js>` as typed from the current folder.
 */
export function selfCommand(
  script: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  if (!script) return 'tlsdoctor';
  let real: string;
  try {
    real = realpathSync(script);
  } catch {
    return 'tlsdoctor';
  }
  search: for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of process.platform === 'win32' ? ['tlsdoctor.cmd', 'tlsdoctor.ps1'] : ['tlsdoctor']) {
      const candidate = join(dir, name);
      try {
        if (!statSync(candidate).isFile()) continue;
        // npm's Windows shims are scripts that run the package's bin: same package, same program
        if (process.platform === 'win32' || realpathSync(candidate) === real) return 'tlsdoctor';
        // another tlsdoctor comes first on PATH: name this one by its path
        break search;
      } catch {
        // not there
      }
    }
  }
  const rel = relative(cwd, script);
  const path = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : script;
  return `node ${/[\s"'$`\\]/.test(path) ? JSON.stringify(path) : path}`;
}

/** Asks on the terminal (stderr) and reads one line from stdin with echo off. */
async function promptSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  const rl = createInterface({ input: stdin, output: process.stderr, terminal: true });
  // readline echoes what it reads through _writeToOutput: show nothing of the answer
  const rli = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stderr.write(question);
  rli._writeToOutput = () => undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      // readline holds the terminal in raw mode, so Ctrl-C arrives here rather than as a signal:
      // restore the terminal, then raise the signal so the process ends as any interrupt does (130)
      rl.once('SIGINT', () => {
        rl.close();
        process.stderr.write('\n');
        reject(Object.assign(new Error('interrupted'), { code: 'SIGINT' }));
        process.kill(process.pid, 'SIGINT');
      });
      rl.once('close', () => resolve(''));
    });
  } finally {
    rl.close();
    stdin.pause();
    process.stderr.write('\n');
  }
}

export function processIO(): CliIO {
  const env = process.env;
  const stdin: Readable = {
    get isTTY() {
      return isatty(0);
    },
    [Symbol.asyncIterator]() {
      return process.stdin[Symbol.asyncIterator]();
    },
  };
  let self: string | undefined;
  return {
    stdout: guarded(process.stdout, 1),
    stderr: guarded(process.stderr, 2),
    env,
    stdin,
    get self() {
      return (self ??= selfCommand(process.argv[1], env, process.cwd()));
    },
    ...(isatty(0) && isatty(2) ? { promptSecret } : {}),
  };
}
