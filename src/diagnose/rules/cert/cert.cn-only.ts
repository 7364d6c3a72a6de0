// No Subject Alternative Name: modern browsers ignore the CN and refuse the certificate.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, chains, leaves, reissueFix, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.cn-only',
  title: 'No Subject Alternative Name (CN only)',
  scenario: 'certificate',
  severity: 'high',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: [
    'RFC 6125 6.4.4',
    'https://chromestatus.com/feature/4981025180483584',
    'CA/B Forum BR 7.1.2.7.12',
  ],
  fix: reissueFix('with a Subject Alternative Name extension (subjectAltName=DNS:your.host)'),
  description:
    'The server certificate has no Subject Alternative Name extension, only a Common Name. Chrome (since 58), Edge, Firefox and Safari ignore the CN and refuse it as NET::ERR_CERT_COMMON_NAME_INVALID / SSL_ERROR_BAD_CERT_DOMAIN even when the CN is right. Old tools (and old IIS self-signed certificates) made such certificates.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const c of leaves(set)) {
    if (c.san !== null) continue;
    const host = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1)?.host ?? c.commonNames[0];
    out.push(
      finding(meta, {
        summary: `${subjectText(c)} has no Subject Alternative Name: Chrome, Edge, Firefox and Safari ignore the CN${c.commonNames.length ? ` (${c.commonNames.join(', ')})` : ''} and refuse it.`,
        evidence: [certEvidence(c, 'no subjectAltName extension')],
        fix: reissueFix('with a Subject Alternative Name extension (subjectAltName=DNS:your.host)', host),
        codes: [
          'ERR_CERT_COMMON_NAME_INVALID',
          'SSL_ERROR_BAD_CERT_DOMAIN',
          '0x800b010f',
          'CERT_E_CN_NO_MATCH',
        ],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
