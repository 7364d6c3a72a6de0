// Shared by the capture rules (not a rule itself): each rule says, per failed connection, whether it
// explains it (`explain` returns the one-line reason) and the rule's findings group connections by
// server so one misconfigured server gives one finding with its connections as evidence.
import type { Finding, Fix } from '../../../../model/finding.js';
import type { ObservationSet } from '../../../../model/observation.js';
import { finding, type RuleMeta } from '../../../rule.js';
import type {
  CaptureConnectionObservation,
  CaptureSummaryObservation,
} from '../../../../model/observations/capture.js';
import { byServer, capEvidence, connEvidence, endpoint, fatalAlert, type Conn } from './describe.js';

export interface CaptureContext {
  all: readonly Conn[];
  summary: CaptureSummaryObservation | undefined;
}

export interface Explanation {
  /** one line, with the concrete values */
  reason: string;
  /** frames that show it (besides the connection's first) */
  frames: number[];
  confidence?: Finding['confidence'];
}

export type Explainer = (c: Conn, ctx: CaptureContext) => Explanation | undefined;

export function contextOf(set: ObservationSet): CaptureContext {
  return {
    all: set.of<CaptureConnectionObservation>('capture.connection'),
    summary: set.of<CaptureSummaryObservation>('capture.summary')[0],
  };
}

/** Findings for one rule: one per server endpoint, its failed connections as evidence. */
export function groupedFindings(
  meta: RuleMeta,
  /** the finding id: capture rules report under the live probe's ids (e.g. protocol.no-common-version) */
  findingId: string,
  set: ObservationSet,
  explain: Explainer,
  summarize: (
    server: string,
    hits: Array<{ c: Conn; e: Explanation }>,
    ctx: CaptureContext,
  ) => { summary: string; fix?: Fix; confidence?: Finding['confidence']; codes?: string[] },
): Finding[] {
  const ctx = contextOf(set);
  const failed = ctx.all.filter(judgeable);
  const out: Finding[] = [];
  for (const [server, conns] of byServer(failed)) {
    const hits: Array<{ c: Conn; e: Explanation }> = [];
    for (const c of conns) {
      const e = explain(c, ctx);
      if (e) hits.push({ c, e });
    }
    if (hits.length === 0) continue;
    const s = summarize(server, hits, ctx);
    const confidence = s.confidence ?? hits.find((h) => h.e.confidence)?.e.confidence;
    const more = notListedLike(ctx.summary, hits);
    const evidence = capEvidence(hits.map(({ c, e }) => connEvidence(c, e.reason, e.frames)));
    if (more > 0)
      evidence.push({
        from: { ...hits[0]!.c.from, frames: [] },
        text: `${more} more failed handshake(s) to ${server} ended the same way (same ending, alert and last message): counted, not listed one by one`,
      });
    out.push(
      finding(meta, {
        id: findingId,
        subject: server,
        summary: more > 0 ? `${s.summary} (${more} more like these counted, not listed)` : s.summary,
        evidence,
        ...(s.fix ? { fix: s.fix } : {}),
        ...(confidence ? { confidence } : {}),
        ...(s.codes ? { codes: s.codes } : {}),
      }),
    );
  }
  return out;
}

/**
 * Failed handshakes the capture counted but did not list (summary.failureKinds) of the same kind as
 * one of the listed ones: same server, ending, first fatal alert and last message.
 */
function notListedLike(
  summary: CaptureSummaryObservation | undefined,
  hits: ReadonlyArray<{ c: Conn }>,
): number {
  const kinds = summary?.failureKinds;
  if (!kinds || kinds.every((k) => k.notListed === 0)) return 0;
  const keyOf = (
    server: string,
    end: string,
    alert: { from: string; description: number } | undefined,
    last: string | null,
  ): string => `${server}|${end}|${alert ? `${alert.from}:${alert.description}` : ''}|${last ?? ''}`;
  const wanted = new Set(
    hits.map(({ c }) =>
      keyOf(endpoint(c.server), c.handshakeEnd, fatalAlert(c), c.lastMessage?.name ?? null),
    ),
  );
  let n = 0;
  for (const k of kinds)
    if (wanted.has(keyOf(k.server, k.handshakeEnd, k.alert, k.lastMessage))) n += k.notListed;
  return n;
}

/**
 * A handshake the capture shows failing: not complete, and neither joined mid-stream (the handshake
 * is not in the capture) nor missing the whole server direction (the server's answer is unknown).
 */
export function judgeable(c: Conn): boolean {
  return (
    c.handshakeEnd !== 'complete' &&
    c.handshakeEnd !== 'mid-stream' &&
    c.handshakeEnd !== 'server-not-captured'
  );
}

export function countText(n: number, what = 'handshake'): string {
  return n === 1 ? `1 ${what}` : `${n} ${what}s`;
}

export { endpoint };
