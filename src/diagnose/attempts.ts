// The adapters that read a handshake attempt out of each source (model/observations/handshake.ts):
// a probe's hello and a captured connection. The engine derives attempts once per run for the
// rules that declare 'handshake.attempt'.
import { Version } from '../wire/index.js';
import type { ObservationBase } from '../model/observation.js';
import type { HandshakeAttemptObservation } from '../model/observations/handshake.js';
import type { HelloObservation, OutcomeStatus } from '../model/observations/probe.js';
import type {
  CaptureConnectionObservation,
  CaptureSummaryObservation,
} from '../model/observations/capture.js';
import { CLIENT_PROFILES } from '../probe/profiles/index.js';
import type { Evidence } from '../model/finding.js';
import type { ObservationSet } from '../model/observation.js';
import {
  capEvidence,
  connEvidence,
  endpoint,
  successesAt,
  unlistedEvidence,
  unlistedLike,
  upgradeRefused,
  type ServerSuccesses,
} from './rules/capture/shared/describe.js';

export const ATTEMPT_KIND = 'handshake.attempt';

const PROFILES = new Map(CLIENT_PROFILES.map((p) => [p.id, p]));

/** A probe's hello as an attempt. */
export function attemptFromHello(h: HelloObservation): HandshakeAttemptObservation {
  const o = h.outcome;
  const profile = h.purpose === 'profile' && h.profileId ? PROFILES.get(h.profileId) : undefined;
  const negotiated = o.serverHello ?? o.helloRetry;
  return {
    kind: 'handshake.attempt',
    from: h.from,
    // a probe that could not be run leaves the rules that read it incomplete, as before
    ...(h.status ? { status: h.status } : {}),
    ...(h.error !== undefined ? { error: h.error } : {}),
    server: endpoint({ ip: o.address, port: o.port }),
    client: profile
      ? { role: 'profile', name: profile.name, accepts: profile.acceptsVersions }
      : { role: 'probe', name: h.id, accepts: h.offer.versions },
    offer: {
      format: h.offer.sslv2 ? 'sslv2' : 'tls',
      versions: h.offer.versions,
      cipherSuites: h.offer.cipherSuites,
      ...(h.offer.serverName !== undefined ? { serverName: h.offer.serverName } : {}),
    },
    outcome: o.status,
    ...(negotiated
      ? { serverHello: { version: negotiated.version, cipherSuite: negotiated.cipherSuite } }
      : {}),
    alerts: o.alert ? [{ sender: 'server', level: o.alert.level, description: o.alert.description }] : [],
    ...(o.status === 'not-tls' && o.firstBytes !== undefined ? { notTls: { firstBytes: o.firstBytes } } : {}),
    origin: h,
  };
}

/** The versions a captured hello offers: supported_versions, or legacy_version and every lower one. */
function offeredVersions(c: CaptureConnectionObservation): number[] {
  const ch = c.clientHello!;
  if (ch.supportedVersions && ch.supportedVersions.length > 0) return ch.offeredVersions;
  const all = [Version.SSL2, Version.SSL3, Version.TLS10, Version.TLS11, Version.TLS12];
  return all.filter((v) => v <= ch.legacyVersion);
}

function captureOutcome(c: CaptureConnectionObservation): OutcomeStatus {
  if (c.serverHello) return 'server-hello';
  if (c.helloRetryRequest) return 'hello-retry';
  if (c.alerts.some((a) => a.from === 'server')) return 'alert';
  if (c.notTls?.from === 'server') return 'not-tls';
  if (c.tcp.reset) return 'reset';
  if (c.handshakeEnd === 'closed') return 'closed';
  return 'timeout';
}

/** The TCP facts after the ClientHello: acknowledgement, first answer byte, how it ended, how long the capture watched. */
function captureTransport(
  c: CaptureConnectionObservation,
  summary: CaptureSummaryObservation | undefined,
): NonNullable<HandshakeAttemptObservation['transport']> {
  const ch = c.clientHello!;
  const { tcp } = c;
  const since = (rel: number) => (rel - ch.rel) * 1000;
  // a reset ends it whenever it came; else whoever closed first (a client that gives up on a
  // silent server sends its FIN before the server's)
  const end = tcp.reset
    ? { how: 'reset' as const, by: tcp.reset.by, afterMs: since(tcp.reset.rel), frame: tcp.reset.frame }
    : tcp.serverFin && (!tcp.clientFin || tcp.serverFin.rel < tcp.clientFin.rel)
      ? {
          how: 'closed' as const,
          by: 'server' as const,
          afterMs: since(tcp.serverFin.rel),
          frame: tcp.serverFin.frame,
        }
      : tcp.clientFin
        ? {
            how: 'closed' as const,
            by: 'client' as const,
            afterMs: since(tcp.clientFin.rel),
            frame: tcp.clientFin.frame,
          }
        : undefined;
  return {
    helloAcked: tcp.clientHelloAcked,
    ...(tcp.clientHelloAckFrame !== undefined ? { helloAckFrame: tcp.clientHelloAckFrame } : {}),
    ...(tcp.firstServerByte ? { firstServerByteMs: since(tcp.firstServerByte.rel) } : {}),
    ...(end ? { end } : {}),
    watchedMs: since(summary?.lastPacket?.rel ?? c.end.rel),
  };
}

/** A captured connection with a ClientHello as an attempt (undefined without one). */
export function attemptFromConnection(
  c: CaptureConnectionObservation,
  /** the capture's summary: how long the capture went on */
  summary?: CaptureSummaryObservation,
): HandshakeAttemptObservation | undefined {
  const ch = c.clientHello;
  // without the server's direction there is no answer to judge
  // a malformed hello's offer is partial: judged by capture.malformed-hello, not as an offer
  if (!ch || ch.malformed !== undefined || c.handshakeEnd === 'server-not-captured' || upgradeRefused(c))
    return undefined;
  const versions = offeredVersions(c);
  const sh = c.serverHello ?? c.helloRetryRequest;
  const outcome = captureOutcome(c);
  return {
    kind: 'handshake.attempt',
    from: c.from,
    server: endpoint(c.server),
    client: { role: 'captured', name: endpoint(c.client), accepts: versions },
    offer: {
      format: ch.format,
      versions,
      cipherSuites: ch.cipherSuites,
      ...(ch.sni !== undefined ? { serverName: ch.sni } : {}),
    },
    outcome,
    ...(sh ? { serverHello: { version: sh.version, cipherSuite: sh.cipherSuite, frame: sh.frame } } : {}),
    alerts: c.alerts.map((a) => ({
      sender: a.from,
      level: a.level,
      description: a.description,
      frame: a.frame,
    })),
    ...(outcome === 'not-tls' && c.notTls
      ? { notTls: { firstBytes: c.notTls.firstBytesHex.replace(/ /g, ''), frame: c.notTls.frame } }
      : {}),
    transport: captureTransport(c, summary),
    helloFrame: ch.frame,
    origin: c,
  };
}

/** Every attempt the gathered observations hold, in their order. */
export function deriveAttempts(all: readonly ObservationBase[]): HandshakeAttemptObservation[] {
  const out: HandshakeAttemptObservation[] = [];
  const summary = all.find((o) => o.kind === 'capture.summary') as CaptureSummaryObservation | undefined;
  for (const o of all) {
    if (o.kind === 'probe.hello') out.push(attemptFromHello(o as HelloObservation));
    else if (o.kind === 'capture.connection') {
      const a = attemptFromConnection(o as CaptureConnectionObservation, summary);
      if (a) out.push(a);
    }
  }
  return out;
}

type Attempt = HandshakeAttemptObservation;

/** A rule's two questions: the attempts a probe made (simulated clients) and the real clients of a capture. */
export function attemptsByRole(set: ObservationSet): { simulated: Attempt[]; captured: Attempt[] } {
  const all = set.of<Attempt>(ATTEMPT_KIND);
  return {
    simulated: all.filter((a) => a.client.role !== 'captured'),
    captured: all.filter((a) => a.client.role === 'captured'),
  };
}

/**
 * The captured attempts that failed and that a per-attempt reading explains, grouped by server
 * (capture order kept). `explain` also gets the connections the same server completed with other
 * clients (indexed once per call, so the cost is linear in connections), which a capture shows
 * and a single attempt does not.
 */
export function explainFailedByServer<E>(
  captured: readonly Attempt[],
  explain: (a: Attempt, completedElsewhere: ServerSuccesses) => E | undefined,
): Map<string, Array<{ a: Attempt; why: E }>> {
  const all = captured.map((a) => a.origin as CaptureConnectionObservation);
  const byServer = new Map<string, Array<{ a: Attempt; why: E }>>();
  for (const a of captured) {
    const c = a.origin as CaptureConnectionObservation;
    if (c.handshakeEnd === 'complete') continue;
    const why = explain(a, successesAt(all, c));
    if (why === undefined) continue;
    const list = byServer.get(a.server);
    if (list) list.push({ a, why });
    else byServer.set(a.server, [{ a, why }]);
  }
  return byServer;
}

/**
 * A server's explained connections as a finding's count and evidence: one line per listed
 * connection, with its frames (capped, with a count of the rest), then the failed handshakes of the
 * same kinds that the capture counted but did not list (each connection's `sameKind`) — `count` is
 * all of them.
 */
export function capturedEvidence(
  server: string,
  hits: ReadonlyArray<{ a: Attempt; why: { reason: string; frames: number[] } }>,
): { count: number; evidence: Evidence[] } {
  const conns = hits.map(({ a }) => a.origin as CaptureConnectionObservation);
  const more = unlistedLike(conns);
  const evidence = capEvidence(hits.map(({ why }, i) => connEvidence(conns[i]!, why.reason, why.frames)));
  return {
    count: hits.length + more,
    evidence: [...evidence, ...unlistedEvidence(more, server, evidence[0]!)],
  };
}
