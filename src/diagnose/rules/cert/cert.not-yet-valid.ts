// A certificate whose notBefore is in the future: freshly issued with a wrong clock, or a skewed client.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, certificates, policyOf, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.not-yet-valid',
  title: 'Certificate not yet valid',
  scenario: 'certificate',
  severity: 'blocker',
  needs: ['x509.certificate'],
  uses: ['x509.policy'],
  references: ['RFC 5280 4.1.2.5', 'CERT_E_EXPIRED 0x800b0101'],
  fix: {
    steps: [
      'Check the clock (and time zone) of this machine and of the failing client; sync it (w32tm /resync, timedatectl set-ntp true).',
      'If the clocks are right, wait until the "valid from" time or ask the CA to reissue.',
    ],
  },
  description:
    'The certificate\'s "valid from" time is later than now. When it is only hours away the clock of the client (or of this machine) is usually wrong; when days away, the certificate was issued with a future date. Clients report it like an expired certificate: CERT_E_EXPIRED (0x800b0101), NET::ERR_CERT_DATE_INVALID, CERT_NOT_YET_VALID.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  const skewMs = policyOf(set).clockSkewHintHours * 3600_000;
  for (const c of certificates(set)) {
    const now = Date.parse(c.checkedAt);
    const start = Date.parse(c.notBefore);
    if (!(start > now)) continue;
    const aheadH = Math.ceil((start - now) / 3600_000);
    const skew = start - now <= skewMs;
    out.push(
      finding(meta, {
        summary: `${subjectText(c)} is not valid until ${c.notBefore} (${aheadH} hour(s) from ${c.checkedAt})${skew ? ': that close, a wrong clock on this machine or on the client is the likely cause' : ''}.`,
        evidence: [certEvidence(c, `valid from ${c.notBefore}; checked at ${c.checkedAt}`)],
        fix: {
          steps: skew
            ? [
                'Check the clock and time zone of this machine and of the failing client; resync them.',
                'Windows: w32tm /resync ; Linux: timedatectl set-ntp true.',
                'If the clocks are right, the certificate becomes valid at ' + c.notBefore + '.',
              ]
            : [
                'The certificate was issued with a future start date: ask the CA to reissue it, or wait until ' +
                  c.notBefore +
                  '.',
              ],
          commands: [
            { platform: 'windows-cmd', command: 'w32tm /resync' },
            { platform: 'shell', command: 'timedatectl set-ntp true' },
          ],
        },
        codes: ['0x800b0101', 'CERT_E_EXPIRED', 'ERR_CERT_DATE_INVALID', 'CERT_NOT_YET_VALID'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
