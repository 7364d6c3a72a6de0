// curl exit codes (libcurl-errors(3)) and curl's own TLS messages, including curl built with
// Schannel on Windows (lib/vtls/schannel.c).
import type { KnowledgeEntry } from '../types.js';

const LIBCURL = 'libcurl-errors(3)';
const DIAG = 'tlsdoctor diagnose https://<host>';

export const CURL_ERRORS: readonly KnowledgeEntry[] = [
  {
    id: 'curl.6',
    kind: 'curl',
    codes: ['6'],
    names: ['CURLE_COULDNT_RESOLVE_HOST'],
    patterns: ['could not resolve host', "couldn't resolve host"],
    title: 'curl (6) could not resolve host',
    meaning: 'DNS resolution of the host name failed.',
    causes: [{ findingId: 'dns.resolution-failed', text: 'no record, typo, or resolver unreachable' }],
    run: [DIAG, 'nslookup <host>'],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.7',
    kind: 'curl',
    codes: ['7'],
    names: ['CURLE_COULDNT_CONNECT'],
    patterns: ['failed to connect to'],
    title: 'curl (7) failed to connect',
    meaning: 'The TCP connection failed: refused (nothing listening) or unreachable.',
    causes: [
      { findingId: 'tcp.port-closed', text: 'nothing listens on the port' },
      { findingId: 'http.site-down', text: 'the service is stopped' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.28',
    kind: 'curl',
    codes: ['28'],
    names: ['CURLE_OPERATION_TIMEDOUT'],
    patterns: ['connection timed out after', 'operation timed out after'],
    title: 'curl (28) timeout',
    meaning:
      'The operation timed out: during connect a firewall drops packets; during the TLS handshake the server never sent a ServerHello (a middlebox, or a server stuck).',
    causes: [
      { findingId: 'tcp.port-filtered', text: 'a firewall silently drops the connection' },
      {
        findingId: 'network.path-blocked',
        text: 'packets are dropped on the way (firewall, security group, routing)',
      },
      { findingId: 'handshake.no-server-hello', text: 'connected, but no ServerHello arrived' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.35',
    kind: 'curl',
    codes: ['35'],
    names: ['CURLE_SSL_CONNECT_ERROR'],
    title: 'curl (35) SSL connect error',
    meaning:
      'The TLS handshake failed. The text after "(35)" says why (an OpenSSL or Schannel error): that part is the real diagnosis.',
    causes: [
      { findingId: 'handshake.alert-on-hello', text: 'the server answered with an alert' },
      { findingId: 'handshake.no-server-hello', text: 'the server closed or reset the handshake' },
      { findingId: 'handshake.not-tls', text: 'the port does not speak TLS' },
    ],
    run: [DIAG, 'curl -v https://<host>/'],
    confidence: 'documented',
    references: [LIBCURL],
    generic: true,
  },
  {
    id: 'curl.51',
    kind: 'curl',
    codes: ['51'],
    names: ['CURLE_OBSOLETE51'],
    title: 'curl (51) peer certificate verification failed (curl < 7.62)',
    meaning:
      'In curl before 7.62 this was CURLE_PEER_FAILED_VERIFICATION, typically "SSL: no alternative certificate subject name matches target host name". Since 7.62 the same failures return 60.',
    causes: [
      { findingId: 'cert.host-mismatch', text: 'the certificate does not contain the host name' },
      { findingId: 'chain.untrusted-root', text: 'or the chain did not verify' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.52',
    kind: 'curl',
    codes: ['52'],
    names: ['CURLE_GOT_NOTHING'],
    patterns: ['empty reply from server'],
    title: 'curl (52) empty reply from server',
    meaning:
      'The server closed the connection without sending anything. With http:// to a TLS port the server waited for a ClientHello and gave up on the HTTP request.',
    causes: [
      { findingId: 'handshake.not-tls', text: 'http:// used against an HTTPS port (use https://)' },
      { findingId: 'http.site-down', text: 'the application closes connections without answering' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.56',
    kind: 'curl',
    codes: ['56'],
    names: ['CURLE_RECV_ERROR'],
    patterns: ['recv failure: connection reset by peer', 'server closed abruptly (missing close_notify)'],
    title: 'curl (56) receive failure',
    meaning:
      'Receiving failed — usually "Connection reset by peer": the server or a middlebox reset the connection.',
    causes: [
      { findingId: 'handshake.no-server-hello', text: 'the server reset the handshake' },
      { findingId: 'network.middlebox-suspected', text: 'a firewall/IPS reset' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.58',
    kind: 'curl',
    codes: ['58'],
    names: ['CURLE_SSL_CERTPROBLEM'],
    patterns: ['could not load pem client certificate', 'unable to set private key file'],
    title: 'curl (58) problem with the local client certificate',
    meaning:
      'curl could not load or use the client certificate/key given with --cert/--key (wrong path, format, password, or key not matching the certificate).',
    causes: [
      {
        findingId: 'cert.key-mismatch',
        text: 'the client key does not match the certificate, or the file cannot be read',
      },
    ],
    run: ['tlsdoctor cert <client.pem> --key <client.key>'],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.60',
    kind: 'curl',
    codes: ['60'],
    names: ['CURLE_PEER_FAILED_VERIFICATION', 'CURLE_SSL_CACERT'],
    patterns: ['ssl certificate problem:', 'curl failed to verify the legitimacy of the server'],
    title: 'curl (60) peer certificate cannot be authenticated',
    meaning:
      'The server certificate did not verify against the CA bundle; the text after "SSL certificate problem:" gives the reason (unable to get local issuer certificate, self-signed, expired, name mismatch).',
    causes: [
      { findingId: 'chain.missing-intermediate', text: 'the server does not send its intermediate' },
      { findingId: 'chain.untrusted-root', text: "the root is not in curl's CA bundle" },
      { findingId: 'cert.host-mismatch', text: 'the name does not match' },
      { findingId: 'cert.expired', text: 'the certificate has expired' },
    ],
    run: [DIAG, 'openssl s_client -connect <host>:443 -servername <host> -showcerts'],
    confidence: 'documented',
    references: [LIBCURL],
    generic: true,
  },
  {
    id: 'curl.77',
    kind: 'curl',
    codes: ['77'],
    names: ['CURLE_SSL_CACERT_BADFILE'],
    patterns: ['error setting certificate verify locations', 'error setting certificate file'],
    title: 'curl (77) problem reading the CA bundle',
    meaning:
      'curl could not read the CA certificate file/directory (--cacert, CURL_CA_BUNDLE, a missing ca-certificates package).',
    causes: [{ findingId: 'chain.untrusted-root', text: 'no usable trust store on the client' }],
    run: ['curl -v https://<host>/'],
    confidence: 'documented',
    references: [LIBCURL],
  },
  {
    id: 'curl.name-mismatch',
    kind: 'curl',
    codes: [],
    names: [],
    patterns: [
      'no alternative certificate subject name matches target host name',
      'subject name does not match target host name',
    ],
    title: 'curl "no alternative certificate subject name matches target host name"',
    meaning:
      "The certificate's SAN does not contain the host name in the URL (exit 60, or 51 before curl 7.62).",
    causes: [
      {
        findingId: 'cert.host-mismatch',
        text: 'use a name from the SAN, or re-issue/rebind the right certificate',
      },
    ],
    run: [DIAG, 'netsh http show sslcert'],
    confidence: 'documented',
    references: ['curl lib/vtls/openssl.c'],
  },
  {
    id: 'curl.ssl-connect-syscall',
    kind: 'curl',
    codes: [],
    names: [],
    patterns: ['ssl_connect: ssl_error_syscall', 'ssl_connect: connection reset by peer'],
    title: 'curl "OpenSSL SSL_connect: SSL_ERROR_SYSCALL" / "Connection reset by peer"',
    meaning:
      'The server (or a device in between) closed or reset the TCP connection in the middle of the handshake, without a TLS alert.',
    causes: [
      {
        findingId: 'handshake.no-server-hello',
        text: 'the server dropped the ClientHello (HTTP.sys with no matching binding, unreadable key)',
      },
      { findingId: 'sni.required', text: 'the server needs SNI (connect by name, not IP)' },
      {
        findingId: 'windows.sni-no-fallback',
        text: 'IIS: only Hostname:port (SNI) bindings and no IP:port fallback — clients without SNI are reset',
      },
      { findingId: 'network.middlebox-suspected', text: 'a firewall/IPS resets TLS' },
    ],
    run: [DIAG, 'openssl s_client -connect <host>:443 -servername <host>', 'netsh http show sslcert'],
    confidence: 'observed',
    references: ['curl lib/vtls/openssl.c'],
  },
  {
    id: 'curl.schannel-handshake-failed',
    kind: 'curl',
    codes: [],
    names: [],
    patterns: ['schannel: failed to receive handshake'],
    title: 'curl with Schannel: "failed to receive handshake, SSL/TLS connection failed"',
    meaning:
      'curl on Windows (Schannel backend): the server closed or reset the connection during the handshake, without a TLS alert.',
    causes: [
      {
        findingId: 'handshake.no-server-hello',
        text: 'the server closed or reset the handshake (HTTP.sys with no matching binding, unreadable key)',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'older servers reset clients that offer only disabled versions',
      },
    ],
    run: [DIAG, 'curl -v --ssl-no-revoke https://<host>/'],
    confidence: 'documented',
    references: ['curl lib/vtls/schannel.c', 'https://curl.se/libcurl/c/libcurl-errors.html'],
  },
  {
    id: 'curl.schannel-isc-failed',
    kind: 'curl',
    codes: [],
    names: [],
    patterns: [
      'schannel: next initializesecuritycontext failed',
      'schannel: initializesecuritycontext failed',
    ],
    title: 'curl with Schannel: "next InitializeSecurityContext failed: SEC_E_…"',
    meaning:
      'curl on Windows (Schannel backend) failed the handshake; the SEC_E / CRYPT_E code after the colon is the real reason — it is explained separately.',
    causes: [
      { findingId: 'handshake.alert-on-hello', text: 'SEC_E_ILLEGAL_MESSAGE: the server sent a fatal alert' },
      {
        findingId: 'chain.untrusted-root',
        text: 'SEC_E_UNTRUSTED_ROOT / CRYPT_E_*: certificate or revocation problem (try --ssl-no-revoke to confirm revocation)',
      },
    ],
    run: [DIAG, 'curl -v --ssl-no-revoke https://<host>/'],
    confidence: 'documented',
    references: ['curl lib/vtls/schannel.c', 'https://curl.se/libcurl/c/libcurl-errors.html'],
    generic: true,
  },
];
