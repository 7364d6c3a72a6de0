// TLS records (RFC 8446 §5.1, RFC 5246 §6.2).
//
//   struct {
//       ContentType type;
//       ProtocolVersion legacy_record_version;
//       uint16 length;            /* TLSPlaintext: MUST NOT exceed 2^14 */
//       opaque fragment[TLSPlaintext.length];
//   } TLSPlaintext;
//
//   TLSCiphertext.length: MUST NOT exceed 2^14 + 2048 (RFC 5246 §6.2.3; TLS 1.3 allows 2^14 + 256)
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { ParseError } from '../errors.js';
import { ContentType, MAX_CIPHERTEXT_LENGTH, MAX_PLAINTEXT_LENGTH } from './constants.js';

export interface TlsRecordHeader {
  contentType: number;
  version: number;
  length: number;
}

export interface TlsRecord extends TlsRecordHeader {
  /** a view of the fragment bytes (no copy) */
  fragment: Buffer;
  /** absolute offset of the record header */
  offset: number;
}

export function isTlsContentType(b: number): boolean {
  return b >= ContentType.change_cipher_spec && b <= ContentType.heartbeat;
}

/** `48 54 54 50 = "HTTP"`: what a user needs to recognise a non-TLS answer. */
export function describeBytes(b: Buffer, max = 4): string {
  const head = b.subarray(0, Math.min(max, b.length));
  const hex = [...head].map((x) => x.toString(16).padStart(2, '0')).join(' ');
  const printable = [...head].every((x) => x >= 0x20 && x < 0x7f);
  return printable && head.length > 0 ? `${hex} = "${head.toString('latin1')}"` : hex;
}

/**
 * Checks a record header. `encrypted` raises the length cap from 2^14 (TLSPlaintext) to 2^14+2048
 * (TLSCiphertext); application_data always gets the ciphertext cap.
 */
export function validateRecordHeader(
  h: TlsRecordHeader,
  offset: number,
  encrypted: boolean,
  firstBytes?: Buffer,
): void {
  if (!isTlsContentType(h.contentType) || h.version >> 8 !== 3) {
    const what = firstBytes ? describeBytes(firstBytes) : `${h.contentType.toString(16).padStart(2, '0')}`;
    throw new ParseError('PARSE_MALFORMED', `not a TLS record (first bytes ${what})`, offset, 'Record');
  }
  const cap =
    encrypted || h.contentType === ContentType.application_data
      ? MAX_CIPHERTEXT_LENGTH
      : MAX_PLAINTEXT_LENGTH;
  if (h.length > cap) {
    throw new ParseError(
      'PARSE_LIMIT',
      `record length ${h.length} above the ${encrypted ? 'TLSCiphertext' : 'TLSPlaintext'} maximum ${cap}`,
      offset + 3,
      'Record',
    );
  }
  if (!encrypted && h.length === 0 && h.contentType !== ContentType.application_data) {
    // RFC 8446 §5.1: "Implementations MUST NOT send zero-length fragments of Handshake types"
    // (nor alerts, nor ChangeCipherSpec, whose body is one byte)
    throw new ParseError(
      'PARSE_MALFORMED',
      `zero-length record of content type ${h.contentType}`,
      offset + 3,
      'Record',
    );
  }
}

/** Reads one 5-byte record header; PARSE_TRUNCATED when fewer than 5 bytes remain. */
export function readRecordHeader(r: ByteReader, encrypted = false): TlsRecordHeader {
  const offset = r.offset;
  const first = r.peekRest();
  const contentType = r.u8('ContentType');
  if (!isTlsContentType(contentType)) {
    throw new ParseError(
      'PARSE_MALFORMED',
      `not a TLS record (first bytes ${describeBytes(first)})`,
      offset,
      'Record',
    );
  }
  const version = r.u16('legacy_record_version');
  const length = r.u16('length');
  const h = { contentType, version, length };
  validateRecordHeader(h, offset, encrypted, first);
  return h;
}

/** Parses one complete record (header + fragment) from r. */
export function readRecord(r: ByteReader, encrypted = false): TlsRecord {
  const offset = r.offset;
  return r.within('Record', () => {
    const h = readRecordHeader(r, encrypted);
    const fragment = r.bytes(h.length, 'fragment');
    return { ...h, fragment, offset };
  });
}

/** Parses a buffer holding whole records only; trailing partial record → PARSE_TRUNCATED. */
export function parseRecords(buf: Buffer, base = 0, encrypted = false): TlsRecord[] {
  const r = new ByteReader(buf, { base });
  const out: TlsRecord[] = [];
  while (!r.atEnd()) out.push(readRecord(r, encrypted));
  return out;
}

/** One record. The fragment may be up to 2^14+2048 bytes (TLSCiphertext); use encodeRecords to split. */
export function encodeRecord(type: number, version: number, fragment: Buffer): Buffer {
  if (fragment.length > MAX_CIPHERTEXT_LENGTH) {
    throw new RangeError(
      `record fragment of ${fragment.length} bytes above ${MAX_CIPHERTEXT_LENGTH}; split it with encodeRecords`,
    );
  }
  const w = new ByteWriter();
  w.u8(type).u16(version).vector(2, fragment);
  return w.toBuffer();
}

/** Splits data into records of at most maxFragment (default 2^14) bytes each (RFC 8446 §5.1 fragmentation). */
export function encodeRecords(
  type: number,
  version: number,
  data: Buffer,
  maxFragment = MAX_PLAINTEXT_LENGTH,
): Buffer {
  if (maxFragment < 1 || maxFragment > MAX_PLAINTEXT_LENGTH)
    throw new RangeError(`maxFragment ${maxFragment} outside 1..${MAX_PLAINTEXT_LENGTH}`);
  if (data.length <= maxFragment) return encodeRecord(type, version, data);
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += maxFragment)
    parts.push(encodeRecord(type, version, data.subarray(i, i + maxFragment)));
  return Buffer.concat(parts);
}

// ---- handshake framing (RFC 8446 §4) ----
//   struct { HandshakeType msg_type; uint24 length; select (msg_type) { ... }; } Handshake;

export interface HandshakeMessage {
  msgType: number;
  body: Buffer;
  offset: number;
}

export function encodeHandshake(msgType: number, body: Buffer): Buffer {
  const w = new ByteWriter();
  w.u8(msgType).vector(3, body);
  return w.toBuffer();
}

/** Splits a buffer of whole handshake messages (e.g. a record fragment); a partial message → PARSE_TRUNCATED. */
export function parseHandshakeMessages(buf: Buffer, base = 0, maxLength = 0xffffff): HandshakeMessage[] {
  const r = new ByteReader(buf, { base });
  const out: HandshakeMessage[] = [];
  while (!r.atEnd()) {
    out.push(
      r.within(`Handshake[${out.length}]`, (x) => {
        const offset = x.offset;
        const msgType = x.u8('msg_type');
        const body = x.vector(3, { max: maxLength }, 'Handshake body');
        return { msgType, body, offset };
      }),
    );
  }
  return out;
}
