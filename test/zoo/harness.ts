// The zoo's process handling: free loopback ports, real server programs started in the foreground
// in their own process group (killed as a group at the end, also when a test fails), a network
// namespace for programs that cannot be told to listen on 127.0.0.1 only, and running the
// tlsdoctor CLI and the reference scanners asynchronously.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}bin/tlsdoctor.js`;

/** A free TCP port on 127.0.0.1 (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs `cmd` inside a network namespace the zoo made (nsenter), or directly. */
export function inNamespace(ns: Namespace | undefined, cmd: string, args: string[]): [string, string[]] {
  return ns ? ['nsenter', ['-t', String(ns.pid), '-n', '--', cmd, ...args]] : [cmd, args];
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** what the program wrote (bounded), for the failure message */
  output(): string;
  stop(): Promise<void>;
}

const MAX_OUTPUT = 64 * 1024;

/** process groups still running: killed when the test process ends however it ends */
const live = new Set<number>();
const killLive = (): void => {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
};
process.once('exit', killLive);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    killLive();
    process.exit(130);
  });

/** Starts a program in its own process group; its output is kept (bounded) for error messages. */
export function startProc(name: string, cmd: string, args: string[], o: { cwd?: string } = {}): Proc {
  const child = spawn(cmd, args, {
    cwd: o.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  let out = '';
  const keep = (b: Buffer): void => {
    if (out.length < MAX_OUTPUT) out += b.toString('utf8').slice(0, MAX_OUTPUT - out.length);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('error', (e) => keep(Buffer.from(`spawn error: ${e.message}\n`)));
  if (child.pid) live.add(child.pid);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
  });
  return {
    name,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
      if (child.pid) live.delete(child.pid);
    },
  };
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s: Socket = connect({ host: '127.0.0.1', port });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Waits until `port` accepts TCP (or, in a namespace, until the program prints `ready`). */
export async function waitReady(
  p: Proc,
  port: number,
  o: { ready?: RegExp; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null || p.child.signalCode !== null)
      throw new Error(
        `${p.name} exited (${p.child.exitCode ?? p.child.signalCode}) before listening:\n${p.output()}`,
      );
    if (o.ready ? o.ready.test(p.output()) : await tryConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${p.name} did not listen on port ${port} within ${o.timeoutMs ?? 30_000} ms:\n${p.output()}`,
  );
}

export interface Namespace {
  pid: number;
  stop(): Promise<void>;
}

/** A network namespace of its own (only its loopback, brought up), held open by a sleeping shell. */
export async function makeNamespace(): Promise<Namespace> {
  const p = startProc('netns', 'unshare', [
    '-n',
    '--',
    'sh',
    '-c',
    'ip link set lo up && echo up && exec sleep 3600',
  ]);
  await waitReady(p, 0, { ready: /^up$/m, timeoutMs: 10_000 });
  return { pid: p.child.pid!, stop: () => p.stop() };
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/** Runs a program to its end (asynchronously: in-process relays keep running), with a deadline. */
export function runProgram(cmd: string, args: string[], timeoutMs: number): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', LC_ALL: 'C' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    const timer = setTimeout(() => {
      err += `\n(killed after ${timeoutMs} ms)`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), out, err, ms: Math.round(performance.now() - t0) });
    });
  });
}

/** Runs the tlsdoctor CLI (the built bundle), in the namespace when there is one. */
export function runCli(args: string[], ns?: Namespace, timeoutMs = 90_000): Promise<RunResult> {
  const [cmd, a] = inNamespace(ns, process.execPath, [CLI, ...args]);
  return runProgram(cmd, a, timeoutMs);
}

/**
 * A TCP relay on 127.0.0.1 that holds the server's first bytes back by `delayMs` (a slow
 * handshake: the ServerHello comes late), then passes everything through.
 */
export function delayingRelay(
  targetPort: number,
  delayMs: number,
): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    let first = true;
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.end();
    });
    client.pipe(upstream);
    upstream.on('data', (b: Buffer) => {
      if (first) {
        first = false;
        upstream.pause();
        setTimeout(() => {
          if (!client.destroyed) client.write(b);
          upstream.resume();
        }, delayMs).unref();
      } else if (!client.destroyed) client.write(b);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as { port: number }).port,
        stop: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
