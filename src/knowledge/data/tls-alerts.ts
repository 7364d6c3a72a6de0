// TLS alert descriptions: the IANA "TLS Alerts" registry (RFC 8446 §6, RFC 5246 §7.2 and the
// extension RFCs). Server-side readings of 36887 (received) / 36888 (sent) follow the
// event templates (the alert a server received, or sent); the SSPI status each alert becomes on Windows
// follows Microsoft Learn "Schannel error codes for TLS and SSL alerts".
import type { KnowledgeEntry } from '../types.js';

const IANA = 'IANA TLS Alerts registry (tls-parameters-6)';
const PROBE = [
  'tlsdoctor diagnose https://<host>',
  'tlsdoctor scan <host>:443',
  'openssl s_client -connect <host>:443 -servername <host>',
];

export const TLS_ALERTS: readonly KnowledgeEntry[] = [
  {
    id: 'tls-alert.close_notify',
    kind: 'tls-alert',
    codes: ['0'],
    names: ['close_notify', 'close notify'],
    title: 'TLS alert 0 close_notify',
    meaning:
      'Orderly shutdown: the sender will send no more data on this connection. Not an error unless it arrives in the middle of the handshake.',
    causes: [
      {
        findingId: 'handshake.no-server-hello',
        text: 'received before the handshake finished: the server gave up on the ClientHello without saying why',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.1', IANA],
  },
  {
    id: 'tls-alert.unexpected_message',
    kind: 'tls-alert',
    codes: ['10'],
    names: ['unexpected_message', 'unexpected message'],
    title: 'TLS alert 10 unexpected_message',
    meaning:
      'The peer received a message it did not expect at that point of the protocol. On Windows it surfaces as SEC_E_ILLEGAL_MESSAGE (0x80090326).',
    causes: [
      {
        findingId: 'handshake.not-tls',
        text: 'plain HTTP or another protocol was sent to the TLS port (sent by the server with SChannel state 1203: health probes and port scanners; usually noise)',
      },
      {
        findingId: 'network.middlebox-suspected',
        text: 'a TLS-inspecting proxy or load balancer altered or injected handshake messages',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'client and server disagree on the protocol framing (old SSL 2.0-compatible hello to a TLS-only peer)',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA, 'Microsoft Learn: Schannel error codes for TLS and SSL alerts'],
  },
  {
    id: 'tls-alert.bad_record_mac',
    kind: 'tls-alert',
    codes: ['20'],
    names: ['bad_record_mac', 'bad record mac'],
    title: 'TLS alert 20 bad_record_mac',
    meaning:
      'A record failed its integrity check (or could not be decrypted). On Windows: SEC_E_MESSAGE_ALTERED (0x8009030F).',
    causes: [
      {
        findingId: 'network.middlebox-suspected',
        text: 'a device on the path modifies TLS records (TLS inspection, broken NIC offload, WAN optimiser)',
      },
      {
        findingId: 'cert.key-mismatch',
        text: 'rarely: the server uses a key that does not belong to its certificate with a static-RSA suite',
      },
    ],
    run: [...PROBE, 'tlsdoctor capture <file.pcapng>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.decryption_failed',
    kind: 'tls-alert',
    codes: ['21'],
    names: ['decryption_failed', 'decryption failed', 'decryption_failed_RESERVED'],
    title: 'TLS alert 21 decryption_failed (reserved)',
    meaning:
      'Obsolete alert of SSL 3.0 / TLS 1.0 (decryption failed); must not be sent by TLS 1.1+ implementations. On Windows: SEC_E_DECRYPT_FAILURE (0x80090330).',
    causes: [
      { findingId: 'protocol.no-common-version', text: 'a very old TLS 1.0-era peer is involved' },
      { findingId: 'network.middlebox-suspected', text: 'records corrupted on the path' },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 5246 §7.2.2', IANA],
  },
  {
    id: 'tls-alert.record_overflow',
    kind: 'tls-alert',
    codes: ['22'],
    names: ['record_overflow', 'record overflow'],
    title: 'TLS alert 22 record_overflow',
    meaning: 'A record was longer than the protocol allows (2^14 bytes plaintext plus expansion).',
    causes: [
      {
        findingId: 'handshake.not-tls',
        text: 'the bytes were not TLS at all: a record "length" read from HTTP text is huge',
      },
      {
        findingId: 'network.middlebox-suspected',
        text: 'a proxy or firewall rewrote or concatenated records',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §5.1', IANA],
  },
  {
    id: 'tls-alert.decompression_failure',
    kind: 'tls-alert',
    codes: ['30'],
    names: ['decompression_failure', 'decompression failure', 'decompression_failure_RESERVED'],
    title: 'TLS alert 30 decompression_failure (reserved)',
    meaning:
      'TLS compression failed. Compression was removed from TLS 1.3 and is disabled everywhere since CRIME; this alert means a very old peer or corruption.',
    causes: [{ findingId: 'network.middlebox-suspected', text: 'records corrupted on the path' }],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 5246 §7.2.2', IANA],
  },
  {
    id: 'tls-alert.handshake_failure',
    kind: 'tls-alert',
    codes: ['40'],
    names: ['handshake_failure', 'handshake failure'],
    title: 'TLS alert 40 handshake_failure',
    meaning:
      'The sender could not agree on a set of security parameters with the peer: no common protocol version, cipher suite, curve or signature algorithm. The most common TLS failure. On Windows: SEC_E_ILLEGAL_MESSAGE (0x80090326); sent by SChannel with event 36888 (state 1205 in field reports).',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'the client offers only suites the server has disabled (or the reverse)',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'the only versions one side offers are disabled on the other',
      },
      {
        findingId: 'sni.required',
        text: 'the server has no certificate for the name (or for no name) the client sent',
      },
      {
        findingId: 'handshake.client-cert-required',
        text: 'the server required a client certificate and none (or an unusable one) was sent',
      },
      {
        findingId: 'cert.no-private-key',
        text: 'the server certificate has no usable private key, so no suite can be used (Windows: also see 36870)',
      },
    ],
    run: [...PROBE, 'netsh http show sslcert'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', 'RFC 5246 §7.2.2', IANA],
  },
  {
    id: 'tls-alert.no_certificate',
    kind: 'tls-alert',
    codes: ['41'],
    names: ['no_certificate', 'no certificate', 'no_certificate_RESERVED'],
    title: 'TLS alert 41 no_certificate (SSL 3.0 only)',
    meaning:
      'SSL 3.0 only: the client has no certificate to answer a certificate request. Never sent by TLS.',
    causes: [
      { findingId: 'handshake.client-cert-required', text: 'the server asked for a client certificate' },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 6101 §5.4.2', IANA],
  },
  {
    id: 'tls-alert.bad_certificate',
    kind: 'tls-alert',
    codes: ['42'],
    names: ['bad_certificate', 'bad certificate'],
    title: 'TLS alert 42 bad_certificate',
    meaning:
      'A certificate was corrupt or had a signature that did not verify. Received by a server (36887) it means the CLIENT rejected our certificate; sent by a server it means the client certificate was rejected. Windows: SEC_E_CERT_UNKNOWN (0x80090327).',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'the client could not build a chain from the certificates the server sent',
      },
      {
        findingId: 'chain.untrusted-root',
        text: 'some clients send 42 instead of 48 for an untrusted issuer',
      },
      {
        findingId: 'handshake.client-cert-required',
        text: 'the client certificate was rejected by the server (expired, wrong issuer, wrong usage)',
      },
    ],
    run: [...PROBE, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.unsupported_certificate',
    kind: 'tls-alert',
    codes: ['43'],
    names: ['unsupported_certificate', 'unsupported certificate'],
    title: 'TLS alert 43 unsupported_certificate',
    meaning:
      'The certificate is of a type the peer does not support (key type, curve, critical extension). Windows: SEC_E_CERT_UNKNOWN.',
    causes: [
      {
        findingId: 'cert.eku-no-server-auth',
        text: 'the certificate usage does not allow TLS server (or client) authentication',
      },
      { findingId: 'cert.weak-key', text: 'key type or size not accepted by the peer' },
    ],
    run: [...PROBE, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.certificate_revoked',
    kind: 'tls-alert',
    codes: ['44'],
    names: ['certificate_revoked', 'certificate revoked'],
    title: 'TLS alert 44 certificate_revoked',
    meaning:
      'The peer says the certificate was revoked by its issuer. Windows: CRYPT_E_REVOKED (0x80092010).',
    causes: [
      {
        findingId: 'chain.untrusted-root',
        text: 'the certificate (or an intermediate) is revoked: re-issue and rebind',
      },
    ],
    run: [...PROBE, 'certutil -verify -urlfetch <cert.cer>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.certificate_expired',
    kind: 'tls-alert',
    codes: ['45'],
    names: ['certificate_expired', 'certificate expired'],
    title: 'TLS alert 45 certificate_expired',
    meaning:
      'A certificate has expired or is not yet valid (check the clocks too). Windows: SEC_E_CERT_EXPIRED (0x80090328).',
    causes: [
      {
        findingId: 'cert.expired',
        text: 'the certificate (or an intermediate) is past its notAfter date — or the renewed one is not bound',
      },
      { findingId: 'cert.not-yet-valid', text: 'the certificate is not valid yet, or a clock is wrong' },
    ],
    run: [...PROBE, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.certificate_unknown',
    kind: 'tls-alert',
    codes: ['46'],
    names: ['certificate_unknown', 'certificate unknown'],
    title: 'TLS alert 46 certificate_unknown',
    meaning:
      'Some unspecified problem with the certificate made it unacceptable. Received by a server (36887 with 46) it means the client rejected our certificate: usually untrusted issuer, name mismatch or a missing intermediate. Java and many clients send 46 for any validation failure.',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'the server does not send its intermediate certificate(s)',
      },
      {
        findingId: 'chain.untrusted-root',
        text: 'the client does not trust the issuing CA (self-signed, internal CA)',
      },
      { findingId: 'cert.host-mismatch', text: 'the name the client connected to is not in the certificate' },
      { findingId: 'cert.expired', text: 'the certificate has expired' },
    ],
    run: [...PROBE, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.illegal_parameter',
    kind: 'tls-alert',
    codes: ['47'],
    names: ['illegal_parameter', 'illegal parameter'],
    title: 'TLS alert 47 illegal_parameter',
    meaning:
      'A field in the handshake was out of range or inconsistent with other fields (bad extension, wrong curve, invalid key share). Windows: SEC_E_ILLEGAL_MESSAGE.',
    causes: [
      {
        findingId: 'network.middlebox-suspected',
        text: 'a middlebox rewrote the handshake, or a buggy TLS 1.3 implementation met a strict one',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'version negotiation went wrong (e.g. a server mishandling TLS 1.3 supported_versions)',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.unknown_ca',
    kind: 'tls-alert',
    codes: ['48'],
    names: ['unknown_ca', 'unknown ca'],
    title: 'TLS alert 48 unknown_ca',
    meaning:
      'The chain could not be built to a trusted CA. Received by a server (36887): the client does not trust our certificate. Sent by a server: it does not trust the client certificate. Windows: SEC_E_UNTRUSTED_ROOT (0x80090325).',
    causes: [
      {
        findingId: 'chain.missing-intermediate',
        text: 'the server does not send its intermediate certificate(s)',
      },
      {
        findingId: 'chain.untrusted-root',
        text: 'the root is not in the client trust store (self-signed, internal CA)',
      },
      {
        findingId: 'chain.client-rejected',
        text: 'the client certificate was issued by a CA the server does not trust',
      },
    ],
    run: [...PROBE, 'tlsdoctor cert <server.pem>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.access_denied',
    kind: 'tls-alert',
    codes: ['49'],
    names: ['access_denied', 'access denied'],
    title: 'TLS alert 49 access_denied',
    meaning:
      'A valid certificate or PSK was received, but access control refused the handshake. Windows: SEC_E_LOGON_DENIED (0x8009030C).',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 'the client certificate is valid but not allowed (mapping, CTL, policy)',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.decode_error',
    kind: 'tls-alert',
    codes: ['50'],
    names: ['decode_error', 'decode error'],
    title: 'TLS alert 50 decode_error',
    meaning: 'A message could not be decoded (a length out of range, a malformed field).',
    causes: [
      { findingId: 'handshake.not-tls', text: 'the peer is not speaking TLS, or speaks a very old dialect' },
      {
        findingId: 'network.middlebox-suspected',
        text: 'a device on the path truncated or rewrote the handshake (e.g. a ClientHello over 512 bytes breaking an old load balancer)',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.decrypt_error',
    kind: 'tls-alert',
    codes: ['51'],
    names: ['decrypt_error', 'decrypt error'],
    title: 'TLS alert 51 decrypt_error',
    meaning:
      'A cryptographic check failed in the handshake: a signature did not verify or the Finished message was wrong. Windows: SEC_E_DECRYPT_FAILURE (0x80090330).',
    causes: [
      {
        findingId: 'cert.key-mismatch',
        text: 'the server signs with a key that does not belong to its certificate',
      },
      { findingId: 'network.middlebox-suspected', text: 'a device on the path altered the handshake' },
    ],
    run: [...PROBE, 'tlsdoctor cert <server.pem> --key <server.key>'],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.too_many_cids_requested',
    kind: 'tls-alert',
    codes: ['52'],
    names: ['too_many_cids_requested', 'too many cids requested'],
    title: 'TLS alert 52 too_many_cids_requested (DTLS 1.3)',
    meaning: 'DTLS 1.3 only: the peer requested more connection IDs than allowed. Not seen with HTTPS.',
    causes: [{ findingId: 'protocol.no-common-version', text: 'DTLS traffic, not HTTPS' }],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 9147 §9', IANA],
  },
  {
    id: 'tls-alert.export_restriction',
    kind: 'tls-alert',
    codes: ['60'],
    names: ['export_restriction', 'export restriction', 'export_restriction_RESERVED'],
    title: 'TLS alert 60 export_restriction (reserved)',
    meaning:
      'Obsolete (TLS 1.0 export ciphers): must not be sent by modern implementations. Note: curl exit code 60 is something else (certificate problem).',
    causes: [
      { findingId: 'cipher.no-common-suite', text: 'an ancient peer negotiating export-grade ciphers' },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 4346 §7.2.2', IANA],
  },
  {
    id: 'tls-alert.protocol_version',
    kind: 'tls-alert',
    codes: ['70'],
    names: ['protocol_version', 'protocol version', 'ProtocolVersion'],
    title: 'TLS alert 70 protocol_version',
    meaning:
      'The protocol version the peer offered is recognised but not supported (e.g. a TLS 1.0 client against a TLS 1.2-only server, or the reverse). Windows: SEC_E_UNSUPPORTED_FUNCTION (0x80090302); SChannel 36888 with 70 (state 105 in field reports).',
    causes: [
      {
        findingId: 'protocol.no-common-version',
        text: 'one side only allows versions the other has disabled',
      },
      {
        findingId: 'windows.tls12-disabled',
        text: 'TLS 1.2 is disabled in the SCHANNEL registry (or not enabled on 2008 R2 / Windows 7)',
      },
      {
        findingId: 'windows.binding-tls-disabled',
        text: 'IIS/HTTP.sys: the binding itself disables TLS 1.2 or legacy TLS (netsh "Disable TLS1.2" / "Disable Legacy TLS Versions")',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'Windows server: only SSL 3.0 / TLS 1.0 / TLS 1.1 enabled in SCHANNEL',
      },
    ],
    run: [
      ...PROBE,
      'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols" /s',
    ],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.insufficient_security',
    kind: 'tls-alert',
    codes: ['71'],
    names: ['insufficient_security', 'insufficient security'],
    title: 'TLS alert 71 insufficient_security',
    meaning:
      'The server requires suites more secure than any the client supports. Windows: SEC_E_ALGORITHM_MISMATCH (0x80090331).',
    causes: [
      {
        findingId: 'cipher.no-common-suite',
        text: 'the client offers only weak suites (old .NET, XP/2003, Java 6) to a hardened server',
      },
      {
        findingId: 'protocol.no-common-version',
        text: 'the client tops out at a version the server has disabled',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.internal_error',
    kind: 'tls-alert',
    codes: ['80'],
    names: ['internal_error', 'internal error'],
    title: 'TLS alert 80 internal_error',
    meaning:
      'An error unrelated to the peer or the protocol (memory, key access) made the handshake impossible. Windows: SEC_E_INTERNAL_ERROR (0x80090304); if SChannel sent it, look for 36870/36871 at the same time.',
    causes: [
      {
        findingId: 'windows.private-key-unreadable',
        text: 'the server process cannot read its certificate private key (Windows: 36870)',
      },
      { findingId: 'cert.no-private-key', text: 'the bound certificate has no private key' },
    ],
    run: [
      ...PROBE,
      'certutil -store my <thumbprint>',
      'wevtutil qe System /q:"*[System[Provider[@Name=\'Schannel\']]]" /f:text /c:20 /rd:true',
    ],
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.inappropriate_fallback',
    kind: 'tls-alert',
    codes: ['86'],
    names: ['inappropriate_fallback', 'inappropriate fallback'],
    title: 'TLS alert 86 inappropriate_fallback',
    meaning:
      'The client retried with a lower version (TLS_FALLBACK_SCSV) although the server supports a higher one: the first attempt failed for another reason.',
    causes: [
      {
        findingId: 'network.middlebox-suspected',
        text: "something dropped the client's first, higher-version handshake (middlebox, flaky network)",
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 7507', IANA],
  },
  {
    id: 'tls-alert.user_canceled',
    kind: 'tls-alert',
    codes: ['90'],
    names: ['user_canceled', 'user canceled', 'user cancelled'],
    title: 'TLS alert 90 user_canceled',
    meaning:
      'The sender cancelled the handshake for a reason unrelated to the protocol. Windows: SEC_E_UNFINISHED_CONTEXT_DELETED (0x80090333).',
    causes: [
      {
        findingId: 'handshake.alert-on-hello',
        text: 'the peer aborted on purpose (e.g. a user declined a certificate prompt)',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.1', IANA],
  },
  {
    id: 'tls-alert.no_renegotiation',
    kind: 'tls-alert',
    codes: ['100'],
    names: ['no_renegotiation', 'no renegotiation', 'no_renegotiation_RESERVED'],
    title: 'TLS alert 100 no_renegotiation',
    meaning:
      'The peer refuses renegotiation (reserved in TLS 1.3). With IIS this happens when a site asks for a client certificate after the handshake and the client or protocol (TLS 1.3, HTTP/2) cannot renegotiate.',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 'client certificate requested by renegotiation: negotiate it in the initial handshake (netsh clientcertnegotiation=enable)',
      },
    ],
    run: [...PROBE, 'netsh http show sslcert'],
    confidence: 'documented',
    references: ['RFC 5246 §7.2.2', IANA],
  },
  {
    id: 'tls-alert.missing_extension',
    kind: 'tls-alert',
    codes: ['109'],
    names: ['missing_extension', 'missing extension'],
    title: 'TLS alert 109 missing_extension',
    meaning:
      'TLS 1.3: a mandatory extension is missing from the handshake (supported_versions, key_share, signature_algorithms…).',
    causes: [
      { findingId: 'protocol.no-common-version', text: 'a peer with broken TLS 1.3 support' },
      { findingId: 'network.middlebox-suspected', text: 'an extension was stripped on the path' },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.unsupported_extension',
    kind: 'tls-alert',
    codes: ['110'],
    names: ['unsupported_extension', 'unsupported extension'],
    title: 'TLS alert 110 unsupported_extension',
    meaning:
      'The peer received an extension in a response it never asked for, or one that is not allowed in that message.',
    causes: [
      { findingId: 'network.middlebox-suspected', text: 'a middlebox or buggy server added an extension' },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.certificate_unobtainable',
    kind: 'tls-alert',
    codes: ['111'],
    names: ['certificate_unobtainable', 'certificate unobtainable', 'certificate_unobtainable_RESERVED'],
    title: 'TLS alert 111 certificate_unobtainable (reserved)',
    meaning: 'Obsolete client_certificate_url alert: a certificate could not be fetched from a URL.',
    causes: [{ findingId: 'chain.missing-intermediate', text: 'a certificate could not be retrieved' }],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 6066 §5', IANA],
  },
  {
    id: 'tls-alert.unrecognized_name',
    kind: 'tls-alert',
    codes: ['112'],
    names: ['unrecognized_name', 'unrecognized name'],
    title: 'TLS alert 112 unrecognized_name',
    meaning:
      'The server has no configuration for the host name in the SNI extension. Some servers send it as a warning and continue, others abort.',
    causes: [
      {
        findingId: 'sni.required',
        text: 'no certificate/binding for that host name (Windows: no Hostname:port binding and no 0.0.0.0 fallback)',
      },
      { findingId: 'cert.host-mismatch', text: 'the client uses a different name than the one configured' },
    ],
    run: [...PROBE, 'netsh http show sslcert'],
    confidence: 'documented',
    references: ['RFC 6066 §3', IANA],
  },
  {
    id: 'tls-alert.bad_certificate_status_response',
    kind: 'tls-alert',
    codes: ['113'],
    names: ['bad_certificate_status_response', 'bad certificate status response'],
    title: 'TLS alert 113 bad_certificate_status_response',
    meaning:
      'The client rejected the OCSP response the server stapled (invalid, expired or for the wrong certificate).',
    causes: [
      {
        findingId: 'chain.untrusted-root',
        text: 'stale or wrong stapled OCSP response: refresh OCSP on the server or disable stapling',
      },
    ],
    run: [...PROBE, 'openssl s_client -connect <host>:443 -servername <host> -status'],
    confidence: 'documented',
    references: ['RFC 6066 §8', IANA],
  },
  {
    id: 'tls-alert.bad_certificate_hash_value',
    kind: 'tls-alert',
    codes: ['114'],
    names: [
      'bad_certificate_hash_value',
      'bad certificate hash value',
      'bad_certificate_hash_value_RESERVED',
    ],
    title: 'TLS alert 114 bad_certificate_hash_value (reserved)',
    meaning: 'Obsolete client_certificate_url alert: a fetched certificate did not match its hash.',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 'client certificate URL extension in use (very rare)',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 6066 §5', IANA],
  },
  {
    id: 'tls-alert.unknown_psk_identity',
    kind: 'tls-alert',
    codes: ['115'],
    names: ['unknown_psk_identity', 'unknown psk identity'],
    title: 'TLS alert 115 unknown_psk_identity',
    meaning:
      'The server does not know the pre-shared key identity the client offered (PSK suites, not normal HTTPS).',
    causes: [{ findingId: 'cipher.no-common-suite', text: 'PSK-only configuration on one side' }],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 4279 §2', 'RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.certificate_required',
    kind: 'tls-alert',
    codes: ['116'],
    names: ['certificate_required', 'certificate required'],
    title: 'TLS alert 116 certificate_required',
    meaning: 'TLS 1.3: the server requires a client certificate and the client sent none.',
    causes: [
      {
        findingId: 'handshake.client-cert-required',
        text: 'configure the client certificate, or relax the server requirement',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['RFC 8446 §6.2', IANA],
  },
  {
    id: 'tls-alert.general_error',
    kind: 'tls-alert',
    codes: ['117'],
    names: ['general_error', 'general error'],
    title: 'TLS alert 117 general_error',
    meaning:
      'A newer registry entry for an error not covered by any other alert. Its registration status is not confirmed by our sources: treat as "unspecified error".',
    causes: [{ findingId: 'handshake.alert-on-hello', text: 'the peer aborted without a specific reason' }],
    run: PROBE,
    confidence: 'inferred',
    references: [IANA],
  },
  {
    id: 'tls-alert.no_application_protocol',
    kind: 'tls-alert',
    codes: ['120'],
    names: ['no_application_protocol', 'no application protocol'],
    title: 'TLS alert 120 no_application_protocol',
    meaning:
      'ALPN: the server supports none of the application protocols the client offered (e.g. the client insists on h2). Windows: SEC_E_APPLICATION_PROTOCOL_MISMATCH (0x80090367).',
    causes: [
      {
        findingId: 'handshake.alert-on-hello',
        text: 'ALPN mismatch: offer http/1.1, or enable the protocol on the server',
      },
    ],
    run: [...PROBE, 'openssl s_client -connect <host>:443 -servername <host> -alpn h2,http/1.1'],
    confidence: 'documented',
    references: ['RFC 7301 §3.2', IANA],
  },
  {
    id: 'tls-alert.ech_required',
    kind: 'tls-alert',
    codes: ['121'],
    names: ['ech_required', 'ech required'],
    title: 'TLS alert 121 ech_required',
    meaning: 'Encrypted Client Hello: the client required ECH and the server did not accept it.',
    causes: [
      {
        findingId: 'handshake.alert-on-hello',
        text: 'ECH configuration (DNS HTTPS record) out of date or not supported by the server',
      },
    ],
    run: PROBE,
    confidence: 'documented',
    references: ['draft-ietf-tls-esni', IANA],
  },
];
