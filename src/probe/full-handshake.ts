// A full handshake with Node's own TLS stack, with the widest settings it allows, to get the
// certificate chain, Node's verification verdict, ALPN, OCSP staple and session tickets.
import type { FullHandshakeResult } from '../model/observations/probe.js';
import {
  checkServerIdentity,
  connect,
  type ConnectionOptions,
  type PeerCertificate,
  type DetailedPeerCertificate,
  type TLSSocket,
} from 'node:tls';
import { performance } from 'node:perf_hooks';
import { outcomeFromError } from './outcome.js';

export interface FullHandshakeOptions {
  address: string;
  port: number;
  serverName?: string;
  timeoutMs: number;
  alpn?: string[];
  /** restrict versions, e.g. to pull a TLS 1.2 chain */
  maxVersion?: 'TLSv1.3' | 'TLSv1.2' | 'TLSv1.1' | 'TLSv1';
}

export function fullHandshake(opts: FullHandshakeOptions): Promise<FullHandshakeResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let ocsp = false;
    let ticket = false;
    const done = (
      r: Omit<FullHandshakeResult, 'durationMs' | 'address' | 'port' | 'ocspStapled' | 'sessionTicket'>,
    ): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({
        ...r,
        address: opts.address,
        port: opts.port,
        ...(opts.serverName ? { serverName: opts.serverName } : {}),
        ocspStapled: ocsp,
        sessionTicket: ticket,
        durationMs: Math.round((performance.now() - t0) * 100) / 100,
      });
    };
    const options: ConnectionOptions & { requestOCSP: boolean } = {
      host: opts.address,
      port: opts.port,
      ...(opts.serverName ? { servername: opts.serverName } : {}),
      minVersion: 'TLSv1',
      ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
      ciphers: 'ALL:@SECLEVEL=0',
      rejectUnauthorized: false,
      requestOCSP: true,
      ALPNProtocols: opts.alpn ?? ['h2', 'http/1.1'],
      // No trust anchors on purpose: OpenSSL then cannot append store certificates to the peer
      // chain, so `chain` is exactly what the server sent. Trust is judged by src/x509.
      ca: [],
      checkServerIdentity: () => undefined,
    };
    const socket: TLSSocket = connect(options);
    socket.on('OCSPResponse', (resp: Buffer) => {
      if (resp && resp.length > 0) ocsp = true;
    });
    socket.on('session', () => {
      ticket = true;
    });
    const timer = setTimeout(
      () =>
        done({
          ok: false,
          chain: [],
          error: `no completed handshake within ${opts.timeoutMs} ms`,
          errorCode: 'ETIMEDOUT',
        }),
      opts.timeoutMs,
    );
    let secured: ((late?: NodeJS.ErrnoException) => void) | undefined;
    socket.once('secureConnect', () => {
      const chain = chainOf(socket.getPeerCertificate(true));
      const cipher = socket.getCipher();
      const protocol = socket.getProtocol() ?? undefined;
      let hostnameError: string | undefined;
      if (opts.serverName && chain.length > 0) {
        const leaf = socket.getPeerCertificate(false);
        const err = checkIdentity(opts.serverName, leaf);
        if (err) hostnameError = err;
      }
      const alpn = socket.alpnProtocol || undefined;
      // Give TLS 1.3 session tickets and OCSP a moment: tickets arrive right after the handshake.
      const finish = (late?: NodeJS.ErrnoException): void =>
        done({
          // TLS 1.3: the client finishes first; a server that then refuses (e.g. alert 116
          // certificate_required) does so right after — that is a failed handshake too
          ok: !late,
          ...(late ? { error: cleanOpenSslMessage(late.message), errorCode: late.code ?? 'ERROR' } : {}),
          ...(protocol ? { protocol } : {}),
          cipher: { name: cipher.name, standardName: cipher.standardName, version: cipher.version },
          ...(alpn ? { alpn } : {}),
          chain,
          ...(hostnameError ? { hostnameError } : {}),
        });
      secured = finish;
      if (protocol === 'TLSv1.3' && !ticket) {
        // wait about one round trip (half the handshake time, 30–500 ms) for tickets or a late alert
        const wait = Math.min(500, Math.max(30, (performance.now() - t0) / 2));
        socket.once('session', () => setImmediate(() => finish()));
        setTimeout(() => finish(), wait).unref();
      } else finish();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (secured) return secured(err);
      const mapped = outcomeFromError(err);
      done({
        ok: false,
        chain: [],
        error: mapped?.error ?? cleanOpenSslMessage(err.message),
        errorCode: err.code ?? mapped?.status ?? 'ERROR',
      });
    });
    socket.once('close', () =>
      secured
        ? secured(undefined)
        : done({
            ok: false,
            chain: [],
            error: 'connection closed during the handshake',
            errorCode: 'ECONNRESET',
          }),
    );
  });
}

function checkIdentity(name: string, leaf: PeerCertificate): string | undefined {
  const err = checkServerIdentity(name, leaf);
  return err ? err.message : undefined;
}

function chainOf(leaf: DetailedPeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = leaf;
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(c.raw.toString('base64'));
    c = c.issuerCertificate;
  }
  return out;
}

/**
 * OpenSSL's error strings carry its build paths and line numbers
 * ("…:ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n"): keep the reason, one line.
 */
export function cleanOpenSslMessage(msg: string): string {
  const line = msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return line
    .replace(/:[^\s:]*\/[^\s:]+\.c:\d+:/g, ':')
    .replace(/\s+/g, ' ')
    .trim();
}
