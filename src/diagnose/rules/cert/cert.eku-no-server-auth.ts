// Extended Key Usage present but without Server Authentication → CERT_E_WRONG_USAGE.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { ekuName, OID_ANY_EKU, OID_SERVER_AUTH } from '../../../x509/inspect.js';
import { certEvidence, chains, leaves, reissueFix } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.eku-no-server-auth',
  title: 'Certificate not valid for Server Authentication (CERT_E_WRONG_USAGE)',
  scenario: 'certificate',
  severity: 'blocker',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: ['RFC 5280 4.2.1.12', 'CERT_E_WRONG_USAGE 0x800b0110', 'CA/B Forum BR 7.1.2.3'],
  fix: reissueFix(
    'whose Extended Key Usage includes Server Authentication (1.3.6.1.5.5.7.3.1) — on an AD CS the "Web Server" template',
  ),
  description:
    'The certificate has an Extended Key Usage extension that does not list Server Authentication (1.3.6.1.5.5.7.3.1) nor anyExtendedKeyUsage — typically a Client Authentication or user certificate bound to a web site. Windows fails the chain with CERT_E_WRONG_USAGE (0x800b0110); browsers refuse it. A certificate with no EKU extension at all is valid for any purpose and passes.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const c of leaves(set)) {
    if (c.eku === null || c.eku.includes(OID_SERVER_AUTH) || c.eku.includes(OID_ANY_EKU)) continue;
    const host = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1)?.host;
    const listed = c.eku.length ? c.eku.map((o) => `${ekuName(o)} (${o})`).join(', ') : 'nothing';
    out.push(
      finding(meta, {
        summary: `The certificate's Extended Key Usage lists only ${listed}, not Server Authentication (1.3.6.1.5.5.7.3.1): Windows rejects it with CERT_E_WRONG_USAGE (0x800b0110) and browsers refuse it.`,
        evidence: [certEvidence(c, `EKU: ${listed}`)],
        fix: reissueFix(
          'whose Extended Key Usage includes Server Authentication (1.3.6.1.5.5.7.3.1) — on an AD CS the "Web Server" template',
          host,
        ),
        codes: ['0x800b0110', 'CERT_E_WRONG_USAGE', 'SEC_ERROR_INADEQUATE_CERT_TYPE'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
