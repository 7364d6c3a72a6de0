// The sections of a `capture` report: the file, every TLS handshake, and each failed handshake
// with its details and timeline.
import { cipherSuiteName, versionName } from '../../wire/registry/index.js';
import type {
  CaptureConnectionObservation,
  CaptureSummaryObservation,
} from '../../model/observations/capture.js';
import type { CaptureReport } from '../../model/report.js';
import type { Block, Cell, Section } from '../tree.js';
import { alertText, connLabel, offeredText, suiteList } from '../../capture/words.js';

/** failed handshakes that get their own section, at most */
const MAX_TIMELINES = 20;

export function captureSections(report: CaptureReport, maxTimelines = MAX_TIMELINES): Section[] {
  const s = report.observations.find((o): o is CaptureSummaryObservation => o.kind === 'capture.summary');
  if (!s) return [];
  const conns = report.observations.filter(
    (o): o is CaptureConnectionObservation => o.kind === 'capture.connection',
  );
  const d = report.data;
  const rows = d.handshakes;
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
        value: `${d.tlsHandshakes}: ${d.ok} ok, ${d.failed} failed${d.unfinished > 0 ? `, ${d.unfinished} unfinished` : ''}${rows.length < d.tlsHandshakes ? ` (${rows.length} listed)` : ''}`,
        tone: d.failed > 0 ? 'bad' : 'good',
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
      { text: `${r.client} → ${r.server}${r.preamble ? ` (${r.preamble})` : ''}` },
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
  const failedConns = conns
    .filter(
      (c) =>
        c.handshakeEnd !== 'complete' &&
        c.handshakeEnd !== 'mid-stream' &&
        c.handshakeEnd !== 'server-not-captured',
    )
    .slice(0, maxTimelines);
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
