// OpenSSL error strings and codes (as printed by openssl s_client, curl, Node, Python, git…)
// and X509 verify results. Codes: OpenSSL 3 packs lib 20 (SSL) into bits 23+ ('0x0a000410');
// OpenSSL 1.x used lib<<24 | func<<12 | reason ('0x14094410'); match.ts maps any 1.x SSL code
// without an entry of its own to the 3.x code with the same reason (same numbering in 1.1.1 and
// 3.x). Reason 1000+N = "received alert N" (match.ts decodes that for any alert). Texts verified with `openssl errstr` of OpenSSL 3.0.
import type { KnowledgeEntry } from '../types.js';

const OPENSSL = 'OpenSSL include/openssl/sslerr.h';
const X509V = 'OpenSSL include/openssl/x509_vfy.h (X509_V_ERR_*)';
const S_CLIENT = 'openssl s_client -connect <host>:443 -servername <host>';
const DIAG = 'tlsdoctor diagnose https://<host>';

export const OPENSSL_ERRORS: readonly KnowledgeEntry[] = [
  {
    id: 'openssl.wrong-version-number',
    kind: 'openssl',
    codes: ['0x0a00010b', '0x1408f10b'],
    names: ['SSL_R_WRONG_VERSION_NUMBER', 'wrong version number'],
    patterns: ['wrong version number'],
    title: 'OpenSSL "wrong version number"',
    meaning:
      'The first bytes the server sent back are not a TLS record: the port answers plain HTTP (or SMTP, a proxy page…) instead of TLS. Also seen when https:// is used against an http-only port, or a proxy that does not CONNECT.',
    causes: [
      { findingId: 'handshake.not-tls', text: 'the port speaks plain HTTP or another protocol' },
      { findingId: 'network.middlebox-suspected', text: 'a proxy answered instead of the server' },
    ],
    run: [DIAG, 'curl -v http://<host>:443/', S_CLIENT],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.unexpected-eof',
    kind: 'openssl',
    codes: ['0x0a000126'],
    names: ['SSL_R_UNEXPECTED_EOF_WHILE_READING', 'unexpected eof while reading'],
    patterns: ['unexpected eof while reading'],
    title: 'OpenSSL "unexpected eof while reading"',
    meaning:
      'The peer closed the TCP connection without a TLS close_notify. During the handshake: the server dropped it (HTTP.sys with no binding for the IP:port/SNI name, unreadable key, no SNI fallback). After the handshake: often harmless (servers that skip close_notify).',
    causes: [
      {
        findingId: 'handshake.no-server-hello',
        text: 'the server closed instead of answering the ClientHello',
      },
      {
        findingId: 'windows.binding-missing',
        text: 'no HTTP.sys binding matches (SNI-only binding, client without SNI)',
      },
      {
        findingId: 'windows.sni-no-fallback',
        text: 'IIS: only Hostname:port (SNI) bindings and no IP:port fallback — clients without SNI are reset',
      },
      { findingId: 'windows.private-key-unreadable', text: 'the server cannot use its key (36870)' },
    ],
    run: [DIAG, S_CLIENT, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.sslv3-alert-handshake-failure',
    kind: 'openssl',
    codes: ['0x0a000410', '0x14094410', '0x14077410'],
    names: ['SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure'],
    patterns: ['sslv3 alert handshake failure'],
    title: 'OpenSSL "sslv3 alert handshake failure" — the server sent alert 40',
    meaning:
      'The server answered our ClientHello with alert 40 handshake_failure (the "sslv3" prefix is historical; any TLS version). It found no acceptable cipher suite, version, curve or signature algorithm — or it needs SNI / a client certificate.',
    causes: [
      { findingId: 'cipher.no-common-suite', text: 'no cipher suite in common' },
      { findingId: 'protocol.no-common-version', text: 'no protocol version in common' },
      { findingId: 'sni.required', text: 'the server needs SNI (use -servername / a host name, not an IP)' },
      { findingId: 'handshake.client-cert-required', text: 'the server requires a client certificate' },
    ],
    run: [S_CLIENT, 'tlsdoctor scan <host>:443', DIAG],
    confidence: 'documented',
    references: [OPENSSL, 'RFC 8446 §6.2'],
  },
  {
    id: 'openssl.tlsv1-alert-protocol-version',
    kind: 'openssl',
    codes: ['0x0a00042e', '0x1409442e'],
    names: ['SSL_R_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version'],
    patterns: ['tlsv1 alert protocol version'],
    title: 'OpenSSL "tlsv1 alert protocol version" — the server sent alert 70',
    meaning:
      'The server rejected the protocol version we offered (alert 70): e.g. we offered TLS 1.0/1.1 only, or the server only speaks versions we disabled.',
    causes: [
      { findingId: 'protocol.no-common-version', text: 'no protocol version in common' },
      { findingId: 'windows.tls12-disabled', text: 'TLS 1.2 disabled on a Windows server' },
      {
        findingId: 'windows.binding-tls-disabled',
        text: 'IIS/HTTP.sys: the binding itself disables TLS 1.2 or legacy TLS (netsh "Disable TLS1.2" / "Disable Legacy TLS Versions")',
      },
    ],
    run: ['tlsdoctor scan <host>:443', `${S_CLIENT} -tls1_2`],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.unsupported-protocol',
    kind: 'openssl',
    codes: ['0x0a000102', '0x1425f102'],
    names: ['SSL_R_UNSUPPORTED_PROTOCOL'],
    patterns: [':unsupported protocol'],
    title: 'OpenSSL "unsupported protocol"',
    meaning:
      "The local OpenSSL refused the version the server chose: the server only speaks TLS 1.0/1.1 (or SSL 3) and this client's minimum or security level forbids it (Debian/Ubuntu default MinProtocol TLSv1.2, SECLEVEL 2).",
    causes: [
      { findingId: 'protocol.no-common-version', text: 'the server supports only legacy versions' },
      { findingId: 'windows.tls12-disabled', text: 'TLS 1.2 disabled on a Windows server' },
      {
        findingId: 'protocol.no-common-version',
        text: 'Windows server: only SSL 3.0 / TLS 1.0 / TLS 1.1 enabled in SCHANNEL',
      },
    ],
    run: ['tlsdoctor scan <host>:443', `${S_CLIENT} -tls1 -cipher DEFAULT@SECLEVEL=0`],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.no-protocols-available',
    kind: 'openssl',
    codes: ['0x0a0000bf', '0x141e70bf'],
    names: ['SSL_R_NO_PROTOCOLS_AVAILABLE', 'no protocols available'],
    patterns: ['no protocols available'],
    title: 'OpenSSL "no protocols available"',
    meaning:
      'The client has no protocol version it is allowed to offer: the versions requested (e.g. -tls1 or --tlsv1.0 --tls-max 1.0) are all below the configured minimum/security level. A local configuration issue, not the server.',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'the local minimum version excludes everything requested',
      },
    ],
    run: ['openssl version -d', 'tlsdoctor scan <host>:443'],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.certificate-verify-failed',
    kind: 'openssl',
    codes: ['0x0a000086', '0x1416f086'],
    names: ['SSL_R_CERTIFICATE_VERIFY_FAILED', 'certificate verify failed'],
    patterns: ['certificate verify failed'],
    title: 'OpenSSL "certificate verify failed"',
    meaning:
      'The server certificate did not validate; the verify code / reason next to it says why (unable to get local issuer certificate, self-signed, expired, hostname mismatch…).',
    causes: [
      { findingId: 'chain.missing-intermediate', text: 'the server does not send its intermediate' },
      { findingId: 'chain.untrusted-root', text: 'the root is not in the client trust store' },
      { findingId: 'cert.expired', text: 'a certificate has expired' },
      { findingId: 'cert.host-mismatch', text: 'the name is not in the certificate' },
    ],
    run: [DIAG, `${S_CLIENT} -showcerts`],
    confidence: 'documented',
    references: [OPENSSL],
    generic: true,
  },
  {
    id: 'openssl.dh-key-too-small',
    kind: 'openssl',
    codes: ['0x0a00018a', '0x14082174'],
    names: ['SSL_R_DH_KEY_TOO_SMALL', 'dh key too small'],
    patterns: ['dh key too small'],
    title: 'OpenSSL "dh key too small"',
    meaning:
      "The server's DHE parameters are smaller than the client accepts (1024-bit DH on old servers vs SECLEVEL 2).",
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'use ECDHE suites, or 2048-bit DH parameters on the server',
      },
    ],
    run: ['tlsdoctor scan <host>:443'],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.unsafe-legacy-renegotiation',
    kind: 'openssl',
    codes: ['0x0a000152'],
    names: ['SSL_R_UNSAFE_LEGACY_RENEGOTIATION_DISABLED', 'unsafe legacy renegotiation disabled'],
    patterns: ['unsafe legacy renegotiation disabled'],
    title: 'OpenSSL 3 "unsafe legacy renegotiation disabled"',
    meaning:
      'The server (or a TLS middlebox in front of it) does not support RFC 5746 secure renegotiation; OpenSSL 3 refuses such peers by default.',
    causes: [
      { findingId: 'network.middlebox-suspected', text: 'an old load balancer / TLS inspection device' },
      { findingId: 'protocol.no-common-version', text: 'a very old server TLS stack' },
    ],
    run: [DIAG, `${S_CLIENT} -legacy_renegotiation`],
    confidence: 'documented',
    references: [OPENSSL, 'RFC 5746'],
  },
  {
    id: 'openssl.packet-length-too-long',
    kind: 'openssl',
    codes: [],
    names: ['SSL_R_PACKET_LENGTH_TOO_LONG', 'packet length too long'],
    patterns: ['packet length too long', 'record layer failure'],
    title: 'OpenSSL "packet length too long" / "record layer failure"',
    meaning: 'The answer could not be parsed as TLS records: usually a non-TLS protocol on the port.',
    causes: [{ findingId: 'handshake.not-tls', text: 'the port does not speak TLS' }],
    run: [DIAG, S_CLIENT],
    confidence: 'observed',
    references: [OPENSSL],
  },
  {
    id: 'openssl.s_client-no-peer-certificate',
    kind: 'openssl',
    codes: [],
    names: [],
    patterns: ['ssl handshake has read 0 bytes', 'no peer certificate available'],
    title: 'openssl s_client: "no peer certificate available" / "SSL handshake has read 0 bytes"',
    meaning:
      'The server never sent a certificate: it closed or reset the connection right after our ClientHello. Typical of HTTP.sys with no binding for that IP:port or SNI name, or a firewall dropping TLS.',
    causes: [
      { findingId: 'handshake.no-server-hello', text: 'the server did not answer the ClientHello' },
      { findingId: 'windows.binding-missing', text: 'no HTTP.sys binding matches' },
      {
        findingId: 'windows.sni-no-fallback',
        text: 'IIS: only Hostname:port (SNI) bindings and no IP:port fallback — clients without SNI are reset',
      },
      { findingId: 'sni.required', text: 'retry with -servername <host>' },
    ],
    run: [S_CLIENT, DIAG, 'netsh http show sslcert'],
    confidence: 'observed',
    references: ['https://docs.openssl.org/3.0/man1/openssl-s_client/'],
  },
  {
    id: 'openssl.no-shared-cipher',
    kind: 'openssl',
    codes: ['0x0a0000c1', '0x1408a0c1'],
    names: ['SSL_R_NO_SHARED_CIPHER', 'no shared cipher'],
    patterns: [':no shared cipher'],
    title: 'OpenSSL (server side) "no shared cipher"',
    meaning:
      'Logged by an OpenSSL-based server (nginx, Apache, HAProxy error logs): a client offered no cipher suite the server has enabled — or none usable with the server certificate key type (an ECDSA certificate with RSA-only suites). The client then gets alert 40.',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'old clients vs a hardened ssl_ciphers list, or the reverse',
      },
      { findingId: 'cert.key-mismatch', text: 'the certificate key type does not fit the enabled suites' },
    ],
    run: ['tlsdoctor scan <host>:443', "openssl ciphers -v '<the server cipher string>'"],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.http-request',
    kind: 'openssl',
    codes: ['0x0a00009c', '0x1408f09c'],
    names: ['SSL_R_HTTP_REQUEST'],
    patterns: [
      'routines::http request',
      'ssl3_get_record:http request',
      'the plain http request was sent to https port',
      'client sent plain http request to https port',
    ],
    title: 'OpenSSL (server side) "http request" / nginx "The plain HTTP request was sent to HTTPS port"',
    meaning:
      'The server received a plain HTTP request on its TLS port: a client used http:// with the HTTPS port, or a load balancer / health check talks HTTP to the TLS backend.',
    causes: [
      {
        findingId: 'handshake.not-tls',
        text: 'use https://, or point the health check / proxy at the right port and protocol',
      },
    ],
    run: ['tlsdoctor diagnose https://<host>'],
    confidence: 'documented',
    references: [OPENSSL, 'nginx ngx_http_ssl_module (error 497)'],
  },
  {
    id: 'openssl.version-too-low',
    kind: 'openssl',
    codes: ['0x0a00018c'],
    names: ['SSL_R_VERSION_TOO_LOW', 'version too low'],
    patterns: ['routines::version too low', ':version too low'],
    title: 'OpenSSL "version too low"',
    meaning:
      "The peer chose a protocol version below this side's configured minimum (MinProtocol, ssl_protocols): the other side only speaks TLS 1.0/1.1.",
    causes: [{ findingId: 'protocol.no-common-version', text: 'the peer supports only legacy versions' }],
    run: ['tlsdoctor scan <host>:443'],
    confidence: 'documented',
    references: [OPENSSL],
  },
  {
    id: 'openssl.no-suitable-signature-algorithm',
    kind: 'openssl',
    codes: ['0x0a000076'],
    names: ['SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM', 'no suitable signature algorithm'],
    patterns: ['no suitable signature algorithm', 'legacy sigalg disallowed or unsupported'],
    title: 'OpenSSL "no suitable signature algorithm" / "legacy sigalg disallowed or unsupported"',
    meaning:
      'No signature algorithm is acceptable to both sides for the certificate key (e.g. a peer offering only SHA-1 signatures, or an RSA-PSS/ECDSA mismatch under SECLEVEL 2).',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'no common signature algorithm (a handshake parameter like suites and curves)',
      },
      { findingId: 'cert.weak-signature', text: 'SHA-1-only peers are refused by modern OpenSSL' },
    ],
    run: [
      'tlsdoctor scan <host>:443',
      'openssl s_client -connect <host>:443 -servername <host> -sigalgs RSA+SHA256',
    ],
    confidence: 'documented',
    references: [OPENSSL],
  },
  // ---- X509 verify results (openssl verify codes; Node uses the same names as err.code) ----
  {
    id: 'openssl.verify-unable-to-get-local-issuer',
    kind: 'openssl',
    codes: [],
    names: ['X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
    patterns: ['unable to get local issuer certificate'],
    title: 'Verify error 20 "unable to get local issuer certificate"',
    meaning:
      'The issuer of a certificate in the chain is neither sent by the server nor in the local trust store: a missing intermediate on the server, or a root the client does not have (internal CA, outdated CA bundle).',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'the server does not send its intermediate certificate(s)',
      },
      { findingId: 'chain.untrusted-root', text: 'the root is not in the client trust store' },
    ],
    run: [DIAG, `${S_CLIENT} -showcerts`],
    confidence: 'documented',
    references: [X509V],
  },
  {
    id: 'openssl.verify-unable-to-verify-first',
    kind: 'openssl',
    codes: [],
    names: ['X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    patterns: ['unable to verify the first certificate'],
    title: 'Verify error 21 "unable to verify the first certificate"',
    meaning:
      'Only the leaf certificate arrived and its issuer is unknown: the server does not send its intermediate certificate.',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'configure the full chain (leaf + intermediates) on the server',
      },
    ],
    run: [DIAG, `${S_CLIENT} -showcerts`],
    confidence: 'documented',
    references: [X509V],
  },
  {
    id: 'openssl.verify-self-signed',
    kind: 'openssl',
    codes: [],
    names: ['X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT'],
    patterns: ['self-signed certificate', 'self signed certificate'],
    title: 'Verify error 18 "self-signed certificate"',
    meaning: 'The server certificate is self-signed and not trusted by the client.',
    causes: [
      {
        findingId: 'cert.self-signed',
        text: 'use a CA-issued certificate, or distribute this certificate as trusted',
      },
    ],
    run: [DIAG, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: [X509V],
  },
  {
    id: 'openssl.verify-self-signed-in-chain',
    kind: 'openssl',
    codes: [],
    names: ['X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN', 'SELF_SIGNED_CERT_IN_CHAIN'],
    patterns: [
      'self-signed certificate in certificate chain',
      'self signed certificate in certificate chain',
    ],
    title: 'Verify error 19 "self-signed certificate in certificate chain"',
    meaning:
      'The chain ends in a root the client does not trust (internal CA, or a TLS-inspecting proxy re-signing traffic).',
    causes: [
      { findingId: 'chain.untrusted-root', text: 'add the root to the client trust store' },
      {
        findingId: 'network.middlebox-suspected',
        text: 'a corporate TLS inspection proxy re-signs certificates',
      },
    ],
    run: [DIAG, `${S_CLIENT} -showcerts`],
    confidence: 'documented',
    references: [X509V],
  },
  {
    id: 'openssl.verify-cert-has-expired',
    kind: 'openssl',
    codes: [],
    names: ['X509_V_ERR_CERT_HAS_EXPIRED'],
    patterns: ['certificate has expired'],
    title: 'Verify error 10 "certificate has expired"',
    meaning: 'A certificate in the chain is past its notAfter date (or the client clock is ahead).',
    causes: [
      { findingId: 'cert.expired', text: 'renew and deploy the new certificate (and current intermediates)' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [X509V],
  },
  {
    id: 'openssl.verify-cert-not-yet-valid',
    kind: 'openssl',
    codes: [],
    names: ['X509_V_ERR_CERT_NOT_YET_VALID', 'CERT_NOT_YET_VALID'],
    patterns: ['certificate is not yet valid'],
    title: 'Verify error 9 "certificate is not yet valid"',
    meaning: "A certificate's notBefore is in the future — usually a wrong clock.",
    causes: [
      { findingId: 'cert.not-yet-valid', text: 'fix the clock, or wait until the certificate becomes valid' },
    ],
    run: [DIAG, 'date -u'],
    confidence: 'documented',
    references: [X509V],
  },
  {
    id: 'openssl.verify-hostname-mismatch',
    kind: 'openssl',
    codes: [],
    names: ['X509_V_ERR_HOSTNAME_MISMATCH'],
    patterns: ['hostname mismatch'],
    title: 'Verify error 62 "hostname mismatch"',
    meaning: 'The certificate does not contain the host name that was requested.',
    causes: [
      { findingId: 'cert.host-mismatch', text: 'connect by a name in the SAN, or re-issue the certificate' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [X509V],
  },
];

/** X509 verify codes ("verify error:num=20", "Verify return code: 20") → entry id. */
export const OPENSSL_VERIFY_CODES: Readonly<Record<string, string>> = {
  '9': 'openssl.verify-cert-not-yet-valid',
  '10': 'openssl.verify-cert-has-expired',
  '18': 'openssl.verify-self-signed',
  '19': 'openssl.verify-self-signed-in-chain',
  '20': 'openssl.verify-unable-to-get-local-issuer',
  '21': 'openssl.verify-unable-to-verify-first',
  '62': 'openssl.verify-hostname-mismatch',
};
