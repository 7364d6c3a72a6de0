// Words and evidence for capture facts, shared by the capture rules and the capture report.
// Pure functions over observations; names come from the wire registry (unknown → "unknown (0x…)").
import { alertName, cipherSuiteName, versionName } from '../../../../wire/registry/index.js';
import type { Evidence } from '../../../../model/finding.js';
import type {
  CaptureConnectionObservation,
  CapturedAlert,
  CapturedClientHello,
} from '../../../../model/observations/capture.js';

export type Conn = CaptureConnectionObservation;

export function endpoint(e: { ip: string; port: number }): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function connLabel(c: Conn): string {
  return `connection #${c.id} ${endpoint(c.client)} → ${endpoint(c.server)}`;
}

function isGreaseValue(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

/** "TLS 1.0, TLS 1.1" (GREASE left out), lowest first */
export function versionList(vs: readonly number[]): string {
  const real = [...new Set(vs.filter((v) => !isGreaseValue(v)))].sort((a, b) => a - b);
  return real.length === 0 ? 'none' : real.map(versionName).join(', ');
}

/** Whether the client's hello allows version v: listed in supported_versions, else at most legacy_version. */
export function clientOffers(ch: CapturedClientHello, v: number): boolean {
  if (ch.supportedVersions && ch.supportedVersions.length > 0) return ch.offeredVersions.includes(v);
  return v <= ch.legacyVersion;
}

/** "TLS 1.2, TLS 1.3", or "up to TLS 1.1" for a hello without supported_versions */
export function offeredText(ch: CapturedClientHello): string {
  if (ch.supportedVersions && ch.supportedVersions.length > 0) return versionList(ch.offeredVersions);
  if (ch.format === 'sslv2')
    return ch.legacyVersion === 0x0002
      ? 'SSL 2.0'
      : `up to ${versionName(ch.legacyVersion)} (SSLv2-format hello)`;
  return `up to ${versionName(ch.legacyVersion)}`;
}

export function suiteList(cs: readonly number[], max = 6): string {
  const real = cs.filter((v) => !isGreaseValue(v));
  const shown = real.slice(0, max).map(cipherSuiteName).join(', ');
  return real.length > max ? `${shown} and ${real.length - max} more` : shown || 'none';
}

export function alertText(description: number): string {
  if (description >= 0x10000) return `SSLv2 error ${description - 0x10000}`;
  return `${alertName(description)} (${description})`;
}

/** Evidence about one connection; frames[0] is always the connection's first frame. */
export function connEvidence(c: Conn, text: string, frames: number[] = []): Evidence {
  const all = [c.start.frame, ...frames.filter((f) => f !== c.start.frame)];
  return {
    from: { source: 'capture', origin: c.from.origin, frames: all, time: c.start.time },
    text: `${connLabel(c)}: ${text}`,
  };
}

export function fatalAlert(c: Conn, from?: 'client' | 'server'): CapturedAlert | undefined {
  return c.alerts.find(
    (a) => (a.level === 2 || a.description >= 0x10000) && (from === undefined || a.from === from),
  );
}

/**
 * A RST that claims to come from the server but whose IP TTL (or IPv4 ID) is unlike the server's
 * other packets on the connection: the signature of a device in the path injecting it.
 */
export function middleboxReset(c: Conn): string | undefined {
  const r = c.tcp.reset;
  if (!r || r.by !== 'server' || c.serverHello) return undefined;
  if (r.senderTtls.length > 0 && !r.senderTtls.includes(r.ttl)) {
    const closest = Math.min(...r.senderTtls.map((t) => Math.abs(t - r.ttl)));
    if (closest >= 2)
      return `the RST in frame ${r.frame} arrived with IP TTL ${r.ttl}, the server's other packets with TTL ${r.senderTtls.join('/')}`;
  }
  if (r.ipId >= 0 && r.senderRecentIpIds.length >= 2) {
    const ids = r.senderRecentIpIds;
    const nonZero = ids.some((x) => x !== 0);
    const last = ids[ids.length - 1]!;
    const dist = Math.min((r.ipId - last + 65536) % 65536, (last - r.ipId + 65536) % 65536);
    if (nonZero && dist > 1000)
      return `the RST in frame ${r.frame} carries IP ID ${r.ipId}, the server's packets just before it ${ids.join(', ')}`;
  }
  return undefined;
}

export function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`;
}

/** What other clients negotiated with the same server in this capture. */
export function otherSuccesses(all: readonly Conn[], c: Conn): Conn[] {
  return all.filter(
    (o) =>
      o !== c &&
      o.server.ip === c.server.ip &&
      o.server.port === c.server.port &&
      o.serverHello &&
      o.handshakeEnd === 'complete',
  );
}

/** Up to `max` evidence lines plus a count of the rest. */
export function capEvidence(ev: Evidence[], max = 5): Evidence[] {
  if (ev.length <= max) return ev;
  const rest = ev.length - max;
  const first = ev[0]!;
  return [
    ...ev.slice(0, max),
    { from: { ...first.from, frames: [] }, text: `… and ${rest} more connection(s) like these` },
  ];
}

/** Groups connections by server endpoint (insertion order kept). */
export function byServer(conns: readonly Conn[]): Map<string, Conn[]> {
  const m = new Map<string, Conn[]>();
  for (const c of conns) {
    const k = endpoint(c.server);
    const l = m.get(k);
    if (l) l.push(c);
    else m.set(k, [c]);
  }
  return m;
}
