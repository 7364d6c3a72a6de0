// handshake.malformed-client-hello: the client's ClientHello does not parse (a length that overruns
// its vector, an extension cut short …). What fixed positions show is kept (version, random, cipher
// suites, SNI where intact); the server's answer (typically decode_error or illegal_parameter) follows
// from it, so this explains the failure before any rule that reads the answer alone.
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { alertText } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

export const FINDING_ID = 'handshake.malformed-client-hello';

const meta: RuleMeta = {
  id: 'capture.malformed-hello',
  emits: [FINDING_ID],
  title: 'The client sent a malformed ClientHello',
  scenario: 'handshake',
  severity: 'high',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: [
    'RFC 8446 §4.1.2 (ClientHello)',
    'RFC 8446 §6.2 (decode_error: a message could not be decoded because some field was out of the specified range or the length was incorrect)',
    'RFC 5246 §7.4.1.2',
  ],
  fix: {
    steps: [
      'The ClientHello on the wire does not decode (the reason names the field and its offset): the server can only refuse it (decode_error 50 or illegal_parameter 47) or drop the connection.',
      'Update the client or its TLS library; if the client is fine elsewhere, look for a device in the path that rewrites the hello (TLS inspection, a load balancer adding or trimming extensions) — capture on both sides of it and compare the hello.',
    ],
    commands: [],
  },
  confidence: 'certain',
  description:
    "The ClientHello does not parse: a length field overruns its vector, an extension is cut short, a vector has an odd or out-of-range length. The capture keeps what fixed positions show (legacy_version, random, cipher suites when that vector is whole, SNI and supported_versions from whole extensions) and names the first field that fails with its offset; the server's answer (alert, reset, close) is quoted after it.",
};

export const explain: Explainer = (c) => {
  const m = c.clientHello?.malformed;
  if (m === undefined || c.handshakeEnd === 'complete') return undefined;
  const a = c.alerts.find((x) => x.from === 'server' && x.level === 2);
  const answer = a
    ? `; the server answered ${alertText(a.description)} in frame ${a.frame}`
    : c.tcp.reset?.by === 'server'
      ? `; the server reset the connection in frame ${c.tcp.reset.frame}`
      : c.tcp.serverFin
        ? `; the server closed the connection in frame ${c.tcp.serverFin.frame}`
        : '';
  return {
    reason: `the client sent a malformed ClientHello: ${m}${answer}`,
    frames: [c.clientHello!.frame, ...(a ? [a.frame] : [])],
  };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits, _ctx, count) => ({
      summary: `${countText(count)} to ${server}: the client sent a ClientHello that does not decode${hits[0]!.c.clientHello?.sni ? ` (SNI ${hits[0]!.c.clientHello.sni})` : ''}.`,
      codes: ['SSL_R_DECODE_ERROR', 'SEC_ERROR_BAD_DER'],
    }));
  },
});
