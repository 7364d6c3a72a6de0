// The path stops at a certificate whose issuer was neither provided nor in a store.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { chainEvidence, chains, pathText, servedChainFix } from './shared/support.js';
import { issuerGap } from './shared/issuer-gap.js';

const meta: RuleMeta = {
  id: 'chain.missing-intermediate',
  title: 'Missing intermediate certificate',
  scenario: 'chain',
  severity: 'blocker',
  needs: ['x509.chain'],
  references: [
    'RFC 5246 7.4.2 (certificate_list)',
    'RFC 8446 4.4.2',
    'CERT_E_CHAINING 0x800b010a',
    'RFC 5280 4.2.2.1 (AIA caIssuers)',
  ],
  fix: servedChainFix(undefined, []),
  description:
    'The chain stops at the server certificate (or at an intermediate whose issuer the AIA URL shows to be another intermediate) whose issuer is neither among the certificates given (or sent by the server) nor in a trust store: the intermediate is missing. Browsers that fetch it from the AIA URL (Chrome/Edge on Windows) work, others (Firefox without a cached copy, Java, curl, Node.js, Android apps) fail with NET::ERR_CERT_AUTHORITY_INVALID, SEC_ERROR_UNKNOWN_ISSUER, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, CERT_E_CHAINING. The server must send leaf + intermediates. The missing issuer is named with its AIA URL; with --fetch-aia tlsdoctor downloads it to name it exactly and to say whether the chain then completes. When the top certificate sent is itself a CA, or the absent issuer is a root, the missing piece is a root the client does not trust: that is chain.untrusted-root, fixed on the clients.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const ch of chains(set)) {
    const gap = issuerGap(ch);
    // an absent root is chain.untrusted-root: the fix is on the clients, not the server
    if (!gap || gap.absent !== 'intermediate' || !ch.missingIssuer) continue;
    const last = gap.top;
    const mi = ch.missingIssuer;
    const aia = mi.aiaCaIssuers.length
      ? ` It is published at ${mi.aiaCaIssuers.join(', ')}.`
      : ' The certificate names no AIA URL for it.';
    let fetched = '';
    if (ch.aia) {
      const ok = ch.aia.fetched.filter((f) => f.status === 'ok');
      const failed = ch.aia.fetched.filter((f) => f.status === 'failed');
      if (ok.length) {
        const anchor = ch.aia.path[ch.aia.path.length - 1];
        const outcome = ch.aia.trusted
          ? `with it the chain is complete and trusted (${anchor?.store ?? 'store'})`
          : ch.aia.end === 'self-signed'
            ? `with it the chain ends in the untrusted root "${anchor?.subject}"`
            : 'the chain is still incomplete';
        fetched = ` Downloaded (--fetch-aia) ${ok.map((f) => `"${f.subject}" (thumbprint ${f.thumbprintSha1}) from ${f.url}${f.fetchedFrom ? ` (redirected to ${f.fetchedFrom})` : ''}`).join(', ')}: ${outcome}.`;
      }
      if (failed.length)
        fetched += ` Downloading failed: ${failed.map((f) => `${f.url}: ${f.error}`).join('; ')}.`;
    }
    const who = ch.served ? `The server ${ch.from.origin} does not send` : 'The files given do not contain';
    out.push(
      finding(meta, {
        summary: `${who} the intermediate "${mi.name}" that issued "${last.subject}", and no trust store has it.${aia}${fetched}`,
        evidence: [
          chainEvidence(
            ch,
            `${pathText(ch.path)} → ? "${mi.name}"${mi.authorityKeyId ? ` (key id ${mi.authorityKeyId})` : ''}`,
          ),
          chainEvidence(ch, `an intermediate, not a root, is absent: ${gap.because}`),
          ...(ch.aia?.fetched.some((f) => f.status === 'ok')
            ? [chainEvidence(ch, `completed with AIA downloads: ${pathText(ch.aia.path)}`)]
            : []),
        ],
        fix: ch.served
          ? servedChainFix(mi.name, mi.aiaCaIssuers)
          : {
              steps: [
                `Get "${mi.name}"${mi.aiaCaIssuers.length ? ` from ${mi.aiaCaIssuers.join(', ')}` : ' from your CA (the chain / CA bundle download)'}.`,
                'Add it after the server certificate in the chain file (leaf first), or include it in the PFX export ("Include all certificates in the certification path").',
                ...servedChainFix(mi.name, mi.aiaCaIssuers).steps.slice(1),
              ],
              commands: servedChainFix(mi.name, mi.aiaCaIssuers).commands ?? [],
            },
        codes: [
          '0x800b010a',
          'CERT_E_CHAINING',
          'ERR_CERT_AUTHORITY_INVALID',
          'SEC_ERROR_UNKNOWN_ISSUER',
          'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
          'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        ],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
