// The capture report: analyse the file, check chains seen in clear, run the rules, build the sections.
import { analyzeCapture, type CaptureAnalysis } from '../capture/analyze.js';
import type { CaptureConnectionObservation } from '../model/observations/capture.js';
import {
  connLabel,
  endpoint,
  offeredText,
  suiteList,
  alertText,
} from '../diagnose/rules/capture/shared/describe.js';
import { cipherSuiteName, versionName } from '../wire/registry/index.js';
import { runRules } from '../diagnose/engine.js';
import type { Finding } from '../model/finding.js';
import type { ObservationBase } from '../model/observation.js';
import { RULES } from '../diagnose/rules/index.js';
import { connectionExplainers } from '../diagnose/rules/capture/index.js';
import { SCHEMA_VERSION, type Block, type Cell, type Report, type Section } from '../model/report.js';
import { VERSION } from '../version.js';
import { oneLine } from '../errors.js';

export interface CaptureCommandOptions {
  /** only connections to this server port */
  port?: number;
  /** extra CA files for checking chains seen in clear */
  caFiles?: string[];
  /** check chains seen in clear with the certificate module (default true) */
  checkChains?: boolean;
  /** how many failed handshakes get their own timeline section (default 20) */
  maxTimelines?: number;
}

/** distinct chains handed to the certificate checks, at most */
const MAX_CHAINS = 8;

export interface HandshakeRow {
  id: number;
  client: string;
  server: string;
  sni?: string;
  startFrame: number;
  time: string;
  offered: string;
  negotiated?: string;
  /** 'ok' or 'failed' or 'unfinished' (the capture ended first) */
  status: 'ok' | 'failed' | 'unfinished';
  /** the finding id that explains a failure */
  cause?: string;
  reason?: string;
}

/** Reads, judges and builds the capture Report. Throws TlsDoctorError/ParseError for unreadable input. */
export async function captureReport(file: string, opts: CaptureCommandOptions = {}): Promise<Report> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const analysis = await analyzeCapture(file);
  const connections =
    opts.port === undefined
      ? analysis.connections
      : analysis.connections.filter((c) => c.server.port === opts.port);
  const observations: ObservationBase[] = [analysis.summary, ...connections];
  if (opts.checkChains !== false) observations.push(...(await chainObservations(connections, opts.caFiles)));
  const engine = runRules(RULES, observations);
  const rows = handshakeRows(connections, analysis);
  const failed = rows.filter((r) => r.status === 'failed');
  const findings = engine.findings;
  const verdict = verdictFor(rows, findings, analysis);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tlsdoctor', version: VERSION },
    command: 'capture',
    target: file,
    startedAt,
    durationMs: Date.now() - started,
    verdict,
    findings,
    rules: engine.results,
    observations,
    data: {
      format: analysis.summary.format,
      packets: analysis.summary.packets,
      tlsHandshakes: rows.length,
      ok: rows.filter((r) => r.status === 'ok').length,
      failed: failed.length,
      unfinished: rows.filter((r) => r.status === 'unfinished').length,
      handshakes: rows,
    },
    sections: sections(analysis, connections, rows, opts.maxTimelines ?? 20),
    ...(warningsOf(analysis).length > 0 ? { warnings: warningsOf(analysis) } : {}),
  };
  return report;
}

function warningsOf(a: CaptureAnalysis): string[] {
  const w: string[] = [];
  if (a.summary.stopped)
    w.push(`stopped reading at byte ${a.summary.stopped.offset}: ${a.summary.stopped.reason}`);
  w.push(...a.summary.warnings);
  if (a.summary.connectionsOverCap > 0)
    w.push(
      `${a.summary.connectionsOverCap} successful handshakes beyond the report cap are counted but not listed`,
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
      out.push({
        kind: 'x509.load-error',
        from: { source: 'capture', origin: c.from.origin, frames: [chain.frame] },
        status: 'failed',
        error: `chain of ${connLabel(c)}: ${oneLine(e)}`,
      });
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
    if (c.handshakeEnd !== 'complete') {
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
    default:
      return c.handshakeEnd;
  }
}

function verdictFor(rows: HandshakeRow[], findings: Finding[], a: CaptureAnalysis): Report['verdict'] {
  const failed = rows.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    // lead with the cause that explains the most failed handshakes, then name the others
    const counts = new Map<string, number>();
    for (const r of failed) if (r.cause) counts.set(r.cause, (counts.get(r.cause) ?? 0) + 1);
    const causes = [...counts].sort((x, y) => y[1] - x[1] || rank(findings, x[0]) - rank(findings, y[0]));
    const topId = causes[0]?.[0];
    const top =
      (topId ? findings.find((f) => f.id === topId) : undefined) ??
      findings.find((f) => f.severity === 'blocker' || f.severity === 'high') ??
      findings[0];
    const others = causes.slice(1).map(([id, n]) => (n > 1 ? `${id} ×${n}` : id));
    return {
      status: 'problems',
      summary: `${failed.length} of ${rows.length} TLS handshake${rows.length === 1 ? '' : 's'} failed${top ? `: ${top.summary}` : ''}${others.length > 0 ? ` Also: ${others.join(', ')}.` : ''}`,
    };
  }
  if (rows.length === 0)
    return { status: 'healthy', summary: `no TLS handshake found in ${a.summary.packets} packets` };
  const unfinished = rows.filter((r) => r.status === 'unfinished').length;
  return {
    status: 'healthy',
    summary: `all ${rows.length - unfinished} completed TLS handshake${rows.length - unfinished === 1 ? '' : 's'} succeeded${unfinished > 0 ? ` (${unfinished} still open when the capture ended)` : ''}`,
  };
}

function rank(findings: Finding[], id: string): number {
  const i = findings.findIndex((f) => f.id === id);
  return i < 0 ? findings.length : i;
}

function sections(
  a: CaptureAnalysis,
  conns: readonly CaptureConnectionObservation[],
  rows: HandshakeRow[],
  maxTimelines: number,
): Section[] {
  const s = a.summary;
  const span =
    s.firstPacket && s.lastPacket
      ? `${s.firstPacket.time} → ${s.lastPacket.time} (${(s.lastPacket.rel - s.firstPacket.rel).toFixed(3)} s)`
      : 'no packets';
  const kv: Block = {
    type: 'kv',
    rows: [
      {
        key: 'file',
        value: `${s.file} (${s.format}${s.compressed ? ', gzip' : ''}, ${s.byteOrder}-endian, ${s.fileSize} bytes)`,
      },
      {
        key: 'interfaces',
        value:
          s.interfaces
            .map((i) => `${i.name ? `${i.name}: ` : ''}${i.linkTypeName}, ${i.timestampResolution}`)
            .join('; ') || 'none',
      },
      { key: 'packets', value: `${s.packets} (${s.tcpPackets} TCP)` },
      { key: 'time', value: span },
      { key: 'TCP connections', value: String(s.tcpConnections) },
      {
        key: 'TLS handshakes',
        value: `${rows.length}: ${rows.filter((r) => r.status === 'ok').length} ok, ${rows.filter((r) => r.status === 'failed').length} failed${rows.some((r) => r.status === 'unfinished') ? `, ${rows.filter((r) => r.status === 'unfinished').length} unfinished` : ''}`,
        tone: rows.some((r) => r.status === 'failed') ? 'bad' : 'good',
      },
      ...(s.stopped
        ? [
            {
              key: 'stopped',
              value: `at byte ${s.stopped.offset}: ${s.stopped.reason}`,
              tone: 'warn' as const,
            },
          ]
        : []),
    ],
  };
  const table: Block = {
    type: 'table',
    caption: 'TLS handshakes, in order of their first packet',
    columns: ['#', 'frame', 'client → server', 'SNI', 'offered', 'negotiated', 'result'],
    rows: rows.map((r): Cell[] => [
      { text: String(r.id) },
      { text: String(r.startFrame) },
      { text: `${r.client} → ${r.server}` },
      { text: r.sni ?? '' },
      { text: r.offered },
      { text: r.negotiated ?? '' },
      r.status === 'ok'
        ? { text: 'ok', tone: 'good' }
        : r.status === 'unfinished'
          ? { text: `unfinished: ${r.reason ?? ''}`, tone: 'warn' }
          : { text: `failed: ${r.cause ?? r.reason ?? ''}`, tone: 'bad' },
    ]),
  };
  const out: Section[] = [
    { title: 'Capture', blocks: [kv] },
    {
      title: 'Handshakes',
      blocks: rows.length > 0 ? [table] : [{ type: 'text', text: 'No TLS handshake in this capture.' }],
    },
  ];
  const failedConns = conns.filter((c) => c.handshakeEnd !== 'complete').slice(0, maxTimelines);
  if (failedConns.length > 0) {
    out.push({
      title: 'Failed handshakes',
      blocks: [],
      sections: failedConns.map((c) => ({
        title: connLabel(c),
        blocks: [details(c), { type: 'timeline', events: timeline(c) }],
      })),
    });
  }
  return out;
}

function details(c: CaptureConnectionObservation): Block {
  const rows: Array<{ key: string; value: string; tone?: 'bad' | 'warn' }> = [];
  const ch = c.clientHello;
  if (ch) {
    rows.push({
      key: 'ClientHello',
      value: `frame ${ch.frame}${ch.format === 'sslv2' ? ' (SSLv2 format)' : ''}, versions ${offeredText(ch)}, ${ch.cipherSuites.length} suites${ch.sni ? `, SNI ${ch.sni}` : ', no SNI'}${ch.alpn ? `, ALPN ${ch.alpn.join(',')}` : ''}`,
    });
    rows.push({ key: 'suites offered', value: suiteList(ch.cipherSuites, 8) });
    if (ch.ja3Hash)
      rows.push({ key: 'fingerprint', value: `JA3 ${ch.ja3Hash}${ch.ja4 ? `, JA4 ${ch.ja4}` : ''}` });
  }
  if (c.helloRetryRequest)
    rows.push({ key: 'HelloRetryRequest', value: `frame ${c.helloRetryRequest.frame}` });
  if (c.serverHello)
    rows.push({
      key: 'ServerHello',
      value: `frame ${c.serverHello.frame}, ${versionName(c.serverHello.version)}, ${cipherSuiteName(c.serverHello.cipherSuite)}`,
    });
  for (const al of c.alerts)
    rows.push({
      key: `alert from ${al.from}`,
      value: `${alertText(al.description)} (${al.level === 2 ? 'fatal' : 'warning'}) in frame ${al.frame}, after ${al.after ?? 'nothing'}`,
      tone: 'bad',
    });
  if (c.notTls)
    rows.push({
      key: `non-TLS from ${c.notTls.from}`,
      value: `frame ${c.notTls.frame}: "${c.notTls.firstBytesText}"`,
      tone: 'bad',
    });
  rows.push({
    key: 'TCP',
    value: [
      c.tcp.synSeen ? 'SYN seen' : 'already open when the capture started',
      ch
        ? c.tcp.clientHelloAcked
          ? `ClientHello acknowledged (frame ${c.tcp.clientHelloAckFrame})`
          : 'ClientHello never acknowledged'
        : '',
      c.tcp.clientHelloRetransmissions > 0 ? `${c.tcp.clientHelloRetransmissions} retransmission(s)` : '',
      c.tcp.clientHelloToFirstServerByteMs !== undefined
        ? `first server byte after ${c.tcp.clientHelloToFirstServerByteMs} ms`
        : ch
          ? 'no server byte after the ClientHello'
          : '',
      c.tcp.reset ? `RST by ${c.tcp.reset.by} (frame ${c.tcp.reset.frame}, TTL ${c.tcp.reset.ttl})` : '',
    ]
      .filter(Boolean)
      .join('; '),
  });
  return { type: 'kv', rows };
}

function timeline(
  c: CaptureConnectionObservation,
): Array<{ atMs: number; who: 'client' | 'server' | 'note'; text: string; tone?: 'bad' | 'good' | 'warn' }> {
  const t0 = c.start.rel;
  const at = (rel: number): number => Math.round((rel - t0) * 1e6) / 1e3;
  const ev: Array<{
    atMs: number;
    who: 'client' | 'server' | 'note';
    text: string;
    tone?: 'bad' | 'good' | 'warn';
  }> = [];
  ev.push({
    atMs: 0,
    who: 'note',
    text: `${c.tcp.synSeen ? 'connection opened' : 'first packet (connection already open)'} (frame ${c.start.frame})`,
  });
  if (c.clientHello)
    ev.push({
      atMs: at(c.clientHello.rel),
      who: 'client',
      text: `ClientHello, ${offeredText(c.clientHello)} (frame ${c.clientHello.frame})`,
    });
  if (c.helloRetryRequest)
    ev.push({
      atMs: at(c.helloRetryRequest.rel),
      who: 'server',
      text: `HelloRetryRequest (frame ${c.helloRetryRequest.frame})`,
    });
  if (c.serverHello)
    ev.push({
      atMs: at(c.serverHello.rel),
      who: 'server',
      text: `ServerHello, ${versionName(c.serverHello.version)} ${cipherSuiteName(c.serverHello.cipherSuite)} (frame ${c.serverHello.frame})`,
      tone: 'good',
    });
  if (c.serverCertificates)
    ev.push({
      atMs: at(c.serverCertificates.rel),
      who: 'server',
      text: `Certificate, ${c.serverCertificates.certificates.length} certificate(s) (frame ${c.serverCertificates.frame})`,
    });
  for (const a of c.alerts)
    ev.push({
      atMs: at(a.rel),
      who: a.from,
      text: `alert ${alertText(a.description)} (frame ${a.frame})`,
      tone: 'bad',
    });
  if (c.notTls)
    ev.push({
      atMs: at(c.notTls.rel),
      who: c.notTls.from,
      text: `not TLS: "${c.notTls.firstBytesText}" (frame ${c.notTls.frame})`,
      tone: 'bad',
    });
  if (c.tcp.reset)
    ev.push({
      atMs: at(c.tcp.reset.rel),
      who: c.tcp.reset.by,
      text: `TCP RST (frame ${c.tcp.reset.frame})`,
      tone: 'bad',
    });
  if (c.tcp.clientFin)
    ev.push({ atMs: at(c.tcp.clientFin.rel), who: 'client', text: `FIN (frame ${c.tcp.clientFin.frame})` });
  if (c.tcp.serverFin)
    ev.push({ atMs: at(c.tcp.serverFin.rel), who: 'server', text: `FIN (frame ${c.tcp.serverFin.frame})` });
  return ev.sort((x, y) => x.atMs - y.atMs);
}
