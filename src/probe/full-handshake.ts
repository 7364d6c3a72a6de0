// A full handshake with Node's own TLS stack, with the widest settings it allows, to get the
// certificate chain, Node's verification verdict, ALPN, OCSP staple and session tickets.
import type { FullHandshakeResult, TlsRequestResult } from '../model/observations/probe.js';
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
  /**
   * after the handshake, send one request (HTTP/1.1 GET of this path with this Host, or the h2
   * preface when h2 is negotiated) and wait up to `timeoutMs` for the answer
   */
  request?: { host: string; path: string; timeoutMs?: number };
}

/** How much of a response is read: the status line, headers and the start of the body. */
const MAX_RESPONSE_BYTES = 16 * 1024;
const BODY_EXCERPT_CHARS = 300;
/** RFC 9113 §3.4: the client connection preface, then a SETTINGS frame (here empty) */
const H2_PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]),
]);

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
    let timer = setTimeout(
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
      /** the secured handshake's result; `late`: a refusal after it, `request`: the answer to the GET */
      const securedResult = (late?: NodeJS.ErrnoException, request?: TlsRequestResult): void =>
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
          ...(request ? { request } : {}),
        });
      const finish = (late?: NodeJS.ErrnoException): void => securedResult(late);
      secured = finish;
      if (opts.request) {
        // the server reads the client's Finished before the request: a refusal of the handshake
        // (TLS 1.3 alert 116) arrives before any answer, whatever the machine's load
        clearTimeout(timer);
        const t1 = performance.now();
        const req = opts.request;
        let request: TlsRequestResult | undefined;
        const settle = ({ complete: _, ...r }: ReturnType<typeof responseOf>): void => {
          if (request) return;
          request = {
            ...r,
            protocol: alpn === 'h2' ? 'h2' : 'http/1.1',
            durationMs: Math.round(performance.now() - t1),
          };
          finishWith(request);
        };
        const finishWith = (r: TlsRequestResult, late?: NodeJS.ErrnoException): void =>
          securedResult(late, r);
        secured = (late) => {
          if (late) finishWith({ status: 'closed', protocol: alpn === 'h2' ? 'h2' : 'http/1.1' }, late);
          else settle(responseOf(received, alpn === 'h2', true));
        };
        timer = setTimeout(() => settle({ status: 'timeout' }), req.timeoutMs ?? opts.timeoutMs);
        let received = Buffer.alloc(0);
        socket.on('data', (d: Buffer) => {
          if (received.length < MAX_RESPONSE_BYTES)
            received = Buffer.concat([received, d]).subarray(0, MAX_RESPONSE_BYTES);
          const r = responseOf(received, alpn === 'h2', received.length >= MAX_RESPONSE_BYTES);
          if (r.status === 'ok' && (alpn === 'h2' || r.complete)) settle(r);
        });
        socket.write(
          alpn === 'h2'
            ? H2_PREFACE
            : `GET ${req.path} HTTP/1.1\r\nHost: ${req.host}\r\nUser-Agent: tlsdoctor\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
        );
        return;
      }
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

/**
 * What came back for the request so far: for h2 a SETTINGS frame (RFC 9113 §3.4: the server's
 * preface); for HTTP/1.1 the status line (RFC 9112 §4), the Server header and the start of the body.
 * `complete` once the body is in (Content-Length reached) or nothing more will come (`ended`).
 */
function responseOf(
  buf: Buffer,
  h2: boolean,
  ended: boolean,
): Omit<TlsRequestResult, 'protocol' | 'durationMs'> & { complete?: boolean } {
  if (h2) {
    if (buf.length >= 9 && buf[3] === 4) return { status: 'ok', complete: true };
    return { status: buf.length ? 'not-http' : 'closed' };
  }
  const text = buf.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?\r\n/.exec(text);
  if (!status) {
    if (ended) return { status: buf.length ? 'not-http' : 'closed' };
    return { status: buf.length >= 12 && !text.startsWith('HTTP/') ? 'not-http' : 'closed' };
  }
  if (headEnd < 0 && !ended) return { status: 'closed' };
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const body = headEnd < 0 ? '' : text.slice(headEnd + 4);
  const header = (name: string): string | undefined =>
    new RegExp(`\\r\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(head)?.[1]?.trim();
  const length = Number(header('content-length'));
  const complete = ended || (Number.isFinite(length) && Buffer.byteLength(body, 'latin1') >= length);
  const server = header('server');
  const words = body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const iis = /\b403\.(\d{1,2})\b/.exec(words);
  return {
    status: 'ok',
    complete,
    httpStatus: Number(status[1]),
    ...(status[2] ? { reason: status[2].replace(/[^\x20-\x7e]/g, '').slice(0, 80) } : {}),
    ...(server ? { server: server.replace(/[^\x20-\x7e]/g, '').slice(0, 120) } : {}),
    ...(iis ? { iisSubstatus: `403.${iis[1]}` } : {}),
    ...(words ? { bodyExcerpt: words.slice(0, BODY_EXCERPT_CHARS) } : {}),
  };
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
