// Host name ↔ certificate matching as browsers do it (RFC 6125 §6.4, CA/B Forum BR 3.2.2.6):
// SAN dNSName / iPAddress only when a SAN exists (no CN fallback), wildcards only as the whole
// left-most label and one label deep, IP addresses only against iPAddress entries.
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export interface HostMatch {
  matched: boolean;
  /** the SAN entry that matched */
  by?: string;
  /** the host as compared (lower case, A-label, no trailing dot) */
  host: string;
  isIp: boolean;
}

export function normalizeHost(host: string): string {
  let h = host.trim().replace(/\.$/, '');
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (isIP(h)) return h.toLowerCase();
  const ascii = domainToASCII(h);
  return (ascii || h).toLowerCase();
}

function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  // expand :: and drop leading zeros so 2001:db8::1 equals 2001:0db8:0:0:0:0:0:1
  const [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail !== undefined ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((p) => p.replace(/^0+(?=.)/, '')).join(':');
}

export function dnsNameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (p === host) return true;
  if (!p.startsWith('*.')) return false;
  const rest = p.slice(2);
  // '*.' must cover exactly one label, and never a bare TLD ('*.com')
  if (!rest.includes('.')) return false;
  const dot = host.indexOf('.');
  if (dot <= 0) return false;
  return host.slice(dot + 1) === rest;
}

export function matchHost(
  hostIn: string,
  san: { dns: string[]; ip: string[] } | null,
  commonNames: string[],
): HostMatch {
  const host = normalizeHost(hostIn);
  const ip = isIP(host) !== 0;
  if (san) {
    if (ip) {
      const hit = san.ip.find((a) => canonicalIp(a) === canonicalIp(host));
      return { matched: hit !== undefined, ...(hit ? { by: `IP:${hit}` } : {}), host, isIp: true };
    }
    const hit = san.dns.find((d) => dnsNameMatches(d, host));
    return { matched: hit !== undefined, ...(hit ? { by: `DNS:${hit}` } : {}), host, isIp: false };
  }
  // no SAN: only legacy clients fall back to the CN (reported by cert.cn-only)
  const hit = commonNames.find((cn) => (ip ? cn === host : dnsNameMatches(cn, host)));
  return { matched: hit !== undefined, ...(hit ? { by: `CN=${hit}` } : {}), host, isIp: ip };
}

/** Whether an address lies in a subnet written "address/prefix" (a name constraint's iPAddress). */
export function ipInSubnet(ip: string, subnet: string): boolean {
  const [net, prefix] = subnet.split('/') as [string, string];
  const family = isIP(net);
  if (family === 0 || isIP(ip) !== family) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(net, Number(prefix), type);
  return list.check(ip, type);
}
