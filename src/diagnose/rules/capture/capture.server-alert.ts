// capture.server-alert: the server ended the handshake with a fatal alert that the more specific
// rules (version, suite) do not explain — unrecognized_name, illegal_parameter, decode_error …
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { alertText, fatalAlert } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

const EXPLAINED_ELSEWHERE = new Set([70, 40, 71]);

const HINTS: Record<number, string> = {
  112: 'the server has no certificate/site for the SNI name the client sent (or the client sent none)',
  47: 'the server disliked a value in the hello (a group, key share or extension)',
  50: 'the server could not parse the hello (a middlebox may have altered it, or the server is old)',
  80: 'the server hit an internal error (look at its log)',
  109: 'the server requires an extension the client did not send',
  120: 'the server requires ALPN and found no protocol in common',
  116: 'the server requires a client certificate',
  49: 'the server refused access (client certificate or policy)',
  86: 'the client fell back to a lower version and the server detected it (TLS_FALLBACK_SCSV)',
  90: "the server did not accept the client's certificate or key exchange",
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
  if (!a || EXPLAINED_ELSEWHERE.has(a.description)) return undefined;
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
    return groupedFindings(meta, meta.id, set, explain, (server, hits) => ({
      summary: `${countText(hits.length)} to ${server} ended with a fatal alert from the server: ${[...new Set(hits.map((h) => alertText(fatalAlert(h.c, 'server')!.description)))].join(', ')}.`,
    }));
  },
});
