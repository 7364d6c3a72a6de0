// Certificates given (or sent) that belong to no path of the server certificate.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certBySha1, chains, describe } from './shared/support.js';

const meta: RuleMeta = {
  id: 'chain.extra-certificates',
  title: 'Unrelated extra certificates in the chain',
  scenario: 'chain',
  severity: 'low',
  needs: ['x509.chain'],
  uses: ['x509.certificate'],
  references: ['RFC 8446 4.4.2', 'RFC 5246 7.4.2'],
  fix: {
    steps: [
      "Remove the certificates that are not part of the server certificate's chain from the chain file (or from the Windows stores the server builds its chain from).",
    ],
  },
  description:
    "Some certificates given (or sent by the server) are on no path from the server certificate to a root: an old intermediate, another site's certificate, a second leaf. They waste handshake bytes, and some clients (older Java, some embedded stacks) build the wrong path or fail. Typical after a CA changed its intermediate and both were left in the bundle.",
};

function evaluate(set: ObservationSet): Finding[] {
  const ch = chains(set)[0];
  if (!ch || ch.unused.length === 0) return [];
  const extra = ch.unused.map((t) => certBySha1(set, t) ?? { subject: '?', thumbprintSha1: t });
  return [
    finding(meta, {
      summary: `${ch.served ? `The server ${ch.from.origin} sends` : 'The files given hold'} ${extra.length} certificate(s) that are on no path of the server certificate: ${extra.map(describe).join(', ')}.`,
      evidence: extra.map((c) => ({
        from: 'from' in c ? c.from : ch.from,
        text: `${describe(c)} is not an issuer on the chain`,
      })),
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
