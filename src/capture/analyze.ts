// The capture gatherer: file → packets → TCP segments → connections → observations.
import { readCaptureFile, type RawPacket } from './formats/index.js';
import { decodeFrameAt, newSegment, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './decode.js';
import { Connection, type PacketTime, type Tracker } from './tracker.js';
import { ConnectionTable, keyOf, type Entry } from './table.js';
import { endpoint, failureKindKey } from './words.js';
import type {
  CaptureConnectionObservation,
  CaptureMoment,
  CaptureSummaryObservation,
  HandshakeEnd,
} from '../model/observations/capture.js';

export interface AnalyzeOptions {
  /** how the file is named in evidence (defaults to the path) */
  origin?: string;
  /** connections that did not complete their handshake reported individually at most; default 2000 */
  maxConnections?: number;
  /**
   * failed handshakes reported individually per kind of failure (server, how it ended, the first
   * fatal alert, the last message); the rest are counted per kind in summary.failureKinds. Default 10
   */
  failureSample?: number;
  /**
   * completed handshakes reported individually besides the first of each server, version and suite
   * (those are always kept, up to MAX_DISTINCT_SUCCESSES): default 10; the rest are counted
   */
  successSample?: number;
  /** connections tracked at once; past it the least recently active are closed out (default 20000) */
  maxLive?: number;
  /** a connection without a packet for this long (capture time) is closed out; default 600 s */
  idleTimeoutSec?: number;
  /** skip large packets of settled connections without reading them (default true; false reads every byte) */
  skipSettled?: boolean;
}

export interface CaptureAnalysis {
  summary: CaptureSummaryObservation;
  connections: CaptureConnectionObservation[];
  /** summary first, then connections in order of their first packet */
  observations: Array<CaptureSummaryObservation | CaptureConnectionObservation>;
}

const LINK_NAMES: Record<number, string> = {
  0: 'BSD loopback',
  1: 'Ethernet',
  9: 'PPP',
  12: 'raw IP',
  14: 'raw IP',
  51: 'PPPoE',
  101: 'raw IP',
  105: 'IEEE 802.11',
  108: 'OpenBSD loopback',
  113: 'Linux cooked (SLL)',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked v2 (SLL2)',
};
export function linkTypeName(lt: number): string {
  if (lt >= 0x10000) return `Network Monitor media type 0x${(lt - 0x10000).toString(16)}`;
  return LINK_NAMES[lt] ?? `unknown (${lt})`;
}

function resolution(units: number): string {
  if (units === 1e6) return 'microseconds';
  if (units === 1e9) return 'nanoseconds';
  if (units === 1e3) return 'milliseconds';
  return `1/${units} s`;
}

/*
 * A connection of which only the SYN (and its retransmissions) has been seen is a row of the SYN
 * table (src/capture/table.ts), not an object: most connections of a SYN flood or a scan never get
 * further, so the full connection state is built from it only when another packet comes.
 */

/**
 * Memory is bounded by the connections tracked at once, not by the connections in the file: a
 * connection's state is dropped when it ends (RST, both FINs), when it stays idle for
 * idleTimeoutSec of capture time, or — past maxLive tracked connections — when it is among the least
 * recently active (the table is cut to half of maxLive; ended connections' markers and lone SYNs
 * go first). Its facts are kept as the capture showed them up to then. What is reported is bounded too: failed
 * handshakes up to failureSample per kind of failure (server × ending × first fatal alert × last
 * message, at most MAX_FAILURE_KINDS kinds) and maxConnections in all, the rest counted per kind;
 * completed ones as a sample (the first of each server, version and suite, then up to
 * successSample), the rest counted. So memory and report size do not grow with the connections.
 */
const SWEEP_EVERY = 8192;
/** an ended connection's marker (which swallows its late ACKs) lives this long, in capture time */
const CLOSED_LINGER_SEC = 60;
const MAX_DISTINCT_SUCCESSES = 4096;
/** kinds of failure counted apart (server × ending × alert × last message); past it, counted in the total */
const MAX_FAILURE_KINDS = 1000;

type FailureKind = NonNullable<CaptureSummaryObservation['failureKinds']>[number];

/** Reads a capture file and returns its observations. Throws TlsDoctorError/ParseError when the file is not a readable capture. */
export async function analyzeCapture(path: string, opts: AnalyzeOptions = {}): Promise<CaptureAnalysis> {
  const origin = opts.origin ?? path;
  const maxConnections = opts.maxConnections ?? 2000;
  const failureSample = Math.max(1, opts.failureSample ?? 10);
  const failureKinds = new Map<string, FailureKind>();
  let failureKindsOverCap = 0;
  /** each listed failure and its kind: told how many of its kind there were at the end */
  const listedKinds: Array<[CaptureConnectionObservation, FailureKind]> = [];
  const failureKindsOverCapByEnd: Partial<Record<HandshakeEnd, number>> = {};
  const successSample = opts.successSample ?? 10;
  const maxLive = Math.max(16, opts.maxLive ?? 20000);
  const idleTimeoutSec = opts.idleTimeoutSec ?? 600;
  const seg: TcpSegment = newSegment();
  const live = new ConnectionTable<Connection>();
  const syns = live.syns;
  const done: CaptureConnectionObservation[] = [];
  let overCap = 0;
  let completedOverCap = 0;
  let keptFailures = 0;
  let keptSuccesses = 0;
  /** the server, version and suite pairs of the completed handshakes listed, per server address */
  const distinctSuccesses = new Map<string, Set<number>>();
  let distinctCount = 0;
  let peakLive = 0;
  let evicted = 0;
  let sinceSweep = 0;
  let nowSec = 0;
  let tcpConnections = 0;
  let tcpPackets = 0;
  let unansweredSyns = 0;
  let nextId = 1;
  let firstSec = -1;
  let firstNs = 0;
  let lastPt: PacketTime | undefined;
  const skipped = {
    unsupportedLink: 0,
    notIp: 0,
    notTcp: 0,
    fragments: 0,
    truncated: 0,
    malformed: 0,
    snaplenCut: 0,
    zeroLength: 0,
  };
  const unsupportedLinks = new Set<number>();
  /** packets per encapsulation (outermost), and those whose payload was not decoded */
  const tunnels = new Map<string, { packets: number; notDecoded: number; notDecodedAs: Set<string> }>();
  const countTunnel = (name: string, notDecoded: string | undefined): void => {
    const key = name || (notDecoded ?? '');
    let t = tunnels.get(key);
    if (!t) tunnels.set(key, (t = { packets: 0, notDecoded: 0, notDecodedAs: new Set() }));
    t.packets++;
    if (notDecoded !== undefined) {
      t.notDecoded++;
      if (t.notDecodedAs.size < 8) t.notDecodedAs.add(notDecoded);
    }
  };
  const fragmentsByPair = new Map<string, number>();
  const warnings: string[] = [];

  let cachedPt: PacketTime | undefined;
  let cachedMoment: CaptureMoment | undefined;
  const tracker: Tracker = {
    current: { frame: 0, tsSec: 0, tsNs: 0 },
    moment(pt: PacketTime): CaptureMoment {
      if (pt === cachedPt && cachedMoment) return cachedMoment;
      cachedPt = pt;
      cachedMoment = {
        frame: pt.frame,
        time: isoTime(pt.tsSec, pt.tsNs),
        rel: Math.round((pt.tsSec - firstSec + (pt.tsNs - firstNs) / 1e9) * 1e6) / 1e6,
      };
      return cachedMoment;
    },
    momentOf(frame: number): CaptureMoment {
      const m = this.moment(this.current);
      return m.frame === frame ? m : { ...m, frame };
    },
    timeOf(frame: number): PacketTime {
      const pt = this.current;
      return pt.frame === frame ? pt : { frame, tsSec: pt.tsSec, tsNs: pt.tsNs };
    },
  };

  const finalize = (c: Connection): void => {
    c.flush(lastPt?.frame ?? 0);
    if (!c.reportable) return;
    const end = c.handshakeEnd();
    if (end !== 'complete') {
      const server = c.clientSide === 'b' ? c.a : c.b;
      const fatal = c.alerts.find((x) => x.level === 2 || x.description >= 0x10000);
      const alert = fatal ? { from: c.role(fatal.side), description: fatal.description } : undefined;
      const lastMessage = c.lastMessage?.name ?? null;
      const serverName = endpoint(server);
      const fk = failureKindKey(serverName, end, alert, lastMessage);
      let kind = failureKinds.get(fk);
      if (!kind && failureKinds.size < MAX_FAILURE_KINDS) {
        kind = {
          server: serverName,
          handshakeEnd: end,
          ...(alert ? { alert } : {}),
          lastMessage,
          listed: 0,
          notListed: 0,
        };
        failureKinds.set(fk, kind);
      }
      if (kind && kind.listed < failureSample && keptFailures < maxConnections) {
        kind.listed++;
        keptFailures++;
        const obs = c.toObservation(origin);
        done.push(obs);
        listedKinds.push([obs, kind]);
      } else {
        overCap++;
        if (kind) kind.notListed++;
        else {
          failureKindsOverCap++;
          failureKindsOverCapByEnd[end] = (failureKindsOverCapByEnd[end] ?? 0) + 1;
        }
      }
      return;
    }
    const sh = c.serverHello;
    const server = c.clientSide === 'b' ? c.a : c.b;
    // port, version and suite as one number (each below 2^17: 0x10000 stands for "none"), per address
    const key = (server.port * 0x20000 + (sh?.version ?? 0x10000)) * 0x20000 + (sh?.cipherSuite ?? 0x10000);
    const seen = distinctSuccesses.get(server.ip);
    const distinct = !seen?.has(key) && distinctCount < MAX_DISTINCT_SUCCESSES;
    if (distinct) {
      if (seen) seen.add(key);
      else distinctSuccesses.set(server.ip, new Set([key]));
      distinctCount++;
    }
    if (distinct || keptSuccesses < successSample) {
      if (!distinct) keptSuccesses++;
      done.push(c.toObservation(origin));
    } else {
      overCap++;
      completedOverCap++;
    }
  };

  /** closes out idle connections, and the least recently active ones past maxLive */
  const sweep = (): void => {
    sinceSweep = 0;
    live.forEach((c, drop) => {
      const idle = nowSec - live.lastSec(c);
      if (typeof c === 'number') {
        if (idle > idleTimeoutSec) {
          evictSyn(c);
          drop();
        }
      } else if ('closed' in c) {
        if (idle > CLOSED_LINGER_SEC) drop();
      } else if (idle > idleTimeoutSec) {
        evict(c);
        drop();
      }
    });
    if (live.size <= maxLive) return;
    // the least recently active half goes (ended connections' markers and lone SYNs count as older):
    // the cut-off is read from a sample of the table, so a sweep is one pass, no sort
    const age = (c: Entry<Connection>): number =>
      live.lastSec(c) - (typeof c === 'number' || 'closed' in c ? 1e12 : 0);
    const sample: number[] = [];
    const stride = Math.max(1, Math.floor(live.size / 512));
    let i = 0;
    live.forEach((c) => {
      if (i++ % stride === 0) sample.push(age(c));
    });
    sample.sort((x, y) => x - y);
    const cutoff = sample[Math.floor(sample.length / 2)]!;
    let left = live.size - Math.floor(maxLive / 2);
    live.forEach((c, drop) => {
      if (left <= 0) return true;
      if (age(c) > cutoff) return false;
      if (typeof c === 'number') evictSyn(c);
      else if (!('closed' in c)) evict(c);
      drop();
      left--;
      return false;
    });
  };
  const evictSyn = (row: number): void => {
    evicted++;
    unansweredSyns++;
    syns.release(row);
  };
  const evict = (c: Connection): void => {
    evicted++;
    if (last === c) last = undefined;
    finishConn(c);
  };

  let last: Connection | undefined;
  const onPacket = (p: RawPacket): void => {
    if (firstSec < 0) {
      firstSec = p.tsSec;
      firstNs = p.tsNs;
    }
    const pt: PacketTime = { frame: p.frame, tsSec: p.tsSec, tsNs: p.tsNs };
    lastPt = pt;
    nowSec = p.tsSec + p.tsNs / 1e9;
    if (p.capLen === 0) {
      skipped.zeroLength++;
      return;
    }
    if (p.capLen < p.origLen) skipped.snaplenCut++;
    const r = decodeFrameAt(p.linkType, p.buf, p.start, p.end, seg, p.origLen);
    if (seg.tunnel !== '' || r.notDecoded !== undefined) countTunnel(seg.tunnel, r.notDecoded);
    switch (r.status) {
      case 'tcp':
        break;
      case 'unsupported-link':
        skipped.unsupportedLink++;
        unsupportedLinks.add(p.linkType);
        return;
      case 'not-ip':
        skipped.notIp++;
        return;
      case 'not-tcp':
        skipped.notTcp++;
        return;
      case 'fragment': {
        skipped.fragments++;
        const k = seg.src < seg.dst ? `${seg.src}|${seg.dst}` : `${seg.dst}|${seg.src}`;
        if (fragmentsByPair.size < 10000 || fragmentsByPair.has(k))
          fragmentsByPair.set(k, (fragmentsByPair.get(k) ?? 0) + 1);
        return;
      }
      case 'truncated':
        skipped.truncated++;
        return;
      case 'malformed':
        skipped.malformed++;
        if (warnings.length < 20)
          warnings.push(`frame ${p.frame}: ${r.detail ?? 'malformed headers'}; skipped`);
        return;
    }
    tcpPackets++;
    const isSyn = (seg.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    // consecutive packets mostly belong to one connection: compare endpoints before the table
    let key = -1;
    let e: Entry<Connection> | undefined;
    if (last !== undefined && !isSyn && sameConnection(last, seg)) e = last;
    else {
      key = keyOf(seg);
      e = live.get(seg, key);
    }
    let c: Connection | undefined;
    if (typeof e === 'number') {
      if (isSyn && seg.seq === syns.seq[e] && seg.src === syns.src[e] && seg.srcPort === syns.srcPort[e]) {
        // the SYN again (retransmitted)
        syns.lastSec[e] = nowSec;
        return;
      }
      // a second packet: build the connection, its SYN first
      const first = syns.segment(e);
      c = new Connection(tracker, syns.id[e]!, first.seg, first.pt);
      c.packet('a', first.seg, first.pt);
      live.set(seg, c, key);
      syns.release(e);
    } else if (e && 'closed' in e) {
      if (!isSyn) return; // a late ACK of a finished connection
    } else if (
      e &&
      isSyn &&
      e.synFrame !== undefined &&
      (e.reset !== undefined || e.a.fin || e.b.fin || e.a.bytes + e.b.bytes > 0) &&
      e.clientSide !== undefined
    ) {
      // the 4-tuple is reused by a new connection
      finishConn(e);
    } else c = e;
    if (!c) {
      tcpConnections++;
      if (key < 0) key = keyOf(seg);
      if (isSyn && seg.payloadLength === 0) {
        live.set(seg, syns.add(nextId++, seg, pt, nowSec), key);
      } else {
        c = new Connection(tracker, nextId++, seg, pt);
        live.set(seg, c, key);
      }
      if (live.size > peakLive) peakLive = live.size;
      if (live.size > maxLive || ++sinceSweep >= SWEEP_EVERY) sweep();
      if (!c) return;
    }
    last = c;
    const name = seg.src === c.a.ip && seg.srcPort === c.a.port ? 'a' : 'b';
    c.packet(name, seg, pt);
    if ((seg.flags & TCP_RST) !== 0 || (c.a.fin && c.b.fin)) {
      // the connection is over: keep its facts, drop its state, ignore trailing ACKs
      if ((seg.flags & TCP_RST) !== 0 || (seg.flags & TCP_FIN) !== 0) {
        finishConn(c);
        live.set(
          seg,
          { closed: true, lastSec: nowSec, aIp: c.a.ip, aPort: c.a.port, bIp: c.b.ip, bPort: c.b.port },
          key < 0 ? keyOf(seg) : key,
        );
        last = undefined;
      }
    }
  };

  const finishConn = (c: Connection): void => {
    if (c.synFrame !== undefined && c.synAckFrame === undefined && c.a.bytes + c.b.bytes === 0)
      unansweredSyns++;
    const frags = fragmentsByPair.get(c.a.ip < c.b.ip ? `${c.a.ip}|${c.b.ip}` : `${c.b.ip}|${c.a.ip}`);
    if (frags) c.fragments = frags;
    finalize(c);
  };

  // large packets of settled (or finished) connections are skipped unread: their bytes never matter
  const headSeg = newSegment();
  const needBody = (p: RawPacket): boolean => {
    const r = decodeFrameAt(p.linkType, p.buf, p.start, p.end, headSeg, p.origLen);
    if (r.status === 'truncated' || r.status === 'malformed') return true;
    if (r.status !== 'tcp') return false; // counted from the head alone
    if (last !== undefined && (headSeg.flags & TCP_SYN) === 0 && sameConnection(last, headSeg))
      return !last.settled;
    const c = live.get(headSeg);
    if (c === undefined || typeof c === 'number') return true;
    if ('closed' in c) return (headSeg.flags & TCP_SYN) !== 0;
    return !c.settled;
  };
  const read = await readCaptureFile(path, onPacket, opts.skipSettled === false ? {} : { needBody });
  live.forEach((c) => {
    if (typeof c === 'number') unansweredSyns++;
    else if (!('closed' in c)) finishConn(c);
  });
  live.clear();
  done.sort((x, y) => x.id - y.id);
  for (const [obs, k] of listedKinds) obs.sameKind = { listed: k.listed, notListed: k.notListed };

  const firstPacket =
    read.packets > 0 && firstSec >= 0
      ? tracker.moment({ frame: 1, tsSec: firstSec, tsNs: firstNs })
      : undefined;
  const lastPacket = lastPt ? tracker.moment(lastPt) : undefined;
  for (const w of read.warnings) if (warnings.length < 50) warnings.push(w);
  for (const [name, t] of tunnels)
    if (t.notDecoded > 0)
      warnings.push(
        `${t.notDecoded} packet(s) in ${name} were not decoded (${[...t.notDecodedAs].join(', ')}): TLS inside them is not seen`,
      );
  if (evicted > 0)
    warnings.push(
      `${evicted} connection(s) were closed out before their end (idle for ${idleTimeoutSec} s, or the least recently active past ${maxLive} connections tracked at once); their facts stop there`,
    );
  const summary: CaptureSummaryObservation = {
    kind: 'capture.summary',
    from: { source: 'capture', origin, ...(read.stopped ? { offset: read.stopped.offset } : {}) },
    file: origin,
    format: read.format,
    compressed: read.compressed,
    byteOrder: read.byteOrder,
    fileSize: read.fileSize,
    bytesRead: read.bytesRead ?? read.bytes,
    interfaces: read.interfaces.map((i) => ({
      id: i.id,
      linkType: i.linkType,
      linkTypeName: linkTypeName(i.linkType),
      snaplen: i.snaplen,
      timestampResolution: resolution(i.unitsPerSecond),
      ...(i.name ? { name: i.name } : {}),
    })),
    packets: read.packets,
    ...(firstPacket ? { firstPacket } : {}),
    ...(lastPacket ? { lastPacket } : {}),
    tcpPackets,
    tcpConnections,
    tlsConnections: done.length + overCap,
    unansweredSyns,
    skipped,
    unsupportedLinkTypes: [...unsupportedLinks].sort((a, b) => a - b),
    ...(tunnels.size > 0
      ? {
          tunnels: [...tunnels].map(([encapsulation, t]) => ({
            encapsulation,
            packets: t.packets,
            notDecoded: t.notDecoded,
            ...(t.notDecodedAs.size > 0 ? { notDecodedAs: [...t.notDecodedAs] } : {}),
          })),
        }
      : {}),
    ...(read.stopped ? { stopped: read.stopped } : {}),
    warnings,
    connectionsOverCap: overCap,
    completedOverCap,
    ...(failureKinds.size > 0
      ? {
          failureKinds: [...failureKinds.values()].sort(
            (x, y) => y.listed + y.notListed - (x.listed + x.notListed),
          ),
        }
      : {}),
    ...(failureKindsOverCap > 0 ? { failureKindsOverCap, failureKindsOverCapByEnd } : {}),
    liveConnections: { limit: maxLive, peak: peakLive, closedOut: evicted, idleTimeoutSec },
  };
  return { summary, connections: done, observations: [summary, ...done] };
}

function sameConnection(c: Connection, seg: TcpSegment): boolean {
  return (
    (seg.srcPort === c.a.port && seg.dstPort === c.b.port && seg.src === c.a.ip && seg.dst === c.b.ip) ||
    (seg.srcPort === c.b.port && seg.dstPort === c.a.port && seg.src === c.b.ip && seg.dst === c.a.ip)
  );
}

let isoSec = NaN;
let isoBase = '';
/** ISO 8601 with microseconds (the date part is made once per second of capture) */
export function isoTime(sec: number, ns: number): string {
  const ms = sec * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15)
    return `@${sec}.${String(Math.floor(ns / 1000)).padStart(6, '0')}`;
  if (sec !== isoSec) {
    isoSec = sec;
    isoBase = new Date(ms).toISOString().slice(0, -4); // …T11:07:38.
  }
  return `${isoBase}${String(Math.floor(ns / 1000)).padStart(6, '0')}Z`;
}
