// What the exporter may probe: `--allow HOST|CIDR[:PORTS]` entries (and the `allow` list of its
// config file). Everything else is refused before any connection, and some addresses always are,
// whatever the list says: link-local (169.254.0.0/16, fe80::/10: where cloud instance metadata
// lives, e.g. AWS IMDS 169.254.169.254 and its IPv6 fd00:ec2::254), the unspecified network and the
// metadata names clouds resolve internally, so the exporter cannot be made an open scanner or a
// way into a metadata service.
// Sources: AWS "Access instance metadata" (IMDS 169.254.169.254, [fd00:ec2::254]); Google Cloud
// "About VM metadata" (metadata.google.internal); Azure IMDS (169.254.169.254); Alibaba Cloud ECS
// metadata (100.100.100.200); RFC 3927 (IPv4 link-local), RFC 4291 §2.5.6 (IPv6 link-local).
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { TlsDoctorError } from '../errors.js';
import { parseTarget } from '../probe/target.js';

export interface AllowEntry {
  /** as written */
  text: string;
  /** a host name (lower case; `*.` prefix: any name below it) or undefined for a network */
  name?: string;
  /** the network, for an address or CIDR entry */
  net?: { address: string; prefix: number; family: 'ipv4' | 'ipv6' };
  /** allowed ports; undefined: any */
  ports?: Array<[number, number]>;
}

const DENY = new BlockList();
DENY.addSubnet('169.254.0.0', 16, 'ipv4');
DENY.addSubnet('0.0.0.0', 8, 'ipv4');
DENY.addAddress('100.100.100.200', 'ipv4');
DENY.addSubnet('fe80::', 10, 'ipv6');
DENY.addAddress('fd00:ec2::254', 'ipv6');
DENY.addAddress('::', 'ipv6');

const DENY_NAMES = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
];

function portsOf(text: string, where: string): Array<[number, number]> {
  return text.split(',').map((p) => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p.trim());
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] ? Number(m[2]) : lo;
    if (!m || lo < 1 || hi > 65535 || hi < lo)
      throw new TlsDoctorError('USAGE', `${where}: "${p}" is not a port or port range (1-65535)`);
    return [lo, hi];
  });
}

/** One allow entry: `127.0.0.1`, `10.1.0.0/16:443,8443`, `[2001:db8::/32]:443`, `shop.example`, `*.example:443`. */
export function parseAllow(text: string, where = '--allow'): AllowEntry {
  const t = text.trim();
  if (t === '') throw new TlsDoctorError('USAGE', `${where}: empty entry`);
  let host = t;
  let ports: Array<[number, number]> | undefined;
  const v6 = /^\[([^\]]+)\](?::(.+))?$/.exec(t);
  if (v6) {
    host = v6[1]!;
    if (v6[2]) ports = portsOf(v6[2], where);
  } else if ((t.match(/:/g) ?? []).length === 1) {
    const i = t.indexOf(':');
    host = t.slice(0, i);
    ports = portsOf(t.slice(i + 1), where);
  }
  const slash = host.indexOf('/');
  const address = slash < 0 ? host : host.slice(0, slash);
  const family = isIP(address);
  if (family) {
    const max = family === 4 ? 32 : 128;
    const prefix = slash < 0 ? max : Number(host.slice(slash + 1));
    if (
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > max ||
      !/^\d+$/.test(slash < 0 ? String(max) : host.slice(slash + 1))
    )
      throw new TlsDoctorError('USAGE', `${where}: "${host}" has no valid prefix length (0-${max})`);
    return {
      text: t,
      net: { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' },
      ...(ports ? { ports } : {}),
    };
  }
  if (slash >= 0)
    throw new TlsDoctorError('USAGE', `${where}: "${host}" is not an IP network (address/prefix)`);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!/^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(name))
    throw new TlsDoctorError('USAGE', `${where}: "${host}" is not a host name, address or CIDR network`);
  return { text: t, name, ...(ports ? { ports } : {}) };
}

/** an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is its IPv4 address */
function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return { address: m[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function alwaysDenied(address: string): boolean {
  const a = plain(address);
  return DENY.check(a.address, a.family);
}

const portOk = (e: AllowEntry, port: number): boolean =>
  !e.ports || e.ports.some(([lo, hi]) => port >= lo && port <= hi);

function inNet(e: AllowEntry, address: string): boolean {
  if (!e.net) return false;
  const a = plain(address);
  // an IPv6 network never allows an IPv4 address (BlockList would match it as ::ffff:a.b.c.d)
  if (a.family !== e.net.family) return false;
  const list = new BlockList();
  list.addSubnet(e.net.address, e.net.prefix, e.net.family);
  return list.check(a.address, a.family);
}

function nameMatches(e: AllowEntry, name: string): boolean {
  if (!e.name) return false;
  return e.name.startsWith('*.')
    ? name.endsWith(e.name.slice(1)) && name.length > e.name.length - 1
    : name === e.name;
}

export type AllowDecision =
  | {
      allowed: true;
      host: string;
      port: number;
      /** the address to connect to: checked, and pinned */ address: string;
    }
  | { allowed: false; status: 400 | 403; reason: string };

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Whether `target` may be probed. A name is resolved (a DNS query, no connection to the target) and
 * every address it has must pass: never an always-denied address, and either the name or every
 * address allowed by an entry. The address returned is the one to connect to, so a second
 * resolution cannot point the probe elsewhere.
 */
export async function checkAllowed(
  target: string,
  entries: readonly AllowEntry[],
  resolve: Resolver = systemResolver,
): Promise<AllowDecision> {
  let host: string;
  let port: number;
  try {
    const t = parseTarget(target);
    host = t.host.toLowerCase().replace(/\.$/, '');
    port = t.port;
  } catch (e) {
    return { allowed: false, status: 400, reason: (e as Error).message };
  }
  const refuse = (why: string): AllowDecision => ({
    allowed: false,
    status: 403,
    reason: `${host}:${port}: ${why}`,
  });
  if (isIP(host)) {
    if (alwaysDenied(host)) return refuse('link-local and metadata addresses are never probed');
    return entries.some((e) => inNet(e, host) && portOk(e, port))
      ? { allowed: true, host, port, address: plain(host).address }
      : refuse('not allowed by --allow');
  }
  if (DENY_NAMES.includes(host)) return refuse('cloud metadata names are never probed');
  const byName = entries.some((e) => nameMatches(e, host) && portOk(e, port));
  const nets = entries.filter((e) => e.net && portOk(e, port));
  if (!byName && nets.length === 0) return refuse('not allowed by --allow');
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return refuse('the name does not resolve');
  }
  if (addresses.length === 0) return refuse('the name does not resolve');
  if (addresses.some(alwaysDenied)) return refuse('the name resolves to a link-local or metadata address');
  if (!byName && !addresses.every((a) => nets.some((e) => inNet(e, a))))
    return refuse('not allowed by --allow (the name resolves outside the allowed networks)');
  return { allowed: true, host, port, address: plain(addresses[0]!).address };
}

/**
 * Whether `target` may be probed at the address `ip` (as `diagnose --ip`: the connection goes to
 * `ip`, the target's name is only sent, in SNI and the Host header). The address decides: an
 * address entry must allow it with the target's port, and it is never an always-denied address.
 */
export function checkAllowedAt(target: string, ip: string, entries: readonly AllowEntry[]): AllowDecision {
  let host: string;
  let port: number;
  try {
    const t = parseTarget(target);
    host = t.host.toLowerCase().replace(/\.$/, '');
    port = t.port;
  } catch (e) {
    return { allowed: false, status: 400, reason: (e as Error).message };
  }
  const address = ip.replace(/^\[(.*)\]$/, '$1');
  if (!isIP(address)) return { allowed: false, status: 400, reason: `ip ${ip}: not an IP address` };
  const refuse = (why: string): AllowDecision => ({
    allowed: false,
    status: 403,
    reason: `${host}:${port} at ${address}: ${why}`,
  });
  if (alwaysDenied(address)) return refuse('link-local and metadata addresses are never probed');
  return entries.some((e) => inNet(e, address) && portOk(e, port))
    ? { allowed: true, host, port, address: plain(address).address }
    : refuse('the address is not allowed by --allow');
}
