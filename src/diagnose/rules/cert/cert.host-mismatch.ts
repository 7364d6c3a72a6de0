// The host name clients use is not among the certificate's names (browser rules, no CN fallback).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { matchHost } from '../../../x509/hostname.js';
import { certEvidence, chains, leaves, reissueFix } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.host-mismatch',
  title: 'Host name not in the certificate',
  scenario: 'certificate',
  severity: 'blocker',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: ['RFC 6125 6.4', 'RFC 2818 3.1', 'CERT_E_CN_NO_MATCH 0x800b010f'],
  fix: reissueFix('whose Subject Alternative Name lists the host name clients use'),
  description:
    'The host name (`--host`, or the name the server was reached by) matches no Subject Alternative Name DNS/IP entry. Browsers match SAN entries only (the CN is ignored when a SAN exists), a wildcard covers exactly one label (*.example.com matches www.example.com, not example.com nor a.b.example.com), and an IP address must be an IP SAN entry. Windows: CERT_E_CN_NO_MATCH (0x800b010f); Chrome NET::ERR_CERT_COMMON_NAME_INVALID; Firefox SSL_ERROR_BAD_CERT_DOMAIN. On a server with several sites, also check that the right certificate is bound (SNI).',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const c of leaves(set)) {
    const host = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1)?.host;
    if (!host) continue;
    const m = matchHost(host, c.san, c.commonNames);
    if (m.matched) continue;
    const names = c.san
      ? [...c.san.dns.map((d) => `DNS:${d}`), ...c.san.ip.map((i) => `IP:${i}`)]
      : c.commonNames.map((n) => `CN=${n} (no SAN)`);
    out.push(
      finding(meta, {
        summary: `The certificate is for ${names.join(', ') || 'no name at all'}, not for "${m.host}"${wildcardHint(m.host, c.san?.dns ?? [])}.`,
        evidence: [certEvidence(c, `names: ${names.join(', ') || 'none'}; host checked: ${m.host}`)],
        fix: reissueFix('whose Subject Alternative Name lists the host name clients use', m.host),
        codes: [
          '0x800b010f',
          'CERT_E_CN_NO_MATCH',
          'ERR_CERT_COMMON_NAME_INVALID',
          'SSL_ERROR_BAD_CERT_DOMAIN',
          'ERR_TLS_CERT_ALTNAME_INVALID',
        ],
      }),
    );
  }
  return out;
}

function wildcardHint(host: string, dns: string[]): string {
  for (const d of dns) {
    if (!d.startsWith('*.')) continue;
    const base = d.slice(2);
    if (host === base)
      return ` (the wildcard ${d} does not cover the bare domain ${base}: add it as its own SAN entry)`;
    if (host.endsWith('.' + base)) return ` (the wildcard ${d} covers one label only, not ${host})`;
  }
  return '';
}

export const rule = defineRule({ meta, evaluate });
