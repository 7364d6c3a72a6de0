// MD5/SHA-1 (and older) signatures on certificates other than a self-signed root.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, certificates, policyOf, reissueFix, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.weak-signature',
  title: 'Weak signature algorithm (MD5/SHA-1)',
  scenario: 'certificate',
  severity: 'high',
  needs: ['x509.certificate'],
  uses: ['x509.policy'],
  references: [
    'https://security.googleblog.com/2014/09/gradually-sunsetting-sha-1.html',
    'RFC 6151 (MD5)',
    'CA/B Forum BR 7.1.3.2',
  ],
  fix: reissueFix('signed with SHA-256'),
  description:
    'A certificate (other than a self-signed root, whose own signature nobody checks) is signed with MD5 or SHA-1. Browsers refuse SHA-1 server and intermediate certificates (NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM), OpenSSL 3 at its default security level rejects them, Windows blocks SHA-1 for TLS server authentication.',
};

function evaluate(set: ObservationSet): Finding[] {
  const weak = policyOf(set).weakSignatureHashes;
  const out: Finding[] = [];
  for (const c of certificates(set)) {
    const hash = c.signatureAlgorithm.hash;
    if (!hash || !weak.includes(hash) || c.selfSigned) continue;
    const broken = hash === 'md5' || hash === 'md2' || hash === 'md4';
    out.push(
      finding(meta, {
        severity: broken ? 'blocker' : 'high',
        summary: `${subjectText(c)} is signed with ${c.signatureAlgorithm.name}: ${broken ? 'MD5-family signatures are forgeable and refused everywhere' : 'browsers and OpenSSL 3 refuse SHA-1 signed certificates'}.`,
        evidence: [
          certEvidence(c, `signature algorithm ${c.signatureAlgorithm.name} (${c.signatureAlgorithm.oid})`),
        ],
        fix: c.leaf
          ? reissueFix('signed with SHA-256')
          : {
              steps: [
                `Replace "${subjectText(c)}" with the CA's SHA-256 signed version of the intermediate.`,
              ],
            },
        codes: [
          'ERR_CERT_WEAK_SIGNATURE_ALGORITHM',
          'SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED',
          'CA_MD_TOO_WEAK',
        ],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
