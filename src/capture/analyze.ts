// The capture gatherer: file → packets → TCP segments → connections → observations.
import { readCaptureFile, type RawPacket } from './formats/index.js';
import { decodeFrame, newSegment, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './decode.js';
import { Connection, type PacketTime, type Tracker } from './tracker.js';
import type {
  CaptureConnectionObservation,
  CaptureMoment,
  CaptureSummaryObservation,
} from '../model/observations/capture.js';

export interface AnalyzeOptions {
  /** how the file is named in evidence (defaults to the path) */
  origin?: string;
  /** connections reported individually at most (failed ones are kept first); default 20000 */
  maxConnections?: number;
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

interface Closed {
  closed: true;
}

/** Reads a capture file and returns its observations. Throws TlsDoctorError/ParseError when the file is not a readable capture. */
export async function analyzeCapture(path: string, opts: AnalyzeOptions = {}): Promise<CaptureAnalysis> {
  const origin = opts.origin ?? path;
  const maxConnections = opts.maxConnections ?? 20000;
  const seg: TcpSegment = newSegment();
  const live = new Map<string, Connection | Closed>();
  const done: CaptureConnectionObservation[] = [];
  let overCap = 0;
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
  };

  const finalize = (c: Connection): void => {
    c.flush(lastPt?.frame ?? 0);
    if (!c.tlsSeen) return;
    const o = c.toObservation(origin);
    if (done.length < maxConnections || (o.handshakeEnd !== 'complete' && done.length < maxConnections * 2))
      done.push(o);
    else overCap++;
  };

  let last: Connection | undefined;
  const onPacket = (p: RawPacket): void => {
    if (firstSec < 0) {
      firstSec = p.tsSec;
      firstNs = p.tsNs;
    }
    const pt: PacketTime = { frame: p.frame, tsSec: p.tsSec, tsNs: p.tsNs };
    lastPt = pt;
    if (p.capLen === 0) {
      skipped.zeroLength++;
      return;
    }
    if (p.capLen < p.origLen) skipped.snaplenCut++;
    const r = decodeFrame(p.linkType, p.data, seg);
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
    // consecutive packets mostly belong to one connection: compare endpoints before building a key
    let key: string | undefined;
    let c: Connection | Closed | undefined;
    if (last !== undefined && !isSyn && sameConnection(last, seg)) c = last;
    else {
      key = connKey(seg);
      c = live.get(key);
    }
    if (c && 'closed' in c) {
      if (!isSyn) return; // a late ACK of a finished connection
      c = undefined;
    } else if (
      c &&
      isSyn &&
      c.synFrame !== undefined &&
      (c.reset !== undefined || c.a.fin || c.b.fin || c.a.bytes + c.b.bytes > 0) &&
      c.clientSide !== undefined
    ) {
      // the 4-tuple is reused by a new connection
      finishConn(c);
      c = undefined;
    }
    if (!c) {
      c = new Connection(tracker, nextId++, seg, pt);
      tcpConnections++;
      live.set((key ??= connKey(seg)), c);
    }
    last = c;
    const name = seg.src === c.a.ip && seg.srcPort === c.a.port ? 'a' : 'b';
    c.packet(name, seg, pt);
    if ((seg.flags & TCP_RST) !== 0 || (c.a.fin && c.b.fin)) {
      // the connection is over: keep its facts, drop its state, ignore trailing ACKs
      if ((seg.flags & TCP_RST) !== 0 || (seg.flags & TCP_FIN) !== 0) {
        finishConn(c);
        live.set((key ??= connKey(seg)), { closed: true });
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
    const r = decodeFrame(p.linkType, p.data, headSeg);
    if (r.status === 'truncated' || r.status === 'malformed') return true;
    if (r.status !== 'tcp') return false; // counted from the head alone
    if (last !== undefined && (headSeg.flags & TCP_SYN) === 0 && sameConnection(last, headSeg))
      return !last.settled;
    const c = live.get(connKey(headSeg));
    if (!c) return true;
    if ('closed' in c) return (headSeg.flags & TCP_SYN) !== 0;
    return !c.settled;
  };
  const read = await readCaptureFile(path, onPacket, opts.skipSettled === false ? {} : { needBody });
  for (const c of live.values()) if (!('closed' in c)) finishConn(c);
  live.clear();
  done.sort((x, y) => x.id - y.id);

  const firstPacket =
    read.packets > 0 && firstSec >= 0
      ? tracker.moment({ frame: 1, tsSec: firstSec, tsNs: firstNs })
      : undefined;
  const lastPacket = lastPt ? tracker.moment(lastPt) : undefined;
  for (const w of read.warnings) if (warnings.length < 50) warnings.push(w);
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
    ...(read.stopped ? { stopped: read.stopped } : {}),
    warnings,
    connectionsOverCap: overCap,
  };
  return { summary, connections: done, observations: [summary, ...done] };
}

function sameConnection(c: Connection, seg: TcpSegment): boolean {
  return (
    (seg.srcPort === c.a.port && seg.dstPort === c.b.port && seg.src === c.a.ip && seg.dst === c.b.ip) ||
    (seg.srcPort === c.b.port && seg.dstPort === c.a.port && seg.src === c.b.ip && seg.dst === c.a.ip)
  );
}

function connKey(seg: TcpSegment): string {
  const aFirst = seg.src < seg.dst || (seg.src === seg.dst && seg.srcPort <= seg.dstPort);
  return aFirst
    ? `${seg.src}|${seg.srcPort}|${seg.dst}|${seg.dstPort}`
    : `${seg.dst}|${seg.dstPort}|${seg.src}|${seg.srcPort}`;
}

/** ISO 8601 with microseconds */
export function isoTime(sec: number, ns: number): string {
  const ms = sec * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15)
    return `@${sec}.${String(Math.floor(ns / 1000)).padStart(6, '0')}`;
  const base = new Date(ms).toISOString(); // …T11:07:38.000Z
  return `${base.slice(0, -4)}${String(Math.floor(ns / 1000)).padStart(6, '0')}Z`;
}
