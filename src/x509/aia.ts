// --fetch-aia: download the issuer certificate named by an Authority Information Access caIssuers
// URL (RFC 5280 4.2.2.1: a DER certificate, or a "certs-only" CMS/PKCS#7 .p7c). Only with the
// user's explicit option; bounded in time and size. The URL comes from a certificate nobody has
// verified yet, so it is not trusted: redirects are followed only on the same host, and private,
// loopback, link-local (cloud metadata) and other non-public addresses are refused unless the user
// allows them — checked on the address actually connected to, so a name that resolves to an
// internal address is refused too.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { TlsDoctorError, oneLine } from '../errors.js';
import { loadBuffer, type LoadedCertificate } from './load.js';

const MAX_AIA_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface AiaFetchOptions {
  timeoutMs?: number;
  /** also fetch from private, loopback, link-local and other non-public addresses */
  allowPrivate?: boolean;
}

export interface AiaFetchResult {
  certificates: LoadedCertificate[];
  /** the URL the certificate came from (differs from the AIA URL after a same-host redirect) */
  fetchedFrom: string;
  /** the address connected to */
  address: string;
}

/** Addresses that are not on the public Internet (RFC 6890 special-purpose registries). */
const NON_PUBLIC = (() => {
  const b = new BlockList();
  for (const [net, bits] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    b.addSubnet(net, bits, 'ipv4');
  for (const [net, bits] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b:1::', 48],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const)
    b.addSubnet(net, bits, 'ipv6');
  return b;
})();

export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return NON_PUBLIC.check(mapped[1]!, 'ipv4');
    return NON_PUBLIC.check(address, 'ipv6');
  }
  return true; // not an address at all: refuse
}

function refusedAddress(url: string, address: string): TlsDoctorError {
  return new TlsDoctorError(
    'UNREACHABLE',
    `AIA URL ${url}: not fetched — ${address} is a private, loopback or link-local address (allow it with --fetch-aia-private)`,
  );
}

export async function fetchAiaCertificates(url: string, opts: AiaFetchOptions = {}): Promise<AiaFetchResult> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TlsDoctorError('INPUT_FORMAT', `AIA URL "${url}" is not a URL`);
  }
  const host = u.hostname;
  const signal = AbortSignal.timeout(timeoutMs);
  for (let hop = 0; ; hop++) {
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new TlsDoctorError('INPUT_FORMAT', `AIA URL ${url}: only http and https are fetched`);
    const { res, address } = await get(u, url, opts.allowPrivate === true, signal);
    const status = res.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status)) {
      res.resume();
      const location = res.headers.location;
      if (!location)
        throw new TlsDoctorError('UNREACHABLE', `AIA URL ${url}: HTTP ${status} without a Location`);
      let next: URL;
      try {
        next = new URL(location, u);
      } catch {
        throw new TlsDoctorError('UNREACHABLE', `AIA URL ${url}: HTTP ${status} to an invalid Location`);
      }
      if (next.hostname !== host)
        throw new TlsDoctorError(
          'UNREACHABLE',
          `AIA URL ${url}: redirects to another host (${next.host}); not followed`,
        );
      if (hop + 1 > MAX_REDIRECTS)
        throw new TlsDoctorError('UNREACHABLE', `AIA URL ${url}: more than ${MAX_REDIRECTS} redirects`);
      u = next;
      continue;
    }
    if (status < 200 || status > 299) {
      res.resume();
      throw new TlsDoctorError('UNREACHABLE', `AIA URL ${url}: HTTP ${status}`);
    }
    const declared = Number(res.headers['content-length'] ?? '0');
    if (declared > MAX_AIA_BYTES) {
      res.destroy();
      throw new TlsDoctorError('INPUT_TOO_LARGE', `AIA URL ${url}: ${declared} bytes is not a certificate`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > MAX_AIA_BYTES) {
          res.destroy();
          throw new TlsDoctorError('INPUT_TOO_LARGE', `AIA URL ${url}: more than ${MAX_AIA_BYTES} bytes`);
        }
        chunks.push(chunk);
      }
    } catch (e) {
      if (e instanceof TlsDoctorError) throw e;
      throw new TlsDoctorError('UNREACHABLE', `AIA URL ${url}: ${oneLine(e)}`);
    }
    return {
      certificates: loadBuffer(Buffer.concat(chunks), url).certificates,
      fetchedFrom: u.href,
      address,
    };
  }
}

function get(
  u: URL,
  url: string,
  allowPrivate: boolean,
  signal: AbortSignal,
): Promise<{ res: IncomingMessage; address: string }> {
  const literal = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) !== 0 && !allowPrivate && isNonPublicAddress(literal))
    return Promise.reject(refusedAddress(url, literal));
  // the address the connection will use is checked in the resolver, so a public-looking name that
  // resolves to an internal address is refused before any connection
  const lookup = (
    hostname: string,
    options: LookupOptions,
    cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '');
      const ok = allowPrivate ? addresses : addresses.filter((a) => !isNonPublicAddress(a.address));
      if (ok.length === 0) return cb(refusedAddress(url, addresses[0]?.address ?? hostname), '');
      if (options.all) cb(null, ok);
      else cb(null, ok[0]!.address, ok[0]!.family);
    });
  };
  return new Promise((resolve, reject) => {
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      { method: 'GET', signal, lookup: lookup as never, headers: { 'user-agent': 'tlsdoctor' } },
      (res) => resolve({ res, address: res.socket.remoteAddress ?? literal }),
    );
    req.on('error', (e) => {
      if (e instanceof TlsDoctorError) return reject(e);
      const cause = (e as { cause?: unknown }).cause;
      if (cause instanceof TlsDoctorError) return reject(cause);
      const msg = e.name === 'AbortError' ? 'no answer in time' : oneLine(e);
      reject(new TlsDoctorError('UNREACHABLE', `AIA URL ${url}: ${msg}`));
    });
    req.end();
  });
}
