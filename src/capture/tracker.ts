// Per-connection state: TCP reassembly per direction, TLS found by content (any port), and the
// handshake facts. State that only the handshake needs (TLS readers, held segments) is dropped once
// the handshake is settled; application data after that is counted, never parsed or copied.
import { ParseError, oneLine } from '../errors.js';
import { TlsReader, startsTlsRecord, type WireEvent } from '../wire/tls-reader.js';
import { parseClientHello, ja3, ja4, type ClientHello } from '../wire/client-hello.js';
import { parseDraftHelloRetryRequest, parseServerHello, type ServerHello } from '../wire/server-hello.js';
import { DRAFT_HELLO_RETRY_REQUEST } from '../wire/tls13-drafts.js';
import { parseCertificate } from '../wire/certificate.js';
import { ExtensionType, HandshakeType, handshakeTypeName } from '../wire/constants.js';
import type { SSLv2ClientHello } from '../wire/sslv2.js';
import { HalfStream, seqDiff, type GapReason, type StreamSink } from './reassembly.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './decode.js';
import type {
  CaptureConnectionObservation,
  CaptureMoment,
  CapturedClientHello,
  CapturedGap,
  CapturedTcpEnd,
  HandshakeEnd,
} from '../model/observations/capture.js';

export interface PacketTime {
  frame: number;
  tsSec: number;
  tsNs: number;
}

/** per-connection caps: a hostile capture cannot grow one connection's facts without bound */
const MAX_ALERTS = 16;
const MAX_GAPS = 16;
const MAX_PARSE_ERRORS = 4;
/** the first byte of a side's stream is no TLS record (nor SSLv2) */
const NOT_A_RECORD = 'not a TLS record';
const MAX_CHAIN_CERTS = 16;
const MAX_CHAIN_BYTES = 256 * 1024;
const MAX_TTLS = 8;
const RECENT_IP_IDS = 4;
const WITH_SSLV2 = { allowSSLv2: true };
const WITHOUT_SSLV2 = { allowSSLv2: false };
/** TLSInnerPlaintext of a 2-byte alert + content type + 16-byte AEAD tag (RFC 8446 §5.2) */
const TLS13_ENCRYPTED_ALERT_LENGTH = 19;

export function handshakeName(t: number): string {
  return handshakeTypeName(t, (n) => `unknown (${n})`);
}

type Role = 'client' | 'server';

interface Preamble {
  /** plaintext bytes before the first TLS record (or so far) */
  bytes: number;
  /** the first bytes (protocol detection) and the last ones (the answer to an upgrade request) */
  head: Buffer;
  tail: Buffer;
  /** the last bytes of the previous chunk: a record header split between segments */
  carry: Buffer;
  /** still looking for TLS */
  open: boolean;
  frame: number;
}

/** plaintext read before TLS, per side, at most (a plain-text session is given up on past it) */
const MAX_PREAMBLE = 64 * 1024;
const PREAMBLE_HEAD = 256;
const PREAMBLE_TAIL = 96;

/** the offset of a TLS handshake record carrying message type `msgType` in buf, or -1 */
function findHandshakeRecord(buf: Buffer, msgType: number): number {
  for (let i = buf.indexOf(0x16); i >= 0 && i + 5 < buf.length; i = buf.indexOf(0x16, i + 1)) {
    // RFC 8446 §5.1: content type 22, legacy_record_version 3.x (x ≤ 4), length ≤ 2^14 + 2048
    if (buf[i + 1] !== 3 || buf[i + 2]! > 4) continue;
    const len = buf.readUInt16BE(i + 3);
    if (len < 4 || len > 16384 + 2048) continue;
    if (buf[i + 5] === msgType) return i;
  }
  return -1;
}

interface InternalAlert {
  side: 'a' | 'b';
  at: CaptureMoment;
  level: number;
  description: number;
  after: string | null;
  afterSide: 'a' | 'b' | undefined;
  afterServerCertificate: boolean;
}

class Side implements StreamSink {
  readonly ip: string;
  readonly port: number;
  stream: HalfStream;
  /** made on the first byte (most connections of a busy capture never send one); undefined after it is dropped */
  tls: TlsReader | undefined;
  /** the reader was dropped (gap, parse error, settled): bytes are no longer parsed */
  tlsDropped = false;
  /** 'unknown' until the first bytes; 'tls' after a record; 'stopped' after a gap or parse error */
  tlsState: 'unknown' | 'tls' | 'not-tls' | 'stopped' = 'unknown';
  synSeen = false;
  bytes = 0;
  packets = 0;
  ttls: number[] = [];
  recentIpIds: number[] = [];
  /** when this side's first FIN was seen (its report form is made only for the connections reported) */
  fin: PacketTime | undefined;
  ccsFrame: number | undefined;
  firstEncrypted: { frame: number; length: number } | undefined;
  encryptedRecords = 0;
  /** the first acknowledgment number this side sent, and how far its acknowledgments went past it */
  firstAck: number | undefined;
  ackedBytes = 0;
  /** plaintext before TLS (STARTTLS, SSLRequest, CONNECT, PROXY, SOCKS …): being read, or read */
  preamble: Preamble | undefined;
  /** the record being read: an alert record is plaintext only at 2 bytes with level 1 or 2 */
  alertRecord: { length: number; encrypted: boolean } | undefined;
  private readonly conn: Connection;
  private readonly name: 'a' | 'b';
  constructor(ip: string, port: number, conn: Connection, name: 'a' | 'b') {
    this.ip = ip;
    this.port = port;
    this.conn = conn;
    this.name = name;
    this.stream = new HalfStream(this);
  }
  data(chunk: Buffer, frame: number): void {
    this.conn.onData(this.name, chunk, frame);
  }
  gap(bytes: number, frame: number, reason: GapReason): void {
    this.conn.onGap(this.name, bytes, frame, reason);
  }
  dropTls(): void {
    this.tls = undefined;
    this.tlsDropped = true;
  }
}

export class Connection {
  readonly id: number;
  readonly a: Side;
  readonly b: Side;
  readonly ipVersion: 4 | 6;
  readonly vlans: number[];
  private readonly startPt: PacketTime;
  /** the connection's first packet (its report form is made when asked for) */
  get start(): CaptureMoment {
    return this.tracker.moment(this.startPt);
  }
  private endPt: PacketTime;
  /** who sent the SYN, the ClientHello … */
  clientSide: 'a' | 'b' | undefined;
  private clientHelloValue: CapturedClientHello | undefined;
  /**
   * The first ClientHello's bytes (a copy, as a one-byte string) and where they were, until its observation form is asked
   * for: most connections of a busy capture are only counted, so their hello is never parsed.
   */
  private clientHelloSource:
    { bytes: string; base: number; frame: number; tsSec: number; tsNs: number } | undefined;
  /** the ClientHello as an observation (parsed on first use; a malformed one keeps what fixed positions show) */
  get clientHello(): CapturedClientHello | undefined {
    const src = this.clientHelloSource;
    if (!this.clientHelloValue && src) {
      this.clientHelloSource = undefined;
      const at = this.tracker.moment(src);
      const key = clientHelloShape(src.bytes);
      const known = key === undefined ? undefined : HELLO_FORMS.get(key);
      if (known) {
        this.clientHelloValue = { ...at, ...known.form };
        this.clientHelloForm = known;
        return this.clientHelloValue;
      }
      const body = Buffer.from(src.bytes, 'latin1');
      try {
        const hello = parseClientHello(body, src.base);
        const form: HelloForm = { form: helloForm(hello), hello, fingerprints: undefined };
        this.clientHelloValue = { ...at, ...form.form };
        this.clientHelloForm = form;
        if (key !== undefined) {
          if (HELLO_FORMS.size >= HELLO_FORMS_MAX) HELLO_FORMS.clear();
          HELLO_FORMS.set(key, form);
        }
      } catch (e) {
        this.clientHelloValue = salvageClientHello(body, at, oneLine(e));
      }
    }
    return this.clientHelloValue;
  }
  set clientHello(v: CapturedClientHello | undefined) {
    this.clientHelloValue = v;
    this.clientHelloSource = undefined;
  }
  get hasClientHello(): boolean {
    return this.clientHelloValue !== undefined || this.clientHelloSource !== undefined;
  }
  secondClientHello: CapturedClientHello | undefined;
  /** the parsed hellos: their JA3/JA4 fingerprints are computed only for the connections reported */
  private clientHelloForm: HelloForm | undefined;
  private secondClientHelloForm: HelloForm | undefined;
  helloRetryRequest: CaptureConnectionObservation['helloRetryRequest'];
  /** the ServerHello's facts; its moment (frame, ISO time) is made only for the connections reported */
  serverHello: ServerHelloFacts | undefined;
  private serverHelloAt: PacketTime | undefined;
  serverCertificates: CaptureConnectionObservation['serverCertificates'];
  alerts: InternalAlert[] = [];
  lastMessage: { name: string; side: 'a' | 'b'; frame: number } | null = null;
  serverCertificateSeen = false;
  notTls:
    (Omit<NonNullable<CaptureConnectionObservation['notTls']>, 'from'> & { side: 'a' | 'b' }) | undefined;
  parseErrors: string[] = [];
  gaps: Array<Omit<CapturedGap, 'from'> & { side: 'a' | 'b' }> = [];
  tlsSeen = false;
  settled = false;
  /** the ClientHello's last byte: sequence number after it, on the client side */
  chEndSeq: number | undefined;
  chAck: number | undefined;
  chRetrans = 0;
  firstServerByte: PacketTime | undefined;
  synFrame: number | undefined;
  synAckFrame: number | undefined;
  reset: (Omit<CapturedTcpEnd, 'by'> & { side: 'a' | 'b' }) | undefined;
  packets = 0;
  fragments = 0;
  /** capture time (seconds) of the last packet: idle connections are evicted by it */
  lastSec: number;
  /** the server's last plaintext when the client's hello came (its answer to the upgrade request) */
  private answerAtHello: Buffer | undefined;
  private readonly tracker: Tracker;
  private negotiatedVersion: number | undefined;

  constructor(tracker: Tracker, id: number, seg: TcpSegment, pt: PacketTime) {
    this.tracker = tracker;
    this.id = id;
    this.a = new Side(seg.src, seg.srcPort, this, 'a');
    this.b = new Side(seg.dst, seg.dstPort, this, 'b');
    this.ipVersion = seg.ipVersion;
    this.vlans = seg.vlans.length > 0 ? [...seg.vlans] : [];
    this.startPt = pt;
    this.endPt = pt;
    this.lastSec = pt.tsSec + pt.tsNs / 1e9;
  }

  side(name: 'a' | 'b'): Side {
    return name === 'a' ? this.a : this.b;
  }
  role(name: 'a' | 'b'): Role {
    const client = this.clientSide ?? this.guessClient();
    return name === client ? 'client' : 'server';
  }
  private guessClient(): 'a' | 'b' {
    // no SYN and no hello: the higher port is usually the client's ephemeral one
    return this.a.port >= this.b.port ? 'a' : 'b';
  }

  packet(name: 'a' | 'b', seg: TcpSegment, pt: PacketTime): void {
    const s = this.side(name);
    const peer = this.side(name === 'a' ? 'b' : 'a');
    this.packets++;
    s.packets++;
    this.endPt = pt;
    this.lastSec = pt.tsSec + pt.tsNs / 1e9;
    this.tracker.current = pt;
    const isRst = (seg.flags & TCP_RST) !== 0;
    if (isRst && !this.reset) {
      this.reset = {
        side: name,
        ...this.tracker.moment(pt),
        ttl: seg.ttl,
        ipId: seg.ipId,
        senderTtls: [...s.ttls],
        senderRecentIpIds: [...s.recentIpIds],
      };
    } else {
      if (s.ttls.length < MAX_TTLS && !s.ttls.includes(seg.ttl)) s.ttls.push(seg.ttl);
      if (seg.ipId >= 0) {
        s.recentIpIds.push(seg.ipId);
        if (s.recentIpIds.length > RECENT_IP_IDS) s.recentIpIds.shift();
      }
    }
    if ((seg.flags & TCP_SYN) !== 0) {
      s.synSeen = true;
      if ((seg.flags & TCP_ACK) === 0) {
        this.clientSide ??= name;
        this.synFrame ??= pt.frame;
      } else {
        this.clientSide ??= name === 'a' ? 'b' : 'a';
        this.synAckFrame ??= pt.frame;
      }
      s.stream.syn(seg.seq);
    }
    // the ClientHello waiting for an answer: acknowledged? re-sent?
    if (this.chEndSeq !== undefined && this.clientSide !== undefined) {
      if (
        name !== this.clientSide &&
        (seg.flags & TCP_ACK) !== 0 &&
        this.chAck === undefined &&
        seqDiff(seg.ack, this.chEndSeq) >= 0
      )
        this.chAck = pt.frame;
      if (
        name === this.clientSide &&
        seg.payloadLength > 0 &&
        seqDiff(seg.seq, this.chEndSeq) < 0 &&
        this.firstServerByte === undefined
      )
        this.chRetrans++;
      if (name !== this.clientSide && seg.payloadLength > 0 && this.firstServerByte === undefined)
        this.firstServerByte = pt;
    }
    if (seg.payloadLength > 0) {
      s.bytes += seg.payloadLength;
      // TCP Fast Open (RFC 7413 §2): data on a SYN starts at ISN + 1, after the SYN's own number
      const seq = (seg.flags & TCP_SYN) !== 0 ? (seg.seq + 1) >>> 0 : seg.seq;
      s.stream.segment(seq, seg.payload, seg.payloadLength, pt.frame);
    }
    if ((seg.flags & TCP_ACK) !== 0) {
      if (s.firstAck === undefined) s.firstAck = seg.ack;
      else {
        const d = seqDiff(seg.ack, s.firstAck);
        if (d > s.ackedBytes) s.ackedBytes = d;
      }
      if (!peer.stream.skipping) peer.stream.acked(seg.ack, pt.frame);
    }
    if ((seg.flags & TCP_FIN) !== 0) {
      s.stream.fin((seg.seq + seg.payloadLength + ((seg.flags & TCP_SYN) !== 0 ? 1 : 0)) >>> 0);
      if (!s.fin) s.fin = pt;
    }
  }

  onData(name: 'a' | 'b', chunk: Buffer, frame: number): void {
    const s = this.side(name);
    if (s.preamble?.open) {
      this.onPreamble(name, chunk, frame);
      return;
    }
    let events: WireEvent[];
    let error: unknown;
    if (!s.tls && !s.tlsDropped && chunk.length > 0 && !startsTlsRecord(chunk[0]!, s.synSeen)) {
      // plain text from the first byte: what a TlsReader would throw at once, without building the error
      events = [];
      error = NOT_A_RECORD;
    } else {
      // an SSLv2 record is known only by its first byte's high bit, which half of all bytes have: it is
      // taken only at the start of a stream whose SYN was seen, never from bytes joined mid-stream
      if (!s.tls && !s.tlsDropped) s.tls = new TlsReader(s.synSeen ? WITH_SSLV2 : WITHOUT_SSLV2);
      const reader = s.tls;
      if (!reader) return;
      try {
        events = reader.push(chunk);
      } catch (e) {
        // a ParseError is the expected outcome of bad bytes; anything else is a codec bug, which must
        // not take the whole capture down: it is reported like a parse error
        error = e instanceof ParseError ? e : new Error(`unexpected error while parsing TLS: ${oneLine(e)}`);
        events = e instanceof ParseError ? reader.eventsBeforeError : [];
      }
    }
    if (s.tlsState === 'unknown' && events.length > 0) {
      s.tlsState = 'tls';
      this.tlsSeen = true;
    }
    for (const ev of events) this.onEvent(name, ev, frame);
    if (error === undefined) return;
    s.dropTls();
    if (s.tlsState === 'unknown' && !s.synSeen) {
      // joined mid-stream (no SYN from this side): the first bytes may be the middle of a record
      s.tlsState = 'stopped';
    } else if (s.tlsState === 'unknown' && !this.hasClientHello && events.length === 0 && !s.preamble) {
      // plaintext first, before any hello: a protocol that starts TLS later (STARTTLS, SSLRequest,
      // CONNECT, PROXY, SOCKS …) — read on until a handshake record, whatever the port
      s.tlsDropped = false;
      s.preamble = {
        bytes: 0,
        head: Buffer.alloc(0),
        tail: Buffer.alloc(0),
        carry: Buffer.alloc(0),
        open: true,
        frame,
      };
      this.onPreamble(name, chunk, frame);
    } else if (s.tlsState === 'unknown') {
      s.tlsState = 'not-tls';
      if (!this.notTls) {
        const first = chunk.subarray(0, 16);
        this.notTls = {
          side: name,
          ...this.tracker.momentOf(frame),
          firstBytesHex: first.toString('hex').replace(/(..)(?!$)/g, '$1 '),
          firstBytesText: first.toString('latin1').replace(/[^\x20-\x7e]/g, '.'),
        };
      }
    } else {
      s.tlsState = 'stopped';
      if (this.parseErrors.length < MAX_PARSE_ERRORS)
        this.parseErrors.push(`${this.role(name)} stream, frame ${frame}: ${oneLine(error)}`);
    }
  }

  private onPreamble(name: 'a' | 'b', chunk: Buffer, frame: number): void {
    const s = this.side(name);
    const p = s.preamble!;
    if (p.head.length < PREAMBLE_HEAD)
      p.head = Buffer.concat([p.head, chunk.subarray(0, PREAMBLE_HEAD - p.head.length)]);
    const buf = p.carry.length > 0 ? Buffer.concat([p.carry, chunk]) : chunk;
    const at = findHandshakeRecord(buf, this.role(name) === 'client' ? 1 : 2);
    if (at >= 0) {
      // the server's answer to the upgrade request is what it said before the client's hello
      const peer = this.side(name === 'a' ? 'b' : 'a');
      if (this.role(name) === 'client' && peer.preamble)
        this.answerAtHello ??= Buffer.from(peer.preamble.tail);
      p.bytes += at - p.carry.length;
      p.tail = Buffer.from(Buffer.concat([p.tail, buf.subarray(0, at)]).subarray(-PREAMBLE_TAIL));
      p.open = false;
      p.carry = Buffer.alloc(0);
      this.onData(name, buf.subarray(at), frame);
      return;
    }
    p.bytes += chunk.length;
    p.tail = Buffer.from(Buffer.concat([p.tail, chunk]).subarray(-PREAMBLE_TAIL));
    p.carry = Buffer.from(buf.subarray(Math.max(0, buf.length - 5)));
    if (p.bytes > MAX_PREAMBLE) {
      // a plain-text session: no TLS in the first 64 KiB
      p.open = false;
      s.dropTls();
      s.tlsState = 'not-tls';
    }
  }

  /** the plaintext protocol before TLS, named from both sides' first bytes (undefined: none recognised) */
  preambleProtocol(): PreambleName | undefined {
    const client = this.side(this.clientSide ?? this.guessClient());
    const server = client === this.a ? this.b : this.a;
    if (!client.preamble && !server.preamble) return undefined;
    return namePreamble(client.preamble?.head ?? Buffer.alloc(0), server.preamble?.head ?? Buffer.alloc(0));
  }

  /** TLS was seen, or a plaintext protocol that asked to start TLS (the answer is the story) */
  get reportable(): boolean {
    return this.tlsSeen || this.preambleProtocol()?.upgradeAsked === true;
  }

  onGap(name: 'a' | 'b', bytes: number, frame: number, reason: GapReason): void {
    const s = this.side(name);
    const during = !this.settled && !s.tlsDropped;
    if (this.gaps.length < MAX_GAPS)
      this.gaps.push({ side: name, frame, bytes, reason, duringHandshake: during });
    if (during) {
      // TLS framing is lost after a hole: never glue the bytes on either side together
      s.dropTls();
      s.tlsState = s.tlsState === 'unknown' ? 'unknown' : 'stopped';
    }
  }

  private onEvent(name: 'a' | 'b', ev: WireEvent, frame: number): void {
    const s = this.side(name);
    // ISO times are built only for the events that keep one (not for every record)
    switch (ev.type) {
      case 'handshake':
        this.onHandshake(name, ev.msgType, ev.body, ev.offset, frame, ev.serverHello);
        break;
      case 'record':
        // RFC 8446 §5.1: an alert record holds exactly one 2-byte alert; anything else with the alert
        // content type (a connection joined mid-stream, a 19–26-byte encrypted alert) is ciphertext
        s.alertRecord = ev.contentType === 21 ? { length: ev.length, encrypted: ev.length !== 2 } : undefined;
        break;
      case 'alert': {
        const rec = s.alertRecord;
        if (rec && !rec.encrypted && ev.level !== 1 && ev.level !== 2) rec.encrypted = true;
        if (rec?.encrypted) {
          // counted once per record, as encrypted data
          if (rec.length >= 0) {
            s.encryptedRecords++;
            s.firstEncrypted ??= { frame, length: rec.length };
            rec.length = -1;
          }
          break;
        }
        if (this.alerts.length < MAX_ALERTS) {
          const last = this.lastMessage;
          this.alerts.push({
            side: name,
            at: this.tracker.momentOf(frame),
            level: ev.level,
            description: ev.description,
            after: last?.name ?? null,
            afterSide: last?.side,
            afterServerCertificate: this.serverCertificateSeen,
          });
        }
        break;
      }
      case 'change-cipher-spec':
        s.ccsFrame ??= frame;
        break;
      case 'application-data':
        s.encryptedRecords++;
        s.firstEncrypted ??= { frame, length: ev.length };
        this.maybeSettle();
        break;
      case 'sslv2-client-hello':
        if (!this.hasClientHello) {
          this.clientHello = fromSSLv2(ev.hello, this.tracker.momentOf(frame));
          this.clientSide ??= name;
          this.chEndSeq = s.stream.next;
          this.lastMessage = { name: 'SSLv2 ClientHello', side: name, frame };
        }
        break;
      case 'sslv2-server-hello':
        this.lastMessage = { name: 'SSLv2 ServerHello', side: name, frame };
        if (!this.serverHello) {
          this.serverHelloAt = this.tracker.timeOf(frame);
          this.serverHello = {
            legacyVersion: ev.hello.version,
            version: ev.hello.version,
            cipherSuite: ev.hello.cipherSpecs[0] ?? 0,
            extensions: [],
          };
        }
        break;
      case 'sslv2-error':
        // SSLv2 error codes live apart from TLS alerts: 0x10000 + code keeps them distinct
        if (this.alerts.length < MAX_ALERTS) {
          this.alerts.push({
            side: name,
            at: this.tracker.momentOf(frame),
            level: 2,
            description: 0x10000 + ev.code,
            after: this.lastMessage?.name ?? null,
            afterSide: this.lastMessage?.side,
            afterServerCertificate: false,
          });
        }
        break;
      default:
        break;
    }
  }

  private onHandshake(
    name: 'a' | 'b',
    msgType: number,
    body: Buffer,
    offset: number,
    frame: number,
    parsed: ServerHello | undefined,
  ): void {
    const s = this.side(name);
    this.lastMessage = { name: handshakeName(msgType), side: name, frame };
    // the moment in report form, made only where a fact keeps it (not for every ServerHello)
    const at = (): CaptureMoment => this.tracker.momentOf(frame);
    try {
      if (msgType === HandshakeType.client_hello) {
        if (!this.hasClientHello) {
          // parsed when its observation form is asked for (most connections of a busy capture are
          // only counted): its bytes are copied out of the reader's record buffer (a view would pin
          // a shared pool slab) into a one-byte string, which costs the garbage collector least
          const pt = this.tracker.current;
          this.clientHelloSource = {
            bytes: body.toString('latin1'),
            base: offset + 4,
            frame,
            tsSec: pt.tsSec,
            tsNs: pt.tsNs,
          };
          this.clientSide ??= name;
          this.chEndSeq = s.stream.next;
        } else if (this.helloRetryRequest && !this.secondClientHello) {
          const hello = parseClientHello(body, offset + 4);
          this.secondClientHelloForm = { form: helloForm(hello), hello, fingerprints: undefined };
          this.secondClientHello = { ...at(), ...this.secondClientHelloForm.form };
        }
      } else if (msgType === HandshakeType.server_hello) {
        const sh = parsed ?? parseServerHello(body, offset + 4);
        if (sh.isHelloRetryRequest) {
          this.helloRetryRequest = {
            ...at(),
            cipherSuite: sh.cipherSuite,
            version: sh.negotiatedVersion,
            ...(sh.requestedGroup !== undefined ? { requestedGroup: sh.requestedGroup } : {}),
          };
          this.lastMessage.name = 'HelloRetryRequest';
        } else if (!this.serverHello) {
          this.negotiatedVersion = sh.negotiatedVersion;
          // one literal, optional fields assigned after (in the same order): no spread per hello
          this.serverHelloAt = this.tracker.timeOf(frame);
          const hello: ServerHelloFacts = {
            legacyVersion: sh.legacyVersion,
            version: sh.negotiatedVersion,
            cipherSuite: sh.cipherSuite,
            extensions: (sh.extensions ?? []).map((e) => e.type),
          };
          if (sh.alpn !== undefined) hello.alpn = sh.alpn;
          if (sh.keyShare) hello.keyShareGroup = sh.keyShare.group;
          if (sh.downgradeSentinel) hello.downgradeSentinel = sh.downgradeSentinel;
          this.serverHello = hello;
        }
        if (this.clientSide === undefined) this.clientSide = name === 'a' ? 'b' : 'a';
      } else if (msgType === DRAFT_HELLO_RETRY_REQUEST && name !== this.clientSide) {
        // TLS 1.3 drafts ≤ 21: the HelloRetryRequest is a message of its own
        const hrr = parseDraftHelloRetryRequest(body, offset + 4);
        this.helloRetryRequest ??= {
          ...at(),
          cipherSuite: hrr.cipherSuite ?? 0,
          version: hrr.version,
          ...(hrr.requestedGroup !== undefined ? { requestedGroup: hrr.requestedGroup } : {}),
        };
        this.lastMessage.name = 'HelloRetryRequest';
      } else if (
        msgType === HandshakeType.certificate &&
        name !== this.clientSide &&
        !this.serverCertificates
      ) {
        this.serverCertificateSeen = true;
        const msg = parseCertificate(body, { tls13: (this.negotiatedVersion ?? 0) >= 0x0304 }, offset + 4);
        const certs: string[] = [];
        let total = 0;
        for (const der of msg.certificates) {
          if (certs.length >= MAX_CHAIN_CERTS || total + der.length > MAX_CHAIN_BYTES) break;
          total += der.length;
          certs.push(der.toString('base64'));
        }
        this.serverCertificates = { ...at(), certificates: certs };
      }
    } catch (e) {
      // ParseError: bad bytes; anything else: a codec bug — reported, never fatal for the capture
      if (this.parseErrors.length < MAX_PARSE_ERRORS)
        this.parseErrors.push(
          `${handshakeName(msgType)} in frame ${frame}: ${e instanceof ParseError ? '' : 'unexpected error: '}${oneLine(e)}`,
        );
    }
  }

  private maybeSettle(): void {
    if (this.settled) return;
    const c = this.clientSide === 'b' ? this.b : this.a;
    const sv = this.clientSide === 'b' ? this.a : this.b;
    const v = this.negotiatedVersion ?? 0;
    const fatal = this.alerts.some((a) => a.level === 2);
    if (fatal) return;
    // TLS 1.3: the client sends its Finished only after accepting the server's flight, so its first
    // encrypted record (unless it has the 19-byte size of an encrypted alert) settles the handshake
    const done =
      v >= 0x0304
        ? c.firstEncrypted !== undefined &&
          c.firstEncrypted.length !== TLS13_ENCRYPTED_ALERT_LENGTH &&
          sv.encryptedRecords >= 1
        : c.encryptedRecords >= 1 &&
          sv.encryptedRecords >= 1 &&
          c.ccsFrame !== undefined &&
          sv.ccsFrame !== undefined;
    if (!done) return;
    this.settled = true;
    // drop what only the handshake needed
    for (const x of [this.a, this.b]) {
      x.dropTls();
      x.stream.release();
    }
  }

  /** How the handshake ended, as far as the capture shows (see HandshakeEnd). */
  handshakeEnd(): HandshakeEnd {
    const client = this.side(this.clientSide ?? this.guessClient());
    const server = client === this.a ? this.b : this.a;
    if (this.alerts.some((x) => x.level === 2 || x.description >= 0x10000)) return 'alert';
    if (this.notTls) return 'not-tls';
    if (!this.hasClientHello && this.preambleProtocol()?.upgradeAsked) return 'not-tls';
    // joined mid-stream: no SYN and no hello, so no handshake to judge
    if (
      !this.hasClientHello &&
      !this.serverHello &&
      !this.helloRetryRequest &&
      !client.synSeen &&
      !server.synSeen
    )
      return 'mid-stream';
    if (this.hasClientHello && server.packets === 0) return 'server-not-captured';
    if (this.settled || this.isCompleteWithoutSettle(client, server)) return 'complete';
    if (this.reset) return 'reset';
    if (client.fin || server.fin) return 'closed';
    return 'capture-ended';
  }

  /** All facts, with roles resolved. */
  toObservation(origin: string): CaptureConnectionObservation {
    const clientName = this.clientSide ?? this.guessClient();
    const serverName = clientName === 'a' ? 'b' : 'a';
    const client = this.side(clientName);
    const server = this.side(serverName);
    const role = (n: 'a' | 'b' | undefined): Role => (n === clientName ? 'client' : 'server');
    const handshakeEnd = this.handshakeEnd();
    const start = this.start;
    const firstServerByte = this.firstServerByte ? this.tracker.moment(this.firstServerByte) : undefined;
    const obs: CaptureConnectionObservation = {
      kind: 'capture.connection',
      from: { source: 'capture', origin, frames: [start.frame], time: start.time },
      id: this.id,
      client: { ip: client.ip, port: client.port },
      server: { ip: server.ip, port: server.port },
      ipVersion: this.ipVersion,
      ...(this.vlans.length > 0 ? { vlans: this.vlans } : {}),
      start,
      end: this.tracker.moment(this.endPt),
      handshakeEnd,
      lastMessage: this.lastMessage
        ? { name: this.lastMessage.name, from: role(this.lastMessage.side), frame: this.lastMessage.frame }
        : null,
      ...(this.clientHello ? { clientHello: fingerprinted(this.clientHello, this.clientHelloForm) } : {}),
      ...(this.secondClientHello
        ? { secondClientHello: fingerprinted(this.secondClientHello, this.secondClientHelloForm) }
        : {}),
      ...(this.helloRetryRequest ? { helloRetryRequest: this.helloRetryRequest } : {}),
      ...(this.serverHello
        ? { serverHello: { ...this.tracker.moment(this.serverHelloAt!), ...this.serverHello } }
        : {}),
      ...(this.serverCertificates ? { serverCertificates: this.serverCertificates } : {}),
      alerts: this.alerts.map((x) => ({
        frame: x.at.frame,
        time: x.at.time,
        rel: x.at.rel,
        from: role(x.side),
        level: x.level,
        description: x.description,
        after: x.after,
        afterFrom: x.afterSide ? role(x.afterSide) : null,
        afterServerCertificate: x.afterServerCertificate,
      })),
      changeCipherSpec: {
        ...(client.ccsFrame !== undefined ? { client: client.ccsFrame } : {}),
        ...(server.ccsFrame !== undefined ? { server: server.ccsFrame } : {}),
      },
      firstEncrypted: {
        ...(client.firstEncrypted ? { client: client.firstEncrypted } : {}),
        ...(server.firstEncrypted ? { server: server.firstEncrypted } : {}),
      },
      encryptedRecords: { client: client.encryptedRecords, server: server.encryptedRecords },
      ...(this.notTls
        ? {
            notTls: {
              from: role(this.notTls.side),
              frame: this.notTls.frame,
              time: this.notTls.time,
              rel: this.notTls.rel,
              firstBytesHex: this.notTls.firstBytesHex,
              firstBytesText: this.notTls.firstBytesText,
            },
          }
        : {}),
      ...this.preambleFacts(client, server),
      parseErrors: this.parseErrors,
      tcp: {
        synSeen: client.synSeen || server.synSeen,
        ...(this.synFrame !== undefined ? { synFrame: this.synFrame } : {}),
        ...(this.synAckFrame !== undefined ? { synAckFrame: this.synAckFrame } : {}),
        clientHelloAcked: this.chAck !== undefined,
        ...(this.chAck !== undefined ? { clientHelloAckFrame: this.chAck } : {}),
        clientHelloRetransmissions: this.chRetrans,
        ...(firstServerByte ? { firstServerByte } : {}),
        ...(firstServerByte && this.clientHello
          ? {
              clientHelloToFirstServerByteMs: round3((firstServerByte.rel - this.clientHello.rel) * 1000),
            }
          : {}),
        ...(this.reset
          ? {
              reset: {
                by: role(this.reset.side),
                frame: this.reset.frame,
                time: this.reset.time,
                rel: this.reset.rel,
                ttl: this.reset.ttl,
                ipId: this.reset.ipId,
                senderTtls: this.reset.senderTtls,
                senderRecentIpIds: this.reset.senderRecentIpIds,
              },
            }
          : {}),
        ...(client.fin ? { clientFin: this.tracker.moment(client.fin) } : {}),
        ...(server.fin ? { serverFin: this.tracker.moment(server.fin) } : {}),
        bytes: { client: client.bytes, server: server.bytes },
        packets: this.packets,
        serverPackets: server.packets,
        clientAckedServerBytes: client.ackedBytes,
        retransmissions: client.stream.retransmissions + server.stream.retransmissions,
        outOfOrder: client.stream.outOfOrder + server.stream.outOfOrder,
        gaps: this.gaps.map(({ side, ...g }) => ({ from: role(side), ...g })),
        fragments: this.fragments,
      },
    };
    return obs;
  }

  private preambleFacts(client: Side, server: Side): Pick<CaptureConnectionObservation, 'preamble'> {
    const named = this.preambleProtocol();
    if (!named) return {};
    const answer = this.answerAtHello ?? server.preamble?.tail;
    return {
      preamble: {
        protocol: named.protocol,
        upgradeAsked: named.upgradeAsked,
        ...(named.tlsOffered !== undefined ? { tlsOffered: named.tlsOffered } : {}),
        clientBytes: client.preamble?.bytes ?? 0,
        serverBytes: server.preamble?.bytes ?? 0,
        tlsFollowed: this.hasClientHello,
        ...(answer && answer.length > 0
          ? { serverLast: named.protocol === 'LDAP StartTLS' ? ldapResult(answer) : lastLine(answer) }
          : {}),
      },
    };
  }

  /** TLS ≤ 1.2 where both sides sent CCS and an encrypted record (the Finished), no app data yet */
  private isCompleteWithoutSettle(client: Side, server: Side): boolean {
    const v = this.negotiatedVersion ?? 0;
    if (!this.serverHello) return false;
    if (v >= 0x0304)
      return (
        server.encryptedRecords >= 1 &&
        client.firstEncrypted !== undefined &&
        client.firstEncrypted.length !== TLS13_ENCRYPTED_ALERT_LENGTH
      );
    return (
      client.ccsFrame !== undefined &&
      server.ccsFrame !== undefined &&
      client.encryptedRecords >= 1 &&
      server.encryptedRecords >= 1
    );
  }

  flush(frame: number): void {
    this.a.stream.flush(frame);
    this.b.stream.flush(frame);
    // plaintext that never turned into TLS: its first bytes are the not-TLS fact
    for (const name of ['a', 'b'] as const) {
      const x = this.side(name);
      const p = x.preamble;
      if (!p || this.notTls || x.tlsState === 'tls' || !(p.open || x.tlsState === 'not-tls')) continue;
      const first = p.head.subarray(0, 16);
      this.notTls = {
        side: name,
        ...this.tracker.momentOf(p.frame),
        frame: p.frame,
        firstBytesHex: first.toString('hex').replace(/(..)(?!$)/g, '$1 '),
        firstBytesText: first.toString('latin1').replace(/[^\x20-\x7e]/g, '.'),
      };
    }
  }

  /** no TLS from either side: nothing to keep */
  get notTlsAtAll(): boolean {
    return (
      !this.tlsSeen &&
      (this.a.tlsState === 'not-tls' || this.a.tlsState === 'stopped') &&
      (this.b.tlsState === 'not-tls' || this.b.tlsState === 'stopped' || this.b.bytes === 0)
    );
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function offeredVersions(legacy: number, supported: number[] | undefined): number[] {
  const real = (supported ?? []).filter((v) => (v & 0x0f0f) !== 0x0a0a);
  // without supported_versions a client offers legacy_version as its highest (RFC 5246 E.1)
  return real.length > 0 ? real : [legacy];
}

/** the hello with its JA3/JA4 fingerprints (a TLS-format hello; an SSLv2 one has none) */
function fingerprinted(c: CapturedClientHello, f: HelloForm | undefined): CapturedClientHello {
  if (!f) return c;
  if (!f.fingerprints) {
    const j3 = ja3(f.hello!);
    f.fingerprints = { ja3: j3.ja3, ja3Hash: j3.md5, ja4: ja4(f.hello!) };
    f.hello = undefined;
  }
  return { ...c, ...f.fingerprints };
}

/** A ClientHello's report form without its moment, and its fingerprints once computed (then the parse is let go). */
interface HelloForm {
  form: Omit<CapturedClientHello, keyof CaptureMoment>;
  hello: ClientHello | undefined;
  fingerprints: { ja3: string; ja3Hash: string; ja4: string } | undefined;
}

/**
 * Report forms of the ClientHellos seen, by their shape (clientHelloShape): a busy capture holds
 * thousands of hellos from the same few clients, parsed and fingerprinted once per shape. Bounded:
 * cleared when full.
 */
const HELLO_FORMS = new Map<string, HelloForm>();
const HELLO_FORMS_MAX = 256;

/**
 * A ClientHello body (as a one-byte string) without what differs between connections of one client
 * and is not in its report form: the random, the session id's bytes, each key share's key_exchange
 * bytes and the session ticket (every length is kept). Two hellos of one shape parse to the same
 * report form; the parser reads none of the left-out bytes beyond their lengths. undefined when the
 * framing does not add up (the hello is then parsed on its own).
 */
export function clientHelloShape(s: string): string | undefined {
  const n = s.length;
  const u16 = (i: number): number => (s.charCodeAt(i) << 8) | s.charCodeAt(i + 1);
  let p = 2 + 32;
  if (p >= n) return undefined;
  const sid = s.charCodeAt(p);
  if (sid > 32) return undefined;
  const parts = [s.slice(0, 2), s.charAt(p)];
  p += 1 + sid;
  let from = p;
  if (p + 2 > n) return undefined;
  p += 2 + u16(p);
  if (p >= n) return undefined;
  p += 1 + s.charCodeAt(p);
  if (p > n) return undefined;
  if (p < n) {
    if (p + 2 > n || u16(p) !== n - p - 2) return undefined;
    p += 2;
    while (p < n) {
      if (p + 4 > n) return undefined;
      const type = u16(p);
      const d = p + 4;
      const end = d + u16(p + 2);
      if (end > n) return undefined;
      if (type === ExtensionType.key_share) {
        // client_shares<0..2^16-1> of { NamedGroup group; opaque key_exchange<1..2^16-1> }
        if (end - d < 2 || u16(d) !== end - d - 2) return undefined;
        parts.push(s.slice(from, d + 2));
        let q = d + 2;
        while (q < end) {
          if (q + 4 > end) return undefined;
          parts.push(s.slice(q, q + 4));
          q += 4 + u16(q + 2);
        }
        if (q !== end) return undefined;
        from = end;
      } else if (type === ExtensionType.session_ticket) {
        parts.push(s.slice(from, d));
        from = end;
      }
      p = end;
    }
  }
  parts.push(s.slice(from));
  return parts.join('');
}

/** a parsed ClientHello's report form, without its moment (the frame and time it was seen) */
function helloForm(h: ClientHello): Omit<CapturedClientHello, keyof CaptureMoment> {
  return {
    format: 'tls',
    legacyVersion: h.legacyVersion,
    ...(h.supportedVersions ? { supportedVersions: h.supportedVersions } : {}),
    offeredVersions: offeredVersions(h.legacyVersion, h.supportedVersions),
    cipherSuites: h.cipherSuites,
    ...(h.serverName !== undefined ? { sni: h.serverName } : {}),
    ...(h.alpn ? { alpn: h.alpn } : {}),
    ...(h.groups ? { groups: h.groups } : {}),
    ...(h.signatureAlgorithms ? { signatureAlgorithms: h.signatureAlgorithms } : {}),
    ...(h.keyShares ? { keyShareGroups: h.keyShares.map((k) => k.group) } : {}),
    extensions: (h.extensions ?? []).map((e) => e.type),
  };
}

/**
 * What a malformed ClientHello shows at fixed positions (RFC 8446 §4.1.2: legacy_version, random,
 * legacy_session_id<0..32>, cipher_suites<2..2^16-2>, legacy_compression_methods<1..2^8-1>,
 * extensions<8..2^16-1>), each field kept only while the bytes before it and its own length are
 * intact; server_name (RFC 6066 §3) and supported_versions (RFC 8446 §4.2.1) from the extensions
 * that are whole. `reason` is why the full parse failed.
 */
export function salvageClientHello(body: Buffer, at: CaptureMoment, reason: string): CapturedClientHello {
  const out: CapturedClientHello = {
    ...at,
    format: 'tls',
    legacyVersion: body.length >= 2 ? body.readUInt16BE(0) : 0,
    offeredVersions: [],
    cipherSuites: [],
    extensions: [],
    malformed: reason,
  };
  if (body.length >= 34) out.random = body.subarray(2, 34).toString('hex');
  let i = 34;
  const sid = body[i];
  if (sid === undefined || sid > 32 || i + 1 + sid + 2 > body.length) return finishSalvage(out);
  i += 1 + sid;
  const suitesLen = body.readUInt16BE(i);
  if (suitesLen % 2 !== 0 || i + 2 + suitesLen > body.length) return finishSalvage(out);
  for (let k = 0; k < suitesLen; k += 2) out.cipherSuites.push(body.readUInt16BE(i + 2 + k));
  out.cipherSuitesIntact = true;
  i += 2 + suitesLen;
  const comp = body[i];
  if (comp === undefined || i + 1 + comp + 2 > body.length) return finishSalvage(out);
  i += 1 + comp;
  const extEnd = Math.min(body.length, i + 2 + body.readUInt16BE(i));
  i += 2;
  while (i + 4 <= extEnd) {
    const type = body.readUInt16BE(i);
    const len = body.readUInt16BE(i + 2);
    if (i + 4 + len > extEnd) break;
    out.extensions.push(type);
    const ext = body.subarray(i + 4, i + 4 + len);
    if (type === 0 && ext.length >= 5 && ext[2] === 0) {
      // ServerNameList: list length, then host_name(0), HostName<1..2^16-1>
      const n = ext.readUInt16BE(3);
      if (5 + n <= ext.length && n > 0) {
        const name = ext.subarray(5, 5 + n).toString('latin1');
        if (/^[\x21-\x7e]+$/.test(name)) out.sni = name;
      }
    } else if (type === 43 && ext.length >= 1 && 1 + ext[0]! <= ext.length && ext[0]! % 2 === 0) {
      const v: number[] = [];
      for (let k = 1; k < 1 + ext[0]!; k += 2) v.push(ext.readUInt16BE(k));
      out.supportedVersions = v;
    }
    i += 4 + len;
  }
  return finishSalvage(out);
}

function finishSalvage(h: CapturedClientHello): CapturedClientHello {
  h.offeredVersions = h.legacyVersion === 0 ? [] : offeredVersions(h.legacyVersion, h.supportedVersions);
  return h;
}

function fromSSLv2(h: SSLv2ClientHello, at: CaptureMoment): CapturedClientHello {
  const suites = h.cipherSpecs.filter((c) => c >> 16 === 0).map((c) => c & 0xffff);
  return {
    ...at,
    format: 'sslv2',
    legacyVersion: h.version,
    offeredVersions: [h.version],
    cipherSuites: suites,
    extensions: [],
  };
}

/** A ServerHello's facts without its moment (frame, time). */
type ServerHelloFacts = Omit<NonNullable<CaptureConnectionObservation['serverHello']>, keyof CaptureMoment>;

/** The tracker's view of the clock, shared by its connections. */
export interface Tracker {
  /** the packet being processed */
  current: PacketTime;
  /** a moment for a packet time (ISO string built on demand) */
  moment(pt: PacketTime): CaptureMoment;
  /** the current packet's time, under another frame number (a segment held out of order) */
  momentOf(frame: number): CaptureMoment;
  /** the same as a packet time (its report form made later, with moment()) */
  timeOf(frame: number): PacketTime;
}

export function tcpFlags(seg: TcpSegment): { syn: boolean; ack: boolean; rst: boolean; fin: boolean } {
  return {
    syn: (seg.flags & TCP_SYN) !== 0,
    ack: (seg.flags & TCP_ACK) !== 0,
    rst: (seg.flags & TCP_RST) !== 0,
    fin: (seg.flags & TCP_FIN) !== 0,
  };
}

const ascii = (b: Buffer): string => b.toString('latin1');

/** the last non-empty line of plaintext, printable ASCII only, at most 80 characters */
function lastLine(b: Buffer): string {
  const lines = b
    .toString('latin1')
    .split(/\r?\n/)
    .map((l) => l.replace(/[^\x20-\x7e]+/g, ' ').trim())
    .filter((l) => l.length > 0);
  const line = lines[lines.length - 1] ?? '';
  if (line.length <= 80) return line;
  // a long line (XML without line breaks): start at an element's beginning
  const end = line.slice(-80);
  const lt = end.indexOf('<');
  return lt > 0 ? end.slice(lt) : end;
}

/** RFC 4511 §4.1.9 result codes a StartTLS answer may carry (§4.14.2) */
const LDAP_RESULTS: Record<number, string> = {
  0: 'success',
  1: 'operationsError',
  2: 'protocolError',
  52: 'unavailable',
  53: 'unwillingToPerform',
};

/**
 * An LDAP ExtendedResponse ([APPLICATION 24], RFC 4511 §4.12) as one line: its resultCode and
 * diagnosticMessage (short-form BER lengths, which a StartTLS answer uses); else the printable text.
 */
function ldapResult(b: Buffer): string {
  const at = b.indexOf(0x78);
  if (at < 0 || at + 5 > b.length || b[at + 2] !== 0x0a || b[at + 3] !== 1) return lastLine(b);
  const code = b[at + 4]!;
  let i = at + 5;
  const octets = (): string | undefined => {
    if (b[i] !== 0x04 || i + 2 > b.length || b[i + 1]! > 0x7f) return undefined;
    const s = b.subarray(i + 2, i + 2 + b[i + 1]!).toString('latin1');
    i += 2 + b[i + 1]!;
    return s;
  };
  octets(); // matchedDN
  const diag = octets()
    ?.replace(/[^\x20-\x7e]+/g, ' ')
    .trim();
  return `resultCode ${code} (${LDAP_RESULTS[code] ?? 'other'})${diag ? `: ${diag.slice(0, 60)}` : ''}`;
}

export interface PreambleName {
  protocol: string;
  /**
   * the client asked to start TLS (STARTTLS, SSLRequest …); for MySQL also a client that sent
   * nothing after a greeting without CLIENT_SSL (a client requiring TLS gives up there)
   */
  upgradeAsked: boolean;
  /** what the server's greeting says of TLS, where it says it (MySQL's CLIENT_SSL capability) */
  tlsOffered?: boolean;
}

/**
 * MySQL Protocol::HandshakeV10: payload_length(3) sequence_id(1) protocol_version(1) = 10,
 * server_version (NUL-terminated), connection_id(4), auth-plugin-data-part-1(8), filler(1),
 * capability_flags_1(2); CLIENT_SSL = 0x00000800 (MySQL client/server protocol, "Capabilities Flags").
 */
const MYSQL_CLIENT_SSL = 0x0800;
function mysqlGreetingOffersTls(server: Buffer): boolean | undefined {
  if (server.length < 5 || server[4] !== 10) return undefined;
  const nul = server.indexOf(0, 5);
  if (nul < 0) return undefined;
  const at = nul + 1 + 4 + 8 + 1;
  if (at + 2 > server.length) return undefined;
  return (server.readUInt16LE(at) & MYSQL_CLIENT_SSL) !== 0;
}

/**
 * Names the plaintext protocol before TLS from the first bytes of each side, by content (never by
 * port), and says whether the client asked to start TLS. Sources: RFC 3207 (SMTP STARTTLS), RFC 2595
 * (IMAP STARTTLS, POP3 STLS), RFC 4217 (FTP AUTH TLS), RFC 6120 §5 (XMPP), RFC 4511 §4.14 (LDAP
 * StartTLS, OID 1.3.6.1.4.1.1466.20037), PostgreSQL protocol §55.2.10 (SSLRequest 80877103), MySQL
 * client/server protocol (SSL request), RFC 9110 §9.3.6 (CONNECT), HAProxy PROXY protocol v1/v2,
 * RFC 1928 (SOCKS 5), SOCKS 4.
 */
export function namePreamble(client: Buffer, server: Buffer): PreambleName {
  const c = ascii(client);
  const sv = ascii(server);
  if (client.length >= 8 && client.readUInt32BE(0) === 8 && client.readUInt32BE(4) === 80877103)
    return { protocol: 'PostgreSQL SSLRequest', upgradeAsked: true };
  if (client.subarray(0, 12).equals(Buffer.from('0d0a0d0a000d0a515549540a', 'hex')))
    return { protocol: 'PROXY protocol v2', upgradeAsked: false };
  if (/^PROXY (TCP4|TCP6|UNKNOWN)/.test(c)) return { protocol: 'PROXY protocol v1', upgradeAsked: false };
  if (/^CONNECT \S+ HTTP\/1\.[01]\r?\n/.test(c)) return { protocol: 'HTTP CONNECT', upgradeAsked: false };
  if (client[0] === 5 && client.length >= 3 && client[1]! >= 1 && client[1]! + 2 <= client.length)
    return { protocol: 'SOCKS 5', upgradeAsked: false };
  if (client[0] === 4 && (client[1] === 1 || client[1] === 2) && client.length >= 9)
    return { protocol: 'SOCKS 4', upgradeAsked: false };
  if (/<stream:stream|^<\?xml/.test(c) || /<stream:stream/.test(sv))
    return { protocol: 'XMPP', upgradeAsked: /<starttls/.test(c) };
  if (client[0] === 0x30 && c.includes('1.3.6.1.4.1.1466.20037'))
    return { protocol: 'LDAP StartTLS', upgradeAsked: true };
  if (server.length >= 5 && server[3] === 0 && server[4] === 10 && server.readUIntLE(0, 3) + 4 <= 1 << 16) {
    const tlsOffered = mysqlGreetingOffersTls(server);
    // the SSL request: sequence id 1, 32-byte payload whose capability flags carry CLIENT_SSL
    const sslRequest =
      client.length >= 36 && client[3] === 1 && (client.readUInt16LE(4) & MYSQL_CLIENT_SSL) !== 0;
    return {
      protocol: 'MySQL',
      upgradeAsked: sslRequest || (tlsOffered === false && client.length === 0),
      ...(tlsOffered !== undefined ? { tlsOffered } : {}),
    };
  }
  if (/^\* OK/i.test(sv) || /^\S+ (STARTTLS|CAPABILITY)\r?\n/i.test(c))
    return { protocol: 'IMAP', upgradeAsked: /^\S+ STARTTLS\r?$/im.test(c) };
  if (/^\+OK/.test(sv) || /^(STLS|CAPA)\r?\n/i.test(c))
    return { protocol: 'POP3', upgradeAsked: /^STLS\r?$/im.test(c) };
  if (/^(EHLO|HELO) /im.test(c)) return { protocol: 'SMTP', upgradeAsked: /^STARTTLS\r?$/im.test(c) };
  if (/^AUTH (TLS|SSL)\r?$/im.test(c) || (/^220/.test(sv) && /^(USER|FEAT|AUTH) /im.test(c)))
    return { protocol: 'FTP', upgradeAsked: /^AUTH (TLS|SSL)\r?$/im.test(c) };
  if (/^220[ -]/.test(sv)) return { protocol: 'SMTP', upgradeAsked: /^STARTTLS\r?$/im.test(c) };
  return { protocol: 'plain text', upgradeAsked: false };
}
