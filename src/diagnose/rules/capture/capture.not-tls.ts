// handshake.not-tls from a capture, where no handshake attempt shows it: the client spoke plain text
// to a TLS port (typically plain HTTP to 443), or non-TLS bytes came on a connection without a
// ClientHello. A server answering a ClientHello with bytes that are not TLS is judged by the rule
// that judges the probes too, handshake.not-tls (src/diagnose/rules/tls/).
import type { ObservationSet } from '../../../model/observation.js';
import { upgradeRefused } from './shared/describe.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

/** the finding id, shared with the live probe's rule */
export const FINDING_ID = 'handshake.not-tls';

const meta: RuleMeta = {
  id: 'capture.not-tls',
  emits: [FINDING_ID],
  title: 'The port does not speak TLS',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: ['RFC 8446 §5.1', 'ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG'],
  fix: {
    steps: [
      'The service on this port answered the ClientHello with something other than TLS: it is a plain-text listener (HTTP, SMTP …) or a proxy that expects CONNECT.',
      'Point the client at the TLS port, or enable TLS on this listener (nginx: `listen 443 ssl;`; IIS: add an https binding with a certificate).',
    ],
    commands: [{ platform: 'nginx', command: 'listen 443 ssl;' }],
  },
  description:
    'The client sent bytes that are not a TLS record to a TLS server — the capture shows them (often "GET / HTTP/1.1": plain HTTP to the HTTPS port) — or non-TLS bytes came on a connection where no ClientHello was seen. A server answering a ClientHello with non-TLS bytes is reported by handshake.not-tls itself.',
};

export const explain: Explainer = (c) => {
  const n = c.notTls;
  // a server's answer to a ClientHello is a handshake attempt: handshake.not-tls judges it
  if (!n || (n.from === 'server' && c.clientHello)) return undefined;
  // a session that asked to start TLS and did not get it is the server's refusal, not a plain-text client
  if (upgradeRefused(c)) return undefined;
  const text = n.firstBytesText.trim();
  const looksHttp = /^HTTP\/\d/.test(text) || /^(GET|POST|HEAD|PUT|OPTIONS|CONNECT) /.test(text);
  if (n.from === 'server') {
    return {
      reason: `the server answered the ClientHello with non-TLS bytes in frame ${n.frame}: "${text}" (${n.firstBytesHex})${looksHttp ? ' — an HTTP response' : ''}`,
      frames: [...(c.clientHello ? [c.clientHello.frame] : []), n.frame],
    };
  }
  return {
    reason: `the client sent non-TLS bytes to a TLS server in frame ${n.frame}: "${text}"${looksHttp ? ' — plain HTTP to the HTTPS port' : ''}`,
    frames: [n.frame],
  };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits, _ctx, count) => {
      const fromServer = hits.some((h) => h.c.notTls?.from === 'server');
      return {
        summary: fromServer
          ? `${countText(count)} to ${server}: the server answered the ClientHello with "${hits[0]!.c.notTls!.firstBytesText.trim().slice(0, 24)}" — this port does not speak TLS.`
          : `${countText(count, 'connection')} to ${server}: the client spoke plain text to a TLS port.`,
        codes: ['ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG'],
      };
    });
  },
});
