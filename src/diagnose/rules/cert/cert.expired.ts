// A certificate past its notAfter (judged against the time the gatherer checked, never the clock).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, certificates, chains, days, reissueFix, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.expired',
  title: 'Certificate expired',
  scenario: 'certificate',
  severity: 'blocker',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: ['RFC 5280 4.1.2.5', 'CERT_E_EXPIRED 0x800b0101'],
  fix: reissueFix('(renew it) and install it'),
  description:
    'A certificate (the server certificate or an intermediate) is past its "valid to" date. Every client refuses the chain: Windows CERT_E_EXPIRED (0x800b0101), Chrome NET::ERR_CERT_DATE_INVALID, Firefox SEC_ERROR_EXPIRED_CERTIFICATE, Node.js CERT_HAS_EXPIRED. An expired intermediate breaks the chain just the same: get the CA\'s current intermediate.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const c of certificates(set)) {
    const now = Date.parse(c.checkedAt);
    const end = Date.parse(c.notAfter);
    if (!(end < now)) continue;
    const role = c.leaf
      ? 'The server certificate'
      : c.selfSigned
        ? 'The root certificate'
        : 'The intermediate certificate';
    const host = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1)?.host;
    out.push(
      finding(meta, {
        summary: `${role} ${subjectText(c)} expired on ${c.notAfter.slice(0, 10)} (${days(now - end)} days ago).`,
        evidence: [certEvidence(c, `valid ${c.notBefore} to ${c.notAfter}; checked at ${c.checkedAt}`)],
        fix: c.leaf
          ? reissueFix('(renew it) and install it', host)
          : {
              steps: [
                `Get the CA's current certificate to replace "${subjectText(c)}" and install it in its place (server chain file, or Windows Intermediate Certification Authorities store); remove the expired one.`,
              ],
            },
        codes: [
          '0x800b0101',
          'CERT_E_EXPIRED',
          'ERR_CERT_DATE_INVALID',
          'SEC_ERROR_EXPIRED_CERTIFICATE',
          'CERT_HAS_EXPIRED',
        ],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
