// What a ClientHello may carry. Client profiles (src/probe/profiles) and every probe are expressed
// as these options; src/wire/client-hello.ts composes the bytes from them with small encoders.

export interface ClientHelloOptions {
  /** TLSPlaintext.legacy_record_version; default 0x0301 (what browsers send) */
  recordVersion?: number;
  /** ClientHello.legacy_version: the highest version for ≤ TLS 1.2 clients; 0x0303 for TLS 1.3 clients */
  legacyVersion: number;
  /** supported_versions (RFC 8446 §4.2.1); absent → extension not sent */
  supportedVersions?: number[];
  /** cipher suite codes in preference order; SCSVs (0x00ff, 0x5600) go here too */
  cipherSuites: number[];
  /** default [0] (null) */
  compressionMethods?: number[];
  /** server_name host name (RFC 6066); absent → no SNI */
  serverName?: string;
  /** supported_groups (RFC 8422/8446) */
  groups?: number[];
  /** groups to send a key_share for; the builder makes real public keys with node:crypto for the groups it can
   * (x25519, x448, secp256r1, secp384r1, secp521r1, ffdhe*); others are only listed in supported_groups so the
   * server answers with a HelloRetryRequest */
  keyShareGroups?: number[];
  /** signature_algorithms (RFC 8446 §4.2.3) */
  signatureAlgorithms?: number[];
  signatureAlgorithmsCert?: number[];
  /** ec_point_formats (RFC 8422), usually [0] */
  ecPointFormats?: number[];
  /** application_layer_protocol_negotiation protocol names */
  alpn?: string[];
  /** status_request (OCSP, RFC 6066 §8) */
  statusRequest?: boolean;
  /** empty renegotiation_info extension (RFC 5746) */
  renegotiationInfo?: boolean;
  /** extended_master_secret (RFC 7627) */
  extendedMasterSecret?: boolean;
  /** empty session_ticket extension (RFC 5077) */
  sessionTicket?: boolean;
  /** encrypt_then_mac (RFC 7366) */
  encryptThenMac?: boolean;
  /** psk_key_exchange_modes (RFC 8446 §4.2.9), e.g. [1] psk_dhe_ke */
  pskKeyExchangeModes?: number[];
  /** padding extension (RFC 7685): a fixed length, or 'avoid-256-511' to pad hellos of 256–511 bytes to 512 */
  padding?: number | 'avoid-256-511';
  /** GREASE (RFC 8701) values in suites, extensions, groups, versions */
  grease?: boolean;
  /** extra raw extensions appended as given */
  extraExtensions?: Array<{ type: number; data: Buffer }>;
  /** explicit extension order by type code; types not listed follow in the builder's order */
  extensionOrder?: number[];
  /** 32 bytes; default random */
  random?: Buffer;
  /** 0–32 bytes; default 32 random bytes when supportedVersions includes TLS 1.3 (middlebox compatibility), else empty */
  sessionId?: Buffer;
}
