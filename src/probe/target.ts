// Targets: `host`, `host:port`, `[v6]:port`, `https://host[:port]/path`, and name resolution.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { TlsDoctorError } from '../errors.js';

export interface Target {
  /** the host as the user gave it (name or IP literal, no brackets) */
  host: string;
  port: number;
  /** the name to send as SNI / check in the certificate; undefined for an IP literal */
  serverName: string | undefined;
  /** connect to this address instead of resolving `host` (--ip) */
  connectAddress?: string;
  /** plain-HTTP URL to try for the "does HTTP work at all" check */
  httpPort: number;
  /** the URL path, for the HTTP check */
  path: string;
  /** how the user wrote it */
  input: string;
}

export function parseTarget(input: string, opts: { defaultPort?: number } = {}): Target {
  const raw = input.trim();
  if (!raw)
    throw new TlsDoctorError('TARGET_INVALID', 'empty target: expected host, host:port or https://host');
  let host: string;
  let port: number | undefined;
  let path = '/';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new TlsDoctorError('TARGET_INVALID', `"${raw}" is not a valid URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      throw new TlsDoctorError(
        'TARGET_INVALID',
        `"${raw}": only https:// (or http://) URLs can be diagnosed`,
      );
    }
    host = u.hostname.replace(/^\[|\]$/g, '');
    port = u.port ? Number(u.port) : u.protocol === 'http:' ? 443 : 443;
    path = u.pathname + u.search || '/';
  } else {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
    if (v6) {
      host = v6[1]!;
      port = v6[2] ? Number(v6[2]) : undefined;
    } else if (isIP(raw) === 6) {
      host = raw;
    } else {
      const m = /^([^:/\s]+)(?::(\d+))?$/.exec(raw);
      if (!m) throw new TlsDoctorError('TARGET_INVALID', `"${raw}" is not a host, host:port or URL`);
      host = m[1]!;
      port = m[2] ? Number(m[2]) : undefined;
    }
  }
  port ??= opts.defaultPort ?? 443;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TlsDoctorError('TARGET_INVALID', `"${raw}": port must be 1–65535`);
  }
  if (
    isIP(host) === 0 &&
    !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(host)
  ) {
    throw new TlsDoctorError('TARGET_INVALID', `"${host}" is not a valid host name`);
  }
  return {
    host,
    port,
    serverName: isIP(host) ? undefined : host.replace(/\.$/, ''),
    httpPort: 80,
    path,
    input: raw,
  };
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every A/AAAA address of the target (or the --ip / literal address). Throws DNS_ERROR. */
export async function resolveTarget(t: Target): Promise<ResolvedAddress[]> {
  const literal = t.connectAddress ?? (isIP(t.host) ? t.host : undefined);
  if (literal) {
    const fam = isIP(literal);
    if (!fam) throw new TlsDoctorError('TARGET_INVALID', `--ip ${literal} is not an IP address`);
    return [{ address: literal, family: fam as 4 | 6 }];
  }
  try {
    const all = await lookup(t.host, { all: true, verbatim: true });
    const seen = new Set<string>();
    return all
      .filter((a) => !seen.has(a.address) && seen.add(a.address))
      .map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    throw new TlsDoctorError('DNS_ERROR', `${t.host}: name does not resolve (${code})`);
  }
}
