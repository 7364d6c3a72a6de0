// chain.client-rejected from a capture: the client refused the server's certificate — a fatal
// bad_certificate / certificate_expired / unknown_ca … right after the server's Certificate.
import { isTls13Family } from '../../../wire/tls13-drafts.js';
import { AlertDescription } from '../../../wire/index.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { alertText, fatalAlert } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

/** RFC 8446 §6.2 / RFC 5246 §7.2.2 alerts about the peer's certificate */
export const CERTIFICATE_ALERTS: ReadonlySet<number> = new Set([
  AlertDescription.bad_certificate,
  AlertDescription.unsupported_certificate,
  AlertDescription.certificate_revoked,
  AlertDescription.certificate_expired,
  AlertDescription.certificate_unknown,
  AlertDescription.unknown_ca,
]);

/** the finding id, shared with the live probe's rule */
export const FINDING_ID = 'chain.client-rejected';

const meta: RuleMeta = {
  id: 'capture.chain-rejected',
  emits: [FINDING_ID],
  title: "The client rejected the server's certificate",
  scenario: 'chain',
  severity: 'blocker',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: [
    'RFC 8446 §6.2',
    'RFC 5280 §6',
    'CERT_E_UNTRUSTEDROOT 0x800b0109',
    'CERT_E_EXPIRED 0x800b0101',
    'NET::ERR_CERT_AUTHORITY_INVALID',
  ],
  fix: {
    steps: [
      'unknown_ca (48): the client cannot build a chain to a root it trusts — send the intermediate certificates with the leaf (full chain), or use a certificate from a CA the client trusts.',
      'certificate_expired (45): renew the certificate (or fix the clock of the client).',
      "bad_certificate (42) / certificate_unknown (46): check the name (SAN), key usage and signature algorithm against the client's policy.",
      'Run `tlsdoctor cert` on the served chain for the exact reason.',
    ],
    commands: [
      {
        platform: 'nginx',
        command: 'ssl_certificate /etc/ssl/site-fullchain.pem;  # leaf followed by intermediates',
      },
      { platform: 'shell', command: 'openssl s_client -connect HOST:443 -showcerts' },
    ],
  },
  description:
    "A fatal certificate alert from the client (unknown_ca 48, bad_certificate 42, unsupported_certificate 43, certificate_revoked 44, certificate_expired 45, certificate_unknown 46) right after the server's Certificate message means the client does not accept the chain the server sent. In TLS 1.3 the Certificate is encrypted, so the alert follows the ServerHello.",
};

export const explain: Explainer = (c) => {
  const a = fatalAlert(c, 'client');
  if (
    a &&
    CERTIFICATE_ALERTS.has(a.description) &&
    (a.afterServerCertificate || (c.serverHello?.version ?? 0) >= 0x0304)
  ) {
    const chain = c.serverCertificates
      ? ` (the server sent ${c.serverCertificates.certificates.length} certificate${c.serverCertificates.certificates.length === 1 ? '' : 's'} in frame ${c.serverCertificates.frame})`
      : (c.serverHello?.version ?? 0) >= 0x0304
        ? ' (TLS 1.3: the certificate itself is encrypted)'
        : '';
    return {
      reason: `the client sent ${alertText(a.description)} in frame ${a.frame} after the server's ${a.after ?? 'hello'}${chain}`,
      frames: [...(c.serverCertificates ? [c.serverCertificates.frame] : []), a.frame],
    };
  }
  // TLS 1.3: a lone 19-byte encrypted record (2-byte alert + type + 16-byte tag) instead of the
  // client's Finished, then the end of the connection — an encrypted alert
  const fe = c.firstEncrypted.client;
  if (
    !a &&
    isTls13Family(c.serverHello?.version ?? 0) &&
    fe?.length === 19 &&
    c.encryptedRecords.client === 1 &&
    c.handshakeEnd !== 'complete'
  ) {
    return {
      reason: `the client answered the server's encrypted flight with one 19-byte encrypted record (frame ${fe.frame}) — the size of an encrypted alert — and ended the connection`,
      frames: [fe.frame],
      confidence: 'possible',
    };
  }
  return undefined;
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits, _ctx, count) => {
      const descs = [
        ...new Set(
          hits.map((h) => fatalAlert(h.c, 'client')?.description).filter((d): d is number => d !== undefined),
        ),
      ];
      return {
        summary: `${countText(count)} to ${server}: the client rejected the server's certificate${descs.length > 0 ? ` with ${descs.map(alertText).join(', ')}` : ''}.`,
        codes: ['NET::ERR_CERT_AUTHORITY_INVALID', 'CERT_E_UNTRUSTEDROOT', 'SEC_E_UNTRUSTED_ROOT'],
      };
    });
  },
});
