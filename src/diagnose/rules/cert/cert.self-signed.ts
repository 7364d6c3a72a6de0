// A self-signed server certificate: trusted only where someone installed it by hand.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, chains, leaves, trustRootFix, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.self-signed',
  title: 'Self-signed server certificate',
  scenario: 'chain',
  severity: 'high',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: ['RFC 5280 6.1', 'CERT_E_UNTRUSTEDROOT 0x800b0109'],
  fix: trustRootFix('the self-signed certificate', true),
  description:
    "The server certificate is its own issuer. No client trusts it unless it was added to that client's trusted root store: Windows CERT_E_UNTRUSTEDROOT (0x800b0109), Chrome NET::ERR_CERT_AUTHORITY_INVALID, Firefox MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, Node.js DEPTH_ZERO_SELF_SIGNED_CERT. Fine for a test; for users, get a certificate from a CA they trust (public, or your enterprise CA). When the certificate is in a store you gave (--ca), this is only information.",
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const c of leaves(set)) {
    if (!c.selfSigned) continue;
    const chain = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1);
    const trusted = chain?.trusted === true;
    out.push(
      finding(meta, {
        severity: trusted ? 'info' : 'high',
        summary: trusted
          ? `${subjectText(c)} is self-signed; it is trusted here only because it is in ${chain?.anchor?.storeFile ?? chain?.anchor?.store ?? 'a store you gave'} — every other client refuses it.`
          : `${subjectText(c)} is self-signed: no client trusts it unless it is added to that client's trusted root store (CERT_E_UNTRUSTEDROOT 0x800b0109, NET::ERR_CERT_AUTHORITY_INVALID).`,
        evidence: [
          certEvidence(c, `subject = issuer = ${subjectText(c)}; its signature verifies with its own key`),
        ],
        fix: {
          steps: [
            'For real users: replace it with a certificate from a CA they trust (public CA, or your enterprise CA).',
            ...trustRootFix(c.subject, c.served).steps.map(
              (s) => 'For a test: ' + s.charAt(0).toLowerCase() + s.slice(1),
            ),
          ],
          commands: trustRootFix(c.subject, c.served).commands ?? [],
        },
        codes: [
          '0x800b0109',
          'CERT_E_UNTRUSTEDROOT',
          'ERR_CERT_AUTHORITY_INVALID',
          'DEPTH_ZERO_SELF_SIGNED_CERT',
          'MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT',
        ],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
