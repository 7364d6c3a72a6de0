// The path search ends without reaching a root: the issuers given form a loop (cross-certificates
// that point back at each other) or the path exceeds the depth limit. No client can build a
// trusted path from what it was given, and the chain is neither "missing an intermediate" nor
// "an untrusted root": the chain file itself is wrong.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import policy from '../../../x509/policy.json' with { type: 'json' };
import { chainEvidence, chains, pathText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'chain.no-path',
  emits: ['chain.no-path'],
  title: 'No path to a root: the chain loops or is too long',
  scenario: 'chain',
  severity: 'blocker',
  needs: ['x509.chain'],
  uses: [],
  references: [
    'RFC 5280 6.1 (path validation)',
    'RFC 4158 (certification path building)',
    'CERT_E_CHAINING 0x800b010a',
  ],
  fix: {
    steps: [
      'Rebuild the chain file from the CA’s current chain download: the server certificate first, then each issuer in turn up to (not including) the root.',
      'Remove cross-certificates that lead back to a certificate already in the chain, and expired or replaced intermediates.',
      'Check the result offline before deploying it: tlsdoctor cert chain.pem --host <name>.',
    ],
    commands: [],
  },
  confidence: 'certain',
  description: `The path search from the server certificate never reaches a root: the issuers given form a loop (two CAs cross-signed by each other, each certificate's issuer is already on the path) or the path is longer than ${policy.maxChainDepth} certificates. Clients fail with CERT_E_CHAINING (0x800b010a), UNABLE_TO_GET_ISSUER_CERT, NET::ERR_CERT_AUTHORITY_INVALID. The fix is the chain file: leaf first, then each issuer up to the root, without cross-certificates that point back into the chain.`,
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    if (ch.trusted || (ch.end !== 'loop' && ch.end !== 'depth-limit')) continue;
    const top = ch.path[ch.path.length - 1];
    const why =
      ch.end === 'loop'
        ? `the issuer of "${top?.subject ?? '?'}" is already on the path: the certificates given issue each other in a loop and none leads to a root`
        : `the path reaches ${ch.path.length} certificates without a root (the limit is ${policy.maxChainDepth})`;
    const who = ch.served
      ? `The chain the server ${ch.from.origin} sends`
      : `The certificates of ${ch.from.origin}`;
    out.push(
      finding(meta, {
        summary: `${who} lead to no root: ${why}.`,
        evidence: [
          chainEvidence(ch, `${pathText(ch.path)} → ${ch.end === 'loop' ? 'back into the path' : '…'}`),
        ],
        codes: ['0x800b010a', 'CERT_E_CHAINING', 'ERR_CERT_AUTHORITY_INVALID'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
