// The server requires a client certificate: clients without one are refused after the ServerHello.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, helloEvidence } from '../../handshake-analysis.js';
import { caNamesText, httpRefusesWithoutCertificate, requestingHellos } from './shared/client-cert.js';

const meta: RuleMeta = {
  id: 'handshake.client-cert-required',
  title: 'The server requires a client certificate',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['probe.full-handshake'],
  uses: ['probe.hello', 'diagnose.context', 'probe.http', 'probe.tcp'],
  references: [
    'RFC 8446 §4.3.2 (CertificateRequest)',
    'RFC 8446 alert 116 certificate_required',
    'ERR_BAD_SSL_CLIENT_AUTH_CERT',
    'IIS SSL Settings: Client certificates Require',
    'IIS 403.7 Client certificate required',
    'nginx ssl_verify_client (400 "No required SSL certificate was sent")',
  ],
  fix: {
    steps: [
      'If the site is meant for everyone: turn client certificates off or to "accept/optional". IIS: SSL Settings > Client certificates: Ignore (or Accept); applicationHost.config access sslFlags without SslRequireCert. nginx: ssl_verify_client optional; (or off).',
      'If client certificates are intended: the client must present a certificate issued by a CA the server trusts (the CertificateRequest lists them); check that it has one and that its private key is usable.',
    ],
    commands: [
      {
        platform: 'windows-cmd',
        command:
          '%windir%\\system32\\inetsrv\\appcmd set config "<site>" -section:system.webServer/security/access /sslFlags:"Ssl" /commit:apphost',
      },
      { platform: 'nginx', command: 'ssl_verify_client optional;' },
    ],
  },
  description:
    'The server sends a CertificateRequest and refuses a client without a certificate: in the handshake (TLS 1.3 alert 116 certificate_required, TLS 1.2 alert 40 handshake_failure), or after it at the HTTP layer (nginx ssl_verify_client on: HTTP 400 "No required SSL certificate was sent"; IIS: HTTP 403.7; Apache SSLVerifyClient require in a directory over TLS 1.3: 403 "Cannot perform Post-Handshake Authentication"). tlsdoctor sends one GET over the secured connection, so a TLS 1.3 refusal that comes after the client finished is read from the server, not guessed from a timer. The CA names of the CertificateRequest (seen in clear in TLS 1.2) are listed. Browsers show ERR_BAD_SSL_CLIENT_AUTH_CERT or ask the user to pick a certificate.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const full = a.full?.result;
  if (!full) return [];
  const requested = requestingHellos(a.hellos);
  const cas = caNamesText(a.hellos);
  const asked = requested.slice(0, 2).map((h) => helloEvidence(h, 'CertificateRequest in the server flight'));
  if (full.ok) {
    // the handshake completed without a certificate, then the HTTP layer refused
    const http = httpRefusesWithoutCertificate(full.request);
    if (!http) return [];
    return [
      finding(meta, {
        summary: `${a.full!.from.origin} requires a client certificate: the handshake completes without one, then the server answers ${http}; ${cas}.`,
        evidence: [
          {
            from: a.full!.from,
            text: `GET ${a.context?.serverName ?? full.address} over ${full.protocol ?? 'TLS'} without a client certificate → ${http}${full.request?.server ? `, Server: ${full.request.server}` : ''}`,
          },
          ...asked,
        ],
        codes: ['ERR_BAD_SSL_CLIENT_AUTH_CERT', 'HTTP 403.7', 'HTTP 400'],
      }),
    ];
  }
  const err = `${full.errorCode ?? ''} ${full.error ?? ''}`;
  const alert116 = /CERTIFICATE_REQUIRED|certificate required/i.test(err);
  if (!alert116 && requested.length === 0) return [];
  // a handshake that only ran out of time was not refused: required or optional is not known
  if (!alert116 && full.errorCode === 'ETIMEDOUT') return [];
  return [
    finding(meta, {
      summary: `${a.full!.from.origin} requires a client certificate: a handshake without one is refused (${full.errorCode ?? full.error}); ${cas}.`,
      evidence: [
        {
          from: a.full!.from,
          text: `full handshake without a client certificate: ${full.error ?? ''} (${full.errorCode ?? ''})`,
        },
        ...asked,
      ],
      codes: ['ERR_BAD_SSL_CLIENT_AUTH_CERT', 'TLS alert 116', 'SSL_ERROR_HANDSHAKE_FAILURE_ALERT'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
