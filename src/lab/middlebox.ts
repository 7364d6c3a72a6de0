// A TCP proxy standing in for a firewall / DPI box that filters on SNI: it reads the ClientHello,
// and when its server_name is the blocked name it stops forwarding and holds the connection (the
// client sees a TCP connect and then silence); anything else — another name, no SNI, bytes it
// cannot parse — is forwarded both ways to the real server untouched.
import net from 'node:net';
import { TlsReader } from '../wire/tls-reader.js';
import { parseClientHello, type ClientHello } from '../wire/client-hello.js';
import { HandshakeType, HANDSHAKE_HEADER_LENGTH } from '../wire/constants.js';
import { LAB_HOST, debug } from './servers.js';
import type { ResourceGroup } from './servers.js';
import { oneLine } from '../errors.js';

/** how long the box waits for a complete ClientHello before giving up inspecting */
const SNIFF_TIMEOUT_MS = 5_000;
/**
 * A ClientHello may in theory be 2^24-1 bytes; real ones are under 2 KiB (8 KiB with post-quantum
 * key shares). Past this the box stops inspecting and forwards, so its memory stays bounded.
 */
export const MAX_SNIFFED_HELLO = 64 * 1024;
/** bytes buffered while sniffing: a maximal hello plus the record headers around it */
const MAX_SNIFF_BUFFER =
  MAX_SNIFFED_HELLO + 5 * Math.ceil(MAX_SNIFFED_HELLO / 2 ** 14) + HANDSHAKE_HEADER_LENGTH + 5;

/** Host names compare case-insensitively and without a trailing dot (RFC 6066 §3, RFC 4343). */
export function sameHostName(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\.$/, '').toLowerCase();
  return norm(a) === norm(b);
}

type Verdict = { forward: string } | { block: string } | undefined;

/**
 * What the box decides from the events of the client's first bytes: undefined while the hello is
 * incomplete. Whatever it cannot read as a ClientHello it forwards, as a real DPI box does.
 */
function judge(reader: TlsReader, chunk: Buffer, drop: HelloFilter, size: number): Verdict {
  let events;
  try {
    events = reader.push(chunk);
  } catch (e) {
    return { forward: `unparsable first bytes: ${oneLine(e)}` };
  }
  for (const ev of events) {
    if (ev.type === 'record') continue;
    if (ev.type !== 'handshake') return { forward: `first message is ${ev.type}` };
    if (ev.msgType !== HandshakeType.client_hello)
      return { forward: `first handshake message is type ${ev.msgType}` };
    let hello: ClientHello;
    try {
      hello = parseClientHello(ev.body, ev.offset + HANDSHAKE_HEADER_LENGTH);
    } catch (e) {
      return { forward: `malformed ClientHello: ${oneLine(e)}` };
    }
    const why = drop(hello, size);
    return why !== undefined ? { block: why } : { forward: `SNI ${hello.serverName ?? '(none)'}` };
  }
  return undefined;
}

/** What a box drops: a reason for a hello it holds, undefined for one it forwards. */
export type HelloFilter = (hello: ClientHello, bytes: number) => string | undefined;

export interface MiddleboxOptions {
  /** hellos naming this host (case-insensitive) are dropped */
  blockedName: string;
  /** the real server behind the box, on 127.0.0.1 */
  backendPort: number;
  /** how long a blocked connection is held open before the box drops it */
  holdMs: number;
}

export function startSniMiddlebox(group: ResourceGroup, opts: MiddleboxOptions): Promise<number> {
  return startHelloFilter(group, {
    ...opts,
    drop: (h) =>
      h.serverName !== undefined && sameHostName(h.serverName, opts.blockedName) ? h.serverName : undefined,
  });
}

/** TLS 1.3 in supported_versions (RFC 8446 §4.2.1): what a box that cannot inspect TLS 1.3 drops */
export const dropsTls13: HelloFilter = (h) =>
  h.supportedVersions?.includes(0x0304) ? 'offers TLS 1.3' : undefined;

/** a hello longer than one Ethernet segment's payload: a path that loses the second segment */
export const dropsLargeHellos: HelloFilter = (_h, bytes) =>
  bytes > 1400 ? `${bytes}-byte hello` : undefined;

/**
 * A TCP proxy standing in for a firewall / DPI box: it reads each ClientHello and holds the
 * connection (silence) when `drop` says so; everything else goes through to the real server.
 */
export async function startHelloFilter(
  group: ResourceGroup,
  opts: { backendPort: number; holdMs: number; drop: HelloFilter },
): Promise<number> {
  const server = net.createServer((client) => {
    let buffered: Buffer[] = [];
    let size = 0;
    let decided = false;
    const reader = new TlsReader({ maxHandshakeLength: MAX_SNIFFED_HELLO });
    client.setTimeout(SNIFF_TIMEOUT_MS, () => forward('no complete ClientHello in time'));

    const onData = (chunk: Buffer) => {
      buffered.push(chunk);
      size += chunk.length;
      const verdict = judge(reader, chunk, opts.drop, size);
      if (verdict === undefined) {
        if (size > MAX_SNIFF_BUFFER) forward('hello too large to inspect');
      } else if ('block' in verdict) hold(verdict.block);
      else forward(verdict.forward);
    };
    client.on('data', onData);

    function hold(why: string): void {
      if (decided) return;
      decided = true;
      debug('middlebox: holding hello (%s)', why);
      client.off('data', onData);
      buffered = [];
      client.on('data', () => {}); // keep reading and dropping: a black hole, not back-pressure
      client.setTimeout(opts.holdMs, () => client.destroy());
    }

    function forward(why: string): void {
      if (decided) return;
      decided = true;
      debug('middlebox: forwarding (%s)', why);
      client.off('data', onData);
      client.pause();
      client.setTimeout(0);
      const first = Buffer.concat(buffered, size);
      buffered = [];
      const upstream = group.socket(net.connect({ port: opts.backendPort, host: LAB_HOST }));
      upstream.once('connect', () => {
        if (first.length > 0) upstream.write(first);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      // either side failing or closing takes the other down (a box keeps no half-dead flows);
      // after a clean end, pipe() has already ended the client and its last bytes still flush
      upstream.once('close', () => {
        if (!client.writableEnded) client.destroy();
      });
      client.once('close', () => upstream.destroy());
    }
  });
  return group.listen(server);
}

/** How a delaying relay treats what the server sends back. */
export interface RelayTiming {
  /** hold the server's first bytes until this long after the client's first bytes (a late ServerHello) */
  delayMs?: number;
  /** forward this many of the server's bytes, then forward nothing more (a stall mid-handshake) */
  stallAfterBytes?: number;
  /** forward the server's bytes one at a time, this many ms apart (a trickle) */
  trickleMs?: number;
}

/**
 * A TCP relay in front of a real server that slows down the server's side of each connection as
 * `timing` says: a slow load balancer, an overloaded TLS terminator, a path that stalls. The client's
 * bytes go through at once; a stalled connection is dropped after holdMs.
 */
export async function startDelayRelay(
  group: ResourceGroup,
  opts: { backendPort: number; holdMs: number } & RelayTiming,
): Promise<number> {
  const server = net.createServer((client) => {
    client.setTimeout(opts.holdMs, () => client.destroy());
    const upstream = group.socket(net.connect({ port: opts.backendPort, host: LAB_HOST }));
    const queue: Buffer[] = [];
    let queued = 0;
    let forwarded = 0;
    let released = opts.delayMs === undefined;
    let pumping = false;
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, f: () => void) => {
      const t = setTimeout(() => {
        timers.delete(t);
        f();
      }, ms);
      timers.add(t);
    };
    const allowed = () =>
      opts.stallAfterBytes === undefined ? Infinity : Math.max(0, opts.stallAfterBytes - forwarded);
    const pump = (): void => {
      if (!released || pumping || client.destroyed) return;
      while (queue.length > 0 && allowed() > 0) {
        const head = queue[0]!;
        const n = Math.min(head.length, allowed(), opts.trickleMs !== undefined ? 1 : head.length);
        client.write(head.subarray(0, n));
        forwarded += n;
        queued -= n;
        if (n === head.length) queue.shift();
        else queue[0] = head.subarray(n);
        if (opts.trickleMs !== undefined) {
          pumping = true;
          later(opts.trickleMs, () => {
            pumping = false;
            pump();
          });
          return;
        }
      }
    };
    upstream.on('data', (chunk: Buffer) => {
      // bounded: a stalled connection keeps at most 1 MiB of the server's bytes
      if (queued + chunk.length > 1024 * 1024) {
        client.destroy();
        return;
      }
      queue.push(chunk);
      queued += chunk.length;
      pump();
    });
    client.on('data', (chunk: Buffer) => {
      if (!released && timers.size === 0)
        later(opts.delayMs!, () => {
          released = true;
          pump();
        });
      upstream.write(chunk);
    });
    const close = () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      client.destroy();
      upstream.destroy();
    };
    upstream.once('close', () => {
      // the server's last bytes still go out when nothing holds them back
      if (queue.length === 0) close();
      else client.once('drain', close);
    });
    client.once('close', close);
  });
  return group.listen(server);
}
