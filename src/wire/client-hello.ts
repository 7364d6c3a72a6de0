// ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2): builder composed of small encoders, a parser
// that keeps every extension raw beside its parsed view, a byte-exact re-encoder, JA3 and JA4.
//
//   struct {
//       ProtocolVersion legacy_version;
//       Random random;                                  /* 32 bytes */
//       opaque legacy_session_id<0..32>;
//       CipherSuite cipher_suites<2..2^16-2>;
//       opaque legacy_compression_methods<1..2^8-1>;
//       Extension extensions<8..2^16-1>;                /* TLS ≤ 1.2: optional, <0..2^16-1> */
//   } ClientHello;
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ParseError } from '../errors.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import type { ClientHelloOptions } from './client-hello-options.js';
import {
  ContentType,
  ExtensionType,
  GREASE_VALUES,
  HANDSHAKE_HEADER_LENGTH,
  HandshakeType,
  MAX_EXTENSIONS,
  Version,
  isGrease,
} from './constants.js';
import {
  encodeClientSupportedVersions,
  encodePadding,
  encodeProtocolNameList,
  encodeRenegotiationInfo,
  encodeServerName,
  encodeStatusRequestOcsp,
  encodeU16List,
  encodeU8List,
  extensionReader,
  readClientSupportedVersions,
  readCookie,
  readExtensions,
  readNamedGroupList,
  readProtocolNameList,
  readRenegotiationInfo,
  readServerNameList,
  readSignatureSchemeList,
  readStatusRequest,
  readU8ListExtension,
  writeExtensions,
} from './extensions.js';
import type { Extension } from './extensions.js';
import { encodeClientKeyShares, generateKeyShare, readClientKeyShares } from './key-share.js';
import type { KeyShareEntry } from './key-share.js';
import { encodeHandshake, encodeRecords } from './record.js';

export interface ClientHello {
  legacyVersion: number;
  random: Buffer;
  sessionId: Buffer;
  cipherSuites: number[];
  compressionMethods: number[];
  /** every extension in wire order, raw; undefined when the hello has no extensions block (SSLv3-era) */
  extensions: Extension[] | undefined;
  // ---- parsed views of known extensions (absent when the extension is absent) ----
  /** first host_name of server_name */
  serverName?: string;
  alpn?: string[];
  supportedVersions?: number[];
  groups?: number[];
  signatureAlgorithms?: number[];
  signatureAlgorithmsCert?: number[];
  keyShares?: KeyShareEntry[];
  ecPointFormats?: number[];
  pskKeyExchangeModes?: number[];
  /** status_type of status_request (1 = ocsp) */
  statusRequest?: number;
  renegotiationInfo?: Buffer;
  extendedMasterSecret?: boolean;
  encryptThenMac?: boolean;
  sessionTicket?: Buffer;
  /** length of the padding extension's data */
  paddingLength?: number;
  cookie?: Buffer;
  recordSizeLimit?: number;
}

export interface BuiltClientHello {
  /** the handshake wrapped in one or more records (split at 2^14 bytes) */
  record: Buffer;
  /** the Handshake message: msg_type, uint24 length, body */
  handshake: Buffer;
  /** the parsed view of exactly those bytes */
  hello: ClientHello;
}

// ---------------------------------------------------------------- parse

/** Parses a ClientHello body (the bytes after the 4-byte handshake header). base = absolute offset of body[0]. */
export function parseClientHello(body: Buffer, base = 0): ClientHello {
  const r = new ByteReader(body, { base, path: ['ClientHello'] });
  const legacyVersion = r.u16('legacy_version');
  const random = r.bytes(32, 'random');
  const sessionId = r.vector(1, { max: 32 }, 'legacy_session_id');
  const suites = r.subVector(2, { min: 2, max: 0xfffe }, 'cipher_suites');
  if (suites.remaining % 2 !== 0) suites.fail(`cipher_suites length ${suites.remaining} is odd`);
  const cipherSuites: number[] = [];
  while (!suites.atEnd()) cipherSuites.push(suites.u16('CipherSuite'));
  const compressionMethods = [...r.vector(1, { min: 1, max: 0xff }, 'legacy_compression_methods')];
  const hello: ClientHello = {
    legacyVersion,
    random,
    sessionId,
    cipherSuites,
    compressionMethods,
    extensions: undefined,
  };
  if (!r.atEnd()) {
    hello.extensions = readExtensions(r, 0, 'extensions');
    r.expectEnd('ClientHello');
    hello.extensions.forEach((e, i) => applyClientExtension(hello, e, i));
  }
  return hello;
}

/**
 * The versions a ClientHello body lists in supported_versions (RFC 8446 §4.2.1:
 * `ProtocolVersion versions<2..254>`), read without building the hello: the framing
 * parseClientHello checks is checked (legacy_session_id<0..32>, cipher_suites<2..2^16-2> of whole
 * suites, legacy_compression_methods<1..2^8-1>, extensions<0..2^16-1> filled exactly by distinct
 * extensions, nothing after them), the contents of the other extensions are not. undefined when the
 * hello has no supported_versions; throws a ParseError where parseClientHello would for bad framing.
 */
export function scanClientSupportedVersions(body: Buffer, base = 0): number[] | undefined {
  const quick = scanSupportedVersionsQuick(body);
  return quick === null ? scanSupportedVersionsChecked(body, base) : quick;
}

/**
 * scanClientSupportedVersions for a well-formed hello, by index arithmetic (it runs once per
 * connection of a capture); null for anything the checked reader must look at (it then throws, or
 * agrees: the conditions below are the same checks, failing towards the checked reader).
 */
function scanSupportedVersionsQuick(b: Buffer): number[] | undefined | null {
  const n = b.length;
  let p = 2 + 32;
  if (p >= n) return null;
  const sid = b[p]!;
  if (sid > 32) return null;
  p += 1 + sid;
  if (p + 2 > n) return null;
  const suites = (b[p]! << 8) | b[p + 1]!;
  if (suites < 2 || suites > 0xfffe || suites % 2 !== 0) return null;
  p += 2 + suites;
  if (p >= n) return null;
  const comp = b[p]!;
  if (comp < 1) return null;
  p += 1 + comp;
  if (p > n) return null;
  if (p === n) return undefined;
  if (p + 2 > n) return null;
  const extLen = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  if (extLen !== n - p) return null;
  const seen: number[] = [];
  let versions: number[] | undefined;
  while (p < n) {
    if (p + 4 > n || seen.length >= MAX_EXTENSIONS) return null;
    const type = (b[p]! << 8) | b[p + 1]!;
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    p += 4;
    if (p + len > n || seen.includes(type)) return null;
    seen.push(type);
    if (type === ExtensionType.supported_versions) {
      // ProtocolVersion versions<2..254>, filling the extension exactly
      const l = len > 0 ? b[p]! : 0;
      if (len === 0 || l < 2 || l > 254 || l % 2 !== 0 || l + 1 !== len) return null;
      versions = [];
      for (let i = p + 1; i < p + len; i += 2) versions.push((b[i]! << 8) | b[i + 1]!);
    }
    p += len;
  }
  return versions;
}

function scanSupportedVersionsChecked(body: Buffer, base: number): number[] | undefined {
  const r = new ByteReader(body, { base, path: ['ClientHello'] });
  r.skip(2 + 32, 'legacy_version, random');
  const sid = r.u8('legacy_session_id');
  if (sid > 32) r.fail(`legacy_session_id length ${sid} above maximum 32`, 'PARSE_LIMIT', r.offset - 1);
  r.skip(sid, 'legacy_session_id');
  const suites = r.u16('cipher_suites');
  if (suites < 2 || suites > 0xfffe || suites % 2 !== 0)
    r.fail(`cipher_suites length ${suites} out of bounds or odd`, 'PARSE_MALFORMED', r.offset - 2);
  r.skip(suites, 'cipher_suites');
  const comp = r.u8('legacy_compression_methods');
  if (comp < 1)
    r.fail('legacy_compression_methods length 0 below minimum 1', 'PARSE_MALFORMED', r.offset - 1);
  r.skip(comp, 'legacy_compression_methods');
  if (r.atEnd()) return undefined;
  const extLen = r.u16('extensions');
  if (extLen !== r.remaining)
    r.fail(`extensions length ${extLen} where ${r.remaining} bytes remain`, 'PARSE_MALFORMED', r.offset - 2);
  const seen: number[] = [];
  let versions: number[] | undefined;
  while (!r.atEnd()) {
    if (seen.length >= MAX_EXTENSIONS) r.fail(`more than ${MAX_EXTENSIONS} extensions`, 'PARSE_LIMIT');
    const type = r.u16('extension_type');
    const len = r.u16('extension_data');
    if (seen.includes(type))
      r.fail(
        `duplicate extension type 0x${type.toString(16).padStart(4, '0')}`,
        'PARSE_MALFORMED',
        r.offset - 4,
      );
    seen.push(type);
    if (type !== ExtensionType.supported_versions) {
      r.skip(len, 'extension_data');
      continue;
    }
    versions = readClientSupportedVersions(r.sub(len, 'supported_versions'));
  }
  return versions;
}

function applyClientExtension(h: ClientHello, e: Extension, i: number): void {
  const x = extensionReader(e, ['ClientHello', `extensions[${i}]`]);
  switch (e.type) {
    case ExtensionType.server_name: {
      if (e.data.length === 0) break;
      const host = readServerNameList(x).find((n) => n.nameType === 0);
      if (host) h.serverName = host.name.toString('latin1');
      break;
    }
    case ExtensionType.application_layer_protocol_negotiation:
      h.alpn = readProtocolNameList(x);
      break;
    case ExtensionType.supported_versions:
      h.supportedVersions = readClientSupportedVersions(x);
      break;
    case ExtensionType.supported_groups:
      h.groups = readNamedGroupList(x);
      break;
    case ExtensionType.signature_algorithms:
      h.signatureAlgorithms = readSignatureSchemeList(x);
      break;
    case ExtensionType.signature_algorithms_cert:
      h.signatureAlgorithmsCert = readSignatureSchemeList(x);
      break;
    case ExtensionType.key_share:
      h.keyShares = readClientKeyShares(x);
      break;
    case ExtensionType.ec_point_formats:
      h.ecPointFormats = readU8ListExtension(x, 'ec_point_format_list');
      break;
    case ExtensionType.psk_key_exchange_modes:
      h.pskKeyExchangeModes = readU8ListExtension(x, 'ke_modes');
      break;
    case ExtensionType.status_request:
      h.statusRequest = readStatusRequest(x);
      break;
    case ExtensionType.renegotiation_info:
      h.renegotiationInfo = readRenegotiationInfo(x);
      break;
    case ExtensionType.extended_master_secret:
      x.expectEnd('extended_master_secret');
      h.extendedMasterSecret = true;
      break;
    case ExtensionType.encrypt_then_mac:
      x.expectEnd('encrypt_then_mac');
      h.encryptThenMac = true;
      break;
    case ExtensionType.session_ticket:
      h.sessionTicket = e.data;
      break;
    case ExtensionType.padding:
      h.paddingLength = e.data.length;
      break;
    case ExtensionType.cookie:
      h.cookie = readCookie(x);
      break;
    case ExtensionType.record_size_limit:
      h.recordSizeLimit = x.u16('RecordSizeLimit');
      x.expectEnd('record_size_limit');
      break;
    default:
      break; // unknown is data: kept raw in `extensions`
  }
}

// ---------------------------------------------------------------- encode

/** Re-encodes a (parsed or built) ClientHello body byte for byte from its raw fields and raw extensions. */
export function encodeClientHello(hello: ClientHello): Buffer {
  const w = new ByteWriter();
  w.u16(hello.legacyVersion);
  if (hello.random.length !== 32) throw new RangeError(`random must be 32 bytes, got ${hello.random.length}`);
  w.bytes(hello.random);
  w.vector(1, hello.sessionId, { max: 32 });
  writeU16s(w, hello.cipherSuites, 2, 0xfffe);
  w.vector(1, Buffer.from(hello.compressionMethods), { min: 1 });
  if (hello.extensions) writeExtensions(w, hello.extensions);
  return w.toBuffer();
}

function writeU16s(w: ByteWriter, values: readonly number[], min: number, max: number): void {
  w.vector(2, (x) => values.forEach((v) => x.u16(v)), { min, max });
}

function pickGrease(avoid: ReadonlySet<number> = new Set()): number {
  for (;;) {
    const v = GREASE_VALUES[randomInt(GREASE_VALUES.length)]!;
    if (!avoid.has(v)) return v;
  }
}

/** The default order of extensions (close to what OpenSSL and browsers send). */
const DEFAULT_ORDER: readonly number[] = [
  ExtensionType.server_name,
  ExtensionType.extended_master_secret,
  ExtensionType.renegotiation_info,
  ExtensionType.supported_groups,
  ExtensionType.ec_point_formats,
  ExtensionType.session_ticket,
  ExtensionType.application_layer_protocol_negotiation,
  ExtensionType.status_request,
  ExtensionType.signature_algorithms,
  ExtensionType.signature_algorithms_cert,
  ExtensionType.encrypt_then_mac,
  ExtensionType.key_share,
  ExtensionType.psk_key_exchange_modes,
  ExtensionType.supported_versions,
];

/**
 * RFC 7685 padding length for 'avoid-256-511' exactly as BoringSSL computes it: a ClientHello whose
 * handshake message (header included) is 256–511 bytes long is padded to 512; the padding extension
 * costs 4 bytes of header, and is never less than 1 byte of data.
 * `unpaddedLength` is the handshake message length with the extensions block present.
 */
export function paddingFor256To511(unpaddedLength: number): number | undefined {
  if (unpaddedLength <= 0xff || unpaddedLength >= 0x200) return undefined;
  let padding = 0x200 - unpaddedLength;
  if (padding >= 4 + 1) padding -= 4;
  else padding = 1;
  return padding;
}

/** Composes a ClientHello from options (see ClientHelloOptions) with small extension encoders. */
export function buildClientHello(opts: ClientHelloOptions): BuiltClientHello {
  const grease = opts.grease === true;
  const offersTls13 = (opts.supportedVersions ?? []).includes(Version.TLS13);
  const exts = new Map<number, Buffer>();

  if (opts.serverName !== undefined) exts.set(ExtensionType.server_name, encodeServerName(opts.serverName));
  if (opts.extendedMasterSecret) exts.set(ExtensionType.extended_master_secret, Buffer.alloc(0));
  if (opts.renegotiationInfo) exts.set(ExtensionType.renegotiation_info, encodeRenegotiationInfo());
  let greaseGroup: number | undefined;
  if (opts.groups && opts.groups.length > 0) {
    greaseGroup = grease ? pickGrease() : undefined;
    exts.set(
      ExtensionType.supported_groups,
      encodeU16List(greaseGroup !== undefined ? [greaseGroup, ...opts.groups] : opts.groups),
    );
  }
  if (opts.ecPointFormats) exts.set(ExtensionType.ec_point_formats, encodeU8List(opts.ecPointFormats));
  if (opts.sessionTicket) exts.set(ExtensionType.session_ticket, Buffer.alloc(0));
  if (opts.alpn && opts.alpn.length > 0)
    exts.set(ExtensionType.application_layer_protocol_negotiation, encodeProtocolNameList(opts.alpn));
  if (opts.statusRequest) exts.set(ExtensionType.status_request, encodeStatusRequestOcsp());
  if (opts.signatureAlgorithms)
    exts.set(ExtensionType.signature_algorithms, encodeU16List(opts.signatureAlgorithms, 2, 0xfffe));
  if (opts.signatureAlgorithmsCert)
    exts.set(ExtensionType.signature_algorithms_cert, encodeU16List(opts.signatureAlgorithmsCert, 2, 0xfffe));
  if (opts.encryptThenMac) exts.set(ExtensionType.encrypt_then_mac, Buffer.alloc(0));
  if (opts.keyShareGroups !== undefined || offersTls13) {
    const shares: KeyShareEntry[] = [];
    // RFC 8701 §3.1 / BoringSSL: a GREASE share of one zero byte, for the same GREASE group as supported_groups
    if (grease) shares.push({ group: greaseGroup ?? pickGrease(), keyExchange: Buffer.alloc(1) });
    for (const g of opts.keyShareGroups ?? []) {
      const s = generateKeyShare(g);
      if (s) shares.push(s);
    }
    exts.set(ExtensionType.key_share, encodeClientKeyShares(shares));
  }
  if (opts.pskKeyExchangeModes)
    exts.set(ExtensionType.psk_key_exchange_modes, encodeU8List(opts.pskKeyExchangeModes));
  if (opts.supportedVersions) {
    const versions = grease ? [pickGrease(), ...opts.supportedVersions] : opts.supportedVersions;
    exts.set(ExtensionType.supported_versions, encodeClientSupportedVersions(versions));
  }
  // An extra extension of a type the builder makes replaces the built one in place (e.g. hand-made
  // key_share bytes); the first extra of any other type is placed like the built ones, and repeated
  // extras of one type are all sent, in the order given, at the end (a deliberately duplicated extension).
  const repeats: Extension[] = [];
  for (const e of opts.extraExtensions ?? []) {
    if (exts.has(e.type) && !DEFAULT_ORDER.includes(e.type)) repeats.push({ type: e.type, data: e.data });
    else exts.set(e.type, e.data);
  }

  // order: explicit order first, then the builder's order, then extras in the order given
  const builderOrder = [...DEFAULT_ORDER, ...(opts.extraExtensions ?? []).map((e) => e.type)];
  const order: number[] = [];
  for (const t of [...(opts.extensionOrder ?? []), ...builderOrder])
    if (exts.has(t) && !order.includes(t)) order.push(t);
  const list: Extension[] = [...order.map((type) => ({ type, data: exts.get(type)! })), ...repeats];
  if (grease) {
    // RFC 8701 §3.1 (as BoringSSL): one empty GREASE extension first, one with a single zero byte last
    const g1 = pickGrease(new Set(exts.keys()));
    const g2 = pickGrease(new Set([...exts.keys(), g1]));
    list.unshift({ type: g1, data: Buffer.alloc(0) });
    list.push({ type: g2, data: Buffer.alloc(1) });
  }

  const legacyVersion = opts.legacyVersion;
  const random = opts.random ?? randomBytes(32);
  const sessionId = opts.sessionId ?? (offersTls13 ? randomBytes(32) : Buffer.alloc(0));
  const cipherSuites = grease ? [pickGrease(), ...opts.cipherSuites] : [...opts.cipherSuites];
  const compressionMethods = opts.compressionMethods ?? [0];
  const draft: ClientHello = {
    legacyVersion,
    random,
    sessionId,
    cipherSuites,
    compressionMethods,
    extensions: list,
  };

  let paddingLength: number | undefined;
  if (typeof opts.padding === 'number') paddingLength = opts.padding;
  else if (opts.padding === 'avoid-256-511') {
    paddingLength = paddingFor256To511(HANDSHAKE_HEADER_LENGTH + encodeClientHello(draft).length);
  }
  if (paddingLength !== undefined) {
    const pad = { type: ExtensionType.padding, data: encodePadding(paddingLength) };
    const explicit = opts.extensionOrder?.indexOf(ExtensionType.padding) ?? -1;
    if (explicit >= 0) {
      // place it after the explicitly ordered extensions that precede it
      const before = new Set(opts.extensionOrder!.slice(0, explicit));
      let at = 0;
      list.forEach((e, i) => {
        if (before.has(e.type)) at = i + 1;
      });
      list.splice(at, 0, pad);
    } else list.push(pad); // RFC 7685 / BoringSSL: last (pre_shared_key would follow, never sent here)
  }
  if (list.length === 0 && opts.padding === undefined && !opts.extraExtensions && !grease) {
    // an SSLv3/TLS 1.0-style hello with no extensions at all: no extensions block
    draft.extensions = undefined;
  }

  const body = encodeClientHello(draft);
  const handshake = encodeHandshake(HandshakeType.client_hello, body);
  const record = encodeRecords(ContentType.handshake, opts.recordVersion ?? Version.TLS10, handshake);
  // the parsed form only when asked for: a probe sends the bytes and never reads it back
  let hello: ClientHello | undefined;
  return {
    record,
    handshake,
    get hello(): ClientHello {
      if (!hello) {
        try {
          hello = parseClientHello(body, HANDSHAKE_HEADER_LENGTH);
        } catch (e) {
          // extraExtensions may be deliberately malformed (probing a server's tolerance): send them
          // as given, with the raw fields only
          if (!(e instanceof ParseError)) throw e;
          hello = draft;
        }
      }
      return hello;
    },
  };
}

// ---------------------------------------------------------------- fingerprints

/** The highest version a ClientHello offers: supported_versions (ignoring GREASE) when present, else legacy_version. */
export function highestOfferedVersion(hello: ClientHello): number {
  const vs = (hello.supportedVersions ?? []).filter((v) => !isGrease(v));
  return vs.length > 0 ? Math.max(...vs) : hello.legacyVersion;
}

/**
 * JA3 (Salesforce): "SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats", decimal
 * values joined by '-', GREASE values left out; md5 is the lowercase hex MD5 of that string.
 */
export function ja3(hello: ClientHello): { ja3: string; md5: string } {
  const dec = (vs: readonly number[] | undefined): string => (vs ?? []).filter((v) => !isGrease(v)).join('-');
  const s = [
    String(hello.legacyVersion),
    dec(hello.cipherSuites),
    dec((hello.extensions ?? []).map((e) => e.type)),
    dec(hello.groups),
    (hello.ecPointFormats ?? []).join('-'),
  ].join(',');
  return { ja3: s, md5: memoDigest(MD5_MEMO, 'md5', s) };
}

// A capture holds thousands of hellos from the same few clients: their fingerprint strings repeat,
// so each digest is computed once (bounded: cleared when full)
const MD5_MEMO = new Map<string, string>();
const SHA256_MEMO = new Map<string, string>();
const MEMO_MAX = 4096;
function memoDigest(memo: Map<string, string>, alg: 'md5' | 'sha256', s: string): string {
  let d = memo.get(s);
  if (d === undefined) {
    d = createHash(alg).update(s).digest('hex');
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(s, d);
  }
  return d;
}

const JA4_VERSION: Readonly<Record<number, string>> = {
  0x0304: '13',
  0x0303: '12',
  0x0302: '11',
  0x0301: '10',
  0x0300: 's3',
  0x0002: 's2',
  0xfeff: 'd1',
  0xfefd: 'd2',
  0xfefc: 'd3',
};

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}
function sha12(s: string): string {
  return s === '' ? '000000000000' : memoDigest(SHA256_MEMO, 'sha256', s).slice(0, 12);
}
function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * JA4 (FoxIO, TLS client): `t13d1516h2_<ciphers>_<extensions>` — protocol, version, SNI d/i, cipher
 * and extension counts (GREASE left out, max 99), first/last character of the first ALPN value; then the
 * first 12 hex digits of SHA-256 over the sorted cipher list, and over the sorted extension list (without
 * SNI and ALPN) '_' the signature algorithms in wire order.
 */
export function ja4(hello: ClientHello, transport: 't' | 'q' = 't'): string {
  const exts = (hello.extensions ?? []).map((e) => e.type).filter((t) => !isGrease(t));
  const suites = hello.cipherSuites.filter((v) => !isGrease(v));
  const version = JA4_VERSION[highestOfferedVersion(hello)] ?? '00';
  const sni = exts.includes(ExtensionType.server_name) ? 'd' : 'i';
  const count = (n: number): string => String(Math.min(n, 99)).padStart(2, '0');
  let alpn = '00';
  const first = hello.alpn?.[0];
  if (first !== undefined && first.length > 0) {
    const b = Buffer.from(first, 'latin1');
    if (isAlnum(b[0]!) && isAlnum(b[b.length - 1]!)) alpn = String.fromCharCode(b[0]!, b[b.length - 1]!);
    else {
      const h = b.toString('hex');
      alpn = h[0]! + h[h.length - 1]!;
    }
  }
  const a = `${transport}${version}${sni}${count(suites.length)}${count(exts.length)}${alpn}`;
  const b = sha12(suites.map(hex4).sort().join(','));
  const extList = exts
    .filter(
      (t) => t !== ExtensionType.server_name && t !== ExtensionType.application_layer_protocol_negotiation,
    )
    .map(hex4)
    .sort()
    .join(',');
  const sigs = (hello.signatureAlgorithms ?? [])
    .filter((v) => !isGrease(v))
    .map(hex4)
    .join(',');
  const c =
    extList === '' && sigs === '' ? '000000000000' : sha12(sigs === '' ? extList : `${extList}_${sigs}`);
  return `${a}_${b}_${c}`;
}
