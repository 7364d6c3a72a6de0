// A certificate past its notAfter (judged against the time the gatherer checked, never the clock).
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { CertificateObservation, ChainElement } from '../../../model/observations/x509.js';
import {
  certEvidence,
  certificates,
  chainEvidence,
  chains,
  days,
  pathText,
  reissueFix,
  subjectText,
} from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.expired',
  title: 'Certificate expired',
  scenario: 'certificate',
  severity: 'blocker',
  needs: ['x509.certificate'],
  uses: ['x509.chain'],
  references: ['RFC 5280 4.1.2.5', 'CERT_E_EXPIRED 0x800b0101'],
  fix: reissueFix('(renew it) and install it'),
  description:
    'A certificate (the server certificate or an intermediate) is past its "valid to" date. Every client refuses the chain: Windows CERT_E_EXPIRED (0x800b0101), Chrome NET::ERR_CERT_DATE_INVALID, Firefox SEC_ERROR_EXPIRED_CERTIFICATE, Node.js CERT_HAS_EXPIRED. An expired intermediate breaks the chain just the same: get the CA\'s current intermediate.',
};

/**
 * RFC 5280 4.1.2.5: the validity period runs "from notBefore through notAfter, inclusive", and both
 * are whole seconds: a certificate is still valid during the second its notAfter names.
 */
function expiredAt(notAfter: string, checkedAt: string): boolean {
  const now = Math.floor(Date.parse(checkedAt) / 1000) * 1000;
  return Date.parse(notAfter) < now;
}

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  const allChains = chains(set);
  for (const c of certificates(set)) {
    const now = Date.parse(c.checkedAt);
    const end = Date.parse(c.notAfter);
    if (!expiredAt(c.notAfter, c.checkedAt)) continue;
    const role = c.leaf
      ? 'The server certificate'
      : c.selfSigned
        ? 'The root certificate'
        : 'The intermediate certificate';
    const host = allChains.find((ch) => ch.leafThumbprint === c.thumbprintSha1)?.host;
    // an extra certificate that no trusted path needs (an old cross-signature beside the current
    // root) breaks only clients that follow the order sent instead of building their own path
    const bypassed =
      !c.leaf &&
      allChains.length > 0 &&
      allChains.every(
        (ch) =>
          ch.trusted &&
          !ch.path.some((e, i) => e.thumbprintSha1 === c.thumbprintSha1 && !crossCopyOfAnchor(ch.path, i)),
      );
    out.push(
      finding(meta, {
        ...(bypassed ? { severity: 'medium' as const } : {}),
        summary: bypassed
          ? `${role} ${subjectText(c)} expired on ${c.notAfter.slice(0, 10)} (${days(now - end)} days ago); the chain is trusted without it, but clients that follow the certificates in the order sent (OpenSSL 1.0.x, old Android) fail on it: remove it.`
          : `${role} ${subjectText(c)} expired on ${c.notAfter.slice(0, 10)} (${days(now - end)} days ago).`,
        evidence: [certEvidence(c, `valid ${c.notBefore} to ${c.notAfter}; checked at ${c.checkedAt}`)],
        fix: c.leaf
          ? reissueFix('(renew it) and install it', host)
          : {
              steps: [
                `Get the CA's current certificate to replace "${subjectText(c)}" and install it in its place (server chain file, or Windows Intermediate Certification Authorities store); remove the expired one.`,
              ],
            },
        codes: CODES,
      }),
    );
  }
  // a trust anchor past its notAfter: OpenSSL, Windows and Apple check the root's validity too
  const reported = new Set(certificates(set).map((c) => c.thumbprintSha1));
  for (const ch of allChains) {
    const at = set.of<CertificateObservation>('x509.certificate')[0]?.checkedAt;
    for (const e of ch.path) {
      if (e.source !== 'store' || reported.has(e.thumbprintSha1) || !at || e.notAfter === '') continue;
      if (!expiredAt(e.notAfter, at)) continue;
      reported.add(e.thumbprintSha1);
      out.push(
        finding(meta, {
          summary: `The trusted root ${e.subject} (${e.storeFile ?? e.store ?? 'trust store'}) expired on ${e.notAfter.slice(0, 10)} (${days(Date.parse(at) - Date.parse(e.notAfter))} days ago): the chain ends in an expired root.`,
          evidence: [
            chainEvidence(ch, `${pathText(ch.path)}; root valid to ${e.notAfter}; checked at ${at}`),
          ],
          fix: {
            steps: [
              `Replace the root "${e.subject}" in the trust store with its CA's current root, and get the server's chain re-issued under it if it was signed by the old one.`,
            ],
          },
          subject: e.thumbprintSha1,
          codes: CODES,
        }),
      );
    }
  }
  return out;
}

/**
 * The last element of a trusted path that is a provided certificate with the name and key of a
 * store root, issued by someone else (an old cross-signature of that root): path builders stop at
 * the trusted root itself (RFC 4158 3.5; OpenSSL's default X509_V_FLAG_TRUSTED_FIRST since 1.1.0)
 * and never judge the copy.
 */
function crossCopyOfAnchor(path: ChainElement[], i: number): boolean {
  const e = path[i]!;
  return i === path.length - 1 && e.source === 'provided' && e.store !== undefined && !e.selfIssued;
}

const CODES = [
  '0x800b0101',
  'CERT_E_EXPIRED',
  'ERR_CERT_DATE_INVALID',
  'SEC_ERROR_EXPIRED_CERTIFICATE',
  'CERT_HAS_EXPIRED',
];

export const rule = defineRule({ meta, evaluate });
