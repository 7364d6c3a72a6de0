// capture.no-tls: nothing in the capture looks like a TLS handshake.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { CaptureSummaryObservation } from '../../../model/observations/capture.js';

const meta: RuleMeta = {
  id: 'capture.no-tls',
  title: 'No TLS handshake in the capture',
  scenario: 'capture',
  severity: 'info',
  needs: ['capture.summary'],
  references: ['pcap-filter(7)'],
  fix: {
    steps: [
      'Capture while reproducing the failure, on the interface that carries the traffic (on a server with several NICs, or in a container, "any" is safest).',
      'Use a filter on the server port only (e.g. tcp port 443), not on names; make sure the snaplen is not small (use -s 0).',
      'If the traffic is QUIC (HTTP/3, UDP 443) there is no TCP handshake to see; disable QUIC in the browser to reproduce over TCP.',
    ],
    commands: [{ platform: 'shell', command: "tcpdump -i any -s 0 -w trace.pcap 'tcp port 443'" }],
  },
  description:
    'The file was read but no TCP connection carried a TLS record: the capture missed the traffic (wrong interface or filter, QUIC, or only packets after the handshake).',
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet): Finding[] {
    const s = set.of<CaptureSummaryObservation>('capture.summary')[0];
    if (!s || s.tlsConnections > 0) return [];
    const why: string[] = [`${s.packets} packets, ${s.tcpConnections} TCP connections`];
    if (s.skipped.unsupportedLink > 0)
      why.push(
        `${s.skipped.unsupportedLink} packets on link types not decoded (${s.unsupportedLinkTypes.join(', ')})`,
      );
    if (s.skipped.notTcp > 0) why.push(`${s.skipped.notTcp} non-TCP IP packets (QUIC/UDP?)`);
    if (s.skipped.fragments > 0) why.push(`${s.skipped.fragments} IP fragments (not reassembled)`);
    return [
      finding(meta, {
        summary: `No TLS handshake was found in ${s.file} (${why.join('; ')}).`,
        evidence: [{ from: { source: 'capture', origin: s.file }, text: why.join('; ') }],
      }),
    ];
  },
});
