// The table of connections tracked at once, keyed by their 4-tuple. A key is a 30-bit mix of the
// addresses and ports — a small integer, which V8 keeps unboxed: no string or number object is
// allocated per packet — and the few connections whose keys collide share a slot, told apart by
// their endpoints. A connection of which only the SYN has
// been seen is a row of typed arrays, not an object: a SYN flood or a port scan allocates nothing
// per connection that the garbage collector has to move.
import type { TcpSegment } from './decode.js';
import type { PacketTime } from './tracker.js';

/** what a connection that ended leaves in the table: a marker that swallows its late ACKs */
export interface Closed {
  closed: true;
  lastSec: number;
  aIp: string;
  aPort: number;
  bIp: string;
  bPort: number;
}

/** any tracked connection with its endpoints (a Connection, as the tracker defines it) */
export interface Tracked {
  lastSec: number;
  a: { ip: string; port: number };
  b: { ip: string; port: number };
}

/** a lone SYN is its row number in the SYN table */
export type Entry<C extends Tracked> = C | Closed | number;

/** Which side of a segment comes first in a key: the order is the same for both directions. */
function firstIsSource(seg: TcpSegment): boolean {
  return seg.srcKey < seg.dstKey || (seg.srcKey === seg.dstKey && seg.srcPort <= seg.dstPort);
}

/** the key of a segment's connection: a 30-bit mix of both addresses and ports, the same both ways */
export function keyOf(seg: TcpSegment): number {
  const src = firstIsSource(seg);
  const x = src ? seg.srcKey : seg.dstKey;
  const y = src ? seg.dstKey : seg.srcKey;
  const ports = src ? (seg.srcPort << 16) | seg.dstPort : (seg.dstPort << 16) | seg.srcPort;
  let h = Math.imul(x ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ y, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ ports, 0x85ebca6b);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

function matches(aIp: string, aPort: number, bIp: string, bPort: number, seg: TcpSegment): boolean {
  return (
    (seg.srcPort === aPort && seg.dstPort === bPort && seg.src === aIp && seg.dst === bIp) ||
    (seg.srcPort === bPort && seg.dstPort === aPort && seg.src === bIp && seg.dst === aIp)
  );
}

/** Lone SYNs as rows of typed arrays; rows are reused once freed. */
export class SynTable {
  private cap = 0;
  private free: number[] = [];
  private used = 0;
  id = new Float64Array(0);
  seq = new Uint32Array(0);
  ack = new Uint32Array(0);
  flags = new Uint16Array(0);
  ttl = new Uint8Array(0);
  ipId = new Int32Array(0);
  window = new Uint16Array(0);
  srcPort = new Uint16Array(0);
  dstPort = new Uint16Array(0);
  srcKey = new Uint32Array(0);
  dstKey = new Uint32Array(0);
  ipVersion = new Uint8Array(0);
  frame = new Float64Array(0);
  tsSec = new Float64Array(0);
  tsNs = new Float64Array(0);
  lastSec = new Float64Array(0);
  src: string[] = [];
  dst: string[] = [];
  vlans: number[][] = [];
  tunnel: string[] = [];

  add(id: number, seg: TcpSegment, pt: PacketTime, lastSec: number): number {
    const i = this.free.length > 0 ? this.free.pop()! : this.used++;
    if (i >= this.cap) this.grow();
    this.id[i] = id;
    this.seq[i] = seg.seq;
    this.ack[i] = seg.ack;
    this.flags[i] = seg.flags;
    this.ttl[i] = seg.ttl;
    this.ipId[i] = seg.ipId;
    this.window[i] = seg.window;
    this.srcPort[i] = seg.srcPort;
    this.dstPort[i] = seg.dstPort;
    this.srcKey[i] = seg.srcKey;
    this.dstKey[i] = seg.dstKey;
    this.ipVersion[i] = seg.ipVersion;
    this.frame[i] = pt.frame;
    this.tsSec[i] = pt.tsSec;
    this.tsNs[i] = pt.tsNs;
    this.lastSec[i] = lastSec;
    this.src[i] = seg.src;
    this.dst[i] = seg.dst;
    this.vlans[i] = seg.vlans.length > 0 ? [...seg.vlans] : NO_VLANS;
    this.tunnel[i] = seg.tunnel;
    return i;
  }

  /** the SYN of row i as a segment (for the connection built when a second packet comes) */
  segment(i: number): { seg: TcpSegment; pt: PacketTime } {
    return {
      seg: {
        ipVersion: this.ipVersion[i] === 6 ? 6 : 4,
        src: this.src[i]!,
        dst: this.dst[i]!,
        srcKey: this.srcKey[i]!,
        dstKey: this.dstKey[i]!,
        ttl: this.ttl[i]!,
        ipId: this.ipId[i]!,
        srcPort: this.srcPort[i]!,
        dstPort: this.dstPort[i]!,
        seq: this.seq[i]!,
        ack: this.ack[i]!,
        flags: this.flags[i]!,
        window: this.window[i]!,
        payload: NO_BYTES,
        payloadLength: 0,
        vlans: this.vlans[i]!,
        tunnel: this.tunnel[i]!,
      },
      pt: { frame: this.frame[i]!, tsSec: this.tsSec[i]!, tsNs: this.tsNs[i]! },
    };
  }

  matches(i: number, seg: TcpSegment): boolean {
    return matches(this.src[i]!, this.srcPort[i]!, this.dst[i]!, this.dstPort[i]!, seg);
  }

  release(i: number): void {
    this.src[i] = '';
    this.dst[i] = '';
    this.vlans[i] = NO_VLANS;
    this.tunnel[i] = '';
    this.free.push(i);
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const g = <T extends { length: number; set(a: T): void }>(old: T, make: (n: number) => T): T => {
      const n = make(cap);
      n.set(old);
      return n;
    };
    this.id = g(this.id, (n) => new Float64Array(n));
    this.seq = g(this.seq, (n) => new Uint32Array(n));
    this.ack = g(this.ack, (n) => new Uint32Array(n));
    this.flags = g(this.flags, (n) => new Uint16Array(n));
    this.ttl = g(this.ttl, (n) => new Uint8Array(n));
    this.ipId = g(this.ipId, (n) => new Int32Array(n));
    this.window = g(this.window, (n) => new Uint16Array(n));
    this.srcPort = g(this.srcPort, (n) => new Uint16Array(n));
    this.dstPort = g(this.dstPort, (n) => new Uint16Array(n));
    this.srcKey = g(this.srcKey, (n) => new Uint32Array(n));
    this.dstKey = g(this.dstKey, (n) => new Uint32Array(n));
    this.ipVersion = g(this.ipVersion, (n) => new Uint8Array(n));
    this.frame = g(this.frame, (n) => new Float64Array(n));
    this.tsSec = g(this.tsSec, (n) => new Float64Array(n));
    this.tsNs = g(this.tsNs, (n) => new Float64Array(n));
    this.lastSec = g(this.lastSec, (n) => new Float64Array(n));
    this.cap = cap;
  }
}

const NO_VLANS: number[] = [];
const NO_BYTES = Buffer.alloc(0);

/**
 * connections sharing one key at most; more (a capture crafted to collide) go to a table keyed by
 * the 4-tuple's text, so a lookup never scans a long list
 */
const MAX_SHARED_KEY = 8;

/** the 4-tuple as text, the same both ways (only for connections past MAX_SHARED_KEY on one key) */
function tupleText(seg: TcpSegment): string {
  return firstIsSource(seg)
    ? `${seg.src}|${seg.srcPort}|${seg.dst}|${seg.dstPort}`
    : `${seg.dst}|${seg.dstPort}|${seg.src}|${seg.srcPort}`;
}

/**
 * The tracked connections by 4-tuple. `size` counts connections (not slots). Iteration may delete
 * the entry it is at.
 */
export class ConnectionTable<C extends Tracked> {
  private readonly slots = new Map<number, Entry<C> | Array<Entry<C>>>();
  private readonly overflow = new Map<string, Entry<C>>();
  readonly syns = new SynTable();
  size = 0;

  private is(e: Entry<C>, seg: TcpSegment): boolean {
    if (typeof e === 'number') return this.syns.matches(e, seg);
    if ('closed' in e) return matches(e.aIp, e.aPort, e.bIp, e.bPort, seg);
    return matches(e.a.ip, e.a.port, e.b.ip, e.b.port, seg);
  }

  get(seg: TcpSegment, key = keyOf(seg)): Entry<C> | undefined {
    const s = this.slots.get(key);
    let e: Entry<C> | undefined;
    if (Array.isArray(s)) e = s.find((x) => this.is(x, seg));
    else if (s !== undefined && this.is(s, seg)) e = s;
    if (e === undefined && this.overflow.size > 0) e = this.overflow.get(tupleText(seg));
    return e;
  }

  /** sets the entry of seg's connection, replacing the one there (a released SYN row is freed by the caller) */
  set(seg: TcpSegment, e: Entry<C>, key = keyOf(seg)): void {
    const s = this.slots.get(key);
    if (Array.isArray(s)) {
      const i = s.findIndex((x) => this.is(x, seg));
      if (i >= 0) {
        s[i] = e;
        return;
      }
    } else if (s !== undefined && this.is(s, seg)) {
      this.slots.set(key, e);
      return;
    }
    if (this.overflow.size > 0) {
      const text = tupleText(seg);
      if (this.overflow.has(text)) {
        this.overflow.set(text, e);
        return;
      }
    }
    this.size++;
    if (s === undefined) this.slots.set(key, e);
    else if (!Array.isArray(s)) this.slots.set(key, [s, e]);
    else if (s.length < MAX_SHARED_KEY) s.push(e);
    else this.overflow.set(tupleText(seg), e);
  }

  /** every entry; `drop()` inside the callback removes the current one */
  forEach(fn: (e: Entry<C>, drop: () => void) => boolean | void): void {
    // one drop callback for the whole pass: `dropped` says whether the entry just visited was dropped
    let dropped = false;
    const drop = (): void => {
      dropped = true;
    };
    const visit = (e: Entry<C>): boolean => {
      dropped = false;
      return fn(e, drop) === true;
    };
    for (const [key, s] of this.slots) {
      if (!Array.isArray(s)) {
        const stop = visit(s);
        if (dropped) {
          this.slots.delete(key);
          this.size--;
        }
        if (stop) return;
        continue;
      }
      const keep: Array<Entry<C>> = [];
      let stop = false;
      for (const e of s) {
        if (stop) {
          keep.push(e);
          continue;
        }
        stop = visit(e);
        if (dropped) this.size--;
        else keep.push(e);
      }
      if (keep.length === 0) this.slots.delete(key);
      else this.slots.set(key, keep.length === 1 ? keep[0]! : keep);
      if (stop) return;
    }
    for (const [text, e] of this.overflow) {
      const stop = visit(e);
      if (dropped) {
        this.overflow.delete(text);
        this.size--;
      }
      if (stop) return;
    }
  }

  lastSec(e: Entry<C>): number {
    return typeof e === 'number' ? this.syns.lastSec[e]! : e.lastSec;
  }

  clear(): void {
    this.slots.clear();
    this.overflow.clear();
    this.size = 0;
  }
}
