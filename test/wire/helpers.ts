// Shared helpers for the wire tests: throwaway certificates, loopback servers that record what a
// client sends, and raw-socket exchanges. Everything binds to 127.0.0.1 port 0 and is closed by the test.
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { ParseError } from '../../src/errors.js';
import { TlsReader } from '../../src/wire/index.js';
import type { WireEvent } from '../../src/wire/index.js';

export interface TestCert {
  dir: string;
  keyPath: string;
  certPath: string;
  key: Buffer;
  cert: Buffer;
  der: Buffer;
  cleanup(): void;
}

/** A self-signed RSA certificate made by openssl into a temp dir (as the brief prescribes). */
export function makeCert(kind: 'rsa' | 'ec' = 'rsa'): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-wire-'));
  const keyPath = join(dir, 'k.pem');
  const certPath = join(dir, 'c.pem');
  const newkey =
    kind === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...newkey,
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(certPath);
  return {
    dir,
    keyPath,
    certPath,
    key: readFileSync(keyPath),
    cert,
    der: Buffer.from(new X509Certificate(cert).raw),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a TCP server on 127.0.0.1:0 that records the first bytes a client sends (until a whole
 * TLS record — or SSLv2 record — is in) and then closes; runs `client(port)` and returns the bytes.
 */
export async function captureClientHello(
  client: (port: number) => Promise<unknown> | ChildProcess,
  timeoutMs = 8000,
): Promise<Buffer> {
  let resolveBytes!: (b: Buffer) => void;
  const got = new Promise<Buffer>((res) => (resolveBytes = res));
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 5) {
        const want = 5 + buf.readUInt16BE(3);
        if (buf.length >= want) {
          resolveBytes(buf.subarray(0, want));
          sock.destroy();
        }
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as net.AddressInfo).port;
  const timer = setTimeout(() => resolveBytes(Buffer.alloc(0)), timeoutMs);
  let child: ChildProcess | undefined;
  try {
    const c = client(port);
    if (c && typeof (c as ChildProcess).kill === 'function') child = c as ChildProcess;
    else void Promise.resolve(c).catch(() => undefined);
    const bytes = await got;
    if (bytes.length === 0) throw new Error('no ClientHello captured before the deadline');
    return bytes;
  } finally {
    clearTimeout(timer);
    if (child && child.exitCode === null) child.kill();
    await new Promise<void>((res) => server.close(() => res()));
  }
}

/** Runs a command with stdin closed (so s_client does not wait for input); resolves on exit, never rejects. */
export function run(cmd: string, args: string[]): ChildProcess {
  const c = execFile(cmd, args, { timeout: 10000 }, () => undefined);
  c.stdin?.end();
  return c;
}

export interface Exchange {
  events: WireEvent[];
  bytes: Buffer;
  error?: ParseError;
}

/**
 * Connects to 127.0.0.1:port, sends `hello`, feeds every byte the server sends through a TlsReader
 * until `done(events)` says enough, the server closes, or the deadline passes.
 */
export async function exchange(
  port: number,
  hello: Buffer,
  done: (events: WireEvent[]) => boolean,
  timeoutMs = 5000,
): Promise<Exchange> {
  const reader = new TlsReader();
  const events: WireEvent[] = [];
  const chunks: Buffer[] = [];
  return new Promise<Exchange>((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let finished = false;
    const finish = (error?: ParseError): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ events, bytes: Buffer.concat(chunks), ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    sock.on('connect', () => sock.write(hello));
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      try {
        events.push(...reader.push(d));
      } catch (e) {
        events.push(...reader.eventsBeforeError);
        finish(e as ParseError);
        return;
      }
      if (done(events)) finish();
    });
    sock.on('error', () => finish());
    sock.on('close', () => finish());
  });
}

/** Starts `openssl s_server` on a free loopback port and waits until it accepts connections. */
export async function startOpensslServer(
  args: string[],
): Promise<{ port: number; stop: () => Promise<void> }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      'openssl',
      ['s_server', '-accept', `127.0.0.1:${port}`, '-naccept', '50', '-quiet', ...args],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ok = await waitForPort(port, child, 5000);
    const stop = async (): Promise<void> => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((res) => child.once('exit', () => res()));
        child.kill();
        await exited;
      }
    };
    if (ok) return { port, stop };
    await stop();
    if (!/in use/i.test(stderr)) throw new Error(`openssl s_server did not start: ${stderr.trim()}`);
  }
  throw new Error('openssl s_server: no free port');
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const ok = await new Promise<boolean>((res) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.on('connect', () => {
        s.destroy();
        res(true);
      });
      s.on('error', () => res(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
