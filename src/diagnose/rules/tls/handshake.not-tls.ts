// The HTTPS port answers, but not with TLS (typically plain HTTP on 443).
// One rule for every source of handshake attempts: the probes (does this port speak TLS at all?)
// and the real clients of a capture (why did this connection fail?) are judged by the same
// per-attempt reading, nonTlsAnswer(): the server answered the ClientHello with bytes that are not a
// TLS record (RFC 8446 §5.1). A client that spoke plain text to a TLS port sent no ClientHello, so it
// is no handshake attempt: the capture rule capture.not-tls reports that.
import { attemptsByRole, capturedEvidence, explainFailedByServer } from '../../attempts.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { HandshakeAttemptObservation } from '../../../model/observations/handshake.js';
import type { HelloObservation } from '../../../model/observations/probe.js';
import { attemptAnswered, helloEvidence } from '../../handshake-analysis.js';
import { countText } from '../capture/shared/explain.js';
import { isHttpText, readableBytes } from '../../answer-text.js';

const meta: RuleMeta = {
  id: 'handshake.not-tls',
  title: 'The port answers, but not with TLS',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['handshake.attempt'],
  references: ['ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG', 'OpenSSL: wrong version number'],
  fix: {
    steps: [
      'The service on this port is not configured for TLS: a plain-HTTP listener (or another protocol) holds the HTTPS port.',
      'IIS: make the binding on this port an https binding with a certificate; nginx: `listen 443 ssl;` (not just `listen 443;`); Apache: `SSLEngine on` in the 443 virtual host.',
      'Or use http:// for this port, and the right port for https://.',
    ],
    commands: [
      { platform: 'nginx', command: 'listen 443 ssl;' },
      { platform: 'apache', command: 'SSLEngine on' },
    ],
  },
  description:
    'The server sent bytes that are not a TLS record in answer to a ClientHello — usually an HTTP 400 response because a plain-HTTP server listens on the TLS port. OpenSSL clients report "wrong version number", Firefox SSL_ERROR_RX_RECORD_TOO_LONG, Chrome ERR_SSL_PROTOCOL_ERROR.',
};

/** what a capture adds to the references: the record layer a TLS peer expects */
const CAPTURED_REFERENCES = ['RFC 8446 §5.1'];

type Attempt = HandshakeAttemptObservation;

export interface NonTlsAnswer {
  /** the first (up to 16) bytes as text: printable ASCII, others as '.' */
  text: string;
  /** the same bytes, hex, a space between bytes */
  hex: string;
  /** an HTTP status line (or request line) */
  http: boolean;
  /** one line, with the concrete values */
  reason: string;
  /** frames that show it, for a captured attempt */
  frames: number[];
}

/** Whether the server answered this attempt's ClientHello with bytes that are not TLS, whatever saw it. */
export function nonTlsAnswer(a: Attempt): NonTlsAnswer | undefined {
  if (a.outcome !== 'not-tls') return undefined;
  const first = Buffer.from(a.notTls?.firstBytes ?? '', 'hex').subarray(0, 16);
  const text = first
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.')
    .trim();
  const hex = first.toString('hex').replace(/(..)(?!$)/g, '$1 ');
  const http = isHttpText(a.notTls?.firstBytes ?? '');
  const frame = a.notTls?.frame;
  return {
    text,
    hex,
    http,
    reason: `the server answered the ClientHello with non-TLS bytes${frame !== undefined ? ` in frame ${frame}` : ''}: "${text}" (${hex})${http ? ' — an HTTP response' : ''}`,
    frames: [a.helloFrame, frame].filter((f): f is number => f !== undefined),
  };
}

/** The probe's question: does this port answer ClientHellos with something other than TLS? */
function simulated(attempts: readonly Attempt[]): Finding[] {
  if (attempts.some(attemptAnswered)) return [];
  const notTls = attempts.filter((a) => nonTlsAnswer(a) !== undefined);
  // another program's protocol (neither TLS nor HTTP) is port.other-program
  if (notTls.length === 0 || !nonTlsAnswer(notTls[0]!)!.http) return [];
  const first = notTls[0]!;
  const hello = first.origin as HelloObservation;
  const text = Buffer.from(first.notTls?.firstBytes ?? '', 'hex')
    .toString('latin1')
    .split('\r')[0];
  return [
    finding(meta, {
      summary: `${first.from.origin} speaks plain HTTP on the TLS port ("${text}"): a plain-HTTP listener holds the HTTPS port.`,
      evidence: [
        helloEvidence(hello),
        {
          from: first.from,
          text: `what answered the ClientHello, as text: "${readableBytes(first.notTls?.firstBytes ?? '')}"`,
        },
      ],
      codes: ['ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    }),
  ];
}

/** The capture's question: which of these clients' hellos were answered with something other than TLS? */
function captured(attempts: readonly Attempt[]): Finding[] {
  const byServer = explainFailedByServer(attempts, nonTlsAnswer);
  return [...byServer].map(([server, hits]) => {
    const { count, evidence } = capturedEvidence(server, hits);
    return finding(meta, {
      subject: server,
      summary: `${countText(count)} to ${server}: the server answered the ClientHello with "${hits[0]!.why.text.slice(0, 24)}" — this port does not speak TLS.`,
      evidence,
      references: [...meta.references, ...CAPTURED_REFERENCES],
      codes: ['ERR_SSL_PROTOCOL_ERROR', 'SSL_ERROR_RX_RECORD_TOO_LONG'],
    });
  });
}

function evaluate(set: ObservationSet): Finding[] {
  const { simulated: probed, captured: seen } = attemptsByRole(set);
  return [...simulated(probed), ...captured(seen)];
}

export const rule = defineRule({ meta, evaluate });
