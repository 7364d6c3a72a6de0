// Client library messages: .NET Framework / .NET / PowerShell, Java (JSSE), Node.js.
// Node codes from the Node.js errors
// documentation (OpenSSL X509 verify names become err.code).
import type { KnowledgeEntry } from '../types.js';

const DIAG = 'tlsdoctor diagnose https://<host>';
const SCAN = 'tlsdoctor scan <host>:443';
const NET_TLS = 'Microsoft Learn: Transport Layer Security (TLS) best practices with the .NET Framework';
const NET_REG = 'reg query "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"';
const JSSE = 'Java Secure Socket Extension (JSSE) Reference Guide';
const NODE = 'Node.js documentation: Errors / tls';

export const DOTNET_ERRORS: readonly KnowledgeEntry[] = [
  {
    id: 'dotnet.could-not-create-secure-channel',
    kind: 'dotnet',
    codes: [],
    names: [],
    patterns: ['could not create ssl/tls secure channel'],
    title:
      '.NET Framework / PowerShell 5.1: "The request was aborted: Could not create SSL/TLS secure channel."',
    meaning:
      'The .NET Framework client (HttpWebRequest, WebClient, Invoke-WebRequest) could not complete the handshake. Most often the process is limited to SSL 3/TLS 1.0 (ServicePointManager.SecurityProtocol, no SchUseStrongCrypto / SystemDefaultTlsVersions) while the server requires TLS 1.2; also no common cipher suite, or an inaccessible client-certificate key.',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: "the app offers only TLS 1.0 (set SchUseStrongCrypto=1 and SystemDefaultTlsVersions=1, or [Net.ServicePointManager]::SecurityProtocol = 'Tls12')",
      },
      {
        findingId: 'windows.tls12-disabled',
        text: 'TLS 1.2 (client) disabled or not enabled on this Windows (2008 R2 / Windows 7)',
      },
      { findingId: 'cipher.no-common-suite', text: 'no cipher suite in common with the server' },
      {
        findingId: 'handshake.client-cert-required',
        text: 'a client certificate is required, or its key is not accessible to the process',
      },
    ],
    run: [
      SCAN,
      NET_REG,
      'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols" /s',
    ],
    confidence: 'documented',
    references: [NET_TLS, 'https://learn.microsoft.com/dotnet/framework/network-programming/tls'],
  },
  {
    id: 'dotnet.underlying-connection-closed',
    kind: 'dotnet',
    codes: [],
    names: [],
    patterns: [
      'the underlying connection was closed: an unexpected error occurred on a send',
      'the underlying connection was closed: an unexpected error occurred on a receive',
    ],
    title: '.NET: "The underlying connection was closed: An unexpected error occurred on a send/receive."',
    meaning:
      'The server reset the connection during the handshake — usually because the client offered only versions or suites the server has disabled (old .NET defaults to TLS 1.0).',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'the client offers TLS 1.0/1.1 only; enable TLS 1.2 in .NET (SchUseStrongCrypto / SystemDefaultTlsVersions)',
      },
      { findingId: 'cipher.no-common-suite', text: 'no cipher suite in common' },
      { findingId: 'handshake.no-server-hello', text: 'the server reset the handshake' },
    ],
    run: [SCAN, NET_REG],
    confidence: 'documented',
    references: [NET_TLS, 'https://learn.microsoft.com/dotnet/framework/network-programming/tls'],
  },
  {
    id: 'dotnet.could-not-establish-trust',
    kind: 'dotnet',
    codes: [],
    names: [],
    patterns: [
      'could not establish trust relationship for the ssl/tls secure channel',
      'the remote certificate is invalid according to the validation procedure',
    ],
    title: '.NET: "Could not establish trust relationship for the SSL/TLS secure channel"',
    meaning:
      'The server certificate failed .NET validation (chain, name or expiry). "The remote certificate is invalid according to the validation procedure" is the inner message.',
    causes: [
      { findingId: 'chain.untrusted-root', text: 'the issuing root is not trusted on this machine' },
      { findingId: 'chain.missing-intermediate', text: 'the server does not send its intermediate' },
      { findingId: 'cert.host-mismatch', text: 'the URL host is not in the certificate' },
      { findingId: 'cert.expired', text: 'the certificate has expired' },
    ],
    run: [DIAG, 'certutil -verify -urlfetch <cert.cer>'],
    confidence: 'documented',
    references: ['https://learn.microsoft.com/dotnet/framework/network-programming/tls'],
  },
  {
    id: 'dotnet.remote-party-closed',
    kind: 'dotnet',
    codes: [],
    names: [],
    patterns: [
      'authentication failed because the remote party has closed the transport stream',
      'authentication failed because the remote party sent a tls alert',
    ],
    title:
      '.NET: "Authentication failed because the remote party has closed the transport stream" / "…sent a TLS alert"',
    meaning:
      'SslStream: the server closed the connection (or sent the named alert, .NET 5+) during the handshake.',
    causes: [
      { findingId: 'handshake.no-server-hello', text: 'the server closed the handshake' },
      { findingId: 'protocol.no-common-version', text: 'no common version' },
      { findingId: 'cipher.no-common-suite', text: 'no common suite' },
    ],
    run: [SCAN, DIAG],
    confidence: 'documented',
    references: ['https://learn.microsoft.com/dotnet/framework/network-programming/tls'],
  },
  {
    id: 'dotnet.httpclient-ssl-not-established',
    kind: 'dotnet',
    codes: [],
    names: [],
    patterns: ['the ssl connection could not be established, see inner exception'],
    title: '.NET HttpClient: "The SSL connection could not be established, see inner exception."',
    meaning:
      'A wrapper: the inner exception (AuthenticationException / Win32Exception with a SEC_E code such as 0x80090326) has the real reason — paste it too.',
    causes: [
      { findingId: 'handshake.alert-on-hello', text: 'the server sent an alert' },
      { findingId: 'chain.untrusted-root', text: 'certificate validation failed' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: ['https://learn.microsoft.com/dotnet/framework/network-programming/tls'],
    generic: true,
  },
  {
    id: 'dotnet.sqlclient-untrusted-chain',
    kind: 'dotnet',
    codes: [],
    names: [],
    patterns: ['provider: ssl provider'],
    title:
      'SqlClient: "A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider …)"',
    meaning:
      'The TLS handshake with SQL Server failed; with "The certificate chain was issued by an authority that is not trusted" the SQL Server certificate is not trusted (Encrypt=true is the default in Microsoft.Data.SqlClient 4+).',
    causes: [
      {
        findingId: 'chain.untrusted-root',
        text: "trust the SQL Server certificate's root, or (test only) TrustServerCertificate=true",
      },
      {
        findingId: 'cert.host-mismatch',
        text: '"The target principal name is incorrect": connect by the name in the certificate',
      },
    ],
    run: ['certutil -store root'],
    confidence: 'documented',
    references: ['https://learn.microsoft.com/dotnet/framework/network-programming/tls'],
  },
];

export const JAVA_ERRORS: readonly KnowledgeEntry[] = [
  {
    id: 'java.received-fatal-alert',
    kind: 'java',
    codes: [],
    names: [],
    patterns: ['received fatal alert: handshake_failure'],
    title: 'Java: "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"',
    meaning:
      'The server sent alert 40 to the Java client: no common cipher suite or version (old JDK without TLS 1.2/1.3 suites, or a JDK that disabled what the server needs), SNI missing, or a client certificate required.',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'no suite in common (check jdk.tls.disabledAlgorithms and the JDK version)',
      },
      { findingId: 'protocol.no-common-version', text: 'no version in common (-Dhttps.protocols=TLSv1.2)' },
      { findingId: 'sni.required', text: 'the server needs SNI (connect by host name)' },
      {
        findingId: 'handshake.client-cert-required',
        text: 'the server requires a client certificate (javax.net.ssl.keyStore)',
      },
    ],
    run: [SCAN, 'java -Djavax.net.debug=ssl:handshake -jar <app.jar>'],
    confidence: 'documented',
    references: [JSSE],
  },
  {
    id: 'java.pkix-path-building-failed',
    kind: 'java',
    codes: [],
    names: ['SunCertPathBuilderException'],
    patterns: ['pkix path building failed', 'unable to find valid certification path to requested target'],
    title: 'Java: "PKIX path building failed … unable to find valid certification path to requested target"',
    meaning:
      'The JVM could not build a chain from the server certificate to a root in its trust store (cacerts): internal/self-signed CA not imported, or the server does not send its intermediate.',
    causes: [
      {
        findingId: 'chain.untrusted-root',
        text: 'import the root into the JVM trust store (keytool -importcert -cacerts)',
      },
      {
        findingId: 'chain.missing-intermediate',
        text: 'the server does not send its intermediate certificate',
      },
      { findingId: 'cert.self-signed', text: 'the server certificate is self-signed' },
    ],
    run: [
      DIAG,
      'keytool -list -cacerts',
      'openssl s_client -connect <host>:443 -servername <host> -showcerts',
    ],
    confidence: 'documented',
    references: [JSSE],
  },
  {
    id: 'java.no-appropriate-protocol',
    kind: 'java',
    codes: [],
    names: [],
    patterns: [
      'no appropriate protocol (protocol is disabled or cipher suites are inappropriate)',
      'no appropriate protocol',
    ],
    title: 'Java: "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"',
    meaning:
      'The JVM has no enabled protocol it could offer for this connection — typically TLS 1.0/1.1 disabled in jdk.tls.disabledAlgorithms (JDK 8u291+, 11.0.11+) while the app or server needs them.',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'the server supports only TLS 1.0/1.1; upgrade the server (preferred) or re-enable in java.security',
      },
    ],
    run: [SCAN],
    confidence: 'documented',
    references: [JSSE],
  },
  {
    id: 'java.remote-host-terminated',
    kind: 'java',
    codes: [],
    names: [],
    patterns: ['remote host terminated the handshake', 'remote host closed connection during handshake'],
    title: 'Java: "Remote host terminated the handshake" / "Remote host closed connection during handshake"',
    meaning: 'The server closed the connection during the handshake without an alert.',
    causes: [
      { findingId: 'handshake.no-server-hello', text: 'the server dropped the ClientHello' },
      {
        findingId: 'protocol.no-common-version',
        text: 'the server resets clients offering disabled versions',
      },
      { findingId: 'sni.required', text: 'the server needs SNI' },
    ],
    run: [SCAN, DIAG],
    confidence: 'documented',
    references: [JSSE],
  },
  {
    id: 'java.no-subject-alternative-names',
    kind: 'java',
    codes: [],
    names: [],
    patterns: [
      'no subject alternative names matching',
      'no subject alternative dns name matching',
      'no name matching',
    ],
    title: 'Java: "No subject alternative names matching …"',
    meaning: 'The certificate does not contain the IP address or DNS name the Java client connected to.',
    causes: [
      {
        findingId: 'cert.host-mismatch',
        text: 'connect by a name in the SAN, or re-issue with that name/IP',
      },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [JSSE],
  },
  {
    id: 'java.certificate-expired',
    kind: 'java',
    codes: [],
    names: ['CertificateExpiredException'],
    patterns: ['java.security.cert.certificateexpiredexception'],
    title: 'Java: CertificateExpiredException',
    meaning: 'A certificate in the server chain has expired (the message gives NotAfter).',
    causes: [{ findingId: 'cert.expired', text: 'renew and deploy the certificate' }],
    run: [DIAG],
    confidence: 'documented',
    references: [JSSE],
  },
];

export const NODE_ERRORS: readonly KnowledgeEntry[] = [
  {
    id: 'node.ERR_SSL_WRONG_VERSION_NUMBER',
    kind: 'node',
    codes: [],
    names: ['ERR_SSL_WRONG_VERSION_NUMBER'],
    title: 'Node.js ERR_SSL_WRONG_VERSION_NUMBER',
    meaning:
      'Node\'s name for OpenSSL "wrong version number": the server answered with bytes that are not TLS (plain HTTP on the port, or https:// to an http port).',
    causes: [{ findingId: 'handshake.not-tls', text: 'the port speaks plain HTTP' }],
    run: [DIAG, 'curl -v http://<host>:443/'],
    confidence: 'documented',
    references: [NODE],
  },
  {
    id: 'node.DEPTH_ZERO_SELF_SIGNED_CERT',
    kind: 'node',
    codes: [],
    names: ['DEPTH_ZERO_SELF_SIGNED_CERT'],
    title: 'Node.js DEPTH_ZERO_SELF_SIGNED_CERT ("self-signed certificate")',
    meaning:
      "The server certificate is self-signed and not in Node's trust store (use NODE_EXTRA_CA_CERTS for a private CA; never NODE_TLS_REJECT_UNAUTHORIZED=0 in production).",
    causes: [
      {
        findingId: 'cert.self-signed',
        text: 'use a CA-issued certificate, or add it via NODE_EXTRA_CA_CERTS',
      },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [NODE],
  },
  {
    id: 'node.UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    kind: 'node',
    codes: [],
    names: ['UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    title: 'Node.js UNABLE_TO_VERIFY_LEAF_SIGNATURE ("unable to verify the first certificate")',
    meaning:
      'Node received only the leaf and cannot find its issuer: the server does not send its intermediate certificate (Node does not fetch it via AIA).',
    causes: [{ findingId: 'chain.missing-intermediate', text: 'configure the full chain on the server' }],
    run: [DIAG, 'openssl s_client -connect <host>:443 -servername <host> -showcerts'],
    confidence: 'documented',
    references: [NODE],
  },
  {
    id: 'node.UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    kind: 'node',
    codes: [],
    names: ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
    title: 'Node.js UNABLE_TO_GET_ISSUER_CERT_LOCALLY ("unable to get local issuer certificate")',
    meaning:
      "The issuer of a certificate in the chain is not available: missing intermediate on the server, or a root not in Node's bundled store (private CA: NODE_EXTRA_CA_CERTS).",
    causes: [
      { findingId: 'chain.missing-intermediate', text: 'the server does not send its intermediate' },
      { findingId: 'chain.untrusted-root', text: "the root is not in Node's trust store" },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [NODE],
  },
  {
    id: 'node.CERT_HAS_EXPIRED',
    kind: 'node',
    codes: [],
    names: ['CERT_HAS_EXPIRED'],
    title: 'Node.js CERT_HAS_EXPIRED ("certificate has expired")',
    meaning: 'A certificate in the chain has expired (or the clock is wrong).',
    causes: [{ findingId: 'cert.expired', text: 'renew and deploy the certificate' }],
    run: [DIAG],
    confidence: 'documented',
    references: [NODE],
  },
  {
    id: 'node.ERR_TLS_CERT_ALTNAME_INVALID',
    kind: 'node',
    codes: [],
    names: ['ERR_TLS_CERT_ALTNAME_INVALID'],
    patterns: ["does not match certificate's altnames", "is not in the cert's altnames"],
    title: 'Node.js ERR_TLS_CERT_ALTNAME_INVALID ("Hostname/IP does not match certificate\'s altnames")',
    meaning: 'The host name or IP Node connected to is not in the certificate SAN.',
    causes: [
      { findingId: 'cert.host-mismatch', text: 'connect by a name in the SAN, or re-issue the certificate' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [NODE],
  },
  {
    id: 'node.ECONNRESET-before-secure',
    kind: 'node',
    codes: [],
    names: ['ECONNRESET'],
    patterns: ['client network socket disconnected before secure tls connection was established'],
    title:
      'Node.js "Client network socket disconnected before secure TLS connection was established" (ECONNRESET)',
    meaning: 'The server (or a proxy) closed or reset the connection before the TLS handshake finished.',
    causes: [
      { findingId: 'handshake.no-server-hello', text: 'the server dropped the ClientHello' },
      { findingId: 'sni.required', text: 'the server needs SNI (servername option)' },
      {
        findingId: 'windows.sni-no-fallback',
        text: 'IIS: only Hostname:port (SNI) bindings and no IP:port fallback — clients without SNI are reset',
      },
      { findingId: 'network.middlebox-suspected', text: 'a proxy or firewall closed the connection' },
    ],
    run: [DIAG],
    confidence: 'documented',
    references: [NODE],
  },
  {
    id: 'node.EPROTO',
    kind: 'node',
    codes: [],
    names: ['EPROTO'],
    title: 'Node.js EPROTO',
    meaning:
      'A TLS protocol error; the OpenSSL text in the message (e.g. "wrong version number", "sslv3 alert handshake failure") is the real reason.',
    causes: [{ findingId: 'handshake.alert-on-hello', text: 'see the OpenSSL reason in the message' }],
    run: [DIAG],
    confidence: 'documented',
    references: [NODE],
    generic: true,
  },
];
