// Hello extensions: the generic container and small symmetric codecs for the extension bodies the
// ClientHello builder sends and the parsers read. Unknown extensions stay raw (DESIGN convention 8).
//
//   struct {
//       ExtensionType extension_type;
//       opaque extension_data<0..2^16-1>;
//   } Extension;                                   (RFC 8446 §4.2)
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { MAX_EXTENSIONS } from './constants.js';

export interface Extension {
  type: number;
  /** extension_data, a view into the parsed message (no copy) */
  data: Buffer;
  /** absolute offset of extension_type, when parsed */
  offset?: number;
}

/**
 * `Extension extensions<min..2^16-1>`: reads the vector and every entry. Duplicate types are
 * malformed (RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type").
 */
export function readExtensions(r: ByteReader, min = 0, what = 'extensions'): Extension[] {
  const v = r.subVector(2, { min, max: 0xffff }, what);
  const out: Extension[] = [];
  const seen = new Set<number>();
  while (!v.atEnd()) {
    const i = out.length;
    if (i >= MAX_EXTENSIONS) v.fail(`more than ${MAX_EXTENSIONS} extensions`, 'PARSE_LIMIT');
    const ext = v.within(`[${i}]`, (x) => {
      const offset = x.offset;
      const type = x.u16('extension_type');
      const data = x.vector(2, { max: 0xffff }, 'extension_data');
      return { type, data, offset };
    });
    if (seen.has(ext.type))
      v.fail(
        `duplicate extension type 0x${ext.type.toString(16).padStart(4, '0')}`,
        'PARSE_MALFORMED',
        ext.offset,
      );
    seen.add(ext.type);
    out.push(ext);
  }
  return out;
}

export function writeExtensions(w: ByteWriter, exts: readonly Extension[]): void {
  w.vector(2, (x) => {
    for (const e of exts) x.u16(e.type).vector(2, e.data);
  });
}

/** A reader over one extension's data, with absolute offsets (data starts 4 bytes after the type). */
export function extensionReader(e: Extension, path: string[]): ByteReader {
  return new ByteReader(e.data, { base: e.offset !== undefined ? e.offset + 4 : 0, path });
}

// ---- small list codecs ----

/** `uint16 list<min..max>` with a `lenBytes`-wide length; the count must be even in bytes. */
export function readU16List(
  r: ByteReader,
  lenBytes: 1 | 2,
  min: number,
  max: number,
  what: string,
): number[] {
  const v = r.subVector(lenBytes, { min, max }, what);
  if (v.remaining % 2 !== 0) v.fail(`${what} length ${v.remaining} is odd`);
  const out: number[] = [];
  while (!v.atEnd()) out.push(v.u16(what));
  return out;
}

export function writeU16List(
  w: ByteWriter,
  lenBytes: 1 | 2,
  values: readonly number[],
  min: number,
  max: number,
): void {
  w.vector(lenBytes, (x) => values.forEach((v) => x.u16(v)), { min, max });
}

export function readU8List(r: ByteReader, min: number, max: number, what: string): number[] {
  return [...r.vector(1, { min, max }, what)];
}

// ---- server_name (RFC 6066 §3) ----
//   struct { NameType name_type; select (name_type) { case host_name: HostName; } name; } ServerName;
//   opaque HostName<1..2^16-1>;
//   struct { ServerName server_name_list<1..2^16-1> } ServerNameList;

export interface ServerNameEntry {
  nameType: number;
  name: Buffer;
}

export function readServerNameList(r: ByteReader): ServerNameEntry[] {
  const v = r.subVector(2, { min: 1, max: 0xffff }, 'server_name_list');
  const out: ServerNameEntry[] = [];
  while (!v.atEnd()) {
    const nameType = v.u8('name_type');
    if (nameType !== 0) {
      // RFC 6066: unknown name types make the rest unparseable (no length rule for them); keep them raw.
      out.push({ nameType, name: v.bytes(v.remaining, 'name') });
      break;
    }
    out.push({ nameType, name: v.vector(2, { min: 1, max: 0xffff }, 'HostName') });
  }
  r.expectEnd('server_name');
  return out;
}

export function encodeServerName(host: string): Buffer {
  const w = new ByteWriter();
  w.vector(2, (x) => x.u8(0).vector(2, Buffer.from(host, 'ascii'), { min: 1 }), { min: 1 });
  return w.toBuffer();
}

// ---- application_layer_protocol_negotiation (RFC 7301 §3.1) ----
//   opaque ProtocolName<1..2^8-1>;
//   struct { ProtocolName protocol_name_list<2..2^16-1> } ProtocolNameList;

export function readProtocolNameList(r: ByteReader): string[] {
  const v = r.subVector(2, { min: 2, max: 0xffff }, 'protocol_name_list');
  const out: string[] = [];
  while (!v.atEnd()) out.push(v.vector(1, { min: 1, max: 0xff }, 'ProtocolName').toString('latin1'));
  r.expectEnd('application_layer_protocol_negotiation');
  return out;
}

export function encodeProtocolNameList(names: readonly string[]): Buffer {
  const w = new ByteWriter();
  w.vector(2, (x) => names.forEach((n) => x.vector(1, Buffer.from(n, 'latin1'), { min: 1 })), { min: 2 });
  return w.toBuffer();
}

// ---- supported_versions (RFC 8446 §4.2.1) ----
//   ClientHello: ProtocolVersion versions<2..254>;  ServerHello/HRR: ProtocolVersion selected_version;

export function readClientSupportedVersions(r: ByteReader): number[] {
  const v = readU16List(r, 1, 2, 254, 'versions');
  r.expectEnd('supported_versions');
  return v;
}

export function encodeClientSupportedVersions(versions: readonly number[]): Buffer {
  const w = new ByteWriter();
  writeU16List(w, 1, versions, 2, 254);
  return w.toBuffer();
}

// ---- supported_groups (RFC 8446 §4.2.7): NamedGroup named_group_list<2..2^16-1>; ----
// ---- signature_algorithms(_cert) (RFC 8446 §4.2.3): SignatureScheme supported_signature_algorithms<2..2^16-2>; ----

export function readNamedGroupList(r: ByteReader): number[] {
  const v = readU16List(r, 2, 2, 0xffff, 'named_group_list');
  r.expectEnd('supported_groups');
  return v;
}

export function readSignatureSchemeList(r: ByteReader): number[] {
  const v = readU16List(r, 2, 2, 0xfffe, 'supported_signature_algorithms');
  r.expectEnd('signature_algorithms');
  return v;
}

export function encodeU16List(values: readonly number[], min = 2, max = 0xffff): Buffer {
  const w = new ByteWriter();
  writeU16List(w, 2, values, min, max);
  return w.toBuffer();
}

// ---- ec_point_formats (RFC 8422 §5.1.2): ECPointFormat ec_point_format_list<1..2^8-1>; ----
// ---- psk_key_exchange_modes (RFC 8446 §4.2.9): PskKeyExchangeMode ke_modes<1..255>; ----

export function readU8ListExtension(r: ByteReader, what: string): number[] {
  const v = readU8List(r, 1, 0xff, what);
  r.expectEnd(what);
  return v;
}

export function encodeU8List(values: readonly number[]): Buffer {
  const w = new ByteWriter();
  w.vector(1, Buffer.from(values), { min: 1 });
  return w.toBuffer();
}

// ---- status_request (RFC 6066 §8) ----
//   struct { CertificateStatusType status_type; select (status_type) { case ocsp: OCSPStatusRequest; } request; }
//   struct { ResponderID responder_id_list<0..2^16-1>; Extensions request_extensions<0..2^16-1>; } OCSPStatusRequest;

export function encodeStatusRequestOcsp(): Buffer {
  return Buffer.from([1, 0, 0, 0, 0]);
}

/** The status_type of a ClientHello status_request (1 = ocsp); an empty body (ServerHello echo) → undefined. */
export function readStatusRequest(r: ByteReader): number | undefined {
  if (r.atEnd()) return undefined;
  const type = r.u8('status_type');
  if (type === 1) {
    r.vector(2, {}, 'responder_id_list');
    r.vector(2, {}, 'request_extensions');
    r.expectEnd('status_request');
  }
  return type;
}

// ---- renegotiation_info (RFC 5746 §3.2): opaque renegotiated_connection<0..255>; ----

export function readRenegotiationInfo(r: ByteReader): Buffer {
  const v = r.vector(1, { max: 255 }, 'renegotiated_connection');
  r.expectEnd('renegotiation_info');
  return v;
}

export function encodeRenegotiationInfo(verifyData: Buffer = Buffer.alloc(0)): Buffer {
  const w = new ByteWriter();
  w.vector(1, verifyData);
  return w.toBuffer();
}

// ---- cookie (RFC 8446 §4.2.2): opaque cookie<1..2^16-1>; ----

export function readCookie(r: ByteReader): Buffer {
  const v = r.vector(2, { min: 1, max: 0xffff }, 'cookie');
  r.expectEnd('cookie');
  return v;
}

// ---- padding (RFC 7685 §3): opaque zero bytes ----

export function encodePadding(length: number): Buffer {
  return Buffer.alloc(length);
}

/** An extension that must be empty (extended_master_secret, encrypt_then_mac, ServerHello echoes). */
export function expectEmpty(r: ByteReader, what: string): void {
  r.expectEnd(what);
}
