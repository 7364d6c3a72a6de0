// Server certificates issued since 2020-09-01 may be valid at most 398 days (Apple, Chrome, Mozilla).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, chains, days, leaves, policyOf, reissueFix, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.lifetime-too-long',
  title: 'Certificate lifetime over 398 days',
  scenario: 'certificate',
  severity: 'high',
  needs: ['x509.certificate'],
  uses: ['x509.policy', 'x509.chain'],
  references: [
    'https://support.apple.com/en-us/102028',
    'https://chromium.googlesource.com/chromium/src/+/HEAD/net/docs/certificate_lifetimes.md',
    'CA/B Forum BR 6.3.2',
  ],
  fix: reissueFix('valid for at most 398 days (e.g. openssl -days 397)'),
  description:
    'A server certificate issued on or after 2020-09-01 with a validity longer than 398 days. Browsers refuse it (Chrome NET::ERR_CERT_VALIDITY_TOO_LONG, Safari) when it chains to a public root; certificates from a private root installed by the user are exempt today, so that case is reported with low severity.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  const p = policyOf(set);
  const from = Date.parse(p.lifetimeRuleFrom);
  for (const c of leaves(set)) {
    const start = Date.parse(c.notBefore);
    // NaN-safe: a validity that does not decode is cert.malformed's finding, not a lifetime
    if (!(start >= from)) continue;
    const lifetime = days(Date.parse(c.notAfter) - start);
    if (!(lifetime > p.maxLifetimeDays)) continue;
    const chain = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1);
    const publicRoot =
      chain?.trusted === true && (chain.anchor?.store === 'mozilla' || chain.anchor?.store === 'system');
    out.push(
      finding(meta, {
        severity: publicRoot ? 'high' : 'low',
        summary: `${subjectText(c)} is valid for ${lifetime} days (${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}), over the ${p.maxLifetimeDays}-day limit browsers enforce${publicRoot ? '' : ' for publicly trusted certificates (a private root is exempt today, but Apple and Chrome plan to shorten further)'}.`,
        evidence: [certEvidence(c, `lifetime ${lifetime} days`)],
        fix: reissueFix(`valid for at most ${p.maxLifetimeDays} days (e.g. openssl -days 397)`, chain?.host),
        codes: ['ERR_CERT_VALIDITY_TOO_LONG'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
