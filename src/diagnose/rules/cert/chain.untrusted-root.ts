// The path ends at a self-signed root that is in none of the trust stores searched.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding, Fix } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { chainEvidence, chains, leaves, pathText, trustRootFix } from './shared/support.js';
import { issuerGap } from './shared/issuer-gap.js';

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
    "The chain ends at a root the client does not trust: either the server sends the path up to a self-signed root that is in none of the stores searched, or it sends leaf + intermediate(s) and the root above the top CA is absent from every store (the enterprise-CA case: servers rightly leave the root out). The chain is complete up to a root, but that root is in none of the stores searched (Node.js's bundled Mozilla roots, the system store, the --ca files). Clients that do not have it fail with CERT_E_UNTRUSTEDROOT (0x800b0109), NET::ERR_CERT_AUTHORITY_INVALID, SELF_SIGNED_CERT_IN_CHAIN. Typical for an enterprise or test CA: install the root on the clients (certutil -addstore Root root.cer, Import-Certificate … Cert:\\LocalMachine\\Root, update-ca-certificates), or use a publicly trusted CA.",
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    const stores = ch.stores
      .map((s) => `${s.name}${s.file ? ` (${s.file})` : ''}: ${s.certificates}`)
      .join(', ');
    const gap = issuerGap(ch);
    if (gap?.absent === 'root' && ch.missingIssuer) {
      const mi = ch.missingIssuer;
      const who = ch.served ? `${ch.from.origin} sends a chain that` : 'The chain given';
      out.push(
        finding(meta, {
          summary: `${who} ends at "${gap.top.subject}", whose issuer "${mi.name}" is neither sent (rightly: servers leave the root out) nor trusted here: most likely a private (enterprise) root. Clients without it fail with CERT_E_UNTRUSTEDROOT (0x800b0109); clients that trust it work.`,
          evidence: [
            chainEvidence(
              ch,
              `${pathText(ch.path)} → ? "${mi.name}"${mi.authorityKeyId ? ` (key id ${mi.authorityKeyId})` : ''}; stores searched: ${stores || 'none'}`,
            ),
            chainEvidence(ch, `a root, not an intermediate, is absent: ${gap.because}`),
          ],
          fix: privateRootFix(mi.name, ch.served, mi.aiaCaIssuers),
          codes: [
            '0x800b0109',
            'CERT_E_UNTRUSTEDROOT',
            'ERR_CERT_AUTHORITY_INVALID',
            'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
            'SEC_ERROR_UNKNOWN_ISSUER',
          ],
        }),
      );
      continue;
    }
    // a lone self-signed server certificate is cert.self-signed; a lone root given to check is reported here
    if (
      ch.end !== 'self-signed' ||
      (ch.path.length < 2 && leaves(set).some((c) => c.thumbprintSha1 === ch.leafThumbprint))
    )
      continue;
    const root = ch.path[ch.path.length - 1]!;
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

/**
 * Trusting a root the server does not send: get it from the CA (or the AIA URL), install it on the
 * clients; checking with --ca first shows whether that is all that is wrong.
 */
function privateRootFix(root: string, served: boolean, aia: string[]): Fix {
  const base = trustRootFix(root, served);
  return {
    steps: [
      `Get the root certificate "${root}" from the CA that issued it${aia.length ? ` (published at ${aia.join(', ')})` : ' (Active Directory Certificate Services: certutil -ca.cert root.cer on the CA)'}, and check that it is the root you expect: run tlsdoctor again with --ca root.cer — the chain must then be trusted.`,
      ...base.steps.slice(1),
      'Domain clients: publish it with Group Policy (Computer Configuration → Policies → Windows Settings → Security Settings → Public Key Policies → Trusted Root Certification Authorities) or certutil -dspublish -f root.cer RootCA.',
      "Do not add the root to the server's chain file: a client only trusts a root it already has.",
    ],
    commands: [
      ...(base.commands ?? []),
      {
        platform: 'macos',
        command:
          'sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain root.cer',
      },
    ],
  };
}

export const rule = defineRule({ meta, evaluate });
