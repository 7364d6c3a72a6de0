// A CA's pathLenConstraint allows fewer intermediates below it than the path has.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { chainEvidence, chains, pathText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'chain.path-length',
  title: 'Path length constraint violated',
  scenario: 'chain',
  severity: 'blocker',
  needs: ['x509.chain'],
  references: [
    'RFC 5280 4.2.1.9 (pathLenConstraint)',
    'RFC 5280 6.1.4 (l)(m)',
    'CERT_E_PATHLENCONST 0x800b0104',
  ],
  fix: {
    steps: [
      'Issue the server certificate directly from a CA whose pathLenConstraint allows it (pathlen:0 means: may issue only end-entity certificates), or re-create the upper CA with a larger pathlen.',
    ],
  },
  description:
    'A CA certificate says how many intermediate CAs may follow it (basicConstraints pathLenConstraint); the chain has more non-self-issued intermediates below it than that. Clients reject it: Windows CERT_E_PATHLENCONST (0x800b0104), OpenSSL "path length constraint exceeded".',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    ch.path.forEach((e, i) => {
      if (i < 2 || e.pathLength === undefined || e.ca !== true) return;
      // intermediates strictly between this CA and the leaf, not counting self-issued ones
      const below = ch.path.slice(1, i).filter((x) => !x.selfIssued).length;
      if (below <= e.pathLength) return;
      out.push(
        finding(meta, {
          summary: `"${e.subject}" allows ${e.pathLength} intermediate CA(s) below it (pathlen:${e.pathLength}) but the chain has ${below}.`,
          evidence: [chainEvidence(ch, pathText(ch.path))],
          codes: ['0x800b0104', 'CERT_E_PATHLENCONST', 'PATH_LENGTH_EXCEEDED', 'ERR_CERT_INVALID'],
        }),
      );
    });
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
