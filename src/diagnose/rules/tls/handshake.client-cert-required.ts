// The server requires a client certificate: clients without one are refused after the ServerHello.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, helloEvidence } from '../../handshake-analysis.js';

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
    'The server sends a CertificateRequest and aborts the handshake when the client has no certificate (TLS 1.3 alert 116 certificate_required, TLS 1.2 alert 40 handshake_failure). Browsers show ERR_BAD_SSL_CLIENT_AUTH_CERT or ask the user to pick a certificate.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const full = a.full?.result;
  if (!full || full.ok) return [];
  const requested = a.hellos.filter((h) => h.outcome.certificateRequest);
  const err = `${full.errorCode ?? ''} ${full.error ?? ''}`;
  const alert116 = /CERTIFICATE_REQUIRED|certificate required/i.test(err);
  if (!alert116 && requested.length === 0) return [];
  return [
    finding(meta, {
      summary: `${a.full!.from.origin} requires a client certificate: a handshake without one is refused (${full.errorCode ?? full.error}).`,
      evidence: [
        {
          from: a.full!.from,
          text: `full handshake without a client certificate: ${full.error ?? ''} (${full.errorCode ?? ''})`,
        },
        ...requested.slice(0, 2).map((h) => helloEvidence(h, 'CertificateRequest in the server flight')),
      ],
      codes: ['ERR_BAD_SSL_CLIENT_AUTH_CERT', 'TLS alert 116', 'SSL_ERROR_HANDSHAKE_FAILURE_ALERT'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
