// ServerHello and HelloRetryRequest (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3).
//
//   struct {
//       ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
//       Random random;
//       opaque legacy_session_id_echo<0..32>;
//       CipherSuite cipher_suite;
//       uint8 legacy_compression_method = 0;
//       Extension extensions<6..2^16-1>;            /* TLS ≤ 1.2: optional, <0..2^16-1> */
//   } ServerHello;
//
// A HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest"). TLS 1.3 drafts
// ≤ 21 have their own layout (src/wire/tls13-drafts.ts).
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { DOWNGRADE_TLS11, DOWNGRADE_TLS12, ExtensionType, HELLO_RETRY_REQUEST_RANDOM } from './constants.js';
import {
  extensionReader,
  readCookie,
  readProtocolNameList,
  readRenegotiationInfo,
  readStatusRequest,
  readU8ListExtension,
  readExtensions,
  writeExtensions,
} from './extensions.js';
import type { Extension } from './extensions.js';
import { readHelloRetryKeyShare, readServerKeyShare } from './key-share.js';
import type { KeyShareEntry } from './key-share.js';
import { hasPreDraft22ServerHello, isTls13Family, tls13DraftNumber } from './tls13-drafts.js';

export interface ServerHello {
  legacyVersion: number;
  random: Buffer;
  sessionId: Buffer;
  cipherSuite: number;
  compressionMethod: number;
  /** raw, in wire order; undefined when the message has no extensions block */
  extensions: Extension[] | undefined;
  /** random = SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3) */
  isHelloRetryRequest: boolean;
  /** supported_versions.selected_version, when present */
  selectedVersion?: number;
  /** selectedVersion when present, else legacy_version */
  negotiatedVersion: number;
  /** the TLS 1.3 draft ≤ 21 layout: `legacyVersion` is the draft version, no session id or compression */
  draftLayout?: boolean;
  /** ServerHello key_share.server_share */
  keyShare?: KeyShareEntry;
  /** HelloRetryRequest key_share.selected_group: the group the server asks for */
  requestedGroup?: number;
  /** HelloRetryRequest cookie */
  cookie?: Buffer;
  renegotiationInfo?: Buffer;
  extendedMasterSecret?: boolean;
  encryptThenMac?: boolean;
  /** the one protocol the server selected */
  alpn?: string;
  /** the server will staple an OCSP response (empty status_request echo) */
  statusRequest?: boolean;
  /** the server will send a NewSessionTicket (empty session_ticket echo) */
  sessionTicket?: boolean;
  ecPointFormats?: number[];
  /** server_name echoed (empty): the server used the SNI */
  serverNameAcknowledged?: boolean;
  /**
   * RFC 8446 §4.1.3 downgrade sentinel in the last 8 bytes of random: 'tls12' = "DOWNGRD\x01" (a TLS 1.3
   * server negotiating TLS 1.2), 'tls11' = "DOWNGRD\x00" (a TLS 1.2+ server negotiating TLS 1.1 or below)
   */
  downgradeSentinel?: 'tls12' | 'tls11';
}

/** Parses a ServerHello (or HelloRetryRequest) body; base = absolute offset of body[0]. */
export function parseServerHello(body: Buffer, base = 0): ServerHello {
  return parseServerHelloQuick(body, base) ?? parseServerHelloChecked(body, base);
}

/**
 * parseServerHello for the common hello, by index arithmetic (a capture parses one per connection):
 * the same object the checked parse makes, or null for anything it must look at — the draft layout,
 * framing that does not add up, duplicate extensions, and the extensions whose contents take more
 * than a length check (ALPN, status_request, cookie) or whose lengths are off. The checked parse
 * then throws, or agrees; a property test holds the two to that.
 */
export function parseServerHelloQuick(b: Buffer, base = 0): ServerHello | null {
  const n = b.length;
  if (n < 38) return null;
  const u16 = (i: number): number => (b[i]! << 8) | b[i + 1]!;
  const legacyVersion = u16(0);
  if (hasPreDraft22ServerHello(legacyVersion)) return null;
  const sid = b[34]!;
  let p = 35 + sid;
  if (sid > 32 || p + 3 > n) return null;
  const random = b.subarray(2, 34);
  const sessionId = b.subarray(35, p);
  const cipherSuite = u16(p);
  const compressionMethod = b[p + 2]!;
  p += 3;
  const sh = startServerHello(legacyVersion, random, sessionId, cipherSuite, compressionMethod);
  if (p < n) {
    if (p + 2 > n || u16(p) !== n - p - 2) return null;
    p += 2;
    const exts: Extension[] = [];
    while (p < n) {
      if (p + 4 > n) return null;
      const type = u16(p);
      const end = p + 4 + u16(p + 2);
      if (end > n || exts.some((e) => e.type === type)) return null;
      exts.push({ type, data: b.subarray(p + 4, end), offset: base + p });
      p = end;
    }
    sh.extensions = exts;
    for (const e of exts) if (!applyServerExtensionQuick(sh, e)) return null;
  }
  return finishServerHello(sh);
}

/** the fields every ServerHello has, in the order both parses give them */
function startServerHello(
  legacyVersion: number,
  random: Buffer,
  sessionId: Buffer,
  cipherSuite: number,
  compressionMethod: number,
): ServerHello {
  return {
    legacyVersion,
    random,
    sessionId,
    cipherSuite,
    compressionMethod,
    extensions: undefined,
    // the first byte decides for nearly every hello before the 32-byte comparison
    isHelloRetryRequest:
      random[0] === HELLO_RETRY_REQUEST_RANDOM[0] && random.equals(HELLO_RETRY_REQUEST_RANDOM),
    negotiatedVersion: legacyVersion,
  };
}

/** the negotiated version and the RFC 8446 §4.1.3 downgrade sentinel, once the extensions are read */
function finishServerHello(sh: ServerHello): ServerHello {
  if (sh.selectedVersion !== undefined) sh.negotiatedVersion = sh.selectedVersion;
  if (!sh.isHelloRetryRequest && sh.random[24] === DOWNGRADE_TLS12[0]) {
    const tail = sh.random.subarray(24);
    if (tail.equals(DOWNGRADE_TLS12)) sh.downgradeSentinel = 'tls12';
    else if (tail.equals(DOWNGRADE_TLS11)) sh.downgradeSentinel = 'tls11';
  }
  return sh;
}

/** applyServerExtension for the extensions read from their lengths alone; false: the checked reader decides */
function applyServerExtensionQuick(sh: ServerHello, e: Extension): boolean {
  const d = e.data;
  const len = d.length;
  switch (e.type) {
    case ExtensionType.supported_versions:
      if (len !== 2) return false;
      sh.selectedVersion = (d[0]! << 8) | d[1]!;
      return true;
    case ExtensionType.key_share: {
      if (sh.isHelloRetryRequest) {
        if (len !== 2) return false;
        sh.requestedGroup = (d[0]! << 8) | d[1]!;
        return true;
      }
      // KeyShareEntry server_share: NamedGroup group; opaque key_exchange<1..2^16-1>
      if (len < 5) return false;
      const k = (d[2]! << 8) | d[3]!;
      if (k < 1 || 4 + k !== len) return false;
      sh.keyShare = { group: (d[0]! << 8) | d[1]!, keyExchange: d.subarray(4) };
      return true;
    }
    case ExtensionType.renegotiation_info:
      if (len < 1 || d[0]! + 1 !== len) return false;
      sh.renegotiationInfo = d.subarray(1);
      return true;
    case ExtensionType.extended_master_secret:
      if (len !== 0) return false;
      sh.extendedMasterSecret = true;
      return true;
    case ExtensionType.encrypt_then_mac:
      if (len !== 0) return false;
      sh.encryptThenMac = true;
      return true;
    case ExtensionType.session_ticket:
      sh.sessionTicket = true;
      return true;
    case ExtensionType.ec_point_formats:
      if (len < 2 || d[0]! < 1 || d[0]! + 1 !== len) return false;
      sh.ecPointFormats = [...d.subarray(1)];
      return true;
    case ExtensionType.server_name:
      sh.serverNameAcknowledged = true;
      return true;
    case ExtensionType.application_layer_protocol_negotiation:
    case ExtensionType.status_request:
    case ExtensionType.cookie:
      return false;
    default:
      return true;
  }
}

/** The bounds-checked ServerHello parse alone (parseServerHello's fallback; tests hold the quick path to it). */
export function parseServerHelloChecked(body: Buffer, base = 0): ServerHello {
  const r = new ByteReader(body, { base, path: ['ServerHello'] });
  const legacyVersion = r.u16('legacy_version');
  // TLS 1.3 drafts ≤ 21: version, random, cipher_suite, extensions (src/wire/tls13-drafts.ts)
  const draft = hasPreDraft22ServerHello(legacyVersion);
  const random = r.bytes(32, 'random');
  const sessionId = draft ? Buffer.alloc(0) : r.vector(1, { max: 32 }, 'legacy_session_id_echo');
  const cipherSuite = r.u16('cipher_suite');
  const compressionMethod = draft ? 0 : r.u8('legacy_compression_method');
  const sh = startServerHello(legacyVersion, random, sessionId, cipherSuite, compressionMethod);
  if (!r.atEnd()) {
    sh.extensions = readExtensions(r, 0, 'extensions');
    r.expectEnd('ServerHello');
    sh.extensions.forEach((e, i) => applyServerExtension(sh, e, i));
  }
  if (draft) sh.draftLayout = true;
  return finishServerHello(sh);
}

function applyServerExtension(sh: ServerHello, e: Extension, i: number): void {
  const x = extensionReader(e, ['ServerHello', `extensions[${i}]`]);
  switch (e.type) {
    case ExtensionType.supported_versions:
      sh.selectedVersion = x.u16('selected_version');
      x.expectEnd('supported_versions');
      break;
    case ExtensionType.key_share:
      if (sh.isHelloRetryRequest) sh.requestedGroup = readHelloRetryKeyShare(x);
      else sh.keyShare = readServerKeyShare(x);
      break;
    case ExtensionType.cookie:
      sh.cookie = readCookie(x);
      break;
    case ExtensionType.renegotiation_info:
      sh.renegotiationInfo = readRenegotiationInfo(x);
      break;
    case ExtensionType.extended_master_secret:
      x.expectEnd('extended_master_secret');
      sh.extendedMasterSecret = true;
      break;
    case ExtensionType.encrypt_then_mac:
      x.expectEnd('encrypt_then_mac');
      sh.encryptThenMac = true;
      break;
    case ExtensionType.application_layer_protocol_negotiation: {
      const names = readProtocolNameList(x);
      // RFC 7301 §3.1: "the 'ProtocolNameList' MUST contain exactly one 'ProtocolName'"
      if (names.length !== 1)
        x.fail(
          `ALPN in ServerHello must name exactly one protocol, got ${names.length}`,
          'PARSE_MALFORMED',
          e.offset,
        );
      sh.alpn = names[0];
      break;
    }
    case ExtensionType.status_request:
      readStatusRequest(x);
      sh.statusRequest = true;
      break;
    case ExtensionType.session_ticket:
      sh.sessionTicket = true;
      break;
    case ExtensionType.ec_point_formats:
      sh.ecPointFormats = readU8ListExtension(x, 'ec_point_format_list');
      break;
    case ExtensionType.server_name:
      sh.serverNameAcknowledged = true;
      break;
    default:
      break;
  }
}

/** Re-encodes a ServerHello body byte for byte from its raw fields and raw extensions. */
export function encodeServerHello(
  sh: Pick<
    ServerHello,
    'legacyVersion' | 'random' | 'sessionId' | 'cipherSuite' | 'compressionMethod' | 'extensions'
  >,
): Buffer {
  if (sh.random.length !== 32) throw new RangeError(`random must be 32 bytes, got ${sh.random.length}`);
  const w = new ByteWriter();
  w.u16(sh.legacyVersion)
    .bytes(sh.random)
    .vector(1, sh.sessionId, { max: 32 })
    .u16(sh.cipherSuite)
    .u8(sh.compressionMethod);
  if (sh.extensions) writeExtensions(w, sh.extensions);
  return w.toBuffer();
}

/** True when this ServerHello (not a HRR) switches the stream to TLS 1.3 (or draft) encrypted records. */
export function startsTls13Encryption(sh: ServerHello): boolean {
  return !sh.isHelloRetryRequest && isTls13Family(sh.negotiatedVersion);
}

/**
 * A draft ≤ 21 HelloRetryRequest, HandshakeType 6 (src/wire/tls13-drafts.ts): server_version, then
 * cipher_suite from draft 19, then extensions<2..2^16-1>.
 */
export function parseDraftHelloRetryRequest(
  body: Buffer,
  base = 0,
): { version: number; cipherSuite?: number; requestedGroup?: number } {
  const r = new ByteReader(body, { base, path: ['HelloRetryRequest (draft)'] });
  const version = r.u16('server_version');
  const n = tls13DraftNumber(version);
  const cipherSuite = n === undefined || n >= 19 ? r.u16('cipher_suite') : undefined;
  const extensions = readExtensions(r, 2, 'extensions');
  r.expectEnd('HelloRetryRequest');
  let requestedGroup: number | undefined;
  extensions.forEach((e, i) => {
    if (e.type === ExtensionType.key_share)
      requestedGroup = readHelloRetryKeyShare(extensionReader(e, ['HelloRetryRequest', `extensions[${i}]`]));
  });
  return {
    version,
    ...(cipherSuite !== undefined ? { cipherSuite } : {}),
    ...(requestedGroup !== undefined ? { requestedGroup } : {}),
  };
}
