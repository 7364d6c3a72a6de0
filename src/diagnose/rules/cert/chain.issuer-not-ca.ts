// A certificate on the path issues another but is not a CA (basicConstraints CA:FALSE or absent).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { chainEvidence, chains, pathText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'chain.issuer-not-ca',
  title: 'Issuer is not a CA',
  scenario: 'chain',
  severity: 'blocker',
  needs: ['x509.chain'],
  references: ['RFC 5280 4.2.1.9', 'RFC 5280 6.1.4 (k)', 'CERT_E_ROLE 0x800b0103'],
  fix: {
    steps: [
      'Issue the server certificate from a real CA certificate (basicConstraints CA:TRUE, keyUsage keyCertSign).',
      'With openssl: sign with a CA created with -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign".',
    ],
  },
  description:
    'A certificate on the chain signed another one but is not a CA: its basicConstraints says CA:FALSE, or (for a v3 certificate) the extension is missing. Every client rejects the chain: Windows CERT_E_ROLE (0x800b0103), OpenSSL "invalid CA certificate", Firefox SEC_ERROR_CA_CERT_INVALID. Happens when a leaf certificate is used to sign another (home-made test PKI).',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    ch.path.forEach((e, i) => {
      if (i === 0 || e.ca === true) return;
      if (e.source === 'store' && e.ca === null) return; // legacy v1 roots in a store
      const child = ch.path[i - 1]!;
      out.push(
        finding(meta, {
          summary: `"${e.subject}" issued "${child.subject}" but is not a CA (basicConstraints ${e.ca === false ? 'CA:FALSE' : 'missing'}): clients reject the chain (CERT_E_ROLE 0x800b0103).`,
          evidence: [
            chainEvidence(
              ch,
              `${pathText(ch.path)}; "${e.subject}" (thumbprint ${e.thumbprintSha1}) basicConstraints ${e.ca === false ? 'CA:FALSE' : 'absent'}`,
            ),
          ],
          codes: ['0x800b0103', 'CERT_E_ROLE', 'INVALID_CA', 'SEC_ERROR_CA_CERT_INVALID', 'ERR_CERT_INVALID'],
        }),
      );
    });
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
