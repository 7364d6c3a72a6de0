// Browser errors: Chrome/Edge net errors (Chromium net/base/net_error_list.h, number in the
// code), Firefox NSS / mozilla::pkix codes, and the IE / WinINet pages.
import type { KnowledgeEntry } from '../types.js';

const CHROMIUM = 'Chromium net/base/net_error_list.h';
const NSS = 'NSS / mozilla::pkix error codes';
const DIAG = 'tlsdoctor diagnose https://<host>';
const SCAN = 'tlsdoctor scan <host>:443';

export const BROWSER_ERRORS: readonly KnowledgeEntry[] = [
  {
    id: 'browser.ERR_CONNECTION_CLOSED',
    kind: 'browser',
    codes: ['-100', '-324'],
    names: ['ERR_CONNECTION_CLOSED', 'ERR_EMPTY_RESPONSE'],
    patterns: ['unexpectedly closed the connection', "didn't send any data"],
    title: 'ERR_CONNECTION_CLOSED / ERR_EMPTY_RESPONSE — closed without data',
    meaning:
      'The server closed the connection without sending anything. In front of IIS: HTTP.sys dropped the handshake — no binding for that IP:port or SNI name, a broken binding (empty hash), or an unreadable key.',
    causes: [
      {
        findingId: 'handshake.no-server-hello',
        text: 'the server closed instead of answering the ClientHello',
      },
      { findingId: 'windows.binding-missing', text: 'no HTTP.sys binding matches the IP:port / SNI name' },
      { findingId: 'windows.sslcert-empty-hash', text: 'the binding has no certificate' },
      { findingId: 'windows.private-key-unreadable', text: 'the key is not readable (36870 on the server)' },
    ],
    run: [DIAG, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [
      CHROMIUM,
      'https://source.chromium.org/chromium/chromium/src/+/main:net/base/net_error_list.h',
    ],
  },
  {
    id: 'browser.ERR_CONNECTION_RESET',
    kind: 'browser',
    codes: ['-101'],
    names: ['ERR_CONNECTION_RESET'],
    patterns: ['the connection was reset'],
    title: 'ERR_CONNECTION_RESET — connection reset',
    meaning:
      'The TCP connection was reset during or right after the handshake. Same family as ERR_CONNECTION_CLOSED on IIS; also middleboxes, and old SChannel resetting instead of alerting on a version mismatch.',
    causes: [
      {
        findingId: 'handshake.no-server-hello',
        text: 'the server reset instead of answering the ClientHello',
      },
      {
        findingId: 'windows.binding-missing',
        text: 'SNI-only binding and no 0.0.0.0:443 fallback for clients without SNI',
      },
      {
        findingId: 'windows.sni-no-fallback',
        text: 'IIS: only Hostname:port (SNI) bindings and no IP:port fallback — clients without SNI are reset',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'the server resets clients that offer only disabled versions',
      },
      { findingId: 'network.middlebox-suspected', text: 'a firewall/IPS resets the connection' },
    ],
    run: [DIAG, SCAN, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CONNECTION_REFUSED',
    kind: 'browser',
    codes: ['-102'],
    names: ['ERR_CONNECTION_REFUSED'],
    patterns: ['refused to connect'],
    title: 'ERR_CONNECTION_REFUSED — nothing listening',
    meaning:
      'Nothing accepts connections on that port (site stopped, service down, wrong port), or a firewall actively rejects them.',
    causes: [
      { findingId: 'tcp.port-closed', text: 'nothing listens on the port' },
      { findingId: 'http.site-down', text: 'the site or service is stopped' },
    ],
    run: [DIAG, 'netstat -ano'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CONNECTION_TIMED_OUT',
    kind: 'browser',
    codes: ['-118'],
    names: ['ERR_CONNECTION_TIMED_OUT', 'ERR_TIMED_OUT'],
    patterns: ['took too long to respond'],
    title: 'ERR_CONNECTION_TIMED_OUT — no answer',
    meaning:
      'TCP connection attempts got no answer: a firewall drops the packets, or the host/route is down.',
    causes: [
      { findingId: 'tcp.port-filtered', text: 'a firewall silently drops the connection' },
      {
        findingId: 'network.path-blocked',
        text: 'packets are dropped on the way (firewall, security group, routing)',
      },
      { findingId: 'dns.resolution-failed', text: 'the name resolves to a wrong or stale address' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_NAME_NOT_RESOLVED',
    kind: 'browser',
    codes: ['-105'],
    names: ['ERR_NAME_NOT_RESOLVED'],
    patterns: ['server ip address could not be found'],
    title: 'ERR_NAME_NOT_RESOLVED — DNS lookup failed',
    meaning: 'The host name could not be resolved.',
    causes: [{ findingId: 'dns.resolution-failed', text: 'no DNS record, or the resolver is unreachable' }],
    run: [DIAG, 'nslookup <host>'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_PROTOCOL_ERROR',
    kind: 'browser',
    codes: ['-107'],
    names: ['ERR_SSL_PROTOCOL_ERROR'],
    patterns: ['sent an invalid response'],
    title:
      'ERR_SSL_PROTOCOL_ERROR — "This site can\'t provide a secure connection … sent an invalid response"',
    meaning:
      'The TLS handshake failed in a way Chrome cannot classify: a non-TLS answer on the HTTPS port, a server that reset mid-handshake, or a failed client-certificate renegotiation.',
    causes: [
      { findingId: 'handshake.not-tls', text: 'plain HTTP (or another protocol) answers on the HTTPS port' },
      {
        findingId: 'handshake.no-server-hello',
        text: 'the server dropped the handshake (HTTP.sys without a usable binding)',
      },
      {
        findingId: 'handshake.client-cert-required',
        text: 'client certificate requested by renegotiation (IIS, HTTP/2, TLS 1.3)',
      },
    ],
    run: [DIAG, 'openssl s_client -connect <host>:443 -servername <host>', 'netsh http show sslcert'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_CLIENT_AUTH_CERT_NEEDED',
    kind: 'browser',
    codes: ['-110'],
    names: ['ERR_SSL_CLIENT_AUTH_CERT_NEEDED'],
    title: 'ERR_SSL_CLIENT_AUTH_CERT_NEEDED — server asks for a client certificate',
    meaning: 'The server requested a client certificate and none was selected.',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 'the site requires client certificates (IIS SslRequireCert)',
      },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    kind: 'browser',
    codes: ['-113'],
    names: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH'],
    patterns: [
      'uses an unsupported protocol',
      "the client and server don't support a common ssl protocol version or cipher suite",
    ],
    title: 'ERR_SSL_VERSION_OR_CIPHER_MISMATCH — "… uses an unsupported protocol"',
    meaning:
      'No protocol version or cipher suite in common: the server offers only TLS 1.0/1.1, only suites Chrome does not accept, or its certificate key cannot be used with any enabled suite (ECDSA certificate with only RSA suites, or the reverse). Also when the binding has no usable certificate.',
    causes: [
      { findingId: 'protocol.no-common-version', text: 'the server speaks only TLS 1.0/1.1' },
      {
        findingId: 'cipher.no-common-suite',
        text: 'no suite in common (Windows: 36874 + 36888 40/1205 on the server)',
      },
      {
        findingId: 'cipher.no-common-suite',
        text: 'Windows server: every suite modern clients offer is disabled in the cipher suite list',
      },
      { findingId: 'windows.tls12-disabled', text: 'TLS 1.2 disabled on the server' },
      {
        findingId: 'windows.binding-tls-disabled',
        text: 'IIS/HTTP.sys: the binding itself disables TLS 1.2 or legacy TLS (netsh "Disable TLS1.2" / "Disable Legacy TLS Versions")',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'Windows server: only SSL 3.0 / TLS 1.0 / TLS 1.1 enabled in SCHANNEL',
      },
      { findingId: 'cert.no-private-key', text: 'the certificate has no usable key for any suite' },
    ],
    run: [SCAN, DIAG, 'powershell -Command "Get-TlsCipherSuite | Format-Table Name"'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_BAD_SSL_CLIENT_AUTH_CERT',
    kind: 'browser',
    codes: ['-117'],
    names: ['ERR_BAD_SSL_CLIENT_AUTH_CERT'],
    patterns: ["didn't accept your login certificate"],
    title: 'ERR_BAD_SSL_CLIENT_AUTH_CERT — the server rejected the client certificate',
    meaning:
      'The server did not accept the client certificate the browser sent (issuer not trusted / not in the CTL, revocation check failed, mapping failed).',
    causes: [
      {
        findingId: 'chain.client-rejected',
        text: 'the server does not trust the client certificate issuer or cannot check revocation',
      },
      {
        findingId: 'handshake.client-cert-required',
        text: 'a client certificate is required and the one sent is unusable',
      },
    ],
    run: [DIAG, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_BAD_RECORD_MAC_ALERT',
    kind: 'browser',
    codes: ['-126'],
    names: ['ERR_SSL_BAD_RECORD_MAC_ALERT'],
    title: 'ERR_SSL_BAD_RECORD_MAC_ALERT — peer sent alert 20',
    meaning: 'The server sent bad_record_mac: records altered on the path.',
    causes: [
      { findingId: 'network.middlebox-suspected', text: 'TLS inspection or a faulty device on the path' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_DECRYPT_ERROR_ALERT',
    kind: 'browser',
    codes: ['-153'],
    names: ['ERR_SSL_DECRYPT_ERROR_ALERT'],
    title: 'ERR_SSL_DECRYPT_ERROR_ALERT — peer sent alert 51',
    meaning: 'The server reported a failed signature/Finished check.',
    causes: [
      { findingId: 'cert.key-mismatch', text: 'key and certificate do not match' },
      { findingId: 'network.middlebox-suspected', text: 'altered on the path' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_CLIENT_AUTH_PRIVATE_KEY',
    kind: 'browser',
    codes: ['-134', '-135'],
    names: ['ERR_SSL_CLIENT_AUTH_PRIVATE_KEY_ACCESS_DENIED', 'ERR_SSL_CLIENT_AUTH_CERT_NO_PRIVATE_KEY'],
    title: 'ERR_SSL_CLIENT_AUTH_PRIVATE_KEY_ACCESS_DENIED / _CERT_NO_PRIVATE_KEY — client key unusable',
    meaning:
      'Client side: the browser cannot use the private key of the selected client certificate (no key, or access denied).',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 're-import the client certificate with its private key in the user store',
      },
    ],
    run: ['certutil -user -store my'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_UNRECOGNIZED_NAME_ALERT',
    kind: 'browser',
    codes: ['-159'],
    names: ['ERR_SSL_UNRECOGNIZED_NAME_ALERT'],
    title: 'ERR_SSL_UNRECOGNIZED_NAME_ALERT — peer sent alert 112',
    meaning: 'The server does not know the SNI host name the browser sent.',
    causes: [{ findingId: 'sni.required', text: 'no binding/virtual host for that name' }],
    run: [DIAG, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_SERVER_CERT_BAD_FORMAT',
    kind: 'browser',
    codes: ['-167', '-181'],
    names: ['ERR_SSL_SERVER_CERT_BAD_FORMAT', 'ERR_SSL_KEY_USAGE_INCOMPATIBLE'],
    title: 'ERR_SSL_SERVER_CERT_BAD_FORMAT / ERR_SSL_KEY_USAGE_INCOMPATIBLE — unusable server certificate',
    meaning:
      'The server certificate is malformed, or its key usage does not allow the negotiated key exchange (e.g. an RSA certificate without digitalSignature used with ECDHE).',
    causes: [
      {
        findingId: 'cert.key-usage',
        text: 'the key usage does not allow the key exchange (digitalSignature / keyEncipherment): re-issue',
      },
      {
        findingId: 'cert.eku-no-server-auth',
        text: 're-issue the certificate with the right extended key usage',
      },
    ],
    run: [DIAG, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_SSL_OBSOLETE_CIPHER',
    kind: 'browser',
    codes: ['-172'],
    names: ['ERR_SSL_OBSOLETE_CIPHER'],
    title: 'ERR_SSL_OBSOLETE_CIPHER — obsolete cipher',
    meaning: 'The server chose a cipher Chrome no longer accepts.',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'enable modern AEAD suites (AES-GCM, ChaCha20) and put them first',
      },
    ],
    run: [SCAN],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_TLS13_DOWNGRADE_DETECTED',
    kind: 'browser',
    codes: ['-180'],
    names: ['ERR_TLS13_DOWNGRADE_DETECTED'],
    title: 'ERR_TLS13_DOWNGRADE_DETECTED — downgrade detected',
    meaning:
      'The ServerHello carried the TLS 1.3 downgrade sentinel: a middlebox terminating TLS forced an older version.',
    causes: [
      { findingId: 'network.middlebox-suspected', text: 'a TLS-terminating device without TLS 1.3 support' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY',
    kind: 'browser',
    codes: ['-360'],
    names: ['ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY'],
    title: 'ERR_HTTP2_INADEQUATE_TRANSPORT_SECURITY — HTTP/2 over a blacklisted suite',
    meaning:
      'HTTP/2 was negotiated over a cipher suite HTTP/2 forbids (CBC suites): the server prefers an old suite.',
    causes: [
      { findingId: 'cipher.no-common-suite', text: 'put GCM suites first, or disable HTTP/2 on the binding' },
    ],
    run: [SCAN, 'powershell -Command "Get-TlsCipherSuite | Format-Table Name"'],
    confidence: 'documented',
    references: [CHROMIUM, 'RFC 7540 Appendix A'],
  },
  {
    id: 'browser.ERR_HTTP_1_1_REQUIRED',
    kind: 'browser',
    codes: ['-365'],
    names: ['ERR_HTTP_1_1_REQUIRED'],
    title: 'ERR_HTTP_1_1_REQUIRED — server demands HTTP/1.1',
    meaning:
      'The server refused HTTP/2 for this request: IIS with Windows authentication or client-certificate renegotiation over HTTP/2.',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 'negotiate client certificates in the initial handshake, or disable HTTP/2 for the binding',
      },
    ],
    run: ['netsh http show sslcert'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CERT_COMMON_NAME_INVALID',
    kind: 'browser',
    codes: ['-200'],
    names: ['ERR_CERT_COMMON_NAME_INVALID'],
    title: 'NET::ERR_CERT_COMMON_NAME_INVALID — name not in the certificate',
    meaning:
      'The host name in the address bar is not in the certificate SAN. On IIS: the wrong certificate is bound (several host names on one IP:port without SNI share the last assigned certificate), or the SAN lacks the name.',
    causes: [
      { findingId: 'cert.host-mismatch', text: 'the certificate does not cover this host name' },
      { findingId: 'sni.required', text: 'IIS sites sharing an IP:port without SNI get one certificate' },
    ],
    run: [DIAG, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CERT_DATE_INVALID',
    kind: 'browser',
    codes: ['-201'],
    names: ['ERR_CERT_DATE_INVALID'],
    title: 'NET::ERR_CERT_DATE_INVALID — expired or not yet valid',
    meaning:
      'The certificate is expired or not yet valid — or the client clock is wrong. Common after renewal when the new certificate was never bound.',
    causes: [
      { findingId: 'cert.expired', text: 'renew and bind the renewed certificate' },
      { findingId: 'cert.not-yet-valid', text: 'check the client clock' },
    ],
    run: [DIAG, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CERT_AUTHORITY_INVALID',
    kind: 'browser',
    codes: ['-202'],
    names: ['ERR_CERT_AUTHORITY_INVALID'],
    title: 'NET::ERR_CERT_AUTHORITY_INVALID — untrusted issuer',
    meaning:
      'The chain does not lead to a root the browser trusts: self-signed certificate, internal CA, or a missing intermediate on the server.',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'the server does not send its intermediate certificate',
      },
      { findingId: 'chain.untrusted-root', text: 'the issuing root is not trusted by the client' },
      { findingId: 'cert.self-signed', text: 'the certificate is self-signed' },
    ],
    run: [DIAG, 'openssl s_client -connect <host>:443 -servername <host> -showcerts'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CERT_INVALID',
    kind: 'browser',
    codes: ['-203', '-207'],
    names: ['ERR_CERT_CONTAINS_ERRORS', 'ERR_CERT_INVALID'],
    title: 'NET::ERR_CERT_CONTAINS_ERRORS / ERR_CERT_INVALID — malformed or unusable certificate',
    meaning: 'The certificate is malformed or unusable for TLS.',
    causes: [
      { findingId: 'cert.eku-no-server-auth', text: 'check usage, encoding and extensions; re-issue' },
    ],
    run: [DIAG, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CERT_REVOKED',
    kind: 'browser',
    codes: ['-205', '-206'],
    names: ['ERR_CERT_UNABLE_TO_CHECK_REVOCATION', 'ERR_CERT_REVOKED'],
    title: 'NET::ERR_CERT_REVOKED / ERR_CERT_UNABLE_TO_CHECK_REVOCATION',
    meaning:
      'The certificate is revoked, or its revocation status could not be checked where it was required.',
    causes: [
      { findingId: 'chain.untrusted-root', text: 'revoked: re-issue and rebind' },
      { text: 'CRL/OCSP unreachable' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CERT_WEAK',
    kind: 'browser',
    codes: ['-208', '-211'],
    names: ['ERR_CERT_WEAK_SIGNATURE_ALGORITHM', 'ERR_CERT_WEAK_KEY'],
    title: 'NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM / ERR_CERT_WEAK_KEY',
    meaning: 'The certificate is signed with SHA-1 (or weaker) or has an RSA key under 2048 bits.',
    causes: [
      { findingId: 'cert.weak-signature', text: 're-issue with SHA-256' },
      { findingId: 'cert.weak-key', text: 're-issue with a 2048-bit or larger key' },
    ],
    run: [DIAG, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  {
    id: 'browser.ERR_CERT_VALIDITY_TOO_LONG',
    kind: 'browser',
    codes: ['-213', '-212'],
    names: ['ERR_CERT_VALIDITY_TOO_LONG', 'ERR_CERT_NAME_CONSTRAINT_VIOLATION'],
    title: 'NET::ERR_CERT_VALIDITY_TOO_LONG / ERR_CERT_NAME_CONSTRAINT_VIOLATION',
    meaning:
      'The certificate lifetime exceeds the browser limit (398 days for public CAs), or the name violates a CA name constraint.',
    causes: [
      { findingId: 'cert.lifetime-too-long', text: 're-issue with a shorter lifetime' },
      { findingId: 'chain.name-constraints', text: 'the CA is not allowed to issue for this name' },
    ],
    run: [DIAG, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: [CHROMIUM],
  },
  // ---- Firefox (NSS / mozilla::pkix) ----
  {
    id: 'browser.SEC_ERROR_UNKNOWN_ISSUER',
    kind: 'browser',
    codes: [],
    names: ['SEC_ERROR_UNKNOWN_ISSUER'],
    title: 'Firefox SEC_ERROR_UNKNOWN_ISSUER — issuer unknown',
    meaning:
      'The chain does not lead to a root Firefox trusts. Firefox does not fetch missing intermediates (AIA), so a server that omits its intermediate fails here first while Chrome/Edge may still work.',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'the server does not send its intermediate certificate',
      },
      {
        findingId: 'chain.untrusted-root',
        text: 'internal CA not in the Firefox store (enable security.enterprise_roots.enabled)',
      },
    ],
    run: [DIAG, 'openssl s_client -connect <host>:443 -servername <host> -showcerts'],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT',
    kind: 'browser',
    codes: [],
    names: ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT'],
    title: 'Firefox MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT — self-signed certificate',
    meaning: 'The server certificate is self-signed.',
    causes: [
      { findingId: 'cert.self-signed', text: 'use a CA-issued certificate, or trust this one explicitly' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SSL_ERROR_BAD_CERT_DOMAIN',
    kind: 'browser',
    codes: [],
    names: ['SSL_ERROR_BAD_CERT_DOMAIN'],
    title: 'Firefox SSL_ERROR_BAD_CERT_DOMAIN — name mismatch',
    meaning: 'The certificate is not valid for the host name.',
    causes: [{ findingId: 'cert.host-mismatch', text: 'wrong certificate bound, or the SAN lacks the name' }],
    run: [DIAG],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SEC_ERROR_EXPIRED_CERTIFICATE',
    kind: 'browser',
    codes: [],
    names: ['SEC_ERROR_EXPIRED_CERTIFICATE', 'SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE'],
    title: 'Firefox SEC_ERROR_EXPIRED_CERTIFICATE — expired',
    meaning: 'The certificate (or its issuer) has expired — or the client clock is wrong.',
    causes: [{ findingId: 'cert.expired', text: 'renew and bind the new certificate (and intermediates)' }],
    run: [DIAG],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SEC_ERROR_REVOKED_CERTIFICATE',
    kind: 'browser',
    codes: [],
    names: ['SEC_ERROR_REVOKED_CERTIFICATE'],
    title: 'Firefox SEC_ERROR_REVOKED_CERTIFICATE — revoked',
    meaning: 'The certificate has been revoked.',
    causes: [{ findingId: 'chain.untrusted-root', text: 're-issue and rebind' }],
    run: [DIAG],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SSL_ERROR_NO_CYPHER_OVERLAP',
    kind: 'browser',
    codes: [],
    names: ['SSL_ERROR_NO_CYPHER_OVERLAP'],
    patterns: ['cannot communicate securely with peer: no common encryption algorithm'],
    title: 'Firefox SSL_ERROR_NO_CYPHER_OVERLAP — no common encryption algorithm',
    meaning: 'Firefox and the server have no cipher suite (or version) in common.',
    causes: [
      { findingId: 'cipher.no-common-suite', text: 'no common cipher suite' },
      {
        findingId: 'cipher.no-common-suite',
        text: 'Windows server: every suite modern clients offer is disabled in the cipher suite list',
      },
      { findingId: 'protocol.no-common-version', text: 'the server only speaks TLS 1.0/1.1' },
    ],
    run: [SCAN, DIAG],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SSL_ERROR_PROTOCOL_VERSION_ALERT',
    kind: 'browser',
    codes: [],
    names: ['SSL_ERROR_PROTOCOL_VERSION_ALERT', 'SSL_ERROR_UNSUPPORTED_VERSION'],
    title: 'Firefox SSL_ERROR_PROTOCOL_VERSION_ALERT / SSL_ERROR_UNSUPPORTED_VERSION — version mismatch',
    meaning:
      "The server rejected Firefox's protocol version (alert 70), or only offers a version Firefox disabled (TLS 1.0/1.1).",
    causes: [
      { findingId: 'protocol.no-common-version', text: 'the server supports only TLS 1.0/1.1' },
      { findingId: 'windows.tls12-disabled', text: 'TLS 1.2 disabled on the Windows server' },
      {
        findingId: 'protocol.no-common-version',
        text: 'Windows server: only SSL 3.0 / TLS 1.0 / TLS 1.1 enabled in SCHANNEL',
      },
    ],
    run: [SCAN],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SSL_ERROR_HANDSHAKE_FAILURE_ALERT',
    kind: 'browser',
    codes: [],
    names: ['SSL_ERROR_HANDSHAKE_FAILURE_ALERT'],
    patterns: ['ssl peer was unable to negotiate an acceptable set of security parameters'],
    title: 'Firefox SSL_ERROR_HANDSHAKE_FAILURE_ALERT — peer sent alert 40',
    meaning:
      'The server answered with handshake_failure: no common parameters, or it wanted something (SNI, client certificate).',
    causes: [
      { findingId: 'cipher.no-common-suite', text: 'no common suite' },
      { findingId: 'sni.required', text: 'no certificate for the requested name' },
      { findingId: 'handshake.client-cert-required', text: 'client certificate required' },
    ],
    run: [SCAN, DIAG],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SSL_ERROR_RX_RECORD_TOO_LONG',
    kind: 'browser',
    codes: [],
    names: ['SSL_ERROR_RX_RECORD_TOO_LONG'],
    patterns: ['ssl received a record that exceeded the maximum permissible length'],
    title: 'Firefox SSL_ERROR_RX_RECORD_TOO_LONG — not TLS on the HTTPS port',
    meaning:
      'Firefox received something that is not a TLS record: plain HTTP answering on the HTTPS port (Apache/XAMPP "Listen 443" without SSL, IIS binding with protocol http on 443, a proxy).',
    causes: [{ findingId: 'handshake.not-tls', text: 'the port serves plain HTTP' }],
    run: [DIAG, 'curl -v http://<host>:443/'],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.SSL_ERROR_RECORD_OVERFLOW_ALERT',
    kind: 'browser',
    codes: [],
    names: ['SSL_ERROR_RECORD_OVERFLOW_ALERT'],
    title: 'Firefox SSL_ERROR_RECORD_OVERFLOW_ALERT — peer sent alert 22',
    meaning: 'The server reported a record that was too long.',
    causes: [{ findingId: 'network.middlebox-suspected', text: 'a device on the path altered records' }],
    run: [DIAG],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.PR_END_OF_FILE_ERROR',
    kind: 'browser',
    codes: [],
    names: ['PR_END_OF_FILE_ERROR'],
    title: 'Firefox PR_END_OF_FILE_ERROR — closed during the handshake',
    meaning:
      'The server closed the connection during the handshake. With IIS/HTTP.sys: no or broken binding, no SNI fallback, inaccessible key, or no common cipher; also TLS-inspecting proxies.',
    causes: [
      { findingId: 'handshake.no-server-hello', text: 'the server closed instead of answering' },
      { findingId: 'windows.binding-missing', text: 'no binding for the IP:port / SNI name' },
      {
        findingId: 'windows.sni-no-fallback',
        text: 'IIS: only Hostname:port (SNI) bindings and no IP:port fallback — clients without SNI are reset',
      },
      { findingId: 'windows.private-key-unreadable', text: 'key not readable' },
      {
        findingId: 'cipher.no-common-suite',
        text: 'no common cipher (older servers close instead of alerting)',
      },
    ],
    run: [DIAG, 'netsh http show sslcert'],
    confidence: 'documented',
    references: [NSS],
  },
  {
    id: 'browser.PR_CONNECT_RESET_ERROR',
    kind: 'browser',
    codes: [],
    names: ['PR_CONNECT_RESET_ERROR'],
    title: 'Firefox PR_CONNECT_RESET_ERROR — TCP reset',
    meaning: 'The connection was reset: same family as PR_END_OF_FILE_ERROR, or a middlebox.',
    causes: [
      { findingId: 'handshake.no-server-hello', text: 'the server reset the handshake' },
      { findingId: 'network.middlebox-suspected', text: 'a firewall/IPS reset' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [NSS],
  },
];

export const WINDOWS_UI: readonly KnowledgeEntry[] = [
  {
    id: 'windows-ui.cant-connect-securely',
    kind: 'windows-ui',
    codes: [],
    names: [],
    patterns: ["can't connect securely to this page", 'outdated or unsafe tls security settings'],
    title: 'IE / legacy Edge / WinINet: "Can\'t connect securely to this page"',
    meaning:
      '"This might be because the site uses outdated or unsafe TLS security settings." The WinINet client and the server have no protocol/cipher in common, or TLS 1.2 is off in Internet Options; also HTTP/2 with Windows authentication (Windows Admin Center).',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'TLS 1.2 off in Internet Options (SecureProtocols), or the server only speaks old versions',
      },
      { findingId: 'cipher.no-common-suite', text: 'no cipher suite in common' },
    ],
    run: [
      SCAN,
      'reg query "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings" /v SecureProtocols',
    ],
    confidence: 'observed',
    references: [
      'Microsoft Learn: Windows Admin Center troubleshooting',
      'https://learn.microsoft.com/windows/win32/secauthn/protocols-in-tls-ssl--schannel-ssp-',
    ],
  },
  {
    id: 'windows-ui.ie-turn-on-tls',
    kind: 'windows-ui',
    codes: [],
    names: [],
    patterns: [
      'turn on tls 1.0, tls 1.1, and tls 1.2 in advanced settings',
      'turn on tls 1.0, tls 1.1, and tls 1.2',
    ],
    title:
      'Internet Explorer 11: "This page can\'t be displayed — Turn on TLS 1.0, TLS 1.1, and TLS 1.2 in Advanced settings"',
    meaning:
      'IE could not complete the handshake. The advice on the page is generic: the cause is a protocol/cipher mismatch with the server, or TLS 1.2 turned off in Internet Options. (The page wording is recalled from memory; no public capture was found.)',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'TLS 1.2 disabled in Internet Options (SecureProtocols), or the server lacks it',
      },
      { findingId: 'cipher.no-common-suite', text: 'no cipher suite in common' },
    ],
    run: [
      SCAN,
      'reg query "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings" /v SecureProtocols',
    ],
    confidence: 'inferred',
    references: ['https://learn.microsoft.com/windows/win32/secauthn/protocols-in-tls-ssl--schannel-ssp-'],
  },
];
