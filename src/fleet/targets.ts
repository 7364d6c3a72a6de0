// The target list of `tlsdoctor fleet`: one target per line (the forms `diagnose` takes, with
// optional --sni/--ip/--no-sni), a CSV file with a header (target, sni, ip, platform, tags), or
// nmap's grepable (-oG) or XML (-oX) output, of which every open port that speaks TLS is a target.
// Bad input is one line naming the origin, the line and what was expected.
import { XMLParser } from 'fast-xml-parser';
import { isIP } from 'node:net';
import { TlsDoctorError } from '../errors.js';
import { parseTarget } from '../probe/target.js';
import type { FleetTarget } from '../model/report.js';

export type { FleetTarget };

export type FleetInputFormat = 'lines' | 'csv' | 'nmap-grepable' | 'nmap-xml';

/** the most targets one list may hold: a bound on memory and on what one run is asked to do */
export const MAX_TARGETS = 100_000;

/** One stable key per target: the JSON Lines output is resumed by it. */
export function targetKey(t: Pick<FleetTarget, 'target' | 'sni' | 'ip'>): string {
  return `${t.target}|${t.sni === false ? '-' : (t.sni ?? '')}|${t.ip ?? ''}`;
}

export function detectFormat(text: string): FleetInputFormat {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  if (/^\s*<\?xml/.test(head) || /<nmaprun[\s>]/.test(head)) return 'nmap-xml';
  if (/^# Nmap /m.test(head) || /^Host: \S+ \(.*\)\s+(Status|Ports):/m.test(head)) return 'nmap-grepable';
  const first = head.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (first && /^\s*"?target"?\s*(,|$)/i.test(first) && first.includes(',')) return 'csv';
  return 'lines';
}

/** Reads a target list; `origin` names it in errors (a path, or `stdin`). */
export function parseTargets(
  text: string,
  origin: string,
): { format: FleetInputFormat; targets: FleetTarget[] } {
  const body = text.replace(/^\uFEFF/, '');
  const format = detectFormat(body);
  const targets =
    format === 'nmap-xml'
      ? parseNmapXml(body, origin)
      : format === 'nmap-grepable'
        ? parseNmapGrepable(body, origin)
        : format === 'csv'
          ? parseCsv(body, origin)
          : parseLines(body, origin);
  // the same target twice is diagnosed once
  const seen = new Set<string>();
  const unique = targets.filter((t) => {
    const k = targetKey(t);
    return !seen.has(k) && seen.add(k);
  });
  return { format, targets: unique };
}

function fail(where: string, what: string): never {
  throw new TlsDoctorError('INPUT_FORMAT', `${where}: ${what}`);
}

function checkCount(n: number, origin: string): void {
  if (n > MAX_TARGETS)
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `${origin}: more than ${MAX_TARGETS} targets; split the list`,
    );
}

function checkTarget(t: FleetTarget): FleetTarget {
  try {
    parseTarget(t.target);
  } catch (e) {
    fail(t.origin, `${(e as Error).message}`);
  }
  if (t.ip !== undefined && isIP(t.ip) === 0) fail(t.origin, `--ip ${t.ip} is not an IP address`);
  if (t.sni !== undefined && t.sni !== false && !/^[a-z0-9_.-]+$/i.test(t.sni))
    fail(t.origin, `--sni ${JSON.stringify(t.sni)} is not a host name`);
  return t;
}

export function parseLines(text: string, origin: string): FleetTarget[] {
  const out: FleetTarget[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\s#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${origin}:${i + 1}`;
    const words = line.split(/\s+/);
    const t: FleetTarget = { target: '', origin: where };
    for (let j = 0; j < words.length; j++) {
      const w = words[j]!;
      const value = (name: string): string => {
        const eq = w.indexOf('=');
        if (eq > 0) return w.slice(eq + 1);
        const v = words[++j];
        if (v === undefined || v === '') fail(where, `${name} needs a value`);
        return v;
      };
      if (w === '--sni' || w.startsWith('--sni=')) t.sni = value('--sni');
      else if (w === '--ip' || w.startsWith('--ip=')) t.ip = value('--ip');
      else if (w === '--no-sni') t.sni = false;
      else if (w.startsWith('-'))
        fail(where, `unknown option ${w} (a line takes a target, --sni, --no-sni and --ip)`);
      else if (t.target === '') t.target = w;
      else fail(where, `more than one target on a line ("${t.target}", "${w}")`);
    }
    if (t.target === '') fail(where, 'expected a target (host, host:port or https:// URL)');
    out.push(checkTarget(t));
    checkCount(out.length, origin);
  }
  return out;
}

/** RFC 4180 fields of one record; quotes may hold commas and doubled quotes */
function csvFields(line: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) fail(where, 'a quoted field is not closed');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',')
        fail(where, `expected a comma after a quoted field at column ${i + 1}`);
    } else {
      const end = line.indexOf(',', i);
      field = end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    }
    out.push(field.trim());
    if (i >= line.length) return out;
    i++; // the comma
  }
}

const CSV_COLUMNS = ['target', 'sni', 'ip', 'platform', 'tags'] as const;

export function parseCsv(text: string, origin: string): FleetTarget[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const header = csvFields(lines[headerAt]!, `${origin}:${headerAt + 1}`).map((h) => h.toLowerCase());
  for (const h of header)
    if (!(CSV_COLUMNS as readonly string[]).includes(h))
      fail(`${origin}:${headerAt + 1}`, `unknown column "${h}" (expected ${CSV_COLUMNS.join(', ')})`);
  const col = (name: string): number => header.indexOf(name);
  const out: FleetTarget[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const where = `${origin}:${i + 1}`;
    const f = csvFields(line, where);
    if (f.length > header.length) fail(where, `${f.length} fields, the header names ${header.length}`);
    const get = (name: string): string | undefined => {
      const c = col(name);
      const v = c >= 0 ? f[c] : undefined;
      return v === undefined || v === '' ? undefined : v;
    };
    const target = get('target');
    if (!target) fail(where, 'the target column is empty');
    const sni = get('sni');
    const ip = get('ip');
    const platform = get('platform');
    const tags = get('tags')
      ?.split(/[;\s]+/)
      .filter(Boolean);
    out.push(
      checkTarget({
        target,
        ...(sni !== undefined ? { sni: sni === '-' ? false : sni } : {}),
        ...(ip ? { ip } : {}),
        ...(platform ? { platform } : {}),
        ...(tags && tags.length ? { tags } : {}),
        origin: where,
      }),
    );
    checkCount(out.length, origin);
  }
  return out;
}

/** nmap service names that are TLS from the first byte (nmap-services; `ssl/…` when nmap -sV saw TLS) */
const TLS_SERVICES = new Set([
  'https',
  'https-alt',
  'ssl',
  'imaps',
  'pop3s',
  'smtps',
  'submissions',
  'ldaps',
  'ftps',
  'ftps-data',
  'nntps',
  'ircs',
  'xmpps',
  'ms-wbt-server-ssl',
  'sip-tls',
  'kubernetes',
  'rdp-ssl',
  'wsmans',
]);

function isTlsService(name: string, tunnel?: string): boolean {
  // -oG writes a service nmap -sV found inside TLS as `ssl|http` (`ssl|unknown` when it knew no more)
  const parts = name.toLowerCase().split(/[|/]/);
  return tunnel === 'ssl' || parts[0] === 'ssl' || parts.some((p) => TLS_SERVICES.has(p));
}

function hostTarget(address: string, hostname: string | undefined, port: number, where: string): FleetTarget {
  const literal = isIP(address) === 6 ? `[${address}]` : address;
  return checkTarget(
    hostname
      ? { target: `${hostname}:${port}`, ip: address, origin: where }
      : { target: `${literal}:${port}`, origin: where },
  );
}

/** nmap -oG: `Host: 192.0.2.7 (www.example.com)\tPorts: 443/open/tcp//https///, 22/open/tcp//ssh///` */
export function parseNmapGrepable(text: string, origin: string): FleetTarget[] {
  const out: FleetTarget[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('Host: ') || !line.includes('Ports: ')) continue;
    const where = `${origin}:${i + 1}`;
    const m = /^Host: (\S+) \(([^)]*)\)/.exec(line);
    if (!m) fail(where, 'expected "Host: ADDRESS (NAME)"');
    const address = m[1]!;
    if (isIP(address) === 0) fail(where, `"${address}" is not an IP address`);
    const hostname = m[2] || undefined;
    const ports = line.slice(line.indexOf('Ports: ') + 7).split('\t')[0]!;
    for (const p of ports.split(/,\s*/)) {
      // port/state/protocol/owner/service/rpc info/version
      const f = p.split('/');
      if (f.length < 5) fail(where, `expected PORT/STATE/PROTOCOL/OWNER/SERVICE, got "${p}"`);
      const port = Number(f[0]);
      if (!Number.isInteger(port) || port < 1 || port > 65535) fail(where, `"${f[0]}" is not a port`);
      if (f[1] !== 'open' || f[2] !== 'tcp' || !isTlsService(f[4]!)) continue;
      out.push(hostTarget(address, hostname, port, where));
      checkCount(out.length, origin);
    }
  }
  return out;
}

type XmlNode = Record<string, unknown>;
const asArray = (v: unknown): XmlNode[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as XmlNode[]) : [v as XmlNode];

/** nmap -oX: <host><address addr=…/><hostnames><hostname name=…/></hostnames><ports><port …> */
export function parseNmapXml(text: string, origin: string): FleetTarget[] {
  let doc: XmlNode;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: false }).parse(
      text,
      true,
    ) as XmlNode;
  } catch (e) {
    const m = /line[^\d]*(\d+)/i.exec((e as Error).message);
    fail(m ? `${origin}:${m[1]}` : origin, 'not well-formed XML (expected nmap -oX output)');
  }
  const run = doc.nmaprun as XmlNode | undefined;
  if (!run) fail(origin, 'no <nmaprun> element (expected nmap -oX output)');
  const out: FleetTarget[] = [];
  for (const [n, host] of asArray(run.host).entries()) {
    const where = `${origin}: host ${n + 1}`;
    const addrs = asArray(host.address).filter((a) => a.addrtype === 'ipv4' || a.addrtype === 'ipv6');
    const address = addrs[0]?.addr;
    if (typeof address !== 'string' || isIP(address) === 0) fail(where, 'no IPv4 or IPv6 <address>');
    const names = asArray((host.hostnames as XmlNode | undefined)?.hostname);
    const user = names.find((h) => h.type === 'user') ?? names[0];
    const hostname = typeof user?.name === 'string' ? user.name : undefined;
    for (const p of asArray((host.ports as XmlNode | undefined)?.port)) {
      const port = Number(p.portid);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        fail(where, `"${String(p.portid)}" is not a port`);
      const state = (p.state as XmlNode | undefined)?.state;
      const service = p.service as XmlNode | undefined;
      if (p.protocol !== 'tcp' || state !== 'open') continue;
      if (!isTlsService(String(service?.name ?? ''), service?.tunnel as string | undefined)) continue;
      out.push(hostTarget(address, hostname, port, where));
      checkCount(out.length, origin);
    }
  }
  return out;
}
