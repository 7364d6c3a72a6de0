// The lab's building blocks: servers bound to 127.0.0.1 on port 0 whose every socket is tracked,
// so stop() closes the listener and each connection at once, and nothing a client sends (garbage,
// half a record, a flood) can crash them or make them hold more than a bounded amount of memory.
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import type tls from 'node:tls';
import { debuglog } from 'node:util';
import { ByteWriter } from '../wire/byte-writer.js';

export const debug = debuglog('tlsdoctor-lab');

/** Only loopback, always: the lab must never be reachable from another machine. */
export const LAB_HOST = '127.0.0.1';
/** per listener; Node closes connections accepted beyond it at once, so a flood cannot exhaust the lab */
const MAX_CONNECTIONS = 256;
/** a TLS handshake that has not finished by then is dropped (Node's default is 120 s) */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The servers and sockets of one scenario; stop() closes all of them. */
export class ResourceGroup {
  /** each listening server with a promise of its 'close' event */
  private readonly servers = new Map<net.Server, Promise<void>>();
  private readonly sockets = new Set<net.Socket>();
  private stopped = false;

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Tracks a socket until it closes; a late socket after stop() is destroyed at once. */
  socket(s: net.Socket): net.Socket {
    // Errors on a lab socket (ECONNRESET from a client that gave up, EPIPE) are the client's doing:
    // never an uncaught exception in the lab.
    s.on('error', (e) => debug('socket error: %s', e.message));
    if (this.stopped) {
      s.destroy();
      return s;
    }
    this.sockets.add(s);
    s.once('close', () => this.sockets.delete(s));
    return s;
  }

  /** Listens on 127.0.0.1:0 and tracks every connection; resolves with the port. */
  async listen(server: net.Server): Promise<number> {
    if (this.stopped) throw new Error('lab scenario already stopped');
    server.maxConnections = MAX_CONNECTIONS;
    server.on('connection', (s: net.Socket) => this.socket(s));
    server.on('error', (e) => debug('server error: %s', e.message));
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      server.once('error', onError);
      server.listen({ port: 0, host: LAB_HOST, exclusive: true }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    this.servers.set(server, new Promise<void>((resolve) => server.once('close', () => resolve())));
    const addr = server.address();
    if (this.stopped) server.close(); // stop() ran while we were binding
    if (addr === null || typeof addr === 'string') throw new Error('lab server has no TCP address');
    return addr.port;
  }

  /** Synchronous part of stopping: destroy every socket, stop listening (safe to call twice). */
  stopNow(): void {
    this.stopped = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    for (const srv of this.servers.keys()) {
      if (srv.listening) srv.close();
    }
  }

  /** Stops everything and resolves once every listener has closed. */
  async stop(): Promise<void> {
    const closed = [...this.servers.values()];
    this.stopNow();
    await Promise.all(closed);
  }
}

/** What the lab's web servers say, over HTTPS or plain HTTP. */
export type Routes = Record<string, { type: string; body: Buffer | string }>;

function handler(label: string, routes: Routes = {}): http.RequestListener {
  return (req, res) => {
    req.resume(); // a request body is read and dropped
    const route = routes[req.url ?? '/'];
    if (route) {
      res.writeHead(200, {
        'content-type': route.type,
        'content-length': Buffer.byteLength(route.body),
        connection: 'close',
      });
      res.end(route.body);
      return;
    }
    const body = `tlsdoctor lab: ${label}\n`;
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    res.end(body);
  };
}

/** A real HTTPS site (node:tls under node:https) with the given TLS options. */
export async function startHttps(
  group: ResourceGroup,
  label: string,
  options: tls.TlsOptions,
): Promise<number> {
  const server = https.createServer(
    { handshakeTimeout: HANDSHAKE_TIMEOUT_MS, ...options },
    handler(`${label} (HTTPS)`),
  );
  // a failed handshake is what most scenarios are for: an event, never an exception
  server.on('tlsClientError', (e: Error) => debug('%s: tlsClientError %s', label, e.message));
  return group.listen(server);
}

/** A plain-HTTP site (also what http-on-tls-port puts on its "TLS" port). */
export async function startHttp(group: ResourceGroup, label: string, routes?: Routes): Promise<number> {
  const server = http.createServer(handler(`${label} (plain HTTP)`, routes));
  // no 'clientError' listener: Node answers bytes that are not HTTP (a ClientHello) with
  // "HTTP/1.1 400 Bad Request" and closes, as a real web server on the wrong port does
  return group.listen(server);
}

/**
 * How a raw scenario answers the first bytes a client sends; 'ssh-banner' greets every connection
 * first, as an SSH server does (RFC 4253 §4.2), then answers nothing the client sends.
 */
export type FirstBytesBehaviour = 'silent' | 'reset' | 'close' | 'alert-handshake-failure' | 'ssh-banner';

/** RFC 4253 §4.2: "SSH-protoversion-softwareversion SP comments CR LF" */
export const SSH_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n';

/**
 * RFC 8446 §6 / RFC 5246 §7.2: `struct { AlertLevel level; AlertDescription description; } Alert;`
 * in an alert record (content type 21). fatal(2), handshake_failure(40). Record version 3,3 as
 * TLS 1.2 servers send before a version is agreed.
 */
export function fatalAlertRecord(description: number, recordVersion = 0x0303): Buffer {
  return new ByteWriter()
    .u8(21)
    .u16(recordVersion)
    .vector(2, (w) => w.u8(2).u8(description))
    .toBuffer();
}

/**
 * A TCP server that accepts, reads what the client sends first and then misbehaves. Incoming bytes
 * are read and dropped (never buffered), and a connection idle for holdMs is closed.
 */
export async function startRaw(
  group: ResourceGroup,
  label: string,
  behaviour: FirstBytesBehaviour,
  holdMs: number,
): Promise<number> {
  const server = net.createServer({ pauseOnConnect: false }, (socket) => {
    socket.setTimeout(holdMs, () => socket.destroy());
    if (behaviour === 'ssh-banner') socket.write(SSH_BANNER);
    let answered = false;
    socket.on('data', () => {
      if (answered) return;
      answered = true;
      debug('%s: first bytes from %s:%d → %s', label, socket.remoteAddress, socket.remotePort, behaviour);
      switch (behaviour) {
        case 'silent':
        case 'ssh-banner':
          break; // the missing ServerHello: keep reading, never write
        case 'reset':
          socket.resetAndDestroy(); // SO_LINGER 0 → RST
          break;
        case 'close':
          socket.end(); // FIN, nothing else
          socket.setTimeout(1000, () => socket.destroy());
          break;
        case 'alert-handshake-failure':
          socket.end(fatalAlertRecord(40));
          socket.setTimeout(1000, () => socket.destroy());
          break;
      }
    });
  });
  return group.listen(server);
}
