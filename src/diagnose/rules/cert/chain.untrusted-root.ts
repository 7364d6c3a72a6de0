// The path ends at a self-signed root that is in none of the trust stores searched.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { chainEvidence, chains, leaves, pathText, trustRootFix } from './shared/support.js';

const meta: RuleMeta = {
  id: 'chain.untrusted-root',
  title: 'Chain ends in an untrusted root (CERT_E_UNTRUSTEDROOT)',
  scenario: 'chain',
  severity: 'blocker',
  needs: ['x509.chain'],
  uses: ['x509.certificate'],
  references: [
    'RFC 5280 6.1',
    'CERT_E_UNTRUSTEDROOT 0x800b0109',
    'https://learn.microsoft.com/windows-server/administration/windows-commands/certutil#-addstore',
  ],
  fix: trustRootFix('the root certificate', false),
  description:
    "The chain is complete up to a self-signed root, but that root is in none of the stores searched (Node.js's bundled Mozilla roots, the system store, the --ca files). Clients that do not have it fail with CERT_E_UNTRUSTEDROOT (0x800b0109), NET::ERR_CERT_AUTHORITY_INVALID, SELF_SIGNED_CERT_IN_CHAIN. Typical for an enterprise or test CA: install the root on the clients (certutil -addstore Root root.cer, Import-Certificate … Cert:\\LocalMachine\\Root, update-ca-certificates), or use a publicly trusted CA.",
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    // a lone self-signed server certificate is cert.self-signed; a lone root given to check is reported here
    if (
      ch.end !== 'self-signed' ||
      (ch.path.length < 2 && leaves(set).some((c) => c.thumbprintSha1 === ch.leafThumbprint))
    )
      continue;
    const root = ch.path[ch.path.length - 1]!;
    const stores = ch.stores
      .map((s) => `${s.name}${s.file ? ` (${s.file})` : ''}: ${s.certificates}`)
      .join(', ');
    out.push(
      finding(meta, {
        summary: `The chain ends in the root "${root.subject}" (thumbprint ${root.thumbprintSha1}), which is not trusted: it is in none of the stores searched. Clients without it fail with CERT_E_UNTRUSTEDROOT (0x800b0109).`,
        evidence: [chainEvidence(ch, `${pathText(ch.path)}; stores searched: ${stores || 'none'}`)],
        fix: trustRootFix(root.subject, ch.served),
        codes: [
          '0x800b0109',
          'CERT_E_UNTRUSTEDROOT',
          'ERR_CERT_AUTHORITY_INVALID',
          'SELF_SIGNED_CERT_IN_CHAIN',
          'SEC_ERROR_UNKNOWN_ISSUER',
        ],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
