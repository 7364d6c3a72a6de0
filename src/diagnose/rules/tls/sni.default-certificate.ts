// Clients that send no server_name get another certificate than the site's: which one, and what
// fails for them (name mismatch, trust, expiry).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { SniDefaultObservation } from '../../../model/observations/probe.js';
import type { CertificateObservation } from '../../../model/observations/x509.js';

const meta: RuleMeta = {
  id: 'sni.default-certificate',
  emits: ['sni.default-certificate'],
  title: 'Clients without SNI get a different certificate',
  scenario: 'sni',
  severity: 'medium',
  needs: ['probe.sni-default', 'x509.certificate'],
  uses: [],
  references: [
    'RFC 6066 §3 (server_name)',
    'nginx: listen … default_server',
    'Apache: the first <VirtualHost *:443> is the default',
    'IIS: https binding without host name / Require Server Name Indication',
  ],
  fix: {
    steps: [
      'Decide which certificate clients without SNI should get (old clients, scripts and monitoring probes, connections by IP address) and make the site they must reach the default one, with a certificate that names it.',
      "nginx: put `listen 443 ssl default_server;` in the server block of the site; Apache: make its <VirtualHost *:443> the first one loaded; IIS/HTTP.sys: bind the site's certificate to the IP-based (0.0.0.0:443) binding as well as the host-name one.",
      'Or give the default site a certificate that also names this host (a SAN entry), or renew the default certificate when it is expired.',
    ],
    commands: [
      { platform: 'nginx', command: 'listen 443 ssl default_server;' },
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
    ],
  },
  confidence: 'certain',
  description:
    "A full handshake without server_name gets another leaf certificate than the handshake with the site name: the default site's. Browsers always send SNI and do not notice; clients that send none — very old clients (Windows XP, Android 2), some scripts and health checks, TLS libraries configured without a host name, connections by IP address — get the default certificate and fail when it does not name this host, is not trusted or has expired. The finding names both certificates and what fails; it is low when the default certificate would work for this name too.",
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  const siteLeaf = set.of<CertificateObservation>('x509.certificate').find((c) => c.served && c.leaf);
  for (const d of set.of<SniDefaultObservation>('probe.sni-default')) {
    const leaf = d.leaf;
    if (!leaf || !siteLeaf || leaf.thumbprintSha1 === siteLeaf.thumbprintSha1) continue;
    const fails: string[] = [];
    const codes: string[] = [];
    if (!leaf.coversName) {
      codes.push('ERR_CERT_COMMON_NAME_INVALID', 'CERT_E_CN_NO_MATCH', 'ERR_TLS_CERT_ALTNAME_INVALID');
      const names = leaf.san ? [...leaf.san.dns, ...leaf.san.ip] : [];
      fails.push(
        `it does not name ${d.serverName}${names.length ? ` (it names ${names.slice(0, 4).join(', ')}${names.length > 4 ? ' …' : ''})` : ''}`,
      );
    }
    if (!leaf.trusted) codes.push('ERR_CERT_AUTHORITY_INVALID', 'CERT_E_UNTRUSTEDROOT');
    if (!leaf.trusted)
      fails.push(
        leaf.selfSigned
          ? 'it is self-signed'
          : leaf.chainEnd === 'issuer-missing'
            ? 'its chain is incomplete or ends at a root no store searched trusts'
            : 'its chain is not trusted',
      );
    const left = Math.floor((Date.parse(leaf.notAfter) - Date.parse(leaf.checkedAt)) / 86_400_000);
    if (left < 0) {
      fails.push(`it expired on ${leaf.notAfter.slice(0, 10)}`);
      codes.push('ERR_CERT_DATE_INVALID', 'CERT_E_EXPIRED');
    }
    const what = fails.length
      ? `they fail: ${fails.join('; ')}`
      : `it would also be accepted for ${d.serverName}`;
    out.push(
      finding(meta, {
        subject: d.result.port ? `${d.result.address}:${d.result.port}` : d.from.origin,
        ...(fails.length ? {} : { severity: 'low' as const }),
        summary: `Clients that send no SNI (old clients, access by IP, some health checks) get "${leaf.subject}" (thumbprint ${leaf.thumbprintSha1}) instead of the site's "${siteLeaf.subject}" (thumbprint ${siteLeaf.thumbprintSha1}); ${what}.`,
        evidence: [
          {
            from: d.from,
            text: `full handshake without SNI: leaf "${leaf.subject}", issuer "${leaf.issuer}", SAN ${leaf.san ? [...leaf.san.dns.map((x) => `DNS:${x}`), ...leaf.san.ip.map((x) => `IP:${x}`)].join(', ') || 'empty' : 'none'}, valid until ${leaf.notAfter}, ${leaf.trusted ? 'trusted' : 'not trusted'}`,
          },
          {
            from: siteLeaf.from,
            text: `with SNI ${d.serverName}: leaf "${siteLeaf.subject}" (thumbprint ${siteLeaf.thumbprintSha1})`,
          },
        ],
        codes,
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
