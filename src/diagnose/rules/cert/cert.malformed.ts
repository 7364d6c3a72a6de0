// A part of a certificate that does not decode: a public key, a validity time, a name or an
// extension (RFC 5280 §4.1, §4.2). Clients reject the certificate; only re-issuing mends it.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { CertificateMalformation } from '../../../model/observations/x509.js';
import { certEvidence, certificates, chains, reissueFix, subjectText } from './shared/support.js';

const FIX_WHAT = 'from your CA (the certificate as issued is damaged: its bytes do not decode)';

const meta: RuleMeta = {
  id: 'cert.malformed',
  title: 'Malformed certificate',
  scenario: 'certificate',
  severity: 'blocker',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: [
    'RFC 5280 4.1 (Certificate fields)',
    'RFC 5280 4.2 (extensions)',
    'OpenSSL X509_V_ERR_INVALID_EXTENSION',
  ],
  fix: reissueFix(FIX_WHAT),
  confidence: 'certain',
  description:
    'A part of the certificate does not decode: its public key (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7), a validity time (§4.1.2.5), a name (§4.1.2.4, §4.1.2.6) or an extension (subjectAltName, cRLDistributionPoints, authorityInfoAccess, extKeyUsage, basicConstraints, authorityKeyIdentifier … §4.2). The bytes were damaged after signing (a copy, an editor, a transfer in text mode) or the issuer encoded it wrongly. Clients reject such a certificate (OpenSSL "invalid or inconsistent certificate extension", Windows CERT_E_MALFORMED, browsers ERR_CERT_INVALID); the signature no longer matches either. Re-issue the certificate (or take an intact copy of it from the CA) and install that one.',
};

/** "the certificate's subjectAltName extension", "the certificate's public key" … */
export function partText(m: CertificateMalformation): string {
  switch (m.part) {
    case 'version':
      return 'version';
    case 'extension':
      return `${m.name ?? m.oid ?? 'an'} extension`;
    case 'extensions':
      return 'extension list';
    case 'subjectPublicKeyInfo':
      return 'public key (SubjectPublicKeyInfo)';
    case 'validity':
      return 'validity time';
    case 'subject':
      return 'subject name';
    case 'issuer':
      return 'issuer name';
  }
}

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const c of certificates(set)) {
    const parts = c.malformed ?? [];
    if (parts.length === 0) continue;
    const what = parts.map((m) => `the certificate's ${partText(m)} is malformed`).join('; ');
    // an extra certificate that no path uses while every chain is trusted: clients never judge it
    const all = chains(set);
    const unused =
      !c.leaf && all.length > 0 && all.every((ch) => ch.trusted && ch.unused.includes(c.thumbprintSha1));
    out.push(
      finding(meta, {
        ...(unused ? { severity: 'low' as const } : {}),
        summary: unused
          ? `${subjectText(c)}: ${what}; it is on no path to the trusted root, so clients never use it: remove it from the bundle.`
          : `${subjectText(c)}: ${what}: clients will reject it.`,
        evidence: parts.map((m) =>
          certEvidence(c, `${partText(m)}${m.oid ? ` (${m.oid})` : ''}: ${m.detail}`),
        ),
        fix: c.leaf
          ? reissueFix(FIX_WHAT)
          : {
              steps: [
                `Replace "${subjectText(c)}" with an intact copy from its CA (the CA's download page or its AIA URL), and send or install that one.`,
              ],
            },
        subject: c.thumbprintSha1,
        codes: ['CERT_E_MALFORMED', 'X509_V_ERR_INVALID_EXTENSION', 'ERR_CERT_INVALID'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
