// network.middlebox-suspected from a capture: a RST "from the server" whose IP TTL or IP ID does not
// match the server's own packets — something in the path (firewall, IPS, proxy) injected it.
// Kept apart from the live rule network.middlebox-suspected: that one compares probes that differ in
// one dimension (SNI, hello size, TLS 1.3 offer); this one reads the IP header of one connection's
// reset, which a probe's socket never sees. The two share the conclusion, not a per-attempt question.
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { middleboxReset } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

/** the finding id, shared with the live probe's rule */
export const FINDING_ID = 'network.middlebox-suspected';

const meta: RuleMeta = {
  id: 'capture.middlebox-reset',
  emits: [FINDING_ID],
  title: 'A device between client and server reset the handshake',
  scenario: 'middlebox',
  severity: 'high',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: ['RFC 9293 §3.10.7.1 (RST)', 'RFC 3360 (inappropriate TCP resets considered harmful)'],
  confidence: 'likely',
  fix: {
    steps: [
      'Find the firewall, IPS, TLS-inspecting proxy or load balancer between the two hosts and check its logs for this connection (time and ports are in the evidence).',
      "Common causes: SNI or certificate filtering, TLS inspection that does not support the client's hello (e.g. post-quantum key shares making it larger than one packet), protocol enforcement on the port.",
      'Capture on the server at the same time: if the server never saw the ClientHello, the reset came from the path.',
    ],
  },
  description:
    'When the reset that ends a handshake claims to come from the server but arrives with an IP TTL (hop count) or IP identification unlike every other packet the server sent on that connection, it was most likely forged by a device in the path. Live probes reach the same conclusion differently: by comparing hellos that differ in one dimension (network.middlebox-suspected).',
};

export const explain: Explainer = (c) => {
  const why = middleboxReset(c);
  if (!why || !c.clientHello) return undefined;
  return { reason: `${why}; no ServerHello was seen`, frames: [c.clientHello.frame, c.tcp.reset!.frame] };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits, _ctx, count) => ({
      summary: `${countText(count)} to ${server} ended with a reset that did not come from the server itself (its TTL or IP ID differs from the server's packets): a middlebox interfered.`,
    }));
  },
});
