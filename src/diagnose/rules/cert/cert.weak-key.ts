// RSA below the policy minimum, DSA, or an elliptic curve outside the allowed set.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, certificates, policyOf, reissueFix, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.weak-key',
  title: 'Weak public key',
  scenario: 'certificate',
  severity: 'high',
  needs: ['x509.certificate'],
  uses: ['x509.policy'],
  references: ['CA/B Forum BR 6.1.5', 'NIST SP 800-131A', 'OpenSSL SECLEVEL'],
  fix: reissueFix('with a new 2048-bit (or larger) RSA key or a P-256 key'),
  description:
    'The certificate\'s public key is too weak: RSA below 2048 bits (policy.json minRsaBits), DSA (no longer accepted by browsers or TLS 1.3), or an elliptic curve browsers do not support (only P-256, P-384, P-521 and Ed25519 are accepted here). Browsers report NET::ERR_CERT_WEAK_KEY; OpenSSL 3 refuses RSA < 2048 ("ee key too small").',
};

function evaluate(set: ObservationSet): Finding[] {
  const p = policyOf(set);
  const out: Finding[] = [];
  for (const c of certificates(set)) {
    let why: string | undefined;
    let blocker = false;
    if (c.keyType === 'rsa' || c.keyType === 'rsa-pss') {
      if ((c.keyBits ?? 0) < p.minRsaBits) {
        why = `RSA ${c.keyBits ?? '?'} bits is below the ${p.minRsaBits}-bit minimum`;
        blocker = (c.keyBits ?? 0) < 1024;
      }
    } else if (c.keyType === 'dsa') {
      why = `DSA ${c.keyBits ?? ''} keys are not accepted by browsers or TLS 1.3`;
      blocker = true;
    } else if (c.keyType === 'ec') {
      if (c.curve?.startsWith('explicit parameters'))
        why = `the key spells out its curve parameters (${c.curve}) instead of naming the curve; RFC 5480 2.1.1 forbids that and Chrome rejects it`;
      else if (!c.curve || !p.allowedCurves.includes(c.curve))
        why = `the curve ${c.curve ?? 'unknown'} is not one browsers accept (${p.allowedCurves.filter((x) => x.startsWith('P-')).join(', ')})`;
    }
    if (!why) continue;
    out.push(
      finding(meta, {
        severity: blocker ? 'blocker' : 'high',
        summary: `${subjectText(c)}: ${why}.`,
        evidence: [
          certEvidence(
            c,
            `public key ${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}${c.curve ? ` ${c.curve}` : ''}`,
          ),
        ],
        fix: c.leaf
          ? reissueFix('with a new 2048-bit (or larger) RSA key or a P-256 key')
          : { steps: [`Replace "${subjectText(c)}" with a CA certificate with a strong key.`] },
        codes: ['ERR_CERT_WEAK_KEY', 'EE_KEY_TOO_SMALL', 'CA_KEY_TOO_SMALL'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
