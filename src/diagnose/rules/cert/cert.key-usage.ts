// Key Usage that does not fit the key type: no digitalSignature (needed by ECDHE and TLS 1.3),
// keyEncipherment on a non-RSA key.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certEvidence, chains, leaves, reissueFix, subjectText } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.key-usage',
  title: 'Key Usage does not fit TLS server use',
  scenario: 'certificate',
  severity: 'high',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: ['RFC 5280 4.2.1.3', 'RFC 5246 7.4.2', 'RFC 8446 4.4.2.2'],
  fix: reissueFix('with Key Usage digitalSignature (plus keyEncipherment for RSA)'),
  description:
    'The server certificate has a Key Usage extension without digitalSignature: ECDHE key exchange and every TLS 1.3 handshake need the key to sign, so only RSA key transport (TLS 1.2, no forward secrecy) can work, and ECDSA/Ed25519 certificates fail entirely. keyEncipherment on an ECDSA/Ed25519 key is meaningless and rejected by some clients. A certificate without the extension passes.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const c of leaves(set)) {
    if (c.keyUsage === null) continue;
    const ku = c.keyUsage;
    const host = chains(set).find((ch) => ch.leafThumbprint === c.thumbprintSha1)?.host;
    const rsa = c.keyType === 'rsa' || c.keyType === 'rsa-pss';
    let summary: string | undefined;
    let severity: 'high' | 'blocker' | 'low' = 'high';
    if (!ku.includes('digitalSignature')) {
      if (rsa && ku.includes('keyEncipherment'))
        summary = `${subjectText(c)} allows only keyEncipherment: TLS 1.3 and ECDHE handshakes fail; only TLS 1.2 RSA key exchange (no forward secrecy) works.`;
      else {
        summary = `${subjectText(c)} (${c.keyType}) lacks the digitalSignature key usage that a TLS server key needs: handshakes fail.`;
        severity = 'blocker';
      }
    } else if (!rsa && ku.includes('keyEncipherment')) {
      summary = `${subjectText(c)} has an ${c.keyType} key but claims keyEncipherment, which only RSA keys can do; some clients reject it.`;
      severity = 'low';
    }
    if (!summary) continue;
    out.push(
      finding(meta, {
        severity,
        summary,
        evidence: [certEvidence(c, `key usage: ${ku.join(', ') || 'none'}; key ${c.keyType}`)],
        fix: reissueFix('with Key Usage digitalSignature (plus keyEncipherment for RSA)', host),
        codes: ['0x800b0110', 'CERT_E_WRONG_USAGE', 'SEC_ERROR_INADEQUATE_KEY_USAGE'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
