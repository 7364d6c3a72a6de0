// A CA's name constraints (dNSName and iPAddress subtrees) exclude a name of a certificate below it.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { ipInSubnet } from '../../../x509/hostname.js';
import { chainEvidence, chains } from './shared/support.js';

const meta: RuleMeta = {
  id: 'chain.name-constraints',
  title: 'Name constraints violated',
  scenario: 'chain',
  severity: 'blocker',
  needs: ['x509.chain'],
  references: ['RFC 5280 4.2.1.10', 'CERT_E_INVALID_NAME 0x800b0114'],
  fix: {
    steps: [
      'Request the certificate from a CA allowed to issue for that name, or ask the CA owner to widen the name constraints.',
    ],
  },
  description:
    'A CA on the chain restricts the names it may certify (nameConstraints permitted/excluded subtrees) and a certificate below it has a SAN DNS name or IP address outside them. Clients reject the chain: Chrome NET::ERR_CERT_NAME_CONSTRAINT_VIOLATION, Windows CERT_E_INVALID_NAME (0x800b0114), OpenSSL "permitted subtree violation". dNSName and iPAddress constraints are evaluated; other name forms are not.',
};

/**
 * RFC 5280 4.2.1.10: "example.com" covers it and any subdomain; ".example.com" only subdomains.
 * A wildcard SAN is within a constraint when every name it covers is.
 */
export function withinDns(name: string, constraint: string): boolean {
  const n = name.toLowerCase().replace(/^\*\./, 'x.');
  const c = constraint.toLowerCase();
  if (c === '') return true;
  if (c.startsWith('.')) return n.endsWith(c);
  return n === c || n.endsWith('.' + c);
}

/**
 * Whether some name a SAN entry covers falls in an excluded subtree: a wildcard "*.example.com"
 * covers "bar.example.com", so an excluded "bar.example.com" excludes it (clients reject such a
 * chain: Go's crypto/x509 since CVE-2025-61727, x509-limbo cve::cve-2025-61727).
 */
export function touchesDns(name: string, constraint: string): boolean {
  if (withinDns(name, constraint)) return true;
  const n = name.toLowerCase();
  if (!n.startsWith('*.')) return false;
  const rest = n.slice(2);
  const c = constraint.toLowerCase();
  // ".example.com" holds only names below example.com: a one-label wildcard name is in it only
  // when withinDns said so
  if (c.startsWith('.') || !c.endsWith('.' + rest)) return false;
  return !c.slice(0, -rest.length - 1).includes('.');
}

const EVIDENCE_NAMES = 5;
const LISTED_SUBTREES = 10;

/** At most LISTED_SUBTREES subtrees, then how many more. */
function list(items: string[], none: string): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, LISTED_SUBTREES).join(', ');
  return items.length > LISTED_SUBTREES ? `${shown} … (${items.length} in all)` : shown;
}

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    ch.path.forEach((ca, i) => {
      const nc = ca.nameConstraints;
      if (i === 0 || !nc) return;
      const permittedIp = nc.permittedIp ?? [];
      const excludedIp = nc.excludedIp ?? [];
      // RFC 5280 6.1.3 (b): not applied to self-issued certificates, unless the certificate is
      // the final certificate in the path (a CA's key rollover)
      for (const [j, below] of ch.path.slice(0, i).entries()) {
        if (j > 0 && below.selfIssued) continue;
        const violations = [
          ...below.sanDns
            .filter(
              (name) =>
                !(nc.permittedDns.length === 0 || nc.permittedDns.some((c) => withinDns(name, c))) ||
                nc.excludedDns.some((c) => touchesDns(name, c)),
            )
            .map((name) => ({
              name: `DNS:${name}`,
              permitted: nc.permittedDns,
              excluded: nc.excludedDns,
            })),
          // iPAddress subtrees constrain iPAddress names only (RFC 5280 4.2.1.10)
          ...(below.sanIp ?? [])
            .filter(
              (ip) =>
                !(permittedIp.length === 0 || permittedIp.some((c) => ipInSubnet(ip, c))) ||
                excludedIp.some((c) => ipInSubnet(ip, c)),
            )
            .map((ip) => ({ name: `IP:${ip}`, permitted: permittedIp, excluded: excludedIp })),
        ];
        // one finding per constrained CA and certificate: a certificate with thousands of names
        // outside the constraints is one problem, with its first names as evidence
        const v = violations[0];
        if (v) {
          const more =
            violations.length > 1 ? ` (and ${violations.length - 1} more name(s) outside them)` : '';
          out.push(
            finding(meta, {
              summary: `"${ca.subject}" may only issue for ${list(v.permitted, 'any name')}${v.excluded.length ? ` except ${list(v.excluded, '')}` : ''}, but "${below.subject}" is for ${v.name.slice(v.name.indexOf(':') + 1)}${more}.`,
              evidence: violations
                .slice(0, EVIDENCE_NAMES)
                .map((x) =>
                  chainEvidence(
                    ch,
                    `name constraints of "${ca.subject}": permitted [${list(x.permitted, '')}] excluded [${list(x.excluded, '')}]; ${below.subject} has ${x.name}`,
                  ),
                ),
              codes: [
                '0x800b0114',
                'CERT_E_INVALID_NAME',
                'ERR_CERT_NAME_CONSTRAINT_VIOLATION',
                'PERMITTED_SUBTREE_VIOLATION',
                'EXCLUDED_SUBTREE_VIOLATION',
              ],
            }),
          );
        }
      }
    });
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
