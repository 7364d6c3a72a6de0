// The streaming reader for one direction of a TLS connection: bytes in (in any chunking), events out.
// Used by the network probe (a server's bytes) and the capture module (each direction).
//
// Invariants
// - Any split of the same bytes into chunks yields the same events in the same order (tested with
//   random splits); events from successive push() calls concatenate.
// - Truncated is not malformed (DESIGN convention 5): a partial record or handshake message is kept
//   for the next push and reported by `needed`; bad bytes throw a ParseError at once, e.g. a header
//   claiming more than the RFC allows fails before its body arrives.
// - Memory is bounded: at most one record (≤ 2^14+2048 bytes) plus one handshake message
//   (≤ maxHandshakeLength) is held. Application data and encrypted records are counted, never copied;
//   a record whole in the chunk pushed is read in place, and only what outlives the push() (a
//   handshake message continued in the next record) is copied.
// - Work is linear in the bytes pushed, however the records are split (a message in 1-byte records
//   included): a partial handshake message grows by amortised doubling, never by re-concatenation,
//   and each stored byte is copied a bounded number of times (`bytesCopied` counts them for tests).
// - After a ChangeCipherSpec (TLS ≤ 1.2) or a TLS 1.3 ServerHello the stream is encrypted: later
//   records are reported as application-data whatever their content type (a 2-byte alert record
//   is still read as a plaintext alert: no cipher produces a 2-byte ciphertext).
import { ParseError } from '../errors.js';
import { parseAlert } from './alert.js';
import {
  ContentType,
  DEFAULT_MAX_HANDSHAKE_LENGTH,
  HANDSHAKE_HEADER_LENGTH,
  HandshakeType,
  RECORD_HEADER_LENGTH,
  SSLv2MessageType,
  Version,
} from './constants.js';
import { describeBytes, isTlsContentType, validateRecordHeader } from './record.js';
import { scanClientSupportedVersions } from './client-hello.js';
import { parseServerHello, startsTls13Encryption } from './server-hello.js';
import { isTls13Family } from './tls13-drafts.js';
import { parseSSLv2ClientHello, parseSSLv2Error, parseSSLv2ServerHello } from './sslv2.js';
import type { SSLv2ClientHello, SSLv2ServerHello } from './sslv2.js';
import type { ServerHello } from './server-hello.js';

/**
 * Offsets are absolute stream offsets: of the record header for 'record', of the handshake header
 * for 'handshake', of the fragment for 'application-data' and 'change-cipher-spec', of the alert's
 * level byte for 'alert', of the SSLv2 record header for 'sslv2-*'.
 */
export type WireEvent =
  | {
      type: 'handshake';
      msgType: number;
      /**
       * a view: of the chunk pushed when the message was whole in one record of it (valid until the
       * caller reuses that chunk's memory), else of the reader's own copy
       */
      body: Buffer;
      offset: number;
      /** a ServerHello (or HelloRetryRequest) as the reader parsed it to follow the encryption */
      serverHello?: ServerHello;
    }
  | { type: 'alert'; level: number; description: number; offset: number }
  | { type: 'change-cipher-spec'; offset: number }
  | { type: 'application-data'; length: number; offset: number }
  | { type: 'record'; contentType: number; version: number; length: number; offset: number }
  | { type: 'sslv2-client-hello'; hello: SSLv2ClientHello; offset: number }
  | { type: 'sslv2-server-hello'; hello: SSLv2ServerHello; offset: number }
  | { type: 'sslv2-error'; code: number; offset: number };

export interface TlsReaderOptions {
  /** cap on one reassembled handshake message body; default 256 KiB */
  maxHandshakeLength?: number;
  /** accept an SSLv2 record (high bit set) as the first bytes of the stream; default true */
  allowSSLv2?: boolean;
}

interface CurrentRecord {
  sslv2: boolean;
  contentType: number;
  length: number;
  /** stream offset of the header */
  offset: number;
  /** stream offset of the fragment */
  fragmentOffset: number;
  /** true: bytes are stored in `body`; false: only counted */
  store: boolean;
}

/** the empty partial message (never written: appending grows a new buffer) */
const NO_BYTES = Buffer.alloc(0);

export class TlsReader {
  private readonly maxHandshakeLength: number;
  private readonly allowSSLv2: boolean;
  private mode: 'start' | 'tls' | 'sslv2' = 'start';
  private encrypted = false;
  private sslv2Encrypted = false;
  /** stream offset of the next byte push() will consume */
  private pos = 0;
  /** the record header being read (a small array: a reader is made per connection of a capture) */
  private readonly hdr: number[] = [0, 0, 0, 0, 0];
  private hdrLen = 0;
  private hdrWant = RECORD_HEADER_LENGTH;
  private cur: CurrentRecord | undefined;
  private readonly record: CurrentRecord = {
    sslv2: false,
    contentType: 0,
    length: 0,
    offset: 0,
    fragmentOffset: 0,
    store: false,
  };
  private body: Buffer | undefined;
  private filled = 0;
  /** partial handshake bytes (the first `hsLen` bytes of `hs`; the rest is spare capacity) */
  private hs: Buffer = NO_BYTES;
  private hsLen = 0;
  /** for each record piece of `hs`, where it starts in `hs` and in the stream; sorted by `at` */
  private hsSegs: Array<{ at: number; offset: number }> = [];
  private copied = 0;
  /** the negotiated version is known to be (true) or not to be (false) TLS 1.3 */
  private tls13: boolean | undefined;
  /** a ClientHello in this direction offered TLS 1.3 */
  private offeredTls13 = false;
  private lastHandshakeType: number | undefined;
  /** a CCS that may be TLS 1.3 middlebox compatibility or a TLS 1.2 key change (client direction) */
  private ambiguousCcs = false;
  private error: ParseError | undefined;
  /** events decoded from the failing push() before it threw (the probe still wants a ServerHello before garbage) */
  eventsBeforeError: WireEvent[] = [];

  constructor(opts: TlsReaderOptions = {}) {
    this.maxHandshakeLength = opts.maxHandshakeLength ?? DEFAULT_MAX_HANDSHAKE_LENGTH;
    this.allowSSLv2 = opts.allowSSLv2 ?? true;
  }

  /** bytes held waiting for more (application data being skipped is not held) */
  get buffered(): number {
    return this.hdrLen + (this.cur?.store ? this.filled : 0) + this.hsLen;
  }

  /** bytes copied into record and reassembly buffers so far: at most a small multiple of the bytes stored */
  get bytesCopied(): number {
    return this.copied;
  }

  /** how many more bytes the current partial structure (record first, else handshake message) needs; 0 if none */
  get needed(): number {
    if (this.cur) return this.cur.length - this.filled;
    if (this.hdrLen > 0) return this.hdrWant - this.hdrLen;
    if (this.hsLen > 0) {
      if (this.hsLen < HANDSHAKE_HEADER_LENGTH) return HANDSHAKE_HEADER_LENGTH - this.hsLen;
      return HANDSHAKE_HEADER_LENGTH + this.hs.readUIntBE(1, 3) - this.hsLen;
    }
    return 0;
  }

  /**
   * What a stream that ends now leaves unfinished, if anything: a record header, a record, or a
   * handshake message spread over records (with its type when its first byte came).
   */
  get partial():
    | {
        structure: 'record-header' | 'record' | 'handshake';
        have: number;
        total?: number;
        contentType?: number;
        msgType?: number;
      }
    | undefined {
    if (this.cur) {
      const first =
        this.hsLen > 0
          ? this.hs[0]
          : this.cur.store && this.filled > 0 && this.cur.contentType === ContentType.handshake
            ? this.body?.[0]
            : undefined;
      return {
        structure: 'record',
        have: this.filled,
        total: this.cur.length,
        contentType: this.cur.contentType,
        ...(first !== undefined && this.cur.contentType === ContentType.handshake ? { msgType: first } : {}),
      };
    }
    if (this.hdrLen > 0) return { structure: 'record-header', have: this.hdrLen, total: this.hdrWant };
    if (this.hsLen > 0)
      return {
        structure: 'handshake',
        have: this.hsLen,
        ...(this.hsLen >= HANDSHAKE_HEADER_LENGTH
          ? { total: HANDSHAKE_HEADER_LENGTH + this.hs.readUIntBE(1, 3) }
          : {}),
        msgType: this.hs[0]!,
      };
    return undefined;
  }

  /** true once the stream switched to encrypted records */
  get isEncrypted(): boolean {
    return this.encrypted || this.sslv2Encrypted;
  }

  /**
   * Tells the reader what the connection negotiated, as learned from the other direction (the capture
   * module passes the server's ServerHello version to the client-direction reader). Settles whether a
   * ChangeCipherSpec is a TLS 1.2 key change or a TLS 1.3 compatibility message.
   */
  hintNegotiatedVersion(version: number): void {
    this.tls13 = isTls13Family(version);
  }

  /** total bytes consumed so far */
  get offset(): number {
    return this.pos;
  }

  push(chunk: Buffer): WireEvent[] {
    if (this.error) throw this.error;
    const events: WireEvent[] = [];
    try {
      this.consume(chunk, events);
    } catch (e) {
      if (e instanceof ParseError) this.error = e;
      this.eventsBeforeError = events;
      throw e;
    }
    return events;
  }

  private consume(chunk: Buffer, events: WireEvent[]): void {
    let i = 0;
    while (i < chunk.length) {
      const cur = this.cur;
      if (cur) {
        if (cur.store && this.filled === 0 && chunk.length - i >= cur.length) {
          // the whole record is in this chunk: its body is a view of it, not a copy (what must outlive
          // this push() — a handshake message continued in the next record — is copied then)
          const body = chunk.subarray(i, i + cur.length);
          this.pos += cur.length;
          i += cur.length;
          this.cur = undefined;
          this.finishRecord(cur, body, events, false);
          continue;
        }
        const n = Math.min(cur.length - this.filled, chunk.length - i);
        if (cur.store) {
          this.body ??= Buffer.allocUnsafe(cur.length);
          this.copied += chunk.copy(this.body, this.filled, i, i + n);
        }
        this.filled += n;
        this.pos += n;
        i += n;
        if (this.filled === cur.length) {
          const body = this.body;
          this.cur = undefined;
          this.body = undefined;
          this.filled = 0;
          this.finishRecord(cur, body, events);
        }
        continue;
      }
      // header bytes
      if (this.hdrLen === 0) {
        this.startHeader(chunk, i);
        if (this.mode === 'tls' && i + RECORD_HEADER_LENGTH <= chunk.length && chunk[i + 1] === 3) {
          // the whole TLS record header is in this chunk (the common case): taken at once, with the
          // same checks as byte by byte (the content type above, the version's first byte here)
          const h = this.hdr;
          h[0] = chunk[i]!;
          h[1] = 3;
          h[2] = chunk[i + 2]!;
          h[3] = chunk[i + 3]!;
          h[4] = chunk[i + 4]!;
          this.hdrLen = RECORD_HEADER_LENGTH;
          this.pos += RECORD_HEADER_LENGTH;
          i += RECORD_HEADER_LENGTH;
          this.startRecord(events);
          continue;
        }
      }
      this.hdr[this.hdrLen++] = chunk[i]!;
      this.pos++;
      i++;
      if (this.mode !== 'sslv2' && this.hdrLen === 3 && this.hdr[1] !== 3) this.notTls(chunk, i);
      if (this.hdrLen === this.hdrWant) this.startRecord(events);
    }
  }

  /** First byte of a header: decide TLS vs SSLv2 and reject non-TLS bytes at once. */
  private startHeader(chunk: Buffer, i: number): void {
    const b = chunk[i]!;
    if (this.mode === 'start') {
      if (this.allowSSLv2 && (b & 0x80) !== 0) this.mode = 'sslv2';
      else this.mode = 'tls';
    }
    if (this.mode === 'sslv2') {
      this.hdrWant = (b & 0x80) !== 0 ? 2 : 3;
      return;
    }
    this.hdrWant = RECORD_HEADER_LENGTH;
    if (!isTlsContentType(b)) {
      throw new ParseError(
        'PARSE_MALFORMED',
        `not a TLS record (first bytes ${describeBytes(chunk.subarray(i))})`,
        this.pos,
        'Record',
      );
    }
  }

  private notTls(chunk: Buffer, i: number): never {
    const seen = Buffer.concat([Buffer.from(this.hdr.slice(0, this.hdrLen)), chunk.subarray(i, i + 1)]);
    throw new ParseError(
      'PARSE_MALFORMED',
      `not a TLS record (first bytes ${describeBytes(seen)})`,
      this.pos - this.hdrLen,
      'Record',
    );
  }

  private startRecord(events: WireEvent[]): void {
    const offset = this.pos - this.hdrLen;
    this.hdrLen = 0;
    if (this.mode === 'sslv2') {
      const two = this.hdrWant === 2;
      const first16 = (this.hdr[0]! << 8) | this.hdr[1]!;
      const length = two ? first16 & 0x7fff : first16 & 0x3fff;
      if (length === 0)
        throw new ParseError('PARSE_MALFORMED', 'zero-length SSLv2 record', offset, 'SSLv2Record');
      this.begin(this.next(true, 0, length, offset, !this.sslv2Encrypted), events);
      return;
    }
    const contentType = this.hdr[0]!;
    const version = (this.hdr[1]! << 8) | this.hdr[2]!;
    const length = (this.hdr[3]! << 8) | this.hdr[4]!;
    validateRecordHeader({ contentType, version, length }, offset, this.encrypted || this.ambiguousCcs);
    events.push({ type: 'record', contentType, version, length, offset });
    if (this.ambiguousCcs && contentType === ContentType.application_data) {
      // a TLS 1.3 client's encrypted Finished: the CCS was for middlebox compatibility
      this.ambiguousCcs = false;
      this.tls13 = true;
      this.encrypted = true;
    }
    const store =
      contentType === ContentType.change_cipher_spec ||
      (!this.encrypted && (contentType === ContentType.handshake || contentType === ContentType.alert)) ||
      (this.encrypted && contentType === ContentType.alert && length === 2);
    this.begin(this.next(false, contentType, length, offset, store), events);
  }

  /** the record being started, in the one record object the reader reuses (one record is read at a time) */
  private next(
    sslv2: boolean,
    contentType: number,
    length: number,
    offset: number,
    store: boolean,
  ): CurrentRecord {
    const r = this.record;
    r.sslv2 = sslv2;
    r.contentType = contentType;
    r.length = length;
    r.offset = offset;
    r.fragmentOffset = this.pos;
    r.store = store;
    return r;
  }

  private begin(rec: CurrentRecord, events: WireEvent[]): void {
    if (rec.length === 0) {
      this.finishRecord(rec, undefined, events);
      return;
    }
    this.cur = rec;
    // a stored body is allocated when its first bytes are copied (a record whole in one chunk is not copied)
    this.body = undefined;
    this.filled = 0;
  }

  /** `owned`: the body is the reader's (false: a view of the caller's chunk, valid during this push() only) */
  private finishRecord(
    rec: CurrentRecord,
    body: Buffer | undefined,
    events: WireEvent[],
    owned = true,
  ): void {
    if (rec.sslv2) return this.finishSSLv2(rec, body, events);
    if (!body) {
      events.push({ type: 'application-data', length: rec.length, offset: rec.fragmentOffset });
      return;
    }
    switch (rec.contentType) {
      case ContentType.change_cipher_spec: {
        // RFC 5246 §7.1: struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec;
        if (body.length !== 1 || body[0] !== 1) {
          throw new ParseError(
            'PARSE_MALFORMED',
            `ChangeCipherSpec must be the single byte 01, got ${describeBytes(body)}`,
            rec.fragmentOffset,
            'Record > ChangeCipherSpec',
          );
        }
        if (this.hsLen > 0) {
          // RFC 5246 §7.4 / RFC 8446 §5.1: handshake messages must not span a change of keys
          throw new ParseError(
            'PARSE_MALFORMED',
            'ChangeCipherSpec inside a fragmented handshake message',
            rec.offset,
            'Record',
          );
        }
        events.push({ type: 'change-cipher-spec', offset: rec.fragmentOffset });
        if (this.tls13 === true) return; // RFC 8446 §D.4: a compatibility CCS changes nothing
        if (
          this.tls13 === undefined &&
          this.offeredTls13 &&
          this.lastHandshakeType === HandshakeType.client_hello
        ) {
          // TLS 1.3 compatibility (a second ClientHello may follow in clear) or a TLS 1.2 abbreviated
          // handshake (an encrypted Finished follows): the next handshake record decides.
          this.ambiguousCcs = true;
          return;
        }
        this.encrypted = true;
        return;
      }
      case ContentType.alert:
        if (body.length !== 2 && this.ambiguousCcs) {
          events.push({ type: 'application-data', length: rec.length, offset: rec.fragmentOffset });
          return;
        }
        for (const a of parseAlert(body, rec.fragmentOffset))
          events.push({ type: 'alert', level: a.level, description: a.description, offset: a.offset });
        return;
      case ContentType.handshake:
        if (this.ambiguousCcs) {
          this.ambiguousCcs = false;
          if (!this.looksLikeClientHello(body)) {
            this.encrypted = true;
            events.push({ type: 'application-data', length: rec.length, offset: rec.fragmentOffset });
            return;
          }
          this.tls13 = true;
        }
        this.addHandshake(body, rec.fragmentOffset, events, owned);
        return;
      default:
        events.push({ type: 'application-data', length: rec.length, offset: rec.fragmentOffset });
    }
  }

  /** A plaintext ClientHello header whose length fits this record or continues past it (an encrypted Finished almost never does). */
  private looksLikeClientHello(fragment: Buffer): boolean {
    if (fragment.length < HANDSHAKE_HEADER_LENGTH || fragment[0] !== HandshakeType.client_hello) return false;
    const len = fragment.readUIntBE(1, 3);
    return len <= this.maxHandshakeLength && HANDSHAKE_HEADER_LENGTH + len >= fragment.length;
  }

  /** stream offset of byte `at` of `hs` (binary search: a message may span thousands of records) */
  private hsOffsetAt(at: number): number {
    const seg = this.hsSegs[this.hsSegIndex(at)]!;
    return seg.offset + (at - seg.at);
  }

  /** index of the last piece starting at or before `at` */
  private hsSegIndex(at: number): number {
    let lo = 0;
    let hi = this.hsSegs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.hsSegs[mid]!.at <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Appends a record's handshake bytes to the partial message. Capacity doubles (up to the size the
   * message header announces, once known), so n pieces cost O(n) copies in total.
   */
  private appendHs(fragment: Buffer): void {
    const want = this.hsLen + fragment.length;
    if (want > this.hs.length) {
      let cap = Math.max(2 * this.hs.length, 64);
      if (this.hsLen >= HANDSHAKE_HEADER_LENGTH)
        cap = Math.min(cap, HANDSHAKE_HEADER_LENGTH + this.hs.readUIntBE(1, 3));
      const grown = Buffer.allocUnsafe(Math.max(cap, want));
      this.copied += this.hs.copy(grown, 0, 0, this.hsLen);
      this.hs = grown;
    }
    this.copied += fragment.copy(this.hs, this.hsLen);
    this.hsLen = want;
  }

  private addHandshake(fragment: Buffer, fragmentOffset: number, events: WireEvent[], owned: boolean): void {
    /** the partial message is the caller's bytes: whatever is left of it at the end is copied */
    const borrowed = !owned && this.hsLen === 0;
    if (this.hsLen === 0) {
      // the record body is used in place (allocated per record, or a view of the chunk being pushed)
      this.hs = fragment;
      this.hsLen = fragment.length;
      this.hsSegs = [{ at: 0, offset: fragmentOffset }];
    } else {
      this.hsSegs.push({ at: this.hsLen, offset: fragmentOffset });
      this.appendHs(fragment);
    }
    const hs = this.hs;
    const len = this.hsLen;
    let at = 0;
    while (len - at >= HANDSHAKE_HEADER_LENGTH) {
      const msgType = hs[at]!;
      const length = hs.readUIntBE(at + 1, 3);
      const offset = this.hsOffsetAt(at);
      if (length > this.maxHandshakeLength) {
        throw new ParseError(
          'PARSE_LIMIT',
          `handshake message (type ${msgType}) length ${length} above the limit ${this.maxHandshakeLength}`,
          offset + 1,
          'Handshake',
        );
      }
      const end = at + HANDSHAKE_HEADER_LENGTH + length;
      if (end > len) break;
      // a view: `hs` is never written again once a message in it is complete (the rest is copied out)
      const body = hs.subarray(at + HANDSHAKE_HEADER_LENGTH, end);
      const ev: WireEvent = { type: 'handshake', msgType, body, offset };
      events.push(ev);
      at = end;
      this.lastHandshakeType = msgType;
      if (msgType === HandshakeType.client_hello) {
        this.offeredTls13 ||= clientHelloOffersTls13(body);
      } else if (msgType === HandshakeType.server_hello) {
        const sh = parseServerHello(body, offset + HANDSHAKE_HEADER_LENGTH);
        ev.serverHello = sh;
        this.tls13 = isTls13Family(sh.negotiatedVersion);
        if (startsTls13Encryption(sh)) {
          if (at < len) {
            // RFC 8446 §5.1: "Handshake messages MUST NOT span key changes"
            throw new ParseError(
              'PARSE_MALFORMED',
              'handshake data after a TLS 1.3 ServerHello in the same record',
              this.hsOffsetAt(at),
              'Handshake',
            );
          }
          this.encrypted = true;
        }
      }
    }
    if (at === len) {
      this.hs = NO_BYTES;
      this.hsLen = 0;
      this.hsSegs = [];
    } else if (at === 0 && borrowed) {
      // a message that continues in the next record: keep a copy, not a view of the caller's bytes
      this.hs = Buffer.from(hs.subarray(0, len));
      this.copied += len;
    } else if (at > 0) {
      // a message completed, so the rest lies in the last record: copy it (do not pin the message)
      const rest = Buffer.from(hs.subarray(at, len));
      this.copied += rest.length;
      const first = this.hsSegIndex(at);
      const restOffset = this.hsOffsetAt(at);
      this.hsSegs = [
        { at: 0, offset: restOffset },
        ...this.hsSegs.slice(first + 1).map((s) => ({ at: s.at - at, offset: s.offset })),
      ];
      this.hs = rest;
      this.hsLen = rest.length;
    }
  }

  private finishSSLv2(rec: CurrentRecord, body: Buffer | undefined, events: WireEvent[]): void {
    if (!body) {
      events.push({ type: 'application-data', length: rec.length, offset: rec.fragmentOffset });
      return;
    }
    const type = body[0]!;
    if (type === SSLv2MessageType.client_hello) {
      const hello = parseSSLv2ClientHello(body, rec.fragmentOffset);
      events.push({ type: 'sslv2-client-hello', hello, offset: rec.offset });
      // RFC 5246 E.2: a version-2-format hello from an SSLv3/TLS client; the answer and the rest are TLS records
      if (hello.version >= Version.SSL3) this.mode = 'tls';
    } else if (type === SSLv2MessageType.server_hello) {
      const hello = parseSSLv2ServerHello(body, rec.fragmentOffset);
      events.push({ type: 'sslv2-server-hello', hello, offset: rec.offset });
      this.sslv2Encrypted = true; // SERVER-VERIFY and later server messages are encrypted
    } else if (type === SSLv2MessageType.error) {
      events.push({
        type: 'sslv2-error',
        code: parseSSLv2Error(body, rec.fragmentOffset),
        offset: rec.offset,
      });
    } else {
      // CLIENT-MASTER-KEY and later: opaque to us; what follows is encrypted
      events.push({ type: 'application-data', length: rec.length, offset: rec.fragmentOffset });
      this.sslv2Encrypted = true;
    }
  }
}

/**
 * Whether a ClientHello body offers TLS 1.3; a hello whose framing is bad offers nothing we can rely
 * on. Only the framing and supported_versions are read (the hello is read once per connection, and
 * its full form is for whoever consumes the event).
 */
/**
 * Whether a stream whose first byte is `b` can be read by a TlsReader: a TLS content type, or an SSLv2
 * record header when SSLv2 is allowed. On any other first byte, push() throws at once.
 */
export function startsTlsRecord(b: number, allowSSLv2 = true): boolean {
  return (allowSSLv2 && (b & 0x80) !== 0) || isTlsContentType(b);
}

function clientHelloOffersTls13(body: Buffer): boolean {
  try {
    return scanClientSupportedVersions(body)?.some(isTls13Family) ?? false;
  } catch (e) {
    if (e instanceof ParseError) return false;
    throw e;
  }
}
