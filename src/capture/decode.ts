// Link, IP and TCP decoding: from one captured frame to one TCP segment (or a reason it is not one).
// Everything is read through ByteReader; the result struct is reused between packets (no per-packet
// garbage beyond the reader objects) and the payload is a view into the packet bytes.
import { ByteReader } from '../wire/byte-reader.js';
import { ParseError } from '../errors.js';
import { at32 } from './formats/types.js';

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
  /** the addresses as numbers, for keying connections: an IPv4 address itself, a 32-bit mix of an IPv6 one */
  srcKey: number;
  dstKey: number;
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
  /** the encapsulation the segment was carried in (outermost), '' when none */
  tunnel: string;
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
  /** a tunnel whose payload is not decoded (GTP-U with a non-IP payload, CAPWAP 802.11 …) */
  notDecoded?: string;
}

/** the results without detail, made once (one frame decoded = no result object allocated) */
const STATUS: Readonly<Record<DecodeStatus, DecodeResult>> = Object.freeze({
  tcp: Object.freeze({ status: 'tcp' }),
  'unsupported-link': Object.freeze({ status: 'unsupported-link' }),
  'not-ip': Object.freeze({ status: 'not-ip' }),
  'not-tcp': Object.freeze({ status: 'not-tcp' }),
  fragment: Object.freeze({ status: 'fragment' }),
  truncated: Object.freeze({ status: 'truncated' }),
  malformed: Object.freeze({ status: 'malformed' }),
});
const NO_PAYLOAD = Buffer.alloc(0);

export function newSegment(): TcpSegment {
  return {
    ipVersion: 4,
    src: '',
    dst: '',
    srcKey: 0,
    dstKey: 0,
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
    tunnel: '',
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
  return decodeFrameAt(linkType, data, 0, data.length, out, origLen);
}

/** decodeFrame for the frame buf[start, end): the common frame is read in place, without a view of it */
export function decodeFrameAt(
  linkType: number,
  buf: Buffer,
  start: number,
  end: number,
  out: TcpSegment,
  origLen = end - start,
): DecodeResult {
  if (out.vlans.length !== 0) out.vlans.length = 0; // setting an array's length is a runtime call
  out.tunnel = '';
  if (plainIpv4Tcp(linkType, buf, start, end, out, origLen)) return STATUS.tcp;
  const data = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
  const r = new ByteReader(data, { path: ['frame'] });
  try {
    const l3 = link(linkType, r, out);
    if (l3 === 'unsupported-link') return STATUS['unsupported-link'];
    if (l3 === 'not-ip') return STATUS['not-ip'];
    const onWire = Math.max(origLen, data.length) - r.offset;
    return l3 === 4 ? ipv4(r, out, onWire, 0) : ipv6(r, out, onWire, 0);
  } catch (e) {
    if (e instanceof ParseError)
      return { status: e.code === 'PARSE_TRUNCATED' ? 'truncated' : 'malformed', detail: e.message };
    throw e;
  }
}

/**
 * The common frame — Ethernet II, Linux cooked or raw IPv4, no VLAN tag, an unfragmented IPv4
 * packet whose total length fits the frame, a TCP header whose options were captured — decoded from
 * fixed positions, with no reader object. The same fields as the checked path below (RFC 791 §3.1,
 * RFC 9293 §3.1); false (nothing decided) for anything else, which the checked path then reads,
 * errors and odd cases included.
 */
function plainIpv4Tcp(
  linkType: number,
  data: Buffer,
  start: number,
  end: number,
  out: TcpSegment,
  origLen: number,
): boolean {
  let ip: number;
  if (linkType === LINKTYPE.ETHERNET) ip = start + 14;
  else if (linkType === LINKTYPE.LINUX_SLL) ip = start + 16;
  else if (linkType === LINKTYPE.RAW || linkType === LINKTYPE.IPV4) ip = start;
  else return false;
  const n = end;
  if (n < ip + 40) return false;
  // every byte read below is inside [start, end): n ≥ ip + 40 here, and n ≥ t + hdr before the TCP fields
  if (ip > start && ((data[ip - 2]! << 8) | data[ip - 1]!) !== ETH_IPV4) return false;
  const vihl = data[ip]!;
  const ihl = (vihl & 0x0f) * 4;
  if (
    vihl >> 4 !== 4 ||
    ihl < 20 ||
    data[ip + 9] !== 6 ||
    (((data[ip + 6]! << 8) | data[ip + 7]!) & 0x3fff) !== 0
  )
    return false;
  const totalLength = (data[ip + 2]! << 8) | data[ip + 3]!;
  if (totalLength < ihl + 20 || totalLength > Math.max(origLen, n - start) - (ip - start)) return false;
  const t = ip + ihl;
  if (n < t + 20) return false;
  const offFlags = (data[t + 12]! << 8) | data[t + 13]!;
  const hdr = (offFlags >> 12) * 4;
  if (hdr < 20 || n < t + hdr) return false;
  const src = at32(data, ip + 12, false);
  const dst = at32(data, ip + 16, false);
  out.ipVersion = 4;
  out.ttl = data[ip + 8]!;
  out.ipId = (data[ip + 4]! << 8) | data[ip + 5]!;
  out.src = v4(src);
  out.dst = v4(dst);
  out.srcKey = src;
  out.dstKey = dst;
  out.srcPort = (data[t]! << 8) | data[t + 1]!;
  out.dstPort = (data[t + 2]! << 8) | data[t + 3]!;
  out.seq = at32(data, t + 4, false);
  out.ack = at32(data, t + 8, false);
  out.flags = offFlags & 0x01ff;
  out.window = (data[t + 14]! << 8) | data[t + 15]!;
  const len = Math.max(0, totalLength - ihl - hdr);
  out.payloadLength = len;
  out.payload = len === 0 ? NO_PAYLOAD : data.subarray(t + hdr, t + hdr + Math.min(len, n - t - hdr));
  return true;
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
function ipv4(r: ByteReader, out: TcpSegment, onWire: number, depth: number): DecodeResult {
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
  out.srcKey = src;
  out.dstKey = dst;
  if ((frag & 0x2000) !== 0 || (frag & 0x1fff) !== 0) return STATUS['fragment'];
  if (proto !== 6 && !TUNNEL_PROTOCOLS.has(proto) && proto !== 17) return STATUS['not-tcp'];
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
  if (proto === 6) return tcp(r, out, ipPayload);
  return tunnel(proto, r, out, depth);
}

/** IP protocol numbers of tunnels: IPv4 in IP (RFC 2003), IPv6 in IP (RFC 4213), GRE (RFC 2784) */
const TUNNEL_PROTOCOLS = new Set([4, 41, 47]);
/** nested encapsulations decoded at most */
const MAX_TUNNEL_DEPTH = 4;
const GENEVE_ETHERNET = 0x6558;
const GRE_ERSPAN_2 = 0x88be;
const GRE_ERSPAN_3 = 0x22eb;

/** the names the summary counts encapsulations by */
export const TUNNEL = {
  ipip: 'IPv4-in-IP',
  ip6in: 'IPv6-in-IP',
  gre: 'GRE',
  erspan: 'ERSPAN',
  vxlan: 'VXLAN',
  geneve: 'Geneve',
  gtpu: 'GTP-U',
  capwap: 'CAPWAP data',
} as const;

function enter(out: TcpSegment, name: string, r: ByteReader, depth: number): void {
  if (depth >= MAX_TUNNEL_DEPTH) r.fail(`more than ${MAX_TUNNEL_DEPTH} nested tunnels`, 'PARSE_LIMIT');
  if (out.tunnel === '') out.tunnel = name;
}

/** the IP packet inside a tunnel, after its Ethernet header when it carries frames */
function innerIp(l3: 4 | 6 | 'not-ip', r: ByteReader, out: TcpSegment, depth: number): DecodeResult {
  if (l3 === 'not-ip') return STATUS['not-ip'];
  return l3 === 4 ? ipv4(r, out, r.remaining, depth + 1) : ipv6(r, out, r.remaining, depth + 1);
}
function innerEthernet(r: ByteReader, out: TcpSegment, depth: number): DecodeResult {
  r.skip(12, 'inner Ethernet addresses');
  return innerIp(etherType(r.u16('inner EtherType'), r, out), r, out, depth);
}

/** one encapsulation: proto is the IP protocol (4, 41, 47, or 17 for the UDP tunnels) */
function tunnel(proto: number, r: ByteReader, out: TcpSegment, depth: number): DecodeResult {
  if (proto === 4) {
    enter(out, TUNNEL.ipip, r, depth);
    return innerIp(4, r, out, depth);
  }
  if (proto === 41) {
    enter(out, TUNNEL.ip6in, r, depth);
    return innerIp(6, r, out, depth);
  }
  if (proto === 47) return gre(r, out, depth);
  // UDP (RFC 768), then the tunnel its port names
  const srcPort = r.u16('UDP source port');
  const dstPort = r.u16('UDP destination port');
  r.skip(4, 'UDP length/checksum');
  const port = (p: number): boolean => dstPort === p || srcPort === p;
  if (dstPort === 4789) {
    // RFC 7348 §5: flags (I bit 0x08), reserved, VNI, reserved; then an Ethernet frame
    enter(out, TUNNEL.vxlan, r, depth);
    r.skip(8, 'VXLAN header');
    return innerEthernet(r, out, depth);
  }
  if (dstPort === 6081) {
    // RFC 8926 §3.4: Ver(2) Opt Len(6), O C Rsvd, Protocol Type, VNI, Reserved, options
    enter(out, TUNNEL.geneve, r, depth);
    const optLen = (r.u8('Geneve version/option length') & 0x3f) * 4;
    r.skip(1, 'Geneve flags');
    const type = r.u16('Geneve protocol type');
    r.skip(4 + optLen, 'Geneve VNI and options');
    if (type === GENEVE_ETHERNET) return innerEthernet(r, out, depth);
    return innerIp(type === 0x0800 ? 4 : type === 0x86dd ? 6 : 'not-ip', r, out, depth);
  }
  if (port(2152)) {
    // 3GPP TS 29.281 §5.1: flags (version 1, PT, E, S, PN), message type (255 = G-PDU), length, TEID
    enter(out, TUNNEL.gtpu, r, depth);
    const flags = r.u8('GTP-U flags');
    const type = r.u8('GTP-U message type');
    r.skip(6, 'GTP-U length/TEID');
    if (flags >> 5 !== 1 || type !== 255) return { status: 'not-tcp', notDecoded: TUNNEL.gtpu };
    if ((flags & 0x07) !== 0) {
      r.skip(3, 'GTP-U sequence number/N-PDU number');
      // §5.2: extension headers, each a length in 4-byte units, ending with next type 0
      let next = r.u8('GTP-U next extension header type');
      for (let i = 0; next !== 0; i++) {
        if (i > 8) r.fail('more than 8 GTP-U extension headers', 'PARSE_LIMIT');
        const len = r.u8('GTP-U extension length') * 4;
        if (len < 4) r.fail(`GTP-U extension length ${len}`);
        r.skip(len - 2, 'GTP-U extension');
        next = r.u8('GTP-U next extension header type');
      }
    }
    const v = r.peekU8();
    return innerIp(
      v === undefined ? 'not-ip' : v >> 4 === 4 ? 4 : v >> 4 === 6 ? 6 : 'not-ip',
      r,
      out,
      depth,
    );
  }
  if (port(5247)) {
    // RFC 5415 §4.3: preamble (version 0, type 0), HLEN (5 bits, 4-byte words), RID, WBID, T, F …;
    // T = 0: the payload is an IEEE 802.3 frame (RFC 5415 §4.4.2); T = 1: native (802.11, not decoded)
    enter(out, TUNNEL.capwap, r, depth);
    const pre = r.u8('CAPWAP preamble');
    const b1 = r.u8('CAPWAP HLEN');
    const b2 = r.u8('CAPWAP WBID/T');
    const hlen = (b1 >> 3) * 4;
    const native = (b2 & 0x01) !== 0;
    const fragment = (r.peekU8() ?? 0) & 0x80;
    if (pre !== 0 || hlen < 8) return { status: 'not-tcp', notDecoded: TUNNEL.capwap };
    if (native || fragment) return { status: 'not-tcp', notDecoded: TUNNEL.capwap };
    r.skip(hlen - 3, 'CAPWAP header');
    return innerEthernet(r, out, depth);
  }
  return STATUS['not-tcp'];
}

// RFC 2784 §2.1, RFC 2890 §2: C, K, S flags, version 0, protocol type; ERSPAN (draft-foschiano-erspan)
function gre(r: ByteReader, out: TcpSegment, depth: number): DecodeResult {
  const flags = r.u16('GRE flags/version');
  const type = r.u16('GRE protocol type');
  if ((flags & 0x0007) !== 0) {
    enter(out, TUNNEL.gre, r, depth);
    return { status: 'not-tcp', notDecoded: `${TUNNEL.gre} version ${flags & 0x0007}` };
  }
  if (flags & 0x8000) r.skip(4, 'GRE checksum/reserved');
  if (flags & 0x2000) r.skip(4, 'GRE key');
  if (flags & 0x1000) r.skip(4, 'GRE sequence number');
  if (type === GRE_ERSPAN_2 || type === GRE_ERSPAN_3) {
    enter(out, TUNNEL.erspan, r, depth);
    if (type === GRE_ERSPAN_2) r.skip(8, 'ERSPAN type II header');
    else {
      r.skip(11, 'ERSPAN type III header');
      // O flag: an 8-byte platform-specific subheader follows
      if ((r.u8('ERSPAN type III flags') & 0x01) !== 0) r.skip(8, 'ERSPAN platform subheader');
    }
    return innerEthernet(r, out, depth);
  }
  enter(out, TUNNEL.gre, r, depth);
  if (type === GENEVE_ETHERNET) return innerEthernet(r, out, depth);
  if (type === 0x0800) return innerIp(4, r, out, depth);
  if (type === 0x86dd) return innerIp(6, r, out, depth);
  return { status: 'not-tcp', notDecoded: `${TUNNEL.gre} protocol 0x${type.toString(16).padStart(4, '0')}` };
}

// RFC 8200 §3, §4
function ipv6(r: ByteReader, out: TcpSegment, onWire: number, depth: number): DecodeResult {
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
  const srcBytes = r.bytes(16, 'IPv6 source');
  const dstBytes = r.bytes(16, 'IPv6 destination');
  out.src = v6(srcBytes);
  out.dst = v6(dstBytes);
  out.srcKey = v6key(srcBytes);
  out.dstKey = v6key(dstBytes);
  out.ipVersion = 6;
  out.ttl = hop;
  out.ipId = -1;
  let left = payloadLength === 0 ? r.remaining : payloadLength;
  for (let i = 0; ; i++) {
    if (i > MAX_IPV6_EXT) r.fail(`more than ${MAX_IPV6_EXT} IPv6 extension headers`, 'PARSE_LIMIT');
    if (next === 6) return tcp(r, out, left);
    if (TUNNEL_PROTOCOLS.has(next) || next === 17) return tunnel(next, r, out, depth);
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
      if ((offFlags & 0xfff9) !== 0) return STATUS['fragment'];
      next = nh;
    } else if (next === 51) {
      const nh = r.u8('AH next header');
      const len = (r.u8('AH length') + 2) * 4;
      r.skip(len - 2, 'AH');
      left -= len;
      next = nh;
    } else return STATUS['not-tcp'];
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
  out.payload = len === 0 ? NO_PAYLOAD : r.bytes(Math.min(len, r.remaining), 'TCP payload');
  return STATUS['tcp'];
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

/** a 32-bit mix of an IPv6 address (16 bytes, bounds checked by the caller's reader) */
function v6key(b: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 16; i += 4) h = Math.imul(h ^ b.readUInt32BE(i), 0x01000193);
  return h >>> 0;
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
