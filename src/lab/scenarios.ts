// The lab's catalogue: one entry per HTTPS failure it reproduces. Data only; the servers
// that make each entry true live in servers.ts and index.ts.

export interface ScenarioSpec {
  id: string;
  title: string;
  /** what a user would see */
  symptom: string;
  /** the finding id diagnose must put first; null for healthy */
  expectedRootCause: string | null;
}

/** Host names the lab serves live under this suffix (.test is reserved by RFC 2606: never resolvable). */
export const LAB_DOMAIN = 'lab.tlsdoctor.test';

export function labServerName(id: string): string {
  return `${id}.${LAB_DOMAIN}`;
}

export const SCENARIOS: readonly ScenarioSpec[] = Object.freeze([
  {
    id: 'healthy',
    title: 'Healthy HTTPS site',
    symptom: 'Works in every browser and tool: the control case, nothing to fix.',
    expectedRootCause: null,
  },
  {
    id: 'tls10-only',
    title: 'Server only speaks TLS 1.0',
    symptom:
      "Browsers: ERR_SSL_VERSION_OR_CIPHER_MISMATCH (\"This site can't provide a secure connection\"); Node/OpenSSL clients: 'tlsv1 alert protocol version' or 'unsupported protocol'; curl: 'legacy sigalg disallowed or unsupported'; only clients still allowing TLS 1.0 connect.",
    expectedRootCause: 'protocol.no-common-version',
  },
  {
    id: 'tls13-only',
    title: 'Server only speaks TLS 1.3',
    symptom:
      'Modern browsers and curl work; legacy clients (IE 11 / Windows 7, Java 8, old Android) fail with a protocol version alert.',
    expectedRootCause: 'clients.incompatible',
  },
  {
    id: 'no-common-cipher',
    title: 'No cipher suite in common (server offers only CAMELLIA over TLS 1.2)',
    symptom:
      "Browsers: ERR_SSL_VERSION_OR_CIPHER_MISMATCH; curl/OpenSSL: 'sslv3 alert handshake failure' (alert 40) from every modern client.",
    expectedRootCause: 'cipher.no-common-suite',
  },
  {
    id: 'silent',
    title: 'Server goes silent after the ClientHello',
    symptom:
      "TCP connects, then nothing: browsers spin until ERR_TIMED_OUT; curl hangs after 'TLS handshake, Client hello' until 'Connection timed out' (exit 28).",
    expectedRootCause: 'handshake.no-server-hello',
  },
  {
    id: 'reset',
    title: 'Connection reset after the ClientHello',
    symptom: "Browsers: ERR_CONNECTION_RESET; curl: 'Connection reset by peer' during the TLS handshake.",
    expectedRootCause: 'handshake.no-server-hello',
  },
  {
    id: 'close',
    title: 'Connection closed after the ClientHello',
    symptom:
      "Browsers: ERR_CONNECTION_CLOSED; curl: 'SSL_ERROR_SYSCALL'; openssl s_client: 'unexpected eof while reading'.",
    expectedRootCause: 'handshake.no-server-hello',
  },
  {
    id: 'alert-40',
    title: 'Handshake failure alert to every ClientHello',
    symptom:
      "Every client, whatever it offers: 'sslv3 alert handshake failure' (fatal alert 40); browsers: ERR_SSL_PROTOCOL_ERROR.",
    expectedRootCause: 'handshake.alert-on-hello',
  },
  {
    id: 'http-on-tls-port',
    title: 'Plain HTTP on the HTTPS port',
    symptom:
      "Browsers: ERR_SSL_PROTOCOL_ERROR; curl/OpenSSL: 'wrong version number' (the server answered 'HTTP/1.1 400 Bad Request' in clear).",
    expectedRootCause: 'handshake.not-tls',
  },
  {
    id: 'port-squatter',
    title: 'Another program (an SSH server) holds the HTTPS port',
    symptom:
      "Browsers: ERR_SSL_PROTOCOL_ERROR; curl/OpenSSL: 'wrong version number' or 'packet length too long'; the web server itself may log that it could not bind the port.",
    expectedRootCause: 'port.other-program',
  },
  {
    id: 'sni-required',
    title: 'Certificate served only for the right SNI',
    symptom:
      "Browsers work; clients sending no SNI (old Java, Windows XP, scripts connecting by IP) or another name get 'sslv3 alert handshake failure'.",
    expectedRootCause: 'sni.required',
  },
  {
    id: 'untrusted-root',
    title: 'Certificate from a root nobody trusts',
    symptom:
      "Browsers: NET::ERR_CERT_AUTHORITY_INVALID; curl: 'self-signed certificate in certificate chain'; Windows: CERT_E_UNTRUSTEDROOT (0x800B0109).",
    expectedRootCause: 'chain.untrusted-root',
  },
  {
    id: 'eku-client-auth-only',
    title: 'Certificate not valid for server authentication (EKU clientAuth only)',
    symptom:
      "Browsers: NET::ERR_CERT_INVALID; curl: 'unsuitable certificate purpose'; Windows: CERT_E_WRONG_USAGE (0x800B0110).",
    expectedRootCause: 'cert.eku-no-server-auth',
  },
  {
    id: 'expired',
    title: 'Expired certificate',
    symptom:
      "Browsers: NET::ERR_CERT_DATE_INVALID; curl: 'certificate has expired'; Windows: CERT_E_EXPIRED (0x800B0101).",
    expectedRootCause: 'cert.expired',
  },
  {
    id: 'missing-intermediate',
    title: 'Intermediate certificate not sent',
    symptom:
      "Some browsers work (they cache or fetch the intermediate); curl, Java, Python, Android fail: 'unable to get local issuer certificate'.",
    expectedRootCause: 'chain.missing-intermediate',
  },
  {
    id: 'host-mismatch',
    title: 'Certificate for a different host name',
    symptom:
      "Browsers: NET::ERR_CERT_COMMON_NAME_INVALID; curl: 'no alternative certificate subject name matches target host name'.",
    expectedRootCause: 'cert.host-mismatch',
  },
  {
    id: 'client-cert-required',
    title: 'Server demands a client certificate',
    symptom:
      "Browsers: ERR_BAD_SSL_CLIENT_AUTH_CERT; curl: 'tlsv13 alert certificate required' (TLS 1.2: 'sslv3 alert handshake failure').",
    expectedRootCause: 'handshake.client-cert-required',
  },
  {
    id: 'middlebox-sni',
    title: 'A middlebox drops hellos carrying this host name',
    symptom:
      "Times out for this host name only (curl: 'Connection timed out', exit 28); the same server answers without SNI or under another name (a firewall or DPI box filtering on SNI).",
    expectedRootCause: 'network.middlebox-suspected',
  },
  {
    id: 'middlebox-tls13',
    title: 'A middlebox drops every hello that offers TLS 1.3',
    symptom:
      'Current browsers and curl time out (ERR_TIMED_OUT; curl exit 28) while clients limited to TLS 1.2 (curl --tls-max 1.2, old Java) connect: a firewall or TLS-inspection box that cannot handle TLS 1.3.',
    expectedRootCause: 'network.middlebox-suspected',
  },
  {
    id: 'middlebox-large-hello',
    title: 'A path that drops ClientHellos larger than one segment (1400 bytes)',
    symptom:
      'Clients with large hellos (post-quantum key shares, many extensions) time out; small hellos connect: an MTU/MSS black hole or a hello-size bug in a device on the path.',
    expectedRootCause: 'network.middlebox-suspected',
  },
  {
    id: 'slow-handshake',
    title: 'The ServerHello comes 3 seconds late (a slow TLS terminator in front of the site)',
    symptom:
      'Pages load, but every new connection stalls for seconds before the first byte; clients or health checks with a short handshake timeout fail (Go: "TLS handshake timeout"; curl --connect-timeout 2: exit 28).',
    expectedRootCause: 'handshake.slow',
  },
  {
    id: 'twin-working',
    title: 'Working twin: one node of a pair, set up right (TLS 1.2 and 1.3, certificate + intermediate)',
    symptom: 'Works everywhere; `tlsdoctor diff` compares its broken twin with it.',
    expectedRootCause: null,
  },
  {
    id: 'twin-broken',
    title:
      'Broken twin: the other node, set up from an old checklist (TLS 1.2 only, certificate without its intermediate)',
    symptom:
      "Works in some browsers only; curl, Java, Python: 'unable to get local issuer certificate'. Its working twin answers the same clients.",
    expectedRootCause: 'chain.missing-intermediate',
  },
  {
    id: 'private-root',
    title: 'Certificate from a private (enterprise) CA whose root the client lacks',
    symptom:
      "Works on the enterprise's own (domain-joined) machines; elsewhere browsers show NET::ERR_CERT_AUTHORITY_INVALID, curl 'unable to get local issuer certificate', Windows CERT_E_UNTRUSTEDROOT (0x800B0109). The server sends leaf + issuing CA, not the root.",
    expectedRootCause: 'chain.untrusted-root',
  },
  {
    id: 'sni-default-cert',
    title: "Clients without SNI get the default site's certificate",
    symptom:
      "Browsers work; clients that send no SNI (old clients, scripts and health checks, access by IP) get a self-signed certificate for another name: curl --resolve without a name, Java 6, Windows XP see 'certificate name mismatch' / 'self-signed certificate'.",
    expectedRootCause: 'sni.default-certificate',
  },
] satisfies ScenarioSpec[]);

/** The working vs broken twin pair `tlsdoctor demo` diffs, and the difference that must come first. */
export const TWIN_PAIR = { working: 'twin-working', broken: 'twin-broken', deciding: 'chain.sent' } as const;
