// The server answers hellos with a ServerHello, yet a real client (OpenSSL, as in curl, Python,
// Node.js and most Linux software) cannot finish the handshake: what the server sends after its
// ServerHello, or the ServerHello itself, breaks the protocol. A probe that stops at the ServerHello
// cannot see this; the full handshake can, and when it fails that is the finding, never "healthy".
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding, FixCommand } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, helloEvidence, negotiatedVersion } from '../../handshake-analysis.js';
import { Version } from '../../../wire/constants.js';

const meta: RuleMeta = {
  id: 'handshake.client-fails',
  title: 'The server answers, but a real TLS client cannot complete the handshake',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['probe.full-handshake', 'probe.hello'],
  uses: ['diagnose.context', 'probe.http', 'probe.tcp'],
  references: ['RFC 8446 §4 (handshake protocol)', 'RFC 5246 §7.4', 'RFC 5746 (renegotiation_info)'],
  fix: {
    steps: [
      'Reproduce with a real client and read its reason: `openssl s_client -connect <host>:<port> -servername <host>` (or `curl -v https://<host>/`).',
      'The reason names what the server sends that clients refuse (see the evidence); fix that on the server or on the device in front of it (load balancer, TLS offloader), then run tlsdoctor again.',
    ],
    commands: [{ platform: 'linux', command: 'openssl s_client -connect <host>:<port> -servername <host>' }],
  },
  description:
    'Hello probes get a ServerHello, but the full handshake of a real TLS client (OpenSSL 3, the library behind curl, Python, Node.js and most Linux software) fails: the server omits secure renegotiation (RFC 5746), sends a certificate list too large for clients to accept, a certificate that does not parse, a cipher suite that was not offered or belongs to another version, or keeps asking for another key share. Browsers fail the same way (ERR_SSL_PROTOCOL_ERROR).',
};

interface Known {
  test: RegExp;
  cause: string;
  steps: string[];
  commands?: FixCommand[];
}

/** OpenSSL reasons (ssl/ssl_err.c) and what they mean on the server side. */
const KNOWN: Known[] = [
  {
    test: /UNSAFE_LEGACY_RENEGOTIATION|unsafe legacy renegotiation/i,
    cause:
      'the server does not support secure renegotiation (no renegotiation_info, RFC 5746): OpenSSL 3 clients refuse such servers by default',
    steps: [
      "Update the server's TLS stack or firmware: every TLS library since 2010 implements RFC 5746 (Windows: the MS10-049 update; OpenSSL ≥ 0.9.8m). Old load balancers and appliances are the usual cause.",
      'Until then, clients can only connect with legacy renegotiation allowed (OpenSSL `Options = UnsafeLegacyServerConnect`) — a client-side workaround, not a fix.',
    ],
  },
  {
    test: /EXCESSIVE_MESSAGE_SIZE|excessive message size|CERT_LIST_TOO_LONG|certificate list too long/i,
    cause: "the server's Certificate message is larger than clients accept (OpenSSL: 100 KiB by default)",
    steps: [
      'Send only the leaf certificate and its intermediates (not the root, not every CA certificate on the machine).',
      'nginx/Apache: the certificate file should hold the leaf followed by its intermediates only. IIS: the chain is built from the machine store; remove stray certificates from the Intermediate store.',
    ],
  },
  {
    test: /WRONG_CIPHER_RETURNED|wrong cipher returned|UNKNOWN_CIPHER_RETURNED|unknown cipher returned/i,
    cause:
      'the server picked a cipher suite the client did not offer, or one that belongs to another protocol version (e.g. a TLS 1.3 suite in a TLS 1.2 ServerHello without supported_versions)',
    steps: [
      'A broken TLS implementation or a device rewriting the handshake: update the server software or the load balancer/offloader in front of it.',
    ],
  },
  {
    test: /UNEXPECTED_MESSAGE|unexpected message|BAD_HELLO_REQUEST|bad key share|BAD_KEY_SHARE/i,
    cause:
      'the server sent a handshake message the protocol does not allow at that point (e.g. a second HelloRetryRequest, RFC 8446 §4.1.4)',
    steps: [
      'A broken TLS implementation or a device rewriting the handshake: update the server software or the device in front of it.',
    ],
  },
  {
    test: /ASN1|asn1|certificate verify failed|CERTIFICATE_VERIFY|bad certificate|BAD_CERTIFICATE|X509/i,
    cause: 'the certificate the server sends cannot be decoded by clients',
    steps: [
      'Replace the served certificate with a well-formed one (`openssl x509 -in cert.pem -noout -text` must read it).',
    ],
  },
];

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const full = a.full?.result;
  if (!full || full.ok) return [];
  // hellos with the same server name as the full handshake got a ServerHello; when none did, the
  // hello-level rules (no ServerHello, SNI, versions, suites) explain the failure
  const served = a.hellos.filter(
    (h) => h.outcome.status === 'server-hello' && h.offer.serverName === full.serverName,
  );
  if (served.length === 0) return [];
  // a server that answers only below TLS 1.2 is explained by the version it speaks
  // (protocol.no-common-version, protocol.legacy-enabled): current clients refuse it before any of
  // what follows the ServerHello matters (lighttpd even picks h2 on TLS 1.0, then closes)
  if (served.every((h) => (negotiatedVersion(h.outcome) ?? 0) < Version.TLS12)) return [];
  const err = `${full.errorCode ?? ''} ${full.error ?? ''}`;
  // explained elsewhere: a client certificate is required; a handshake that was only slow
  if (
    a.hellos.some((h) => h.outcome.certificateRequest) ||
    /CERTIFICATE_REQUIRED|certificate required/i.test(err)
  )
    return [];
  // A timeout is a stall, not slowness, when the handshake waited far longer than the ServerHello
  // took: the server (or the path: a black hole for the large certificate flight, MTU/MSS) stops
  // after its first bytes. Otherwise the handshake was only slow (handshake.slow).
  const quickest = Math.min(...served.map((h) => h.outcome.timings.firstByteMs ?? Infinity));
  // only when a hello like Node's (TLS 1.3 offered) was answered: else the hello itself was dropped
  const stalled =
    full.errorCode === 'ETIMEDOUT' &&
    full.durationMs >= 4 * quickest + 1000 &&
    served.some((h) => h.offer.versions.includes(0x0304));
  if (full.errorCode === 'ETIMEDOUT' && !stalled) return [];
  const known = stalled
    ? {
        test: /./,
        cause: `the handshake stops after the ServerHello: the ServerHello came within ${Math.round(quickest)} ms, but after ${Math.round(full.durationMs)} ms the handshake had still not completed (a server that hangs mid-handshake, or a path that drops the larger packets of the certificate flight: MTU/MSS)`,
        steps: [
          'Test from a machine next to the server: if the handshake completes there, a device or a tunnel on the path drops the large packets of the Certificate flight (check the MTU/MSS clamping on VPNs, tunnels and firewalls; ICMP "fragmentation needed" must pass).',
          'On the server, look for a TLS terminator that hangs after the ServerHello: a private key on an unresponsive HSM or key vault, an OCSP fetch before the Certificate, a worker pool that is full.',
        ],
      }
    : KNOWN.find((k) => k.test.test(err));
  const origin = a.full!.from.origin;
  const best = served[0]!;
  const host = a.context?.serverName ?? full.address;
  const fillCommand = (c: FixCommand): FixCommand => ({
    ...c,
    command: c.command.replaceAll('<host>', host).replaceAll('<port>', String(full.port)),
  });
  return [
    finding(meta, {
      summary: `${origin} answers hellos with a ServerHello, but a real TLS client (OpenSSL, as in curl, Python and Node.js) cannot complete the handshake: ${known ? known.cause : (full.error ?? full.errorCode ?? 'the handshake fails')}.`,
      evidence: [
        helloEvidence(best, 'hello probe'),
        {
          from: a.full!.from,
          text: `full handshake (OpenSSL): ${full.error ?? ''}${full.errorCode ? ` (${full.errorCode})` : ''}`,
        },
      ],
      fix: {
        steps: [...(known?.steps ?? []), ...meta.fix.steps],
        commands: (meta.fix.commands ?? []).map(fillCommand),
      },
      codes: [
        'ERR_SSL_PROTOCOL_ERROR',
        ...(full.errorCode && full.errorCode !== 'ERROR' ? [full.errorCode] : []),
      ],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
