// A valid certificate that expires within the warning window (--warn-days, policy.json warnDays).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import {
  certEvidence,
  certificates,
  chains,
  days,
  policyOf,
  reissueFix,
  subjectText,
} from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.expiring-soon',
  title: 'Certificate expires soon',
  scenario: 'certificate',
  severity: 'medium',
  needs: ['x509.certificate'],
  uses: ['x509.policy', 'x509.chain'],
  references: ['RFC 5280 4.1.2.5'],
  fix: reissueFix('(renew it) before it expires, and install it'),
  description:
    'The certificate is valid now but expires within the warning window (default 30 days, `--warn-days N`). Renew it before clients start failing with CERT_E_EXPIRED / ERR_CERT_DATE_INVALID.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  const warnDays = policyOf(set).warnDays;
  for (const c of certificates(set)) {
    const now = Date.parse(c.checkedAt);
    const end = Date.parse(c.notAfter);
    // written so that a validity that does not decode (NaN; cert.malformed reports it) never passes
    if (!(end >= now) || !(Date.parse(c.notBefore) <= now)) continue;
    const left = days(end - now);
    if (end - now >= warnDays * 86400_000) continue;
    const host = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1)?.host;
    out.push(
      finding(meta, {
        summary: `${subjectText(c)} expires on ${c.notAfter.slice(0, 10)}, in ${left} day(s) (warning window ${warnDays} days).`,
        evidence: [certEvidence(c, `valid to ${c.notAfter}; checked at ${c.checkedAt}`)],
        fix: c.leaf
          ? reissueFix('(renew it) before it expires, and install it', host)
          : {
              steps: [
                `Get the CA's replacement for "${subjectText(c)}" and install it before ${c.notAfter.slice(0, 10)}.`,
              ],
            },
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
