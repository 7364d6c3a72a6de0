// capture.incomplete: the capture itself hides part of the story — the file was cut, the reader had
// to stop, segments were missing in handshakes, or packets were cut by the snaplen.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  CaptureConnectionObservation,
  CaptureSummaryObservation,
} from '../../../model/observations/capture.js';
import { capEvidence, connEvidence } from './shared/describe.js';

const meta: RuleMeta = {
  id: 'capture.incomplete',
  title: 'Part of the capture could not be used',
  scenario: 'capture',
  severity: 'low',
  needs: ['capture.summary'],
  uses: ['capture.connection'],
  references: ['pcap-savefile(5)', 'draft-ietf-opsawg-pcapng'],
  fix: {
    steps: [
      'Capture again with the full packet length (tcpdump -s 0, dumpcap default), on the host itself rather than a SPAN port that drops packets, and stop the capture cleanly (Ctrl+C) so the file is complete.',
      'With pktmon: pktmon start --capture --pkt-size 0; convert with pktmon etl2pcap.',
    ],
    commands: [{ platform: 'shell', command: "tcpdump -i any -s 0 -w trace.pcap 'tcp port 443'" }],
  },
  description:
    'The reader stopped before the end of the file (cut or corrupt), or TCP segments of a handshake were missing (gaps are never glued over) or cut by the snaplen: conclusions about those handshakes may be missing.',
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet): Finding[] {
    const out: Finding[] = [];
    const s = set.of<CaptureSummaryObservation>('capture.summary')[0];
    if (s?.stopped) {
      out.push(
        finding(meta, {
          summary: `Reading stopped at byte ${s.stopped.offset} of ${s.file}: ${s.stopped.reason}. Packets after that point were not analysed.`,
          evidence: [
            {
              from: { source: 'capture', origin: s.file, offset: s.stopped.offset },
              text: `${s.stopped.code}: ${s.stopped.reason}`,
            },
          ],
        }),
      );
    }
    const gappy = set
      .of<CaptureConnectionObservation>('capture.connection')
      .filter((c) => c.tcp.gaps.some((g) => g.duringHandshake) || c.parseErrors.length > 0);
    if (gappy.length > 0) {
      out.push(
        finding(meta, {
          summary: `${gappy.length} connection(s) miss bytes in their handshake (segments not captured or cut by the snaplen); what came after a gap was not parsed.`,
          evidence: capEvidence(
            gappy.map((c) => {
              const g = c.tcp.gaps.find((x) => x.duringHandshake);
              return connEvidence(
                c,
                g
                  ? `${g.bytes} bytes missing from the ${g.from}'s stream at frame ${g.frame} (${g.reason})`
                  : c.parseErrors[0]!,
                g ? [g.frame] : [],
              );
            }),
          ),
        }),
      );
    }
    if (
      s &&
      s.skipped.snaplenCut > 0 &&
      gappy.length === 0 &&
      s.skipped.snaplenCut === s.tcpPackets &&
      s.tlsConnections === 0
    ) {
      out.push(
        finding(meta, {
          summary: `All ${s.skipped.snaplenCut} packets were cut by the snaplen: no TLS could be read.`,
          evidence: [
            {
              from: { source: 'capture', origin: s.file },
              text: `snaplen ${s.interfaces[0]?.snaplen ?? '?'}`,
            },
          ],
        }),
      );
    }
    return out;
  },
});
