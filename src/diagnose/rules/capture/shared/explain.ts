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
import {
  byServer,
  capEvidence,
  connEvidence,
  endpoint,
  unlistedEvidence,
  unlistedLike,
  type Conn,
} from './describe.js';

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
    /** how many failed handshakes these stand for: the listed hits and the unlisted ones like them */
    count: number,
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
    // the listed connections, and the ones of their kinds the capture only counted
    const more = unlistedLike(hits.map((h) => h.c));
    const s = summarize(server, hits, ctx, hits.length + more);
    const confidence = s.confidence ?? hits.find((h) => h.e.confidence)?.e.confidence;
    const evidence = capEvidence(hits.map(({ c, e }) => connEvidence(c, e.reason, e.frames)));
    evidence.push(...unlistedEvidence(more, server, evidence[0]!));
    out.push(
      finding(meta, {
        id: findingId,
        subject: server,
        summary: s.summary,
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
