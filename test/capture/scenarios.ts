// One real capture session with every handshake kind the capture module must explain: local
// servers on 127.0.0.1 port 0, real clients (node:tls, openssl s_client), dumpcap on lo.
import tls from 'node:tls';
import net from 'node:net';
import { join } from 'node:path';
import { listenLocal, makeCert, run, socketTracker, startCapture } from './helpers.js';

export interface LiveCapture {
  file: string;
  ports: { good: number; tls12: number; silent: number; reset: number; http: number };
  /** client ports in the order the scenarios ran, by scenario name */
  clients: Record<string, number>;
}

export const SCENARIOS = [
  'ok-tls13',
  'ok-tls12',
  'version-mismatch',
  'no-common-suite',
  'silent',
  'reset',
  'cert-rejected-tls12',
  'http',
  'cert-rejected-tls13',
] as const;

/** a server that resets the connection when the client's first bytes (its ClientHello) come */
export function resetServer(track: (s: net.Socket) => void): net.Server {
  return net.createServer((s) => {
    track(s);
    s.once('data', () => s.resetAndDestroy());
  });
}

/** plain HTTP on the port a TLS client uses: a 400 answer to the ClientHello, then a close */
export function plainHttpServer(track: (s: net.Socket) => void): net.Server {
  return net.createServer((s) => {
    track(s);
    s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
}

function nodeClient(
  port: number,
  opts: tls.ConnectionOptions,
  mode: 'talk' | 'wait' = 'talk',
): Promise<number> {
  return new Promise((resolve) => {
    let localPort = 0;
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...opts });
    s.on('connect', () => (localPort = s.localPort ?? 0));
    const done = (): void => {
      clearTimeout(t);
      s.destroy();
      resolve(localPort);
    };
    const t = setTimeout(done, mode === 'wait' ? 400 : 3000);
    s.on('secureConnect', () => s.write('ping\n'));
    s.on('data', () => s.end());
    s.on('close', done);
    s.on('error', () => done());
  });
}

async function opensslClient(port: number, args: string[]): Promise<number> {
  const r = await run(
    'openssl',
    ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', ...args],
    5000,
    'Q\n',
  );
  // the client port is not printed reliably; the tests find connections by server port and order
  void r;
  return 0;
}

export async function makeLiveCapture(dir: string): Promise<LiveCapture> {
  const { key, cert } = makeCert(dir);
  const sockets = socketTracker();
  const track = sockets.track;
  const good = tls.createServer({ key, cert, minVersion: 'TLSv1.2' }, (s) => {
    s.on('data', () => s.end('pong\n'));
  });
  good.on('connection', track);
  good.on('tlsClientError', () => undefined);
  const tls12 = tls.createServer(
    { key, cert, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
    (s) => {
      s.on('data', () => s.end('pong\n'));
    },
  );
  tls12.on('connection', track);
  tls12.on('tlsClientError', () => undefined);
  const silent = net.createServer((s) => track(s));
  const reset = resetServer(track);
  const http = plainHttpServer(track);
  const servers = [good, tls12, silent, reset, http];
  const ports = {
    good: await listenLocal(good),
    tls12: await listenLocal(tls12),
    silent: await listenLocal(silent),
    reset: await listenLocal(reset),
    http: await listenLocal(http),
  };
  const file = join(dir, 'live.pcapng');
  const cap = await startCapture(file, Object.values(ports));
  const clients: Record<string, number> = {};
  try {
    clients['ok-tls13'] = await nodeClient(ports.good, {});
    clients['ok-tls12'] = await nodeClient(ports.tls12, {});
    clients['version-mismatch'] = await opensslClient(ports.tls12, [
      '-tls1_1',
      '-cipher',
      'DEFAULT@SECLEVEL=0',
    ]);
    clients['no-common-suite'] = await nodeClient(ports.tls12, {
      maxVersion: 'TLSv1.2',
      ciphers: 'AES256-SHA',
    });
    clients['silent'] = await nodeClient(ports.silent, {}, 'wait');
    clients['reset'] = await nodeClient(ports.reset, {});
    clients['cert-rejected-tls12'] = await opensslClient(ports.good, ['-tls1_2', '-verify_return_error']);
    clients['http'] = await nodeClient(ports.http, {});
    clients['cert-rejected-tls13'] = await opensslClient(ports.good, ['-tls1_3', '-verify_return_error']);
  } finally {
    await cap.stop();
    sockets.destroyAll();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
  return { file, ports, clients };
}
