// cipher.no-common-suite from a capture: handshake_failure (or insufficient_security) straight after
// the ClientHello, no ServerHello.
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { alertText, fatalAlert, otherSuccesses, suiteList } from './shared/describe.js';
import { cipherSuiteName } from '../../../wire/registry/index.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

/** the finding id, shared with the live probe's rule */
export const FINDING_ID = 'cipher.no-common-suite';

const meta: RuleMeta = {
  id: 'capture.no-common-suite',
  emits: [FINDING_ID],
  title: 'Client and server have no cipher suite in common',
  scenario: 'cipher',
  severity: 'blocker',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: [
    'RFC 5246 §7.4.1.3',
    'RFC 8446 §4.1.1',
    'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    'SEC_E_ALGORITHM_MISMATCH 0x80090331',
  ],
  confidence: 'likely',
  fix: {
    steps: [
      'Enable at least one cipher suite the client offers on the server (prefer ECDHE with AES-GCM or ChaCha20-Poly1305), or update the client.',
      "On Windows, check the cipher suite order policy (Get-TlsCipherSuite) and that the certificate's key type matches the enabled suites (an ECDSA certificate needs ECDSA suites).",
    ],
    commands: [
      {
        platform: 'nginx',
        command:
          'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384;',
      },
      { platform: 'powershell', command: 'Get-TlsCipherSuite | Format-Table Name' },
    ],
  },
  description:
    'A ClientHello answered at once by a handshake_failure or insufficient_security alert, with no ServerHello, is how servers say they share no cipher suite (or no usable group/signature algorithm) with the client. The finding compares the offered list with what the same server chose for other clients in the capture.',
};

export const explain: Explainer = (c, ctx) => {
  const ch = c.clientHello;
  const a = fatalAlert(c, 'server');
  if (!ch || c.serverHello || !a || (a.description !== 40 && a.description !== 71)) return undefined;
  const others = otherSuccesses(ctx.all, c);
  const chosen = [...new Set(others.map((o) => o.serverHello!.cipherSuite))];
  const overlap = chosen.filter((s) => ch.cipherSuites.includes(s));
  const cmp =
    chosen.length === 0
      ? ''
      : overlap.length === 0
        ? `; with other clients it chose ${chosen.map(cipherSuiteName).join(', ')}, which this client did not offer`
        : `; with other clients it chose ${overlap.map(cipherSuiteName).join(', ')}, which this client did offer — so the refusal is about something else in the hello (groups, signature algorithms, SNI)`;
  return {
    reason: `client offered ${ch.cipherSuites.length} suites (${suiteList(ch.cipherSuites, 4)}); the server answered ${alertText(a.description)} in frame ${a.frame}${cmp}`,
    frames: [ch.frame, a.frame],
    confidence:
      chosen.length > 0 && overlap.length === 0 ? 'certain' : overlap.length > 0 ? 'possible' : 'likely',
  };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits) => ({
      summary: `${countText(hits.length)} to ${server} failed with ${alertText(fatalAlert(hits[0]!.c, 'server')!.description)} right after the ClientHello: the server found no cipher suite it accepts in the client's offer (${suiteList(hits[0]!.c.clientHello!.cipherSuites, 3)}).`,
      codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SEC_E_ALGORITHM_MISMATCH'],
    }));
  },
});
