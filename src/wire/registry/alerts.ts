// IANA "TLS Alerts" registry (tls-parameters-6), with a one-line meaning for people reading a diagnosis.
import type { AlertInfo } from './types.js';

const ROWS: Array<[number, string, string, boolean?]> = [
  [0, 'close_notify', 'the peer is closing the connection normally'],
  [10, 'unexpected_message', 'the peer received a message it did not expect at this point of the handshake'],
  [
    20,
    'bad_record_mac',
    'a record failed decryption or integrity check (corruption, a middlebox, or a key mismatch)',
  ],
  [21, 'decryption_failed_RESERVED', 'a record failed decryption (SSL 3.0/TLS 1.0 only)', true],
  [22, 'record_overflow', 'a record was longer than allowed'],
  [30, 'decompression_failure_RESERVED', 'decompression failed (TLS compression is gone)', true],
  [
    40,
    'handshake_failure',
    'no acceptable set of parameters: typically no cipher suite, group or signature algorithm in common',
  ],
  [41, 'no_certificate_RESERVED', 'the client had no certificate to send (SSL 3.0 only)', true],
  [42, 'bad_certificate', 'a certificate was corrupt or its signature did not verify'],
  [43, 'unsupported_certificate', 'a certificate was of a type the peer does not support'],
  [44, 'certificate_revoked', 'a certificate was revoked by its issuer'],
  [45, 'certificate_expired', 'a certificate has expired or is not yet valid'],
  [
    46,
    'certificate_unknown',
    'a certificate was rejected for some other reason (often an untrusted or incomplete chain)',
  ],
  [47, 'illegal_parameter', 'a handshake field was out of range or inconsistent with other fields'],
  [48, 'unknown_ca', 'the certificate chain does not lead to a CA the peer trusts'],
  [49, 'access_denied', 'the peer refuses the connection by policy, after a valid certificate'],
  [50, 'decode_error', 'a message could not be decoded (wrong length or field out of range)'],
  [51, 'decrypt_error', 'a signature or Finished message did not verify'],
  [52, 'too_many_cids_requested', 'more DTLS connection IDs were requested than allowed'],
  [60, 'export_restriction_RESERVED', 'an export-restricted negotiation was attempted (TLS 1.0 only)', true],
  [70, 'protocol_version', 'the peer does not support the protocol version offered'],
  [
    71,
    'insufficient_security',
    'the peer requires stronger parameters (cipher suites, key sizes) than offered',
  ],
  [80, 'internal_error', 'the peer hit an error unrelated to the protocol (its own bug or resource problem)'],
  [
    86,
    'inappropriate_fallback',
    'a version-fallback retry (TLS_FALLBACK_SCSV) was refused: the peer supports a higher version',
  ],
  [90, 'user_canceled', 'the peer canceled the handshake'],
  [100, 'no_renegotiation_RESERVED', 'the peer refuses renegotiation', true],
  [109, 'missing_extension', 'a required extension was not sent'],
  [110, 'unsupported_extension', 'an extension was sent that the peer did not offer or cannot accept here'],
  [111, 'certificate_unobtainable_RESERVED', 'a certificate could not be fetched from a URL', true],
  [112, 'unrecognized_name', 'the server has no site for the requested SNI host name'],
  [113, 'bad_certificate_status_response', 'an OCSP (status_request) response was invalid or unacceptable'],
  [114, 'bad_certificate_hash_value_RESERVED', 'a certificate hash did not match', true],
  [115, 'unknown_psk_identity', 'the PSK identity offered is not known to the peer'],
  [116, 'certificate_required', 'the server requires a client certificate and none was sent'],
  [117, 'general_error', 'an error for which no more specific alert applies'],
  [
    120,
    'no_application_protocol',
    'no ALPN protocol in common (e.g. the client insists on h2 and the server lacks it)',
  ],
  [121, 'ech_required', 'the server requires Encrypted Client Hello'],
];

export const ALERTS: readonly AlertInfo[] = ROWS.map(([code, name, meaning, reserved]) => ({
  code,
  name,
  meaning,
  reserved: reserved ?? false,
}));

export const ALERT_LEVELS: Readonly<Record<number, string>> = { 1: 'warning', 2: 'fatal' };
