// capture.server-alert: the server ended the handshake with a fatal alert that the more specific
// rules (version, suite) do not explain — unrecognized_name, illegal_parameter, decode_error …
import { AlertDescription } from '../../../wire/index.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { alertText, fatalAlert } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

const EXPLAINED_ELSEWHERE = new Set<number>([
  AlertDescription.protocol_version,
  AlertDescription.handshake_failure,
  AlertDescription.insufficient_security,
]);

const HINTS: Record<number, string> = {
  [AlertDescription.unrecognized_name]:
    'the server has no certificate/site for the SNI name the client sent (or the client sent none)',
  [AlertDescription.illegal_parameter]:
    'the server disliked a value in the hello (a group, key share or extension)',
  [AlertDescription.decode_error]:
    'the server could not parse the hello (a middlebox may have altered it, or the server is old)',
  [AlertDescription.internal_error]: 'the server hit an internal error (look at its log)',
  [AlertDescription.missing_extension]: 'the server requires an extension the client did not send',
  [AlertDescription.no_application_protocol]: 'the server requires ALPN and found no protocol in common',
  [AlertDescription.certificate_required]: 'the server requires a client certificate',
  [AlertDescription.access_denied]: 'the server refused access (client certificate or policy)',
  [AlertDescription.inappropriate_fallback]:
    'the client fell back to a lower version and the server detected it (TLS_FALLBACK_SCSV)',
  [AlertDescription.user_canceled]: "the server did not accept the client's certificate or key exchange",
};

export const FINDING_ID = 'capture.server-alert';

const meta: RuleMeta = {
  id: 'capture.server-alert',
  title: 'The server aborted the handshake with an alert',
  scenario: 'handshake',
  severity: 'high',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: ['RFC 8446 §6.2', 'RFC 6066 §3 (unrecognized_name)', 'RFC 7301 §3.2 (no_application_protocol)'],
  fix: {
    steps: [
      'Read the alert: it names what the server disliked (see the evidence for the alert and the hint).',
      'unrecognized_name (112): configure a certificate/site for the SNI name the client uses; no_application_protocol (120): align ALPN; certificate_required (116): give the client its certificate.',
      'Check the server log at the time of the alert for the detailed reason.',
    ],
  },
  description:
    'A fatal alert from the server that is not about versions or cipher suites (those have their own findings): the alert description and the message it followed say what went wrong.',
};

export const explain: Explainer = (c) => {
  const a = fatalAlert(c, 'server');
  // the answer to a malformed hello is capture.malformed-hello's
  if (!a || EXPLAINED_ELSEWHERE.has(a.description) || c.clientHello?.malformed !== undefined)
    return undefined;
  const hint = HINTS[a.description];
  return {
    reason:
      `the server sent ${alertText(a.description)} in frame ${a.frame} after the ${a.afterFrom ?? ''} ${a.after ?? 'hello'}${hint ? ` — ${hint}` : ''}`.replace(
        /  +/g,
        ' ',
      ),
    frames: [a.frame],
  };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, meta.id, set, explain, (server, hits, _ctx, count) => ({
      summary: `${countText(count)} to ${server} ended with a fatal alert from the server: ${[...new Set(hits.map((h) => alertText(fatalAlert(h.c, 'server')!.description)))].join(', ')}.`,
    }));
  },
});
