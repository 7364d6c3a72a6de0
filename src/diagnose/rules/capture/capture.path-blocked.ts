// network.path-blocked from a capture: the ClientHello was never acknowledged by the server.
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { middleboxReset } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

/** the finding id, shared with the live probe's rule */
export const FINDING_ID = 'network.path-blocked';

const meta: RuleMeta = {
  id: 'capture.path-blocked',
  emits: [FINDING_ID],
  title: 'The ClientHello never reached the server',
  scenario: 'tcp',
  severity: 'blocker',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: ['RFC 9293 §3.8.1 (retransmission)', 'RFC 8899 / RFC 4821 (path MTU black holes)'],
  confidence: 'likely',
  fix: {
    steps: [
      'The TCP connection was set up but the server never acknowledged the ClientHello: the packet was dropped on the way.',
      'Check firewalls/IPS between the hosts for TLS or SNI filtering, and the path MTU: a large ClientHello (post-quantum key shares, many suites) split into full-size segments is lost where ICMP "fragmentation needed" is blocked.',
      'Try a smaller hello to confirm (e.g. without post-quantum groups) and lower the MSS on the path if that works.',
    ],
    commands: [
      { platform: 'shell', command: 'openssl s_client -connect HOST:443 -groups X25519 -tls1_3' },
      {
        platform: 'shell',
        command: 'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
      },
    ],
  },
  description:
    'A ClientHello that the server never acknowledges (no ACK covering it, typically with retransmissions) while the TCP handshake worked points at the network path: a filter dropping TLS/SNI or a path-MTU black hole swallowing full-size segments.',
};

export const explain: Explainer = (c) => {
  const ch = c.clientHello;
  if (
    !ch ||
    c.tcp.clientHelloAcked ||
    c.tcp.firstServerByte ||
    c.serverHello ||
    c.alerts.some((a) => a.from === 'server')
  )
    return undefined;
  if (c.tcp.reset?.by === 'server' || middleboxReset(c)) return undefined;
  // no packet of the server's direction: its answer is not in the capture, not lost in the path
  if (c.tcp.serverPackets === 0) return undefined;
  const re = c.tcp.clientHelloRetransmissions;
  // one ClientHello and then nothing (no retransmission, the client did not give up): unknown
  if (re === 0 && !c.tcp.reset && !c.tcp.clientFin) return undefined;
  const end = c.tcp.reset
    ? `the client reset the connection in frame ${c.tcp.reset.frame}`
    : c.tcp.clientFin
      ? `the client gave up (FIN in frame ${c.tcp.clientFin.frame})`
      : 'the capture ended';
  return {
    reason: `the ClientHello in frame ${ch.frame} was never acknowledged by the server${re > 0 ? ` (re-sent ${re} time${re === 1 ? '' : 's'})` : ''}; ${end}`,
    frames: [ch.frame],
  };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits, _ctx, count) => ({
      summary: `${countText(count)} to ${server}: the TCP connection opened but the server never acknowledged the ClientHello — it was lost or dropped in the network path.`,
    }));
  },
});
