// Real clients for the lab's tests: node:tls, raw TCP, `openssl s_client`, curl. Loopback only.
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { TlsReader } from '../../src/wire/tls-reader.js';
import { HandshakeType } from '../../src/wire/constants.js';

export type TlsAttempt =
  | {
      ok: true;
      protocol: string | null;
      cipher: string;
      authorized: boolean;
      authorizationError: string | null;
      peer: tls.PeerCertificate;
      /** the verified path as the client built it (leaf first, up to the trust anchor): CN and validity */
      path: Array<{ cn: string; validFrom: Date; validTo: Date }>;
    }
  | { ok: false; code: string; message: string; secureConnected: boolean }
  | { ok: false; code: 'TIMEOUT'; message: string; secureConnected: boolean; bytesReceived: number };

/**
 * One node:tls handshake. rejectUnauthorized is false unless given, so chain errors are read from
 * authorizationError instead of aborting. In TLS 1.3 a server may reject the client *after* the
 * client's handshake completed (certificate_required): wait `settleMs` for such an alert.
 */
export function tlsAttempt(
  opts: tls.ConnectionOptions & { settleMs?: number; timeoutMs?: number },
): Promise<TlsAttempt> {
  const { settleMs = 0, timeoutMs = 5000, ...connect } = opts;
  return new Promise((resolve) => {
    let secureConnected = false;
    let done = false;
    const finish = (r: TlsAttempt) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const socket = tls.connect({ rejectUnauthorized: false, ...connect });
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          code: 'TIMEOUT',
          message: `no answer in ${timeoutMs} ms`,
          secureConnected,
          bytesReceived: socket.bytesRead,
        }),
      timeoutMs,
    );
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish({ ok: false, code: e.code ?? 'UNKNOWN', message: e.message, secureConnected }),
    );
    socket.on('secureConnect', () => {
      secureConnected = true;
      const success = (): TlsAttempt => {
        return {
          ok: true,
          protocol: socket.getProtocol(),
          cipher: socket.getCipher().name,
          authorized: socket.authorized,
          authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
          peer: socket.getPeerCertificate(),
          path: pathOf(socket.getPeerCertificate(true)),
        };
      };
      if (settleMs === 0) finish(success());
      else {
        const r = success();
        socket.resume();
        setTimeout(() => finish(r), settleMs);
      }
    });
  });
}

function pathOf(leaf: tls.DetailedPeerCertificate): Array<{ cn: string; validFrom: Date; validTo: Date }> {
  const out: Array<{ cn: string; validFrom: Date; validTo: Date }> = [];
  const seen = new Set<string>();
  for (
    let c: tls.DetailedPeerCertificate | undefined = leaf;
    c?.fingerprint256 && !seen.has(c.fingerprint256);
    c = c.issuerCertificate
  ) {
    seen.add(c.fingerprint256);
    out.push({
      cn: String(c.subject?.CN ?? ''),
      validFrom: new Date(c.valid_from),
      validTo: new Date(c.valid_to),
    });
  }
  return out;
}

export interface RawResult {
  bytes: Buffer;
  /** how the connection ended within the wait: FIN, RST, still open, or another error code */
  ending: 'fin' | 'reset' | 'open' | string;
  ms: number;
}

/** Connects, writes `payload`, collects what comes back for at most waitMs. */
export function rawExchange(
  port: number,
  payload: Buffer | Buffer[],
  waitMs: number,
  host = '127.0.0.1',
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const t0 = performance.now();
    let done = false;
    const finish = (ending: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), ending, ms: performance.now() - t0 });
    };
    const socket = net.connect({ port, host });
    const timer = setTimeout(() => finish('open'), waitMs);
    socket.on('connect', () => {
      for (const p of Array.isArray(payload) ? payload : [payload]) socket.write(p);
    });
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => finish('fin'));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') {
        done = true;
        clearTimeout(timer);
        reject(e);
        return;
      }
      finish(e.code === 'ECONNRESET' ? 'reset' : (e.code ?? 'error'));
    });
  });
}

/**
 * A real ClientHello as Node's TLS client sends it: a throwaway server on 127.0.0.1:0 records the
 * client's bytes until the TlsReader has seen one complete handshake message, then both close.
 */
export async function captureClientHello(opts: tls.ConnectionOptions = {}): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      server.on('connection', (s) => {
        const reader = new TlsReader();
        const chunks: Buffer[] = [];
        s.on('data', (d) => {
          chunks.push(d);
          try {
            if (
              reader.push(d).some((e) => e.type === 'handshake' && e.msgType === HandshakeType.client_hello)
            ) {
              resolve(Buffer.concat(chunks));
              s.destroy();
            }
          } catch (e) {
            reject(e);
          }
        });
        s.on('error', () => {});
      });
      const c = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, ...opts });
      c.on('error', () => {});
      setTimeout(() => reject(new Error('no ClientHello captured in 3 s')), 3000).unref();
    });
  } finally {
    server.close();
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command asynchronously (the lab lives in this process: a synchronous spawn would deadlock it). */
export function run(cmd: string, args: string[], timeoutMs = 8000): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        const exit = (err as { code?: unknown } | null)?.code;
        const code = err ? (typeof exit === 'number' ? exit : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    child.stdin?.end();
  });
}

/** `openssl s_client` against 127.0.0.1:port with stdin closed (handshake, then quit). */
export function sClient(port: number, args: string[]): Promise<Run> {
  return run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args]);
}

/** curl to https://name:port/ resolved to 127.0.0.1 (never DNS, never a proxy). */
export function curlHttps(name: string, port: number, args: string[]): Promise<Run> {
  return run('curl', [
    '-sS',
    '--max-time',
    '5',
    '--noproxy',
    '*',
    '--resolve',
    `${name}:${port}:127.0.0.1`,
    ...args,
    `https://${name}:${port}/`,
  ]);
}

export function httpGet(
  port: number,
  path = '/',
  host = '127.0.0.1',
): Promise<{ status: number; body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, timeout: 3000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          type: String(res.headers['content-type']),
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('HTTP timeout')));
    req.on('error', reject);
  });
}
