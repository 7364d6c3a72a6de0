// The missing Server Hello: the ClientHello got silence, a reset or a close — no ServerHello, no alert.
// One rule for every source of handshake attempts: the probes (does the server drop every
// handshake?) and the real clients of a capture (which connections did the server drop?) are judged
// by the same per-attempt reading, missingServerHello(). A server that refuses a hello is expected
// to say why with an alert (RFC 8446 §6.2); a reset or a close instead is a refusal without a reason.
import { attemptsByRole, capturedEvidence, explainFailedByServer } from '../../attempts.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { HandshakeAttemptObservation } from '../../../model/observations/handshake.js';
import type { CaptureConnectionObservation } from '../../../model/observations/capture.js';
import type { HelloObservation, HttpObservation } from '../../../model/observations/probe.js';
import { Version } from '../../../wire/index.js';
import { attemptAnswered, helloEvidence, NO_ANSWER, probeWhere } from '../../handshake-analysis.js';
import { middleboxReset, ms } from '../capture/shared/describe.js';
import { describeOutcome } from '../../../probe/outcome.js';
import { countText } from '../capture/shared/explain.js';

const meta: RuleMeta = {
  id: 'handshake.no-server-hello',
  title: 'No ServerHello: the server (or something in front of it) drops every handshake',
  scenario: 'handshake',
  severity: 'blocker',
  confidence: 'likely',
  needs: ['handshake.attempt'],
  uses: ['probe.http'],
  references: [
    'ERR_CONNECTION_RESET',
    'ERR_SSL_PROTOCOL_ERROR',
    'SChannel event 36874 / 36888',
    'RFC 8446 §4.1.3',
  ],
  fix: {
    steps: [
      'On a Windows server, look at the System log for SChannel events 36870 (private key unreadable), 36874 (no common cipher), 36888 (fatal alert) at the time of the test; run `tlsdoctor windows collect` and `tlsdoctor windows analyze`.',
      'Check that the TLS protocols clients use are enabled server-side (SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1; nginx ssl_protocols; Apache SSLProtocol).',
      'Check the certificate binding: HTTP.sys `netsh http show sslcert` must show a certificate hash and application ID for this IP:port or host name:port.',
      'Check for a firewall, proxy, IPS or load balancer on the path, and for a third-party program listening on the port (netstat -anob).',
    ],
    commands: [
      {
        platform: 'windows-cmd',
        command: 'wevtutil qe System /q:"*[System[Provider[@Name=\'Schannel\']]]" /c:20 /rd:true /f:text',
      },
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
      { platform: 'windows-cmd', command: 'netstat -anob' },
    ],
  },
  description:
    'Every ClientHello (every version alone, every client profile, with and without SNI, small and large) was followed by silence, a TCP reset or a close, never a ServerHello or an alert. The server accepted the TCP connection, so something refuses the TLS handshake without saying why: a server that cannot use its certificate key (SChannel 36870), all protocols disabled, no common cipher (some stacks reset instead of alerting), a third-party program on the port, or a middlebox.',
};

/** what a capture adds to the references */
const CAPTURED_REFERENCES = ['RFC 8446 §4.1', 'SEC_E_INTERNAL_ERROR 0x80090304'];

/** silence shorter than this before the source stopped watching proves nothing */
const MIN_SILENCE_MS = 1000;

type Attempt = HandshakeAttemptObservation;

export interface MissingServerHello {
  /** silence (the client gave up, or the source stopped watching), a reset, or a close */
  how: 'timeout' | 'reset' | 'closed';
  /** one line, with the concrete values, where the source shows them */
  reason?: string;
  /** frames that show it, for a captured attempt */
  frames: number[];
  confidence?: Finding['confidence'];
}

/**
 * Whether this hello got no ServerHello and no alert — silence, a reset or a close — whatever saw it.
 * Where the source shows the transport (a capture), the hello must have reached the server (it was
 * acknowledged, or the server sent something), a reset must not have been forged by a device in the
 * path (its IP TTL or ID unlike the server's packets: the path's business, not the server's), and
 * silence counts only when it lasted.
 */
export function missingServerHello(a: Attempt): MissingServerHello | undefined {
  if (!NO_ANSWER.has(a.outcome) || a.alerts.length > 0) return undefined;
  const t = a.transport;
  if (!t) return { how: a.outcome as MissingServerHello['how'], frames: [] };
  if (!t.helloAcked && t.firstServerByteMs === undefined) return undefined;
  if (a.client.role === 'captured' && middleboxReset(a.origin as CaptureConnectionObservation))
    return undefined;
  const hello = a.helloFrame !== undefined ? [a.helloFrame] : [];
  const ack = t.helloAckFrame !== undefined ? [t.helloAckFrame] : [];
  const at = (f: number | undefined) => (f !== undefined ? [f] : []);
  const e = t.end;
  if (e?.how === 'reset')
    return {
      how: e.by === 'server' ? 'reset' : 'timeout',
      reason:
        e.by === 'server'
          ? `the server acknowledged the ClientHello and reset the connection ${ms(e.afterMs)} later (frame ${e.frame})`
          : `no answer from the server; the client reset the connection after ${ms(e.afterMs)} (frame ${e.frame})`,
      frames: [...hello, ...ack, ...at(e.frame)],
    };
  if (e?.by === 'server')
    return {
      how: 'closed',
      reason: `the server acknowledged the ClientHello and closed the connection ${ms(e.afterMs)} later (FIN in frame ${e.frame}) without a ServerHello`,
      frames: [...hello, ...at(e.frame)],
    };
  if (e)
    return {
      how: 'timeout',
      reason: `the server acknowledged the ClientHello (frame ${t.helloAckFrame ?? '?'}) and stayed silent; the client gave up after ${ms(e.afterMs)} (FIN in frame ${e.frame})`,
      frames: [...hello, ...ack, ...at(e.frame)],
    };
  if (t.watchedMs < MIN_SILENCE_MS) return undefined;
  return {
    how: 'timeout',
    reason: `the server acknowledged the ClientHello and sent nothing in the ${ms(t.watchedMs)} until the capture ended`,
    frames: [...hello, ...ack],
    confidence: 'likely',
  };
}

/** The probe's question: does the server drop every handshake, whatever the hello? */
function simulated(set: ObservationSet, all: readonly Attempt[]): Finding[] {
  if (all.length === 0 || all.some(attemptAnswered)) return [];
  // An alert to an SSL 2.0/3.0-only hello ("protocol version") does not make the server work: what
  // decides is whether any hello a current client sends (TLS 1.2 or 1.3) is answered.
  const current = all.filter((a) => a.offer.versions.some((v) => v >= Version.TLS12 && v <= 0x03ff));
  const attempts = all.every((a) => missingServerHello(a) !== undefined) ? all : current;
  if (attempts.length === 0 || !attempts.every((a) => missingServerHello(a) !== undefined)) return [];
  const legacyAnswered = all.filter((a) => !attempts.includes(a) && missingServerHello(a) === undefined);
  const hellos = attempts.map((a) => a.origin as HelloObservation);
  const counts = new Map<string, number>();
  for (const a of attempts) counts.set(a.outcome, (counts.get(a.outcome) ?? 0) + 1);
  const [top] = [...counts].sort((x, y) => y[1] - x[1]);
  // a server that sent part of an answer did send bytes: say what came and where it stopped
  const partial = attempts
    .map((a) => (a.origin as HelloObservation).outcome)
    .find((o) => o.status === top![0] && o.partial)?.partial;
  const how =
    top![0] === 'timeout'
      ? partial
        ? `a partial answer and then silence (${partial})`
        : 'silence (no byte back)'
      : top![0] === 'reset'
        ? partial
          ? `a partial answer and then a TCP reset (${partial})`
          : 'a TCP reset'
        : partial
          ? `a partial answer and then a close (${partial})`
          : 'a close (FIN) without a byte';
  const sample = [
    { profile: 'chrome-current' },
    { version: Version.TLS12, suiteBundle: 0 },
    { size: 'large' as const },
    { sni: 'none' as const },
  ]
    .map((want) => probeWhere({ hellos }, want))
    .filter((h) => h !== undefined);
  const http = set.of<HttpObservation>('probe.http')[0];
  const from = attempts[0]!.from;
  // the patient probe: slow is not silent, and this one waited as long as the user allows
  const patient = hellos.find((h) => h.varies?.waitMs !== undefined);
  return [
    finding(meta, {
      summary: `${from.origin} accepts TCP but answers every ClientHello (${legacyAnswered.length > 0 ? `${attempts.length} offering TLS 1.2 or 1.3 tried` : `${attempts.length} tried: all versions, all client profiles, with and without SNI`}) with ${how}: no ServerHello ever comes.`,
      evidence: [
        ...sample.map((h) => helloEvidence(h)),
        { from, text: [...counts].map(([k, n]) => `${n}× ${k}`).join(', ') },
        ...(legacyAnswered.length > 0
          ? [
              {
                from,
                text: `only ${legacyAnswered.length} hello${legacyAnswered.length === 1 ? '' : 's'} offering nothing newer than TLS 1.1 got an answer (${[...new Set(legacyAnswered.map((a) => a.outcome))].join(', ')}): the server speaks TLS, yet drops every hello a current client sends`,
              },
            ]
          : []),
        ...(patient
          ? [
              {
                from: patient.from,
                text: `one hello waited up to ${patient.varies!.waitMs} ms (--timeout) for an answer: ${describeOutcome(patient.outcome)}${patient.outcome.status === 'timeout' ? ': a silent server, not a slow one' : ''}`,
              },
            ]
          : []),
        ...(http?.result.status === 'ok'
          ? [
              {
                from,
                text: `plain HTTP works (${http.url} → HTTP ${http.result.httpStatus}): the host is up, only the TLS side refuses`,
              },
            ]
          : []),
      ],
      codes: ['ERR_CONNECTION_RESET', 'ERR_SSL_PROTOCOL_ERROR', 'ERR_CONNECTION_CLOSED'],
    }),
  ];
}

/** The capture's question: which of these clients' hellos did the server take and then drop? */
function captured(attempts: readonly Attempt[]): Finding[] {
  const byServer = explainFailedByServer(attempts, (a) => {
    const why = missingServerHello(a);
    return why?.reason ? { ...why, reason: why.reason } : undefined;
  });
  return [...byServer].map(([server, hits]) => {
    const { count, evidence } = capturedEvidence(server, hits);
    return finding(meta, {
      subject: server,
      summary: `${countText(count)} to ${server}: the server received the ClientHello but answered with silence, a close or a reset instead of a ServerHello — a server-side refusal.`,
      evidence,
      confidence: hits.find((h) => h.why.confidence)?.why.confidence ?? 'certain',
      references: [...meta.references, ...CAPTURED_REFERENCES],
      codes: ['ERR_CONNECTION_RESET', 'ERR_SSL_PROTOCOL_ERROR', 'SEC_E_INTERNAL_ERROR'],
    });
  });
}

function evaluate(set: ObservationSet): Finding[] {
  const { simulated: probed, captured: seen } = attemptsByRole(set);
  return [...simulated(set, probed), ...captured(seen)];
}

export const rule = defineRule({ meta, evaluate });
