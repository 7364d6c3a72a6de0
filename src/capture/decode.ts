// Link, IP and TCP decoding: from one captured frame to one TCP segment (or a reason it is not one).
// Everything is read through ByteReader; the result struct is reused between packets (no per-packet
// garbage beyond the reader objects) and the payload is a view into the packet bytes.
import { ByteReader } from '../wire/byte-reader.js';
import { ParseError } from '../errors.js';

// LINKTYPE_* values (https://www.tcpdump.org/linktypes.html)
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW_OPENBSD: 12,
  RAW_BSD: 14,
  PPP_ETHER: 51,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface TcpSegment {
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  /** IPv4 TTL or IPv6 hop limit */
  ttl: number;
  /** IPv4 identification; -1 for IPv6 */
  ipId: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** the captured payload bytes (a view) */
  payload: Buffer;
  /** payload length on the wire per the IP header; larger than payload.length when the snaplen cut it */
  payloadLength: number;
  /** VLAN ids seen on the way in (outermost first) */
  vlans: number[];
}

export type DecodeStatus =
  | 'tcp'
  | 'unsupported-link'
  | 'not-ip' // ARP, LLDP, … on a supported link
  | 'not-tcp' // UDP, ICMP …
  | 'fragment' // IP fragment (flagged, not reassembled)
  | 'truncated' // the snaplen cut the headers
  | 'malformed';

export interface DecodeResult {
  status: DecodeStatus;
  /** for malformed/truncated: one line, with the offset inside the frame */
  detail?: string;
}

export function newSegment(): TcpSegment {
  return {
    ipVersion: 4,
    src: '',
    dst: '',
    ttl: 0,
    ipId: -1,
    srcPort: 0,
    dstPort: 0,
    seq: 0,
    ack: 0,
    flags: 0,
    window: 0,
    payload: Buffer.alloc(0),
    payloadLength: 0,
    vlans: [],
  };
}

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = new Set([0x8100, 0x88a8, 0x9100]);
const ETH_PPPOE_SESSION = 0x8864;
const MAX_VLAN_TAGS = 8;
const MAX_IPV6_EXT = 16;

/**
 * Decodes one frame into `out`. Never throws on bad bytes: returns a status. `origLen` is the frame's
 * length on the wire (the capture's original length; defaults to the captured bytes): an IP length
 * beyond it is a malformed frame, not a snaplen cut.
 */
export function decodeFrame(
  linkType: number,
  data: Buffer,
  out: TcpSegment,
  origLen = data.length,
): DecodeResult {
  out.vlans.length = 0;
  const r = new ByteReader(data, { path: ['frame'] });
  try {
    const l3 = link(linkType, r, out);
    if (l3 === 'unsupported-link') return { status: 'unsupported-link' };
    if (l3 === 'not-ip') return { status: 'not-ip' };
    const onWire = Math.max(origLen, data.length) - r.offset;
    return l3 === 4 ? ipv4(r, out, onWire) : ipv6(r, out, onWire);
  } catch (e) {
    if (e instanceof ParseError)
      return { status: e.code === 'PARSE_TRUNCATED' ? 'truncated' : 'malformed', detail: e.message };
    throw e;
  }
}

function versionNibble(r: ByteReader): 4 | 6 | 'not-ip' {
  const b = r.peekU8();
  if (b === undefined) r.u8('IP version');
  const v = (b as number) >> 4;
  return v === 4 ? 4 : v === 6 ? 6 : 'not-ip';
}

function link(linkType: number, r: ByteReader, out: TcpSegment): 4 | 6 | 'not-ip' | 'unsupported-link' {
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      r.skip(12, 'Ethernet addresses');
      return etherType(r.u16('EtherType'), r, out);
    }
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_BSD:
      return versionNibble(r);
    case LINKTYPE.IPV4:
      return 4;
    case LINKTYPE.IPV6:
      return 6;
    case LINKTYPE.NULL: {
      // the address family in the writer's host byte order
      const le = r.u32le('BSD loopback family');
      const fam = le > 0xffff ? (le >>> 24) | ((le >>> 8) & 0xff00) : le;
      return fam === 2 ? 4 : fam === 24 || fam === 28 || fam === 30 ? 6 : 'not-ip';
    }
    case LINKTYPE.LOOP: {
      const fam = r.u32('OpenBSD loopback family');
      return fam === 2 ? 4 : fam === 24 || fam === 28 || fam === 30 ? 6 : 'not-ip';
    }
    case LINKTYPE.LINUX_SLL: {
      // packet type, ARPHRD type, address length, 8 address bytes, protocol
      r.skip(14, 'SLL header');
      return etherType(r.u16('SLL protocol'), r, out);
    }
    case LINKTYPE.LINUX_SLL2: {
      const proto = r.u16('SLL2 protocol');
      r.skip(18, 'SLL2 header');
      return etherType(proto, r, out);
    }
    case LINKTYPE.PPP: {
      if (r.peekU8() === 0xff && r.peekU8(1) === 0x03) r.skip(2, 'PPP address/control');
      return pppProto(r.u16('PPP protocol'));
    }
    case LINKTYPE.PPP_ETHER:
      return pppoe(r);
    default:
      return 'unsupported-link';
  }
}

function etherType(type: number, r: ByteReader, out: TcpSegment): 4 | 6 | 'not-ip' {
  let t = type;
  let tags = 0;
  while (ETH_VLAN.has(t)) {
    if (++tags > MAX_VLAN_TAGS) r.fail(`more than ${MAX_VLAN_TAGS} VLAN tags`, 'PARSE_LIMIT');
    out.vlans.push(r.u16('802.1Q TCI') & 0x0fff);
    t = r.u16('EtherType');
  }
  if (t === ETH_IPV4) return 4;
  if (t === ETH_IPV6) return 6;
  if (t === ETH_PPPOE_SESSION) return pppoe(r);
  return 'not-ip';
}

function pppoe(r: ByteReader): 4 | 6 | 'not-ip' {
  // RFC 2516: VER/TYPE, CODE, SESSION_ID, LENGTH, then the PPP protocol field
  r.skip(6, 'PPPoE header');
  return pppProto(r.u16('PPP protocol'));
}

function pppProto(p: number): 4 | 6 | 'not-ip' {
  return p === 0x0021 ? 4 : p === 0x0057 ? 6 : 'not-ip';
}

// RFC 791 §3.1
function ipv4(r: ByteReader, out: TcpSegment, onWire: number): DecodeResult {
  const start = r.offset;
  const vihl = r.u8('IPv4 version/IHL');
  if (vihl >> 4 !== 4) r.fail(`IP version ${vihl >> 4} where 4 was expected`);
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < 20) r.fail(`IPv4 header length ${ihl} below 20`);
  r.skip(1, 'DSCP/ECN');
  const totalLength = r.u16('IPv4 total length');
  const id = r.u16('IPv4 identification');
  const frag = r.u16('IPv4 flags/fragment offset');
  const ttl = r.u8('IPv4 TTL');
  const proto = r.u8('IPv4 protocol');
  r.skip(2, 'IPv4 checksum');
  const src = r.u32('IPv4 source');
  const dst = r.u32('IPv4 destination');
  r.skip(ihl - 20, 'IPv4 options');
  out.ipVersion = 4;
  out.ttl = ttl;
  out.ipId = id;
  out.src = v4(src);
  out.dst = v4(dst);
  if ((frag & 0x2000) !== 0 || (frag & 0x1fff) !== 0) return { status: 'fragment' };
  if (proto !== 6) return { status: 'not-tcp' };
  // total length 0 is what TSO/GRO captures show: take what was captured
  const ipPayload = totalLength === 0 ? r.remaining : totalLength - ihl;
  if (ipPayload < 0)
    r.fail(`IPv4 total length ${totalLength} below its header length ${ihl}`, 'PARSE_MALFORMED', start + 2);
  if (totalLength > onWire)
    r.fail(
      `IPv4 total length ${totalLength} beyond the ${onWire} bytes the frame had on the wire`,
      'PARSE_MALFORMED',
      start + 2,
    );
  return tcp(r, out, ipPayload);
}

// RFC 8200 §3, §4
function ipv6(r: ByteReader, out: TcpSegment, onWire: number): DecodeResult {
  const start = r.offset;
  const first = r.u32('IPv6 version/class/flow');
  if (first >>> 28 !== 6) r.fail(`IP version ${first >>> 28} where 6 was expected`);
  const payloadLength = r.u16('IPv6 payload length');
  if (40 + payloadLength > onWire)
    r.fail(
      `IPv6 payload length ${payloadLength} beyond the ${onWire - 40} bytes the frame had on the wire`,
      'PARSE_MALFORMED',
      start + 4,
    );
  let next = r.u8('IPv6 next header');
  const hop = r.u8('IPv6 hop limit');
  out.src = v6(r.bytes(16, 'IPv6 source'));
  out.dst = v6(r.bytes(16, 'IPv6 destination'));
  out.ipVersion = 6;
  out.ttl = hop;
  out.ipId = -1;
  let left = payloadLength === 0 ? r.remaining : payloadLength;
  for (let i = 0; ; i++) {
    if (i > MAX_IPV6_EXT) r.fail(`more than ${MAX_IPV6_EXT} IPv6 extension headers`, 'PARSE_LIMIT');
    if (next === 6) return tcp(r, out, left);
    if (next === 0 || next === 43 || next === 60) {
      const nh = r.u8('extension next header');
      const len = (r.u8('extension length') + 1) * 8;
      r.skip(len - 2, 'extension header');
      left -= len;
      next = nh;
    } else if (next === 44) {
      const nh = r.u8('fragment next header');
      r.skip(1, 'reserved');
      const offFlags = r.u16('fragment offset/M');
      r.skip(4, 'fragment identification');
      left -= 8;
      if ((offFlags & 0xfff9) !== 0) return { status: 'fragment' };
      next = nh;
    } else if (next === 51) {
      const nh = r.u8('AH next header');
      const len = (r.u8('AH length') + 2) * 4;
      r.skip(len - 2, 'AH');
      left -= len;
      next = nh;
    } else return { status: 'not-tcp' };
  }
}

// RFC 9293 §3.1
function tcp(r: ByteReader, out: TcpSegment, segmentLength: number): DecodeResult {
  out.srcPort = r.u16('TCP source port');
  out.dstPort = r.u16('TCP destination port');
  out.seq = r.u32('TCP sequence number');
  out.ack = r.u32('TCP acknowledgment number');
  const offFlags = r.u16('TCP data offset/flags');
  out.flags = offFlags & 0x01ff;
  const hdr = (offFlags >> 12) * 4;
  if (hdr < 20) r.fail(`TCP data offset ${hdr} below 20`);
  out.window = r.u16('TCP window');
  r.skip(4, 'TCP checksum/urgent pointer');
  r.skip(hdr - 20, 'TCP options');
  const len = Math.max(0, segmentLength - hdr);
  out.payloadLength = len;
  out.payload = r.bytes(Math.min(len, r.remaining), 'TCP payload');
  return { status: 'tcp' };
}

const v4cache = new Map<number, string>();
function v4(n: number): string {
  let s = v4cache.get(n);
  if (s === undefined) {
    s = `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
    if (v4cache.size > 4096) v4cache.clear();
    v4cache.set(n, s);
  }
  return s;
}

/** RFC 5952 text form: lower case, longest run of zero groups (≥ 2) compressed. */
export function v6(b: Buffer): string {
  const r = new ByteReader(b);
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(r.u16('IPv6 group'));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
