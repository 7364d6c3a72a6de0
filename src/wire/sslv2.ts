// SSL 2.0 records and hellos (draft-hickman-netscape-ssl-00; RFC 6101 Appendix E.1 for the
// version-2 ClientHello that SSLv3/TLS clients may send, RFC 5246 Appendix E.2).
//
// Record header, 2-byte form (high bit set): length = ((byte[0] & 0x7f) << 8) | byte[1]  (≤ 32767)
//                3-byte form (high bit clear): length = ((byte[0] & 0x3f) << 8) | byte[1], padding = byte[2]
//
//   CLIENT-HELLO:  char MSG-CLIENT-HELLO (1); char CLIENT-VERSION[2]; char CIPHER-SPECS-LENGTH[2];
//                  char SESSION-ID-LENGTH[2]; char CHALLENGE-LENGTH[2];
//                  char CIPHER-SPECS-DATA[]; char SESSION-ID-DATA[]; char CHALLENGE-DATA[]
//                  (cipher specs: 3 bytes each; session id 0 or 16 bytes; challenge 16..32 bytes)
//   SERVER-HELLO:  char MSG-SERVER-HELLO (4); char SESSION-ID-HIT; char CERTIFICATE-TYPE;
//                  char SERVER-VERSION[2]; char CERTIFICATE-LENGTH[2]; char CIPHER-SPECS-LENGTH[2];
//                  char CONNECTION-ID-LENGTH[2]; char CERTIFICATE-DATA[]; char CIPHER-SPECS-DATA[];
//                  char CONNECTION-ID-DATA[]   (connection id 16..32 bytes)
//   ERROR:         char MSG-ERROR (0); char ERROR-CODE[2]
import { randomBytes } from 'node:crypto';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { MAX_SSLV2_RECORD_LENGTH, SSLv2MessageType, Version } from './constants.js';

export interface SSLv2ClientHello {
  /** 0x0002 for SSL 2.0; 0x0300+ for a version-2-format SSLv3/TLS hello */
  version: number;
  /** 3-byte cipher kinds; TLS suites appear as 0x00XXYY */
  cipherSpecs: number[];
  sessionId: Buffer;
  challenge: Buffer;
}

export interface SSLv2ServerHello {
  sessionIdHit: number;
  certificateType: number;
  version: number;
  /** the X.509 certificate (DER) when certificateType is 1 */
  certificate: Buffer;
  cipherSpecs: number[];
  connectionId: Buffer;
}

export interface SSLv2RecordHeader {
  headerLength: 2 | 3;
  length: number;
  padding: number;
}

/** Reads a 2- or 3-byte SSLv2 record header. */
export function readSSLv2RecordHeader(r: ByteReader): SSLv2RecordHeader {
  const b0 = r.peekU8(0);
  if (b0 !== undefined && (b0 & 0x80) === 0) {
    const v = r.u16('SSLv2 header');
    const padding = r.u8('padding');
    return { headerLength: 3, length: v & 0x3fff, padding };
  }
  const v = r.u16('SSLv2 header');
  return { headerLength: 2, length: v & 0x7fff, padding: 0 };
}

function readSpecs(r: ByteReader, len: number): number[] {
  if (len % 3 !== 0) r.fail(`CIPHER-SPECS-LENGTH ${len} is not a multiple of 3`);
  const out: number[] = [];
  const v = r.sub(len, 'CIPHER-SPECS-DATA');
  while (!v.atEnd()) out.push(v.u24('cipher kind'));
  return out;
}

/** Parses a CLIENT-HELLO message (starting with its MSG-CLIENT-HELLO byte, record header excluded). */
export function parseSSLv2ClientHello(msg: Buffer, base = 0): SSLv2ClientHello {
  const r = new ByteReader(msg, { base, path: ['SSLv2ClientHello'] });
  const type = r.u8('msg_type');
  if (type !== SSLv2MessageType.client_hello)
    r.fail(`SSLv2 message type ${type} is not CLIENT-HELLO (1)`, 'PARSE_MALFORMED', base);
  const version = r.u16('CLIENT-VERSION');
  const specsLen = r.u16('CIPHER-SPECS-LENGTH');
  const sidLen = r.u16('SESSION-ID-LENGTH');
  const chLen = r.u16('CHALLENGE-LENGTH');
  if (specsLen === 0) r.fail('no cipher specs');
  // RFC 6101 E.1 / RFC 5246 E.2: session id is 0 or 16 bytes, challenge 16..32 bytes
  if (sidLen !== 0 && sidLen !== 16 && sidLen !== 32)
    r.fail(`SESSION-ID-LENGTH ${sidLen} is not 0, 16 or 32`);
  if (chLen < 16 || chLen > 32) r.fail(`CHALLENGE-LENGTH ${chLen} outside 16..32`);
  const cipherSpecs = readSpecs(r, specsLen);
  const sessionId = r.bytes(sidLen, 'SESSION-ID-DATA');
  const challenge = r.bytes(chLen, 'CHALLENGE-DATA');
  r.expectEnd('SSLv2ClientHello');
  return { version, cipherSpecs, sessionId, challenge };
}

/** Parses a SERVER-HELLO message (starting with its MSG-SERVER-HELLO byte). */
export function parseSSLv2ServerHello(msg: Buffer, base = 0): SSLv2ServerHello {
  const r = new ByteReader(msg, { base, path: ['SSLv2ServerHello'] });
  const type = r.u8('msg_type');
  if (type !== SSLv2MessageType.server_hello)
    r.fail(`SSLv2 message type ${type} is not SERVER-HELLO (4)`, 'PARSE_MALFORMED', base);
  const sessionIdHit = r.u8('SESSION-ID-HIT');
  const certificateType = r.u8('CERTIFICATE-TYPE');
  const version = r.u16('SERVER-VERSION');
  const certLen = r.u16('CERTIFICATE-LENGTH');
  const specsLen = r.u16('CIPHER-SPECS-LENGTH');
  const cidLen = r.u16('CONNECTION-ID-LENGTH');
  if (cidLen < 16 || cidLen > 32) r.fail(`CONNECTION-ID-LENGTH ${cidLen} outside 16..32`);
  const certificate = r.bytes(certLen, 'CERTIFICATE-DATA');
  const cipherSpecs = readSpecs(r, specsLen);
  const connectionId = r.bytes(cidLen, 'CONNECTION-ID-DATA');
  r.expectEnd('SSLv2ServerHello');
  return { sessionIdHit, certificateType, version, certificate, cipherSpecs, connectionId };
}

/** Parses an ERROR message → its 2-byte error code (1 no-cipher, 2 no-certificate, 4 bad-certificate, 6 unsupported-certificate-type). */
export function parseSSLv2Error(msg: Buffer, base = 0): number {
  const r = new ByteReader(msg, { base, path: ['SSLv2Error'] });
  const type = r.u8('msg_type');
  if (type !== SSLv2MessageType.error)
    r.fail(`SSLv2 message type ${type} is not ERROR (0)`, 'PARSE_MALFORMED', base);
  const code = r.u16('ERROR-CODE');
  r.expectEnd('SSLv2Error');
  return code;
}

/** Wraps a message in a 2-byte SSLv2 record header. */
export function encodeSSLv2Record(msg: Buffer): Buffer {
  if (msg.length > MAX_SSLV2_RECORD_LENGTH)
    throw new RangeError(`SSLv2 record of ${msg.length} bytes above ${MAX_SSLV2_RECORD_LENGTH}`);
  return new ByteWriter()
    .u16(0x8000 | msg.length)
    .bytes(msg)
    .toBuffer();
}

function writeSpecs(w: ByteWriter, specs: readonly number[]): void {
  for (const s of specs) w.u24(s);
}

export function encodeSSLv2ClientHello(h: SSLv2ClientHello): Buffer {
  const w = new ByteWriter();
  w.u8(SSLv2MessageType.client_hello)
    .u16(h.version)
    .u16(h.cipherSpecs.length * 3)
    .u16(h.sessionId.length)
    .u16(h.challenge.length);
  writeSpecs(w, h.cipherSpecs);
  w.bytes(h.sessionId).bytes(h.challenge);
  return w.toBuffer();
}

export function encodeSSLv2ServerHello(h: SSLv2ServerHello): Buffer {
  const w = new ByteWriter();
  w.u8(SSLv2MessageType.server_hello).u8(h.sessionIdHit).u8(h.certificateType).u16(h.version);
  w.u16(h.certificate.length)
    .u16(h.cipherSpecs.length * 3)
    .u16(h.connectionId.length);
  w.bytes(h.certificate);
  writeSpecs(w, h.cipherSpecs);
  w.bytes(h.connectionId);
  return w.toBuffer();
}

export function encodeSSLv2Error(code: number): Buffer {
  return new ByteWriter().u8(SSLv2MessageType.error).u16(code).toBuffer();
}

/**
 * A complete SSLv2-format CLIENT-HELLO record. version 0x0002 asks for SSL 2.0; 0x0301+ is the
 * version-2-format hello of an SSLv3/TLS client (RFC 5246 E.2). The challenge is 16..32 bytes (default 16 for
 * SSL 2.0, 32 otherwise).
 */
export function buildSSLv2ClientHello(opts: {
  version?: number;
  cipherSpecs: number[];
  challenge?: Buffer;
  sessionId?: Buffer;
}): Buffer {
  const version = opts.version ?? Version.SSL2;
  const challenge = opts.challenge ?? randomBytes(version === Version.SSL2 ? 16 : 32);
  if (opts.cipherSpecs.length === 0)
    throw new RangeError('an SSLv2 CLIENT-HELLO needs at least one cipher spec');
  if (challenge.length < 16 || challenge.length > 32)
    throw new RangeError(`challenge of ${challenge.length} bytes outside 16..32`);
  return encodeSSLv2Record(
    encodeSSLv2ClientHello({
      version,
      cipherSpecs: opts.cipherSpecs,
      sessionId: opts.sessionId ?? Buffer.alloc(0),
      challenge,
    }),
  );
}
