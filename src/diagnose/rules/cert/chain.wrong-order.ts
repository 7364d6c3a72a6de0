// The certificates are not in chain order (leaf first, each followed by its issuer).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certBySha1, chainEvidence, chains } from './shared/support.js';

const meta: RuleMeta = {
  id: 'chain.wrong-order',
  title: 'Chain in the wrong order',
  scenario: 'chain',
  severity: 'medium',
  needs: ['x509.chain'],
  uses: ['x509.certificate'],
  references: ['RFC 5246 7.4.2 ("the sender\'s certificate MUST come first")', 'RFC 8446 4.4.2'],
  fix: {
    steps: [
      'Put the server certificate first, then the intermediate that issued it, then the next one up (the root is optional).',
    ],
    commands: [{ platform: 'shell', command: 'cat server.crt intermediate.crt > fullchain.pem' }],
  },
  description:
    'The certificates of one chain file, or of the chain a server sends, are not in order: the server certificate first, then each issuer. TLS 1.2 requires the sender\'s certificate first and each following one to certify the one before; many clients rebuild the path anyway, but older Java, OpenSSL < 1.1 and embedded clients fail, and nginx refuses a file that starts with an intermediate ("key values mismatch"). Not checked across separate files.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    if (ch.orderSource === 'files') continue;
    const name = (t: string) => `"${certBySha1(set, t)?.subject ?? t}"`;
    if (ch.served) {
      // a server whose first certificate is a CA while a server certificate follows: clients take the CA as the server's
      const first = certBySha1(set, ch.providedOrder[0] ?? '');
      const realLeaf = ch.providedOrder
        .slice(1)
        .map((t) => certBySha1(set, t))
        .find((c) => c && c.basicConstraints?.ca !== true);
      if (first?.basicConstraints?.ca === true && realLeaf) {
        out.push(
          finding(meta, {
            severity: 'high',
            summary: `The server ${ch.from.origin} sends the CA certificate ${name(first.thumbprintSha1)} first and its own certificate ${name(realLeaf.thumbprintSha1)} later: the server certificate must come first.`,
            evidence: [chainEvidence(ch, `sent order: ${ch.providedOrder.map(name).join(' , ')}`)],
          }),
        );
        continue;
      }
    }
    const onPath = ch.path.filter((e) => e.source === 'provided').map((e) => e.thumbprintSha1);
    const given = ch.providedOrder.filter((t) => onPath.includes(t));
    if (given.join() === onPath.join()) continue;
    const leafFirst = ch.providedOrder[0] === ch.leafThumbprint;
    out.push(
      finding(meta, {
        severity: leafFirst ? 'medium' : 'high',
        summary: `${ch.served ? `The server ${ch.from.origin} sends` : `${ch.from.origin} holds`} the chain as ${given.map(name).join(', ')}; the order must be ${onPath.map(name).join(', ')}${leafFirst ? '' : ' — the server certificate must come first'}.`,
        evidence: [chainEvidence(ch, `given order: ${given.map(name).join(' , ')}`)],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
