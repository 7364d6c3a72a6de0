// Real local servers for the probe tests, each stopped by the test that starts it.
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Running {
  port: number;
  stop(): Promise<void>;
}

export interface TestPki {
  dir: string;
  keyPem: string;
  certPem: string;
  keyFile: string;
  certFile: string;
  cleanup(): void;
}

/** A self-signed RSA certificate for localhost, made by openssl. */
export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-probe-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
    ],
    { stdio: 'ignore' },
  );
  return {
    dir,
    keyFile,
    certFile,
    keyPem: execFileSync('cat', [keyFile]).toString(),
    certPem: execFileSync('cat', [certFile]).toString(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function trackSockets(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

export async function startNodeTls(opts: TlsOptions): Promise<Running> {
  const server = createTlsServer(opts, (s) => {
    s.on('error', () => undefined);
    s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  });
  server.on('tlsClientError', () => undefined);
  const stop = trackSockets(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, stop };
}

/** A raw TCP responder: the handler sees every connection (hostile servers, replayed answers). */
export async function startRaw(onConnection: (s: Socket) => void): Promise<Running> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createNetServer((s) => {
    s.on('error', () => undefined);
    onConnection(s);
  });
  const stop = trackSockets(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await stop();
    },
  };
}

/** A free port (bind 0, read, close) for programs that need a number up front. */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, what: string, ms = 10000): Promise<void> {
  const { connect } = await import('node:net');
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((r) => {
      const c = connect({ host: '127.0.0.1', port }, () => {
        c.destroy();
        r(true);
      });
      c.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() - t0 > ms) throw new Error(`${what} did not listen on ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `openssl s_server` with extra arguments (e.g. ['-tls1_2', '-cipher', 'AES128-SHA']). */
export async function startOpenSslServer(pki: TestPki, args: string[]): Promise<Running> {
  const port = await freePort();
  const child = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-key',
      pki.keyFile,
      '-cert',
      pki.certFile,
      '-naccept',
      '100000',
      '-quiet',
      ...args,
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  await waitForPort(port, child, 'openssl s_server');
  return { port, stop: () => stopChild(child) };
}

export function hasBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function nginxBinary(): string | undefined {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    try {
      execFileSync(p, ['-v'], { stdio: 'ignore' });
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/** nginx from Debian's package, with an ssl server block; `sslConf` holds ssl_protocols / ssl_ciphers lines. */
export async function startNginx(pki: TestPki, sslConf: string): Promise<Running & { conf: string }> {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx is not installed (scripts/install-system-deps.sh installs it)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-nginx-'));
  const conf = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${pki.certFile};
    ssl_certificate_key ${pki.keyFile};
    ${sslConf}
    location / { return 200 "ok\\n"; }
  }
}`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = spawn(bin, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  await waitForPort(port, child, 'nginx');
  return {
    port,
    conf,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The suites OpenSSL itself says a cipher string enables, as IANA codes (`openssl ciphers -V`). */
/** `which`: 'tls13' for the TLS 1.3 suites, 'legacy' for the TLS ≤ 1.2 ones, in OpenSSL's order. */
export function opensslCipherCodes(
  cipherString: string,
  which: 'tls13' | 'legacy',
  extraArgs: string[] = [],
): number[] {
  const out = execFileSync('openssl', ['ciphers', '-V', ...extraArgs, cipherString]).toString();
  const codes: number[] = [];
  for (const line of out.split('\n')) {
    const m = /0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+\S+\s+(\S+)/i.exec(line);
    if (m && (m[3] === 'TLSv1.3') === (which === 'tls13')) codes.push(parseInt(m[1]! + m[2]!, 16));
  }
  return codes;
}
