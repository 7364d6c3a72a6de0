// Words and evidence for capture facts, shared by the capture rules and the capture report.
// Pure functions over observations; names come from the wire registry (unknown → "unknown (0x…)").
import {
  alertText,
  clientOffers,
  connLabel,
  endpoint,
  failureKindKey,
  offeredText,
  suiteList,
  versionList,
} from '../../../../capture/words.js';
import type { Evidence } from '../../../../model/finding.js';
import type { CaptureConnectionObservation, CapturedAlert } from '../../../../model/observations/capture.js';

export type Conn = CaptureConnectionObservation;

export { alertText, clientOffers, connLabel, endpoint, failureKindKey, offeredText, suiteList, versionList };

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

/** The completed handshakes of one server endpoint: how many, and the distinct versions and suites chosen. */
export interface ServerSuccesses {
  conns: Conn[];
  versions: number[];
  suites: number[];
}

const NONE: ServerSuccesses = Object.freeze({ conns: [], versions: [], suites: [] }) as ServerSuccesses;

/**
 * Completed handshakes by server endpoint, built once per list of connections (a WeakMap keyed by the
 * list): a rule that asks for every failed connection stays linear in the number of connections.
 */
const successIndex = new WeakMap<readonly Conn[], Map<string, ServerSuccesses>>();

function successesByServer(all: readonly Conn[]): Map<string, ServerSuccesses> {
  let idx = successIndex.get(all);
  if (idx) return idx;
  idx = new Map();
  const seenV = new Map<string, Set<number>>();
  const seenS = new Map<string, Set<number>>();
  for (const o of all) {
    if (!o.serverHello || o.handshakeEnd !== 'complete') continue;
    const k = endpoint(o.server);
    let e = idx.get(k);
    if (!e) {
      e = { conns: [], versions: [], suites: [] };
      idx.set(k, e);
      seenV.set(k, new Set());
      seenS.set(k, new Set());
    }
    e.conns.push(o);
    const vs = seenV.get(k)!;
    const ss = seenS.get(k)!;
    if (!vs.has(o.serverHello.version)) {
      vs.add(o.serverHello.version);
      e.versions.push(o.serverHello.version);
    }
    if (!ss.has(o.serverHello.cipherSuite)) {
      ss.add(o.serverHello.cipherSuite);
      e.suites.push(o.serverHello.cipherSuite);
    }
  }
  successIndex.set(all, idx);
  return idx;
}

/**
 * What other clients negotiated with the same server in this capture: the completed handshakes
 * (without c itself) and their distinct versions and suites.
 */
export function successesAt(all: readonly Conn[], c: Conn): ServerSuccesses {
  const e = successesByServer(all).get(endpoint(c.server));
  if (!e) return NONE;
  if (c.handshakeEnd !== 'complete' || !e.conns.includes(c)) return e;
  const conns = e.conns.filter((o) => o !== c);
  return {
    conns,
    versions: [...new Set(conns.map((o) => o.serverHello!.version))],
    suites: [...new Set(conns.map((o) => o.serverHello!.cipherSuite))],
  };
}

/** The connections other clients completed with the same server in this capture. */
export function otherSuccesses(all: readonly Conn[], c: Conn): Conn[] {
  return successesAt(all, c).conns;
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

/** the failure kind of a listed connection (its key in summary.failureKinds) */
export function failureKindOf(c: Conn): string {
  const a = fatalAlert(c);
  return failureKindKey(
    endpoint(c.server),
    c.handshakeEnd,
    a ? { from: a.from, description: a.description } : undefined,
    c.lastMessage?.name ?? null,
  );
}

/**
 * How many failed handshakes of a capture were counted but not listed like these listed ones. A
 * capture lists up to a sample of each kind of failure (failureKindKey) and counts the rest; each
 * listed connection says how many of its kind were listed and counted only (`sameKind`), and stands
 * for itself and an equal share of the unlisted ones — so connections that are all the listed ones
 * of their kind stand for the whole kind.
 */
export function unlistedLike(conns: readonly Conn[]): number {
  let share = 0;
  for (const c of conns) {
    const k = c.sameKind;
    if (k && k.listed > 0) share += k.notListed / k.listed;
  }
  return Math.round(share);
}

/** The evidence line for failed handshakes counted like the listed ones, but not listed (none when 0). */
export function unlistedEvidence(more: number, server: string, first: Evidence): Evidence[] {
  if (more <= 0) return [];
  return [
    {
      from: { ...first.from, frames: [] },
      text: `${more} more failed handshake(s) to ${server} ended the same way (same ending, alert and last message): counted, not listed one by one`,
    },
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

/**
 * The client asked to start TLS in a plaintext protocol (STARTTLS, SSLRequest …) and the server never
 * spoke TLS: the server refused or ignored the request (a ClientHello sent anyway is not answered).
 */
export function upgradeRefused(c: Conn): boolean {
  return (
    c.preamble?.upgradeAsked === true &&
    !c.serverHello &&
    !c.helloRetryRequest &&
    !c.alerts.some((a) => a.from === 'server')
  );
}
