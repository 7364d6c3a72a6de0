// The few numeric code points the wire codec itself needs. Names, descriptions and the full IANA
// tables live in src/wire/registry (another module); this file deliberately holds only numbers.

/** ContentType (RFC 8446 §5.1, RFC 6520 for heartbeat) */
export const ContentType = {
  change_cipher_spec: 20,
  alert: 21,
  handshake: 22,
  application_data: 23,
  heartbeat: 24,
} as const;

/** HandshakeType (RFC 8446 §4, RFC 5246 §7.4, RFC 6066 §8) */
export const HandshakeType = {
  hello_request: 0,
  client_hello: 1,
  server_hello: 2,
  hello_verify_request: 3,
  new_session_ticket: 4,
  end_of_early_data: 5,
  encrypted_extensions: 8,
  certificate: 11,
  server_key_exchange: 12,
  certificate_request: 13,
  server_hello_done: 14,
  certificate_verify: 15,
  client_key_exchange: 16,
  finished: 20,
  certificate_url: 21,
  certificate_status: 22,
  key_update: 24,
  compressed_certificate: 25,
  message_hash: 254,
} as const;

const HANDSHAKE_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(HandshakeType).map(([k, v]) => [
    v,
    k
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
  ]),
);

/** A handshake message type by name: 2 → "ServerHello"; an unknown type as `unknown(t)` (default "type 99"). */
export function handshakeTypeName(t: number, unknown: (t: number) => string = (n) => `type ${n}`): string {
  return HANDSHAKE_TYPE_NAMES[t] ?? unknown(t);
}

/** ProtocolVersion values on the wire */
export const Version = {
  SSL2: 0x0002,
  SSL3: 0x0300,
  TLS10: 0x0301,
  TLS11: 0x0302,
  TLS12: 0x0303,
  TLS13: 0x0304,
} as const;

/** ExtensionType (IANA "TLS ExtensionType Values") — only those the codec builds or parses */
export const ExtensionType = {
  server_name: 0,
  max_fragment_length: 1,
  status_request: 5,
  supported_groups: 10,
  ec_point_formats: 11,
  signature_algorithms: 13,
  use_srtp: 14,
  heartbeat: 15,
  application_layer_protocol_negotiation: 16,
  signed_certificate_timestamp: 18,
  padding: 21,
  encrypt_then_mac: 22,
  extended_master_secret: 23,
  compress_certificate: 27,
  record_size_limit: 28,
  session_ticket: 35,
  pre_shared_key: 41,
  early_data: 42,
  supported_versions: 43,
  cookie: 44,
  psk_key_exchange_modes: 45,
  certificate_authorities: 47,
  post_handshake_auth: 49,
  signature_algorithms_cert: 50,
  key_share: 51,
  renegotiation_info: 0xff01,
} as const;

/** NamedGroup (RFC 8446 §4.2.7, RFC 7919, draft-ietf-tls-ecdhe-mlkem) */
export const NamedGroup = {
  secp256r1: 0x0017,
  secp384r1: 0x0018,
  secp521r1: 0x0019,
  x25519: 0x001d,
  x448: 0x001e,
  ffdhe2048: 0x0100,
  ffdhe3072: 0x0101,
  ffdhe4096: 0x0102,
  ffdhe6144: 0x0103,
  ffdhe8192: 0x0104,
  X25519MLKEM768: 0x11ec,
} as const;

/** AlertLevel (RFC 5246 §7.2) */
export const AlertLevel = { warning: 1, fatal: 2 } as const;

/** AlertDescription (RFC 8446 §6, RFC 5246 §7.2; IANA TLS Alerts): the codes the rules name */
export const AlertDescription = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  missing_extension: 109,
  unrecognized_name: 112,
  certificate_required: 116,
  no_application_protocol: 120,
} as const;

/** Signalling cipher suite values */
export const TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff; // RFC 5746 §3.3
export const TLS_FALLBACK_SCSV = 0x5600; // RFC 7507

/** SSLv2 message types (draft-hickman-netscape-ssl-00 / RFC 6101 Appendix E) */
export const SSLv2MessageType = {
  error: 0,
  client_hello: 1,
  client_master_key: 2,
  client_finished: 3,
  server_hello: 4,
  server_verify: 5,
  server_finished: 6,
  request_certificate: 7,
  client_certificate: 8,
} as const;

// ---- limits (each from the spec, or a hard cap where the spec has none) ----

/** RFC 8446 §5.1: "The length MUST NOT exceed 2^14 bytes" (TLSPlaintext.length) */
export const MAX_PLAINTEXT_LENGTH = 2 ** 14;
/** RFC 5246 §6.2.3: TLSCiphertext.length "MUST NOT exceed 2^14 + 2048" (TLS 1.3 allows only 2^14 + 256) */
export const MAX_CIPHERTEXT_LENGTH = 2 ** 14 + 2048;
/** Record header: type(1) version(2) length(2) */
export const RECORD_HEADER_LENGTH = 5;
/** Handshake header: msg_type(1) length(3) */
export const HANDSHAKE_HEADER_LENGTH = 4;
/** Default cap for one reassembled handshake message: a long certificate chain fits, 16 MB does not. */
export const DEFAULT_MAX_HANDSHAKE_LENGTH = 256 * 1024;
/** SSLv2 2-byte header: 15-bit length (draft-hickman §1.2) */
export const MAX_SSLV2_RECORD_LENGTH = 0x7fff;
/** Hard cap on entries in a certificate_list: real chains are < 10; each entry costs ≥ 4 bytes anyway. */
export const MAX_CERTIFICATE_ENTRIES = 1024;
/** Hard cap on extensions in one hello: 2^16 bytes / 4 bytes per empty extension. */
export const MAX_EXTENSIONS = 16384;

/** RFC 8446 §4.1.3: HelloRetryRequest.random = SHA-256("HelloRetryRequest") */
export const HELLO_RETRY_REQUEST_RANDOM = Buffer.from(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c',
  'hex',
);
/** RFC 8446 §4.1.3: last 8 bytes of ServerHello.random when a TLS 1.3 server negotiates TLS 1.2 */
export const DOWNGRADE_TLS12 = Buffer.from('444f574e47524401', 'hex'); // "DOWNGRD\x01"
/** … when it negotiates TLS 1.1 or below */
export const DOWNGRADE_TLS11 = Buffer.from('444f574e47524400', 'hex'); // "DOWNGRD\x00"

/** RFC 8701 §2: GREASE values 0x0A0A, 0x1A1A, …, 0xFAFA (cipher suites, extensions, groups, versions, sigalgs) */
export const GREASE_VALUES: readonly number[] = Array.from(
  { length: 16 },
  (_, i) => ((i << 4) | 0x0a) * 0x0101,
);

export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}
