// handshake.no-server-hello from a capture: the server received the ClientHello (acknowledged it)
// and then said nothing, closed or reset — a server-side refusal without an alert.
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { middleboxReset, ms } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

/** silence shorter than this before the capture ended proves nothing */
const MIN_SILENCE_S = 1;

/** the finding id, shared with the live probe's rule */
export const FINDING_ID = 'handshake.no-server-hello';

const meta: RuleMeta = {
  id: 'capture.no-server-hello',
  emits: [FINDING_ID],
  title: 'The server received the ClientHello but never answered with a ServerHello',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: ['RFC 8446 §4.1', 'SChannel event 36874 / 36888', 'SEC_E_INTERNAL_ERROR 0x80090304'],
  fix: {
    steps: [
      "The server took the ClientHello and then dropped the connection without a TLS alert: look at the server's own logs for this time.",
      'On Windows/IIS: check the System event log for SChannel events 36874 (no common protocol/cipher), 36888 (fatal alert generated) and 36887; check that the certificate bound to the port (netsh http show sslcert) exists and has its private key.',
      'On other servers: a TLS listener with no certificate for the requested name, disabled protocols, or a crash in the TLS library behave like this.',
    ],
    commands: [
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
      {
        platform: 'powershell',
        command:
          "Get-WinEvent -LogName System | Where-Object { $_.ProviderName -eq 'Schannel' } | Select-Object -First 20",
      },
    ],
  },
  description:
    'The ClientHello was acknowledged at the TCP level, so it reached the server, but no ServerHello (and no alert) came back: the server went silent, closed, or reset. That is a server-side refusal — often SChannel with no usable certificate or no common protocol, which resets instead of alerting.',
};

export const explain: Explainer = (c, ctx) => {
  const ch = c.clientHello;
  if (!ch || c.serverHello || c.helloRetryRequest || c.notTls || c.alerts.length > 0) return undefined;
  if (!c.tcp.clientHelloAcked && !c.tcp.firstServerByte) return undefined;
  if (middleboxReset(c)) return undefined;
  const r = c.tcp.reset;
  if (r) {
    const after = ms((r.rel - ch.rel) * 1000);
    return {
      reason:
        r.by === 'server'
          ? `the server acknowledged the ClientHello and reset the connection ${after} later (frame ${r.frame})`
          : `no answer from the server; the client reset the connection after ${after} (frame ${r.frame})`,
      frames: [ch.frame, ...(c.tcp.clientHelloAckFrame ? [c.tcp.clientHelloAckFrame] : []), r.frame],
    };
  }
  // whoever closed first: a client that gives up on a silent server sends its FIN before the server's
  if (c.tcp.serverFin && (!c.tcp.clientFin || c.tcp.serverFin.rel < c.tcp.clientFin.rel)) {
    return {
      reason: `the server acknowledged the ClientHello and closed the connection ${ms((c.tcp.serverFin.rel - ch.rel) * 1000)} later (FIN in frame ${c.tcp.serverFin.frame}) without a ServerHello`,
      frames: [ch.frame, c.tcp.serverFin.frame],
    };
  }
  if (c.tcp.clientFin) {
    return {
      reason: `the server acknowledged the ClientHello (frame ${c.tcp.clientHelloAckFrame ?? '?'}) and stayed silent; the client gave up after ${ms((c.tcp.clientFin.rel - ch.rel) * 1000)} (FIN in frame ${c.tcp.clientFin.frame})`,
      frames: [
        ch.frame,
        ...(c.tcp.clientHelloAckFrame ? [c.tcp.clientHelloAckFrame] : []),
        c.tcp.clientFin.frame,
      ],
    };
  }
  const last = ctx.summary?.lastPacket?.rel ?? c.end.rel;
  if (last - ch.rel < MIN_SILENCE_S) return undefined;
  return {
    reason: `the server acknowledged the ClientHello and sent nothing in the ${ms((last - ch.rel) * 1000)} until the capture ended`,
    frames: [ch.frame, ...(c.tcp.clientHelloAckFrame ? [c.tcp.clientHelloAckFrame] : [])],
    confidence: 'likely',
  };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits) => ({
      summary: `${countText(hits.length)} to ${server}: the server received the ClientHello but answered with silence, a close or a reset instead of a ServerHello — a server-side refusal.`,
      codes: ['ERR_CONNECTION_RESET', 'ERR_SSL_PROTOCOL_ERROR', 'SEC_E_INTERNAL_ERROR'],
    }));
  },
});
