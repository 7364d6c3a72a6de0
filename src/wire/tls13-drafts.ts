// TLS 1.3 before RFC 8446: the draft and experimental version numbers seen on the wire, and which
// ServerHello layout they use.
//
// - 0x7f00 + n: draft-ietf-tls-tls13-n (draft-ietf-tls-tls13-18 §4.2.1: "implementations of drafts
//   of this specification SHOULD use 0x7f00 | draft_version"); seen from draft 16 (0x7f10) to 28 (0x7f1c).
// - 0x7e01, 0x7e02, 0x7e03: BoringSSL/Chrome's TLS 1.3 experiments (2017), drafts with the middlebox
//   compatibility changes that draft 22 adopted.
// - 0xfb17, 0xfb1a: Facebook's Fizz variants of drafts 23 and 26.
//
// ServerHello up to draft 21 (draft-ietf-tls-tls13-18 §4.1.3, draft-ietf-tls-tls13-21 §4.1.3):
//   struct { ProtocolVersion version; Random random; CipherSuite cipher_suite;
//            Extension extensions<0..2^16-1>; } ServerHello;
// From draft 22 (draft-ietf-tls-tls13-22 §4.1.3, as RFC 8446): legacy_version = 0x0303,
// legacy_session_id_echo<0..32>, legacy_compression_method, and the version in supported_versions.
// Up to draft 21 a HelloRetryRequest is its own message, HandshakeType hello_retry_request(6):
//   struct { ProtocolVersion server_version; CipherSuite cipher_suite;  /* from draft 19 */
//            Extension extensions<2..2^16-1>; } HelloRetryRequest;
// from draft 22 it is a ServerHello with the special random (RFC 8446 §4.1.3).

/** HandshakeType hello_retry_request(6) of drafts ≤ 21 (draft-ietf-tls-tls13-21 §4) */
export const DRAFT_HELLO_RETRY_REQUEST = 6;

/** the draft number of a 0x7fNN version, else undefined */
export function tls13DraftNumber(version: number): number | undefined {
  return (version & 0xff00) === 0x7f00 ? version & 0xff : undefined;
}

/** TLS 1.3, one of its drafts or one of the experiments built on them */
export function isTls13Family(version: number): boolean {
  return (
    version === 0x0304 ||
    (version & 0xff00) === 0x7f00 ||
    (version >= 0x7e01 && version <= 0x7e03) ||
    version === 0xfb17 ||
    version === 0xfb1a
  );
}

/** a version whose ServerHello has the draft layout (no session id echo, no compression): drafts ≤ 21 */
export function hasPreDraft22ServerHello(version: number): boolean {
  const n = tls13DraftNumber(version);
  return n !== undefined && n < 22;
}
