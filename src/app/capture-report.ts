// The capture report: analyse the file, check chains seen in clear, run the rules (its sections:
// src/report/sections/capture.ts).
import { analyzeCapture, type CaptureAnalysis } from '../capture/analyze.js';
import type {
  CaptureConnectionObservation,
  CaptureSummaryObservation,
} from '../model/observations/capture.js';
import {
  connLabel,
  endpoint,
  failureKindKey,
  failureKindOf,
  offeredText,
  alertText,
  upgradeRefused,
} from '../diagnose/rules/capture/shared/describe.js';
import { cipherSuiteName, versionName } from '../wire/registry/index.js';
import { runRules } from '../diagnose/engine.js';
import type { ObservationBase } from '../model/observation.js';
import { RULES } from '../diagnose/rules/index.js';
import { connectionExplainers } from '../diagnose/rules/capture/index.js';
import {
  explain as explainStarttlsRefused,
  FINDING_ID as STARTTLS_REFUSED,
} from '../diagnose/rules/capture/capture.starttls-refused.js';
import type { CaptureHandshake, CaptureReport } from '../model/report.js';
import type { LoadErrorObservation } from '../model/observations/x509.js';
import { TlsDoctorError, oneLine } from '../errors.js';
import { buildReport, startStopwatch } from './command-report.js';

export interface CaptureCommandOptions {
  /** only connections to this server port */
  port?: number;
  /**
   * handshakes listed one by one: up to this many of each kind of failure, and this many completed
   * ones besides the first of each server, version and suite; the rest are counted (default 10)
   */
  list?: number;
  /** extra CA files for checking chains seen in clear */
  caFiles?: string[];
  /** check chains seen in clear with the certificate module (default true) */
  checkChains?: boolean;
}

/** handshakes listed one by one, per kind of failure and of completed ones (the rest are counted) */
export const DEFAULT_LIST = 10;

/** distinct chains handed to the certificate checks, at most */
const MAX_CHAINS = 8;

/** One TLS handshake as the capture report lists it (the report's data.handshakes). */
export type HandshakeRow = CaptureHandshake;

/** Reads, judges and builds the capture report. Throws TlsDoctorError/ParseError for unreadable input. */
export async function captureReport(file: string, opts: CaptureCommandOptions = {}): Promise<CaptureReport> {
  const clock = startStopwatch();
  const list = opts.list ?? DEFAULT_LIST;
  const analysis = await analyzeCapture(file, { failureSample: list, successSample: list });
  const connections =
    opts.port === undefined
      ? analysis.connections
      : analysis.connections.filter((c) => c.server.port === opts.port);
  const observations: ObservationBase[] = [analysis.summary, ...connections];
  if (opts.checkChains !== false) observations.push(...(await chainObservations(connections, opts.caFiles)));
  const engine = runRules(RULES, observations);
  const rows = handshakeRows(connections, analysis);
  const warnings = warningsOf(analysis, list);
  const t = totals(rows, connections, analysis.summary, opts.port);
  return buildReport('capture', file, clock, {
    findings: engine.findings,
    rules: engine.results,
    observations,
    data: {
      format: analysis.summary.format,
      packets: analysis.summary.packets,
      tlsHandshakes: t.ok + t.failed + t.unfinished,
      ok: t.ok,
      failed: t.failed,
      unfinished: t.unfinished,
      ...(t.causes.length > 0 ? { causes: t.causes } : {}),
      handshakes: rows,
    },
    ...(warnings.length > 0 ? { warnings } : {}),
  });
}

/**
 * The report's totals: the listed handshakes and those the capture only counted. Completed ones past
 * the sample (completedOverCap) are ok. The unlisted handshakes of a kind of failure
 * (summary.failureKinds: server, ending, first fatal alert, last message) count as the listed ones of
 * their kind were judged — failed with a cause, or unfinished — shared out in proportion; a kind with
 * none listed by how it ended (joined mid-stream, server direction missing, capture ended: unfinished;
 * else failed). With a port filter only that port's kinds count, and no completed ones past the sample
 * (they are not counted per server).
 */
function totals(
  rows: readonly HandshakeRow[],
  conns: readonly CaptureConnectionObservation[],
  summary: CaptureSummaryObservation,
  port: number | undefined,
): { ok: number; failed: number; unfinished: number; causes: Array<{ id: string; handshakes: number }> } {
  const t = { ok: 0, failed: 0, unfinished: 0 };
  const causes = new Map<string, number>();
  const add = (status: HandshakeRow['status'], cause: string | undefined, n: number): void => {
    t[status] += n;
    if (status === 'failed' && cause) causes.set(cause, (causes.get(cause) ?? 0) + n);
  };
  const byKind = new Map<string, HandshakeRow[]>();
  rows.forEach((r, i) => {
    add(r.status, r.cause, 1);
    if (r.status === 'ok') return;
    const k = failureKindOf(conns[i]!);
    const list = byKind.get(k);
    if (list) list.push(r);
    else byKind.set(k, [r]);
  });
  if (port === undefined) add('ok', undefined, summary.completedOverCap ?? 0);
  const byEnd = (end: string, n: number): void =>
    add(
      end === 'mid-stream' || end === 'server-not-captured' || end === 'capture-ended'
        ? 'unfinished'
        : 'failed',
      undefined,
      n,
    );
  for (const k of summary.failureKinds ?? []) {
    if (k.notListed === 0 || (port !== undefined && portOf(k.server) !== port)) continue;
    const listed = byKind.get(failureKindKey(k.server, k.handshakeEnd, k.alert, k.lastMessage));
    if (!listed) {
      byEnd(k.handshakeEnd, k.notListed);
      continue;
    }
    // in proportion to how the listed ones were judged; what rounding leaves goes to the largest share
    const groups = new Map<
      string,
      { status: HandshakeRow['status']; cause: string | undefined; n: number }
    >();
    for (const r of listed) {
      const g = groups.get(`${r.status}|${r.cause ?? ''}`);
      if (g) g.n++;
      else groups.set(`${r.status}|${r.cause ?? ''}`, { status: r.status, cause: r.cause, n: 1 });
    }
    const shares = [...groups.values()].sort((x, y) => y.n - x.n);
    let left = k.notListed;
    for (const g of shares.slice(1)) {
      const n = Math.floor((k.notListed * g.n) / listed.length);
      add(g.status, g.cause, n);
      left -= n;
    }
    add(shares[0]!.status, shares[0]!.cause, left);
  }
  if (port === undefined)
    for (const [end, n] of Object.entries(summary.failureKindsOverCapByEnd ?? {})) byEnd(end, n);
  return {
    ...t,
    causes: [...causes].sort((x, y) => y[1] - x[1]).map(([id, handshakes]) => ({ id, handshakes })),
  };
}

/** the port of an endpoint as the capture writes it (ip:port, [ipv6]:port) */
function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

function warningsOf(a: CaptureAnalysis, list: number): string[] {
  const w: string[] = [];
  if (a.summary.stopped)
    w.push(`stopped reading at byte ${a.summary.stopped.offset}: ${a.summary.stopped.reason}`);
  w.push(...a.summary.warnings);
  const completed = a.summary.completedOverCap ?? 0;
  const others = a.summary.connectionsOverCap - completed;
  if (completed > 0)
    w.push(
      `${completed} more completed handshakes are counted but not listed (listed: the first of each server, version and suite, and ${list} more; --list sets how many)`,
    );
  if (others > 0)
    w.push(
      `${others} more failed or unfinished handshakes are counted but not listed (up to ${list} of each kind are: server, ending, alert, last message; --list sets how many; capture.summary.failureKinds has the counts per kind)`,
    );
  return w;
}

async function chainObservations(
  conns: readonly CaptureConnectionObservation[],
  caFiles?: string[],
): Promise<ObservationBase[]> {
  const seen = new Set<string>();
  const out: ObservationBase[] = [];
  if (!conns.some((c) => c.serverCertificates)) return out;
  // loaded only when a chain was seen in clear
  const { observeServedChain } = await import('../x509/gather.js');
  for (const c of conns) {
    const chain = c.serverCertificates;
    if (!chain || chain.certificates.length === 0) continue;
    const key = chain.certificates.join('|');
    if (seen.has(key)) continue;
    if (seen.size >= MAX_CHAINS) break;
    seen.add(key);
    try {
      out.push(
        ...(await observeServedChain(
          chain.certificates.map((b) => Buffer.from(b, 'base64')),
          {
            // the x509 rules say "server <origin> sent it": name the server, and the file
            origin: {
              source: 'capture',
              origin: `${endpoint(c.server)} in ${c.from.origin}`,
              frames: [chain.frame],
              time: chain.time,
            },
            ...(c.clientHello?.sni ? { host: c.clientHello.sni } : {}),
            // judge validity at the time of the capture, not today
            now: new Date(chain.time),
            ...(caFiles && caFiles.length > 0 ? { caFiles } : {}),
          },
        )),
      );
    } catch (e) {
      const err: LoadErrorObservation = {
        kind: 'x509.load-error',
        from: { source: 'capture', origin: c.from.origin, frames: [chain.frame] },
        status: 'failed',
        code: e instanceof TlsDoctorError ? e.code : 'INPUT_FORMAT',
        error: `chain of ${connLabel(c)}: ${oneLine(e)}`,
      };
      out.push(err);
    }
  }
  return out;
}

export function handshakeRows(
  conns: readonly CaptureConnectionObservation[],
  a: CaptureAnalysis,
): HandshakeRow[] {
  const ctx = { all: conns, summary: a.summary };
  return conns.map((c) => {
    const row: HandshakeRow = {
      id: c.id,
      client: endpoint(c.client),
      server: endpoint(c.server),
      ...(c.clientHello?.sni ? { sni: c.clientHello.sni } : {}),
      ...(c.preamble ? { preamble: c.preamble.protocol } : {}),
      startFrame: c.start.frame,
      time: c.start.time,
      offered: c.clientHello ? offeredText(c.clientHello) : '(no ClientHello seen)',
      ...(c.serverHello
        ? {
            negotiated: `${versionName(c.serverHello.version)} ${cipherSuiteName(c.serverHello.cipherSuite)}`,
          }
        : {}),
      status: c.handshakeEnd === 'complete' ? 'ok' : 'failed',
    };
    const refused = c.preamble && upgradeRefused(c) ? explainStarttlsRefused(c, ctx) : undefined;
    if (c.preamble && refused) {
      if (!c.clientHello) row.offered = `(${c.preamble.protocol}: no ClientHello)`;
      row.cause = STARTTLS_REFUSED;
      row.reason = refused.reason;
    } else if (c.handshakeEnd === 'mid-stream' || c.handshakeEnd === 'server-not-captured') {
      row.status = 'unfinished';
      row.reason = unexplained(c);
    } else if (c.handshakeEnd !== 'complete') {
      for (const ex of connectionExplainers) {
        const e = ex.explain(c, ctx);
        if (e) {
          row.cause = ex.id;
          row.reason = e.reason;
          break;
        }
      }
      if (!row.cause) {
        row.status = c.handshakeEnd === 'capture-ended' ? 'unfinished' : 'failed';
        row.reason = unexplained(c);
      }
    }
    return row;
  });
}

function unexplained(c: CaptureConnectionObservation): string {
  switch (c.handshakeEnd) {
    case 'capture-ended':
      return `the capture ended during the handshake (last message: ${c.lastMessage?.name ?? 'none'})`;
    case 'reset':
      return `reset by the ${c.tcp.reset?.by ?? '?'} in frame ${c.tcp.reset?.frame ?? '?'}`;
    case 'closed':
      return `closed before the handshake completed (last message: ${c.lastMessage?.name ?? 'none'})`;
    case 'alert': {
      const a = c.alerts.find((x) => x.level === 2);
      return a ? `${a.from} sent ${alertText(a.description)}` : 'fatal alert';
    }
    case 'mid-stream':
      return 'the handshake is not in the capture (the connection was already open when it started)';
    case 'server-not-captured': {
      const answered = [
        ...((c.tcp.clientAckedServerBytes ?? 0) > 0
          ? [`acknowledged ${c.tcp.clientAckedServerBytes} bytes from the server`]
          : []),
        ...(c.changeCipherSpec.client !== undefined
          ? [`sent ChangeCipherSpec in frame ${c.changeCipherSpec.client}`]
          : []),
        ...(c.firstEncrypted.client
          ? [`sent encrypted records from frame ${c.firstEncrypted.client.frame}`]
          : []),
      ];
      return answered.length > 0
        ? `server direction not captured: the server did answer (the client ${answered.join(', ')})`
        : 'server direction not captured: whether the server answered is unknown';
    }
    default:
      return c.handshakeEnd;
  }
}
