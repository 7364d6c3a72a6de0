// SChannel events (provider "Schannel", System log), the "internal error state" numbers they
// carry, and HTTP.sys (Microsoft-Windows-HttpEvent) events: the event templates, and for the
// ErrorState numbers field knowledge, never documented by Microsoft — hence 'inferred').
import type { KnowledgeEntry } from '../types.js';

const LEARN_EVENTS = 'Microsoft Learn: Schannel Events (Windows Server 2012 R2 and 2012)';
const EVENTS_QUERY = 'wevtutil qe System /q:"*[System[Provider[@Name=\'Schannel\']]]" /f:text /c:20 /rd:true';
const PROTOCOLS_QUERY =
  'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols" /s';
const SUITES_QUERY = 'powershell -Command "Get-TlsCipherSuite | Format-Table Name"';
const POLICY_QUERY =
  'reg query "HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002"';

export const SCHANNEL_EVENTS: readonly KnowledgeEntry[] = [
  {
    id: 'schannel-event.36865',
    kind: 'schannel-event',
    codes: ['36865'],
    names: [],
    patterns: ['a fatal error occurred while opening the system'],
    title: 'SChannel event 36865: cannot open a cryptographic module',
    meaning:
      'SChannel failed to open a system cryptographic module (CNG/CSP); no TLS works until it is fixed.',
    causes: [
      {
        text: 'broken CNG/CSP registration or FIPS policy problems',
      },
    ],
    run: [EVENTS_QUERY, 'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy"'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36868',
    kind: 'schannel-event',
    codes: ['36868'],
    names: [],
    patterns: ["credential's private key has the following properties"],
    title: 'SChannel event 36868: credential private key properties (verbose)',
    meaning:
      'Informational (EventLogging=7): which provider and key container the server credential uses — tells you which key file to fix when 36870 follows.',
    causes: [
      {
        findingId: 'windows.private-key-unreadable',
        text: 'use the KeyName shown to find the key file whose ACL to check',
      },
    ],
    run: [EVENTS_QUERY, 'certutil -store my <thumbprint>'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36869',
    kind: 'schannel-event',
    codes: ['36869'],
    names: [],
    patterns: ['does not have a private key information property attached to it'],
    title: 'SChannel event 36869: certificate has no private key',
    meaning:
      "The TLS credential's certificate has no private key information property: the certificate was imported without its key, restored incorrectly, or enrollment failed.",
    causes: [
      {
        findingId: 'cert.no-private-key',
        text: 're-import the PFX with its key into LocalMachine\\My, or re-link with certutil -repairstore',
      },
      {
        findingId: 'cert.no-private-key',
        text: 'Windows: the store certificate has no linked key (certutil shows no key provider / "Missing stored keyset")',
      },
    ],
    run: [
      'certutil -store my <thumbprint>',
      'certutil -repairstore my <thumbprint>',
      'netsh http show sslcert',
    ],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36870',
    kind: 'schannel-event',
    codes: ['36870'],
    names: [],
    patterns: [
      'a fatal error occurred when attempting to access the tls server credential private key',
      'a fatal error occurred when attempting to access the ssl server credential private key',
      'credential private key. the error code returned from the cryptographic module',
    ],
    title: 'SChannel event 36870: cannot access the credential private key',
    meaning:
      'SChannel could not use the private key of the server (or client) certificate. Every handshake to that binding is then reset. The event carries the cryptographic module error (0x80090016 NTE_BAD_KEYSET, 0x8009001A, 0x8009030D SEC_E_UNKNOWN_CREDENTIALS, 0x80090010 NTE_PERM) and an internal state.',
    causes: [
      {
        findingId: 'windows.private-key-unreadable',
        text: 'the key file in MachineKeys is not readable by SYSTEM / NETWORK SERVICE / the app pool identity',
      },
      {
        findingId: 'cert.no-private-key',
        text: 'the key is missing or not linked to the certificate (certutil shows "Missing stored keyset")',
      },
      {
        findingId: 'cert.no-private-key',
        text: 'Windows: the store certificate has no linked key (certutil shows no key provider / "Missing stored keyset")',
      },
    ],
    run: [
      'certutil -store my <thumbprint>',
      'certutil -repairstore my <thumbprint>',
      'netsh http show sslcert',
      'icacls %ProgramData%\\Microsoft\\Crypto\\RSA\\MachineKeys',
    ],
    confidence: 'documented',
    references: [LEARN_EVENTS, 'KB 278381'],
  },
  {
    id: 'schannel-event.36871',
    kind: 'schannel-event',
    codes: ['36871'],
    names: [],
    patterns: [
      'a fatal error occurred while creating a tls client credential',
      'a fatal error occurred while creating a tls server credential',
      'a fatal error occurred while creating an ssl client credential',
      'a fatal error occurred while creating an ssl server credential',
    ],
    title: 'SChannel event 36871: cannot create a TLS credential',
    meaning:
      'SChannel failed to create a client or server credential. With internal state 10013 (the usual one) no enabled protocol or cipher suite is usable for what the application asked for — typically an app asking for TLS 1.0 when it is disabled, or FIPS mode with old suites.',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'the application asks for a protocol version disabled in the SCHANNEL registry (or the reverse)',
      },
      {
        findingId: 'windows.tls12-disabled',
        text: 'TLS 1.2 client side disabled or not enabled (2008 R2 / Windows 7)',
      },
      {
        findingId: 'cipher.no-common-suite',
        text: 'the cipher suite list (policy or local) leaves nothing usable',
      },
    ],
    run: [EVENTS_QUERY, PROTOCOLS_QUERY, SUITES_QUERY],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36872',
    kind: 'schannel-event',
    codes: ['36872'],
    names: [],
    patterns: ["specified certificate's chain could not be retrieved"],
    title: "SChannel event 36872: the certificate's chain could not be retrieved",
    meaning:
      'SChannel could not build the chain of its own certificate (intermediates missing, AIA unreachable).',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'install the intermediate CA certificates into LocalMachine\\CA (Intermediate Certification Authorities)',
      },
    ],
    run: ['certutil -verify -urlfetch <cert.cer>', 'certutil -store ca'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36873',
    kind: 'schannel-event',
    codes: ['36873'],
    names: [],
    patterns: ['no supported cipher suites were found when initiating'],
    title: 'SChannel event 36873: no cipher suites when initiating a connection',
    meaning: 'This machine, as a client, has no enabled cipher suite it could offer.',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'the cipher suite policy/list on this machine is empty or mistyped',
      },
    ],
    run: [SUITES_QUERY, POLICY_QUERY],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36874',
    kind: 'schannel-event',
    codes: ['36874'],
    names: [],
    patterns: [
      'connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server',
    ],
    title: 'SChannel event 36874: no cipher suite in common with the client',
    meaning:
      'A client connected with the protocol named in the event (TLS 1.2, TLS 1.0, SSL 3.0…) but none of the cipher suites it offered is enabled on the server. Often logged together with 36888 alert 40 / state 1205. Bursts from one address are usually vulnerability scanners.',
    causes: [
      {
        findingId: 'windows.no-common-cipher-event',
        text: 'old clients vs. a hardened server, or a hardened client vs. an old suite list',
      },
      {
        findingId: 'cipher.no-common-suite',
        text: 'the server suite list (GPO "SSL Cipher Suite Order" wins over local) misses every suite the client offers',
      },
      {
        findingId: 'cipher.no-common-suite',
        text: 'Windows server: every suite modern clients offer is disabled in the cipher suite list',
      },
      {
        findingId: 'cert.key-mismatch',
        text: 'the certificate key type cannot be used with the enabled suites (ECDSA certificate with only RSA suites enabled, DSS)',
      },
    ],
    run: [SUITES_QUERY, POLICY_QUERY, 'tlsdoctor scan <host>:443'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36876',
    kind: 'schannel-event',
    codes: ['36876'],
    names: [],
    patterns: ['the certificate received from the remote server has not validated correctly'],
    title: 'SChannel event 36876: remote server certificate did not validate (outbound)',
    meaning:
      'This machine acted as a TLS client (SQL, LDAPS, SMTP, web service call) and the server certificate failed validation; the error code in the event says why (see CERT_E/SEC_E codes).',
    causes: [
      { findingId: 'chain.untrusted-root', text: 'the remote CA is not trusted by this machine' },
      { findingId: 'chain.missing-intermediate', text: 'the remote server does not send its intermediates' },
    ],
    run: ['tlsdoctor diagnose https://<host>', 'certutil -verify -urlfetch <cert.cer>'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36877',
    kind: 'schannel-event',
    codes: ['36877'],
    names: [],
    patterns: ['the certificate received from the remote client application has not validated correctly'],
    title: 'SChannel event 36877: client certificate did not validate',
    meaning:
      'A client presented a certificate that failed validation on this server (client-certificate authentication).',
    causes: [
      {
        findingId: 'chain.client-rejected',
        text: 'the client certificate chain, usage or revocation check failed',
      },
    ],
    run: ['netsh http show sslcert', 'certutil -verify -urlfetch <client.cer>'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36880',
    kind: 'schannel-event',
    codes: ['36880'],
    names: [],
    patterns: ['handshake completed successfully'],
    title: 'SChannel event 36880: handshake completed (informational)',
    meaning:
      'Logged only with EventLogging=7: a successful handshake with its protocol, cipher suite and exchange strength. Useful to see what clients actually negotiate. Not an error.',
    causes: [],
    run: [EVENTS_QUERY],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36881',
    kind: 'schannel-event',
    codes: ['36881'],
    names: [],
    patterns: ['the certificate received from the remote server has either expired or is not yet valid'],
    title: 'SChannel event 36881: remote server certificate expired or not yet valid (outbound)',
    meaning:
      'Outbound connection: the remote server certificate is outside its validity period — or a clock is wrong.',
    causes: [
      { findingId: 'cert.expired', text: 'the remote certificate expired; renew it, or fix the clock' },
    ],
    run: ['tlsdoctor diagnose https://<host>', 'w32tm /query /status'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36882',
    kind: 'schannel-event',
    codes: ['36882'],
    names: [],
    patterns: ['the certificate received from the remote server was issued by an untrusted'],
    title: 'SChannel event 36882: remote server certificate from an untrusted CA (outbound)',
    meaning:
      'Outbound connection (LDAPS, SQL, SMTP, proxies): the remote certificate chains to a root this machine does not trust.',
    causes: [
      {
        findingId: 'chain.untrusted-root',
        text: 'import the root into LocalMachine\\Root, or use a publicly trusted certificate',
      },
    ],
    run: ['tlsdoctor diagnose https://<host>', 'certutil -store root'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36883',
    kind: 'schannel-event',
    codes: ['36883'],
    names: [],
    patterns: ['the certificate received from the remote server has been revoked'],
    title: 'SChannel event 36883: remote server certificate revoked (outbound)',
    meaning: 'Outbound connection: the remote server certificate has been revoked.',
    causes: [{ findingId: 'chain.untrusted-root', text: 'the remote side must re-issue its certificate' }],
    run: ['tlsdoctor diagnose https://<host>', 'certutil -verify -urlfetch <cert.cer>'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36884',
    kind: 'schannel-event',
    codes: ['36884'],
    names: [],
    patterns: ['the certificate received from the remote server does not contain the expected name'],
    title: 'SChannel event 36884: remote server certificate name mismatch (outbound)',
    meaning:
      'Outbound connection: the remote certificate does not contain the name this machine connected to (IP vs FQDN, short name, alias).',
    causes: [
      {
        findingId: 'cert.host-mismatch',
        text: 'connect by a name in the certificate SAN, or re-issue with that name',
      },
    ],
    run: ['tlsdoctor diagnose https://<host>'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36885',
    kind: 'schannel-event',
    codes: ['36885'],
    names: [],
    patterns: ['this server sends a list of trusted certificate authorities'],
    title: 'SChannel event 36885: trusted issuer list truncated',
    meaning:
      'When asking for client authentication the server sends its trusted-CA list; it was too long and was truncated (too many certificates in the Root store, 2008 R2 era with SendTrustedIssuerList=1).',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 'remove non-root certificates from the Root store, or set SendTrustedIssuerList=0',
      },
    ],
    run: [
      'certutil -store root',
      'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" /v SendTrustedIssuerList',
    ],
    confidence: 'documented',
    references: [LEARN_EVENTS, 'KB 933430'],
  },
  {
    id: 'schannel-event.36886',
    kind: 'schannel-event',
    codes: ['36886'],
    names: [],
    patterns: ['no suitable default server credential exists on this system'],
    title: 'SChannel event 36886: no default server credential',
    meaning:
      'No suitable default server certificate exists. Affects LDAPS / directory services on domain controllers, not IIS.',
    causes: [
      {
        findingId: 'cert.no-private-key',
        text: 'enrol a server-authentication certificate (with key) for the domain controller',
      },
    ],
    run: ['certutil -store my'],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36887',
    kind: 'schannel-event',
    codes: ['36887'],
    names: [],
    patterns: [
      'a fatal alert was received from the remote endpoint',
      'the following fatal alert was received',
    ],
    title: 'SChannel event 36887: fatal alert received from the peer',
    meaning:
      'The remote side rejected the handshake and told us why with a TLS alert number (AlertDesc). On a server: 42/46/48 mean the client rejected OUR certificate; 40 no common parameters; 70 version; 10/20/47 protocol mismatch or a middlebox. Look up the alert number.',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'alerts 42/46/48: the client could not validate our chain',
      },
      { findingId: 'protocol.no-common-version', text: 'alert 70: a version is disabled on one side' },
      { findingId: 'cipher.no-common-suite', text: 'alert 40: no common suite/curve/signature algorithm' },
    ],
    run: [EVENTS_QUERY, 'tlsdoctor diagnose https://<host>'],
    confidence: 'documented',
    references: [LEARN_EVENTS, 'Microsoft Learn: Schannel error codes for TLS and SSL alerts'],
  },
  {
    id: 'schannel-event.36888',
    kind: 'schannel-event',
    codes: ['36888'],
    names: [],
    patterns: [
      'a fatal alert was generated and sent to the remote endpoint',
      'the following fatal alert was generated',
    ],
    title: 'SChannel event 36888: fatal alert generated and sent',
    meaning:
      'This machine rejected the peer and sent it a TLS alert (the "TLS protocol defined fatal error code") with an internal SChannel error state (older/mid builds; newest builds log a target name instead). Common pairs: 40/1205 no common protocol or cipher, 10/1203 a non-TLS first record (scanners, health probes — usually noise), 70/105 protocol version.',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'alert 40: the client offered nothing the server accepts (often with 36874)',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'alert 70: the client offered only disabled versions',
      },
      {
        findingId: 'handshake.not-tls',
        text: 'alert 10 / state 1203: plain HTTP or a scanner hit the TLS port',
      },
      { findingId: 'windows.private-key-unreadable', text: 'alert 80: check 36870/36871 at the same time' },
    ],
    run: [EVENTS_QUERY, SUITES_QUERY, PROTOCOLS_QUERY],
    confidence: 'documented',
    references: [LEARN_EVENTS],
  },
  {
    id: 'schannel-event.36889',
    kind: 'schannel-event',
    codes: ['36889'],
    names: [],
    patterns: ['certificate chain is incomplete'],
    title: 'SChannel event 36889: certificate chain is incomplete',
    meaning: 'The server cannot build its full chain, so it sends an incomplete one (KB 954755).',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'install the intermediate CA certificates on the server',
      },
    ],
    run: ['certutil -verify -urlfetch <cert.cer>', 'certutil -store ca'],
    confidence: 'documented',
    references: [LEARN_EVENTS, 'KB 954755'],
  },
  {
    id: 'schannel-event.36912',
    kind: 'schannel-event',
    codes: ['36912'],
    names: [],
    patterns: ['session ticket key material'],
    title: 'SChannel event 36912: session ticket key not found',
    meaning:
      '"Enable Session Ticket" is configured on a binding but the ticket key has not been generated (Enable-TlsSessionTicketKey).',
    causes: [
      {
        text: 'regenerate the session ticket key, or unset Enable Session Ticket',
      },
    ],
    run: ['netsh http show sslcert'],
    confidence: 'observed',
    references: ['Microsoft Learn: Enable-TlsSessionTicketKey'],
  },
];

// ErrorState numbers: "Microsoft never documented the enum; below is field knowledge from
// public threads — treat as hints" (windows.md §5.1). Hence confidence 'inferred' throughout.
export const SCHANNEL_STATES: readonly KnowledgeEntry[] = [
  {
    id: 'schannel-state.36888-1205',
    kind: 'schannel-state',
    codes: ['1205'],
    names: [],
    appliesTo: ['36888'],
    title: 'SChannel error state 1205 (with 36888, alert 40)',
    meaning:
      'Field reports tie 36888 alert 40 / state 1205 to "no common protocol version or cipher suite with the client" — often next to 36874. Scanners and very old clients trigger it in bursts. Not documented by Microsoft.',
    causes: [
      { findingId: 'cipher.no-common-suite', text: 'the client offered only suites the server has disabled' },
      { findingId: 'protocol.no-common-version', text: 'a TLS 1.0-only client against a hardened server' },
      { findingId: 'windows.no-common-cipher-event', text: 'look for 36874 at the same time' },
    ],
    run: [SUITES_QUERY, POLICY_QUERY, PROTOCOLS_QUERY],
    confidence: 'inferred',
    references: ['undocumented by Microsoft: field reports of Schannel event 36888'],
  },
  {
    id: 'schannel-state.36888-1207',
    kind: 'schannel-state',
    codes: ['1207'],
    names: [],
    appliesTo: ['36888'],
    title: 'SChannel error state 1207 (with 36888, alert 40)',
    meaning:
      'A handshake_failure variant reported next to 1205 in the same threads; no documented distinction. Treat like 1205.',
    causes: [
      { findingId: 'cipher.no-common-suite', text: 'no common cipher suite (same family as 1205)' },
      { findingId: 'protocol.no-common-version', text: 'no common version' },
    ],
    run: [SUITES_QUERY, PROTOCOLS_QUERY],
    confidence: 'inferred',
    references: ['undocumented by Microsoft: field reports of Schannel event 36888'],
  },
  {
    id: 'schannel-state.36888-1203',
    kind: 'schannel-state',
    codes: ['1203'],
    names: [],
    appliesTo: ['36888'],
    title: 'SChannel error state 1203 (with 36888, alert 10)',
    meaning:
      'Field reports: the first record was not a valid ClientHello — plain HTTP sent to the HTTPS port, port scanners, load-balancer health probes. Very common and usually noise.',
    causes: [
      {
        findingId: 'handshake.not-tls',
        text: 'something sends non-TLS bytes to the TLS port (http:// to port 443, health check misconfigured)',
      },
      { findingId: 'network.middlebox-suspected', text: 'a scanner or probe on the network' },
    ],
    run: [EVENTS_QUERY],
    confidence: 'inferred',
    references: ['undocumented by Microsoft: field reports of Schannel event 36888'],
  },
  {
    id: 'schannel-state.36888-960',
    kind: 'schannel-state',
    codes: ['960'],
    names: [],
    appliesTo: ['36888'],
    title: 'SChannel error state 960 (with 36888, alert 20)',
    meaning:
      'Field reports: bad_record_mac — a record failed its integrity check. Suspect corruption on the path or a TLS-inspecting middlebox. Single-source; verify.',
    causes: [{ findingId: 'network.middlebox-suspected', text: 'records altered on the path' }],
    run: [EVENTS_QUERY, 'tlsdoctor capture <file.pcapng>'],
    confidence: 'inferred',
    references: ['undocumented by Microsoft: field reports of Schannel event 36888'],
  },
  {
    id: 'schannel-state.36888-105',
    kind: 'schannel-state',
    codes: ['105'],
    names: [],
    appliesTo: ['36888'],
    title: 'SChannel error state 105 (with 36888, alert 70)',
    meaning:
      'Field reports: protocol_version — the client offered only versions the server has disabled (seen e.g. after enabling SystemDefaultTlsVersions on Exchange with old clients).',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'the client tops out at a version disabled on the server',
      },
      { findingId: 'windows.tls12-disabled', text: 'or TLS 1.2 is disabled where the client needs it' },
      {
        findingId: 'protocol.no-common-version',
        text: 'Windows server: only SSL 3.0 / TLS 1.0 / TLS 1.1 enabled in SCHANNEL',
      },
    ],
    run: [PROTOCOLS_QUERY, 'tlsdoctor scan <host>:443'],
    confidence: 'inferred',
    references: ['undocumented by Microsoft: field reports of Schannel event 36888'],
  },
  {
    id: 'schannel-state.36871-10013',
    kind: 'schannel-state',
    codes: ['10013'],
    names: [],
    appliesTo: ['36871'],
    title: 'SChannel internal error state 10013 (with 36871)',
    meaning:
      'Field reports: no enabled protocol or cipher suite is usable for the credential the application asked for (e.g. an app requesting TLS 1.0 when it is disabled, FIPS mode with old suites). 10010/10011 are also reported, without a documented distinction.',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'the application asks for a protocol disabled in SCHANNEL (or hard-codes an old one)',
      },
      { findingId: 'cipher.no-common-suite', text: 'the cipher suite list leaves nothing usable' },
      { findingId: 'windows.tls12-disabled', text: 'TLS 1.2 (client side) is not enabled' },
    ],
    run: [PROTOCOLS_QUERY, SUITES_QUERY, 'reg query "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"'],
    confidence: 'inferred',
    references: [
      'https://learn.microsoft.com/windows/win32/secauthn/protocols-in-tls-ssl--schannel-ssp-',
      'undocumented by Microsoft: field reports',
    ],
  },
];

export const HTTP_EVENTS: readonly KnowledgeEntry[] = [
  {
    id: 'httpevent.15005',
    kind: 'httpevent',
    codes: ['15005'],
    names: [],
    patterns: ['unable to bind to the underlying transport for'],
    title: 'HttpEvent 15005: HTTP.sys cannot bind to an address',
    meaning:
      'HTTP.sys could not bind to the transport for an address: the IP listen-only list names an address that is not on this machine, or another (non-HTTP.sys) process holds the port.',
    causes: [
      {
        findingId: 'windows.iplisten-excludes',
        text: 'netsh http show iplisten lists an address that is not on the box',
      },
      {
        findingId: 'windows.port-conflict',
        text: 'another process (Skype, VMware, Apache…) listens on the port',
      },
    ],
    run: ['netsh http show iplisten', 'netstat -anob', 'netsh http show servicestate'],
    confidence: 'documented',
    references: ['https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http'],
  },
  {
    id: 'httpevent.15007',
    kind: 'httpevent',
    codes: ['15007', '15008'],
    names: [],
    title: 'HttpEvent 15007/15008: URL reservation added/deleted',
    meaning:
      'Informational: a URL reservation (urlacl) was added (15007) or deleted (15008). Correlate with configuration changes.',
    causes: [],
    run: ['netsh http show urlacl'],
    confidence: 'documented',
    references: ['https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http'],
  },
  {
    id: 'httpevent.15021',
    kind: 'httpevent',
    codes: ['15021'],
    names: [],
    patterns: ['an error occurred while using ssl configuration for endpoint'],
    title: 'HttpEvent 15021: error using the SSL configuration of an endpoint',
    meaning:
      'HTTP.sys could not use the SSL binding of the endpoint: the binding points to a missing certificate, or to one whose private key is not accessible. Common right after a certificate renewal. Clients see resets.',
    causes: [
      {
        findingId: 'windows.sslcert-hash-not-in-store',
        text: 'the certificate hash in the binding is not in the store (old certificate removed after renewal)',
      },
      { findingId: 'cert.no-private-key', text: 'the bound certificate has no private key' },
      {
        findingId: 'cert.no-private-key',
        text: 'Windows: the store certificate has no linked key (certutil shows no key provider / "Missing stored keyset")',
      },
      { findingId: 'windows.private-key-unreadable', text: 'the key exists but is not readable' },
      { findingId: 'windows.sslcert-empty-hash', text: 'the binding has an empty certificate hash' },
    ],
    run: ['netsh http show sslcert', 'certutil -store my <thumbprint>', 'tlsdoctor windows analyze <folder>'],
    confidence: 'documented',
    references: ['https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http'],
  },
  {
    id: 'httpevent.15300',
    kind: 'httpevent',
    codes: ['15300', '15301'],
    names: [],
    title: 'HttpEvent 15300/15301: SSL certificate settings deleted/created',
    meaning:
      'Informational: an SSL binding was deleted (15300) or created (15301). Correlate the time with when HTTPS broke.',
    causes: [],
    run: ['netsh http show sslcert'],
    confidence: 'observed',
    references: ['https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http'],
  },
];
