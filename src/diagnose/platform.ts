// Which server software a diagnosis speaks to: the user's --platform, else the evidence — the
// Server header of the site's own HTTPS answer (RFC 9110 §10.2.4), of its plain-HTTP port, or a
// Windows bundle given with the run. Then each finding's fix is ordered for it: that platform's
// and the generic steps and commands in their written order, the other platforms' after them (still
// there, one line away). Pure: reads observations, returns data.
import type { ObservationBase } from '../model/observation.js';
import { ObservationSet } from '../model/observation.js';
import type { Finding, Fix, FixCommand } from '../model/finding.js';
import type { FullHandshakeObservation, HttpObservation } from '../model/observations/probe.js';
import type { PlatformDetection, PlatformId } from '../model/report.js';

export const PLATFORM_IDS: readonly PlatformId[] = [
  'iis',
  'nginx',
  'apache',
  'lighttpd',
  'haproxy',
  'openssl',
  'node',
  'unknown',
];

const NAMES: Record<PlatformId, string> = {
  iis: 'IIS / HTTP.sys (Windows)',
  nginx: 'nginx',
  apache: 'Apache httpd',
  lighttpd: 'lighttpd',
  haproxy: 'HAProxy',
  openssl: 'an OpenSSL-based server',
  node: 'Node.js',
  unknown: 'unknown',
};

/** Server header products (RFC 9110 §10.2.4 product tokens) → platform. */
const SERVER_HEADER: ReadonlyArray<[RegExp, PlatformId]> = [
  [/^Microsoft-(IIS|HTTPAPI)\b/i, 'iis'],
  [/^(nginx|openresty|tengine)\b/i, 'nginx'],
  [/^Apache\b/i, 'apache'],
  [/^lighttpd\b/i, 'lighttpd'],
  [/^HAProxy\b/i, 'haproxy'],
];

export function platformFromServerHeader(server: string): PlatformId | undefined {
  return SERVER_HEADER.find(([re]) => re.test(server.trim()))?.[1];
}

export function detectPlatform(
  observations: readonly ObservationBase[],
  override?: PlatformId,
): PlatformDetection {
  if (override)
    return { id: override, name: NAMES[override], source: 'option', evidence: `--platform ${override}` };
  const set = new ObservationSet(observations);
  const full = set.of<FullHandshakeObservation>('probe.full-handshake')[0];
  const https = full?.result.request?.server;
  if (https) {
    const id = platformFromServerHeader(https);
    if (id)
      return {
        id,
        name: NAMES[id],
        source: 'server-header',
        evidence: `Server: ${https} (HTTPS answer from ${full.from.origin})`,
      };
  }
  const http = set.of<HttpObservation>('probe.http')[0];
  const plain = http?.result.server;
  if (plain) {
    const id = platformFromServerHeader(plain);
    if (id)
      return { id, name: NAMES[id], source: 'server-header', evidence: `Server: ${plain} (${http.url})` };
  }
  const windows = observations.find((o) => o.kind.startsWith('windows.'));
  if (windows)
    return {
      id: 'iis',
      name: NAMES.iis,
      source: 'windows-bundle',
      evidence: `Windows bundle ${windows.from.origin}`,
    };
  return { id: 'unknown', name: NAMES.unknown, source: 'none' };
}

type Family = 'windows' | 'nginx' | 'apache' | 'lighttpd' | 'haproxy' | 'generic';

/** The family a fix command belongs to, by its platform label. */
function commandFamily(c: FixCommand): Family {
  const p = c.platform.toLowerCase();
  if (p === 'windows-cmd' || p === 'powershell' || p === 'registry' || p === 'netsh') return 'windows';
  if (p === 'nginx' || p === 'apache' || p === 'lighttpd' || p === 'haproxy') return p;
  return 'generic';
}

/** The families a step is written for, from its lead-in ("nginx / Apache: …", "IIS/HTTP.sys: …"). */
function stepFamilies(step: string): Family[] {
  const lead = /^([^:.]{1,40}):/.exec(step)?.[1];
  if (!lead) return ['generic'];
  const out: Family[] = [];
  if (/\b(IIS|Windows|HTTP\.sys|SChannel)\b/i.test(lead)) out.push('windows');
  if (/\bnginx\b/i.test(lead)) out.push('nginx');
  if (/\bApache\b/i.test(lead)) out.push('apache');
  if (/\blighttpd\b/i.test(lead)) out.push('lighttpd');
  if (/\bHAProxy\b/i.test(lead)) out.push('haproxy');
  return out.length ? out : ['generic'];
}

function familyOf(id: PlatformId): Family | undefined {
  switch (id) {
    case 'iis':
      return 'windows';
    case 'nginx':
    case 'apache':
    case 'lighttpd':
    case 'haproxy':
      return id;
    default:
      return undefined;
  }
}

/** 0 this platform's or generic, 2 another platform's: a stable sort keeps the written order within each. */
function rank(families: Family[], mine: Family): number {
  return families.includes(mine) || families.includes('generic') ? 0 : 2;
}

function stableBy<T>(items: readonly T[], key: (t: T) => number): T[] {
  return items
    .map((t, i) => ({ t, i, k: key(t) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.t);
}

/**
 * Findings whose fix is done on the clients (which trust store to add a root to): the server's
 * software says nothing about the clients' platform, so their order stays as written.
 */
const CLIENT_SIDE = new Set(['chain.untrusted-root', 'cert.self-signed', 'clients.incompatible']);

export function orderFix(fix: Fix, platform: PlatformId): Fix {
  const mine = familyOf(platform);
  if (!mine) return fix;
  const stepRank = (s: string) => rank(stepFamilies(s), mine);
  const commandRank = (c: FixCommand) => rank([commandFamily(c)], mine);
  const steps = stableBy(fix.steps, stepRank);
  const commands = fix.commands ? stableBy(fix.commands, commandRank) : undefined;
  const firstOther = <T>(xs: readonly T[], r: (x: T) => number): number => {
    const i = xs.findIndex((x) => r(x) === 2);
    return i < 0 ? xs.length : i;
  };
  const from = { steps: firstOther(steps, stepRank), commands: firstOther(commands ?? [], commandRank) };
  return {
    steps,
    ...(commands ? { commands } : {}),
    ...(from.steps < steps.length || from.commands < (commands?.length ?? 0)
      ? { otherPlatformsFrom: from }
      : {}),
  };
}

/** Every finding's fix ordered for the platform (client-side fixes as written). */
export function orderFindingsForPlatform(findings: readonly Finding[], platform: PlatformId): Finding[] {
  return findings.map((f) => (CLIENT_SIDE.has(f.id) ? f : { ...f, fix: orderFix(f.fix, platform) }));
}
