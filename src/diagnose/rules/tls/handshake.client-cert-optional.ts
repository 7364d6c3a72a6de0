// The server asks for a client certificate but serves clients without one: worth knowing (browsers
// may prompt the user to pick a certificate), not a failure.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, helloEvidence } from '../../handshake-analysis.js';
import { caNamesText, httpRefusesWithoutCertificate, requestingHellos } from './shared/client-cert.js';

const meta: RuleMeta = {
  id: 'handshake.client-cert-optional',
  emits: ['handshake.client-cert-optional'],
  title: 'The server asks for a client certificate but does not require one',
  scenario: 'handshake',
  severity: 'info',
  needs: ['probe.hello', 'probe.full-handshake'],
  uses: ['diagnose.context', 'probe.http', 'probe.tcp'],
  references: [
    'RFC 5246 §7.4.4 (CertificateRequest)',
    'RFC 8446 §4.3.2',
    'IIS SSL Settings: Client certificates Accept',
    'nginx ssl_verify_client optional',
  ],
  fix: {
    steps: [
      'Nothing is broken: clients without a certificate are served. Browsers that hold client certificates may ask the user to pick one; if no page needs them, stop asking.',
      'IIS: SSL Settings → Client certificates: Ignore. nginx: ssl_verify_client off; (or optional_no_ca). Apache: SSLVerifyClient none.',
    ],
    commands: [
      {
        platform: 'windows-cmd',
        command:
          '%windir%\\system32\\inetsrv\\appcmd set config "<site>" -section:system.webServer/security/access /sslFlags:"Ssl" /commit:apphost',
      },
      { platform: 'nginx', command: 'ssl_verify_client off;' },
      { platform: 'apache', command: 'SSLVerifyClient none' },
    ],
  },
  confidence: 'certain',
  description:
    'A TLS 1.2 hello saw a CertificateRequest in the server flight, and the full handshake without a client certificate completed and was not refused at the HTTP layer: client certificates are optional (IIS "Accept", nginx ssl_verify_client optional, Apache SSLVerifyClient optional). The CA names of the CertificateRequest are listed. A TLS 1.3-only server encrypts its CertificateRequest, so an optional request is not seen there.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const full = a.full?.result;
  const requested = requestingHellos(a.hellos);
  if (!full?.ok || requested.length === 0 || httpRefusesWithoutCertificate(full.request)) return [];
  return [
    finding(meta, {
      summary: `${a.full!.from.origin} asks for a client certificate but serves clients without one; ${caNamesText(a.hellos)}.`,
      evidence: [
        ...requested.slice(0, 2).map((h) => helloEvidence(h, 'CertificateRequest in the server flight')),
        {
          from: a.full!.from,
          text: `full handshake without a client certificate: ${full.protocol ?? 'TLS'} completed${full.request?.status === 'ok' && full.request.httpStatus ? `, GET → HTTP ${full.request.httpStatus}` : ''}`,
        },
      ],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
