// `tlsdoctor scan`: resolve, enumerate, and build the render-neutral Report.
import { Version } from '../wire/index.js';
import {
  cipherSuite,
  cipherSuiteName,
  groupName,
  sslv2CipherName,
  versionName,
} from '../wire/registry/index.js';
import { ProbeSession } from '../probe/session.js';
import { ProbeRunner } from '../probe/runner.js';
import { runScan, type ScanResult } from '../probe/scan.js';
import {
  SCHEMA_VERSION,
  type Block,
  type Cell,
  type ProbeRecord,
  type Report,
  type Section,
  type Tone,
} from '../model/report.js';
import { VERSION } from '../version.js';
import { TlsDoctorError } from '../errors.js';
import { X509Certificate } from 'node:crypto';
import { setupTarget } from './setup.js';
import type { HelloObservation } from '../model/observations/probe.js';

export interface ScanCommandOptions {
  sni?: string | false;
  ip?: string;
  timeoutMs?: number;
  concurrency?: number;
  onProgress?: (text: string) => void;
}

export async function scanCommand(input: string, o: ScanCommandOptions): Promise<Report> {
  const startedAt = new Date();
  const t0 = performance.now();
  const net = await setupTarget(input, o);
  const base = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tlsdoctor' as const, version: VERSION },
    command: 'scan' as const,
    target: `${net.target.host}:${net.target.port}`,
    startedAt: startedAt.toISOString(),
  };
  if (net.tcp.state !== 'open') {
    throw new TlsDoctorError('UNREACHABLE', `${net.tcp.from.origin}: ${net.tcp.error ?? net.tcp.state}`);
  }
  const session = new ProbeSession({
    endpoint: { address: net.address, port: net.target.port },
    deadlines: net.deadlines,
    runner: new ProbeRunner(o.concurrency ?? 16, Math.min(o.concurrency ?? 16, 10)),
    onProbe: (n, id) => o.onProgress?.(`${n} probes · ${id}`),
  });
  const result = await runScan(session, { serverName: net.serverName });
  result.connections += net.tcpAll.length; // the reachability connects count too
  const anyAccepted = result.versions.some((v) => v.accepted);
  const top = [...result.versions].reverse().find((v) => v.accepted);
  const notTls = session.records.find((r) => r.outcome.status === 'not-tls');
  return {
    ...base,
    durationMs: Math.round(performance.now() - t0),
    verdict: anyAccepted
      ? {
          status: 'healthy',
          summary: `${net.tcp.from.origin} accepts ${result.versions
            .filter((v) => v.accepted)
            .map((v) => versionName(v.version))
            .join(
              ', ',
            )} (best: ${versionName(top!.version)}); ${result.connections} connections in ${result.durationMs} ms`,
        }
      : {
          status: 'problems',
          summary: notTls
            ? `${net.tcp.from.origin} does not speak TLS: ${notTls.outcome.error}`
            : `${net.tcp.from.origin} accepted no SSL/TLS version (${summarizeFailures(session.records)})`,
        },
    findings: [],
    observations: [net.dns, net.tcp, ...session.records],
    probes: session.records.map(toProbeRecord),
    data: { scan: result as unknown as Record<string, unknown> },
    sections: scanSections(result),
  };
}

export function toProbeRecord(r: HelloObservation): ProbeRecord {
  const o = r.outcome;
  return {
    id: r.id,
    description: `${r.offer.sslv2 ? 'SSLv2' : versionName(r.offer.maxVersion)} hello, ${r.offer.sslv2 ? 'v2 kinds' : `${r.offer.cipherSuites.length} suites`}, ${r.offer.serverName ? `SNI ${r.offer.serverName}` : 'no SNI'}, ${r.offer.size} bytes`,
    status: o.status,
    ...(o.error ? { error: o.error } : {}),
    result: o,
    ...(r.from.time ? { startedAt: r.from.time } : {}),
    durationMs: o.timings.totalMs,
  };
}

function summarizeFailures(records: HelloObservation[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    const k = r.outcome.status === 'alert' ? `alert ${r.outcome.alert!.description}` : r.outcome.status;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n}× ${k}`).join(', ');
}

const strengthTone = (code: number, version: number): Tone => {
  if (version === Version.SSL2) return 'bad';
  const s = cipherSuite(code);
  if (!s) return 'plain';
  return s.strength === 'recommended'
    ? 'good'
    : s.strength === 'secure'
      ? 'plain'
      : s.strength === 'weak'
        ? 'warn'
        : 'bad';
};

const versionTone = (v: number, accepted: boolean): Tone =>
  !accepted ? 'plain' : v <= Version.SSL3 ? 'bad' : v <= Version.TLS11 ? 'warn' : 'good';

export function scanSections(r: ScanResult): Section[] {
  const versions: Block = {
    type: 'table',
    columns: ['Protocol', 'Accepted', 'Answer'],
    rows: r.versions.map((v): Cell[] => [
      { text: versionName(v.version) },
      { text: v.accepted ? 'yes' : 'no', tone: versionTone(v.version, v.accepted) },
      { text: v.accepted ? 'ServerHello' : (v.detail ?? v.outcome) },
    ]),
  };
  const suiteSections: Section[] = r.suites.map((s) => ({
    title: `${versionName(s.version)} cipher suites (${s.suites.length}${s.serverOrder === true ? ', server order' : s.serverOrder === false ? ', client order' : ''})`,
    blocks: [
      {
        type: 'table',
        columns: ['#', 'Code', 'Name', 'Bits', 'Strength'],
        rows: s.suites.map((c, i): Cell[] => {
          const info = s.version === Version.SSL2 ? undefined : cipherSuite(c);
          return [
            { text: String(i + 1) },
            { text: `0x${c.toString(16).padStart(4, '0')}` },
            { text: s.version === Version.SSL2 ? sslv2CipherName(c) : cipherSuiteName(c) },
            { text: info ? String(info.bits) : '' },
            {
              text: s.version === Version.SSL2 ? 'insecure' : (info?.strength ?? 'unknown'),
              tone: strengthTone(c, s.version),
            },
          ];
        }),
      },
    ],
  }));
  const f = r.features;
  const yn = (b: boolean | null, good = true): { value: string; tone: Tone } =>
    b === null
      ? { value: 'n/a', tone: 'plain' }
      : { value: b ? 'yes' : 'no', tone: b === good ? 'good' : 'warn' };
  const features: Block = {
    type: 'kv',
    rows: [
      {
        key: 'ALPN',
        value: f.alpn.length ? f.alpn.join(', ') : 'none',
        tone: f.alpn.includes('h2') ? 'good' : 'plain',
      },
      { key: 'Secure renegotiation', ...yn(f.secureRenegotiation) },
      { key: 'Extended master secret', ...yn(f.extendedMasterSecret) },
      { key: 'Encrypt-then-MAC', ...yn(f.encryptThenMac) },
      { key: 'Session tickets', ...yn(f.sessionTicket) },
      { key: 'OCSP stapling', ...yn(f.ocspStapling) },
      {
        key: 'TLS_FALLBACK_SCSV',
        value: f.fallbackScsv ?? 'n/a (fewer than two versions)',
        tone: f.fallbackScsv === 'supported' ? 'good' : f.fallbackScsv === 'not-supported' ? 'warn' : 'plain',
      },
      { key: 'Downgrade sentinel', ...yn(f.downgradeSentinel) },
      { key: 'Groups (TLS 1.3)', value: r.groups.tls13.map(groupName).join(', ') || 'n/a' },
      {
        key: 'Curves (TLS ≤ 1.2)',
        value:
          (r.groups.tls12.map(groupName).join(', ') || 'n/a') +
          (r.groups.tls12Undetermined.length
            ? `; not determinable (the server prefers its ECDSA certificate's curve to them): ${r.groups.tls12Undetermined.map(groupName).join(', ')}`
            : ''),
      },
      ...(r.sni
        ? [
            {
              key: 'SNI dependence',
              value:
                r.sni.sameOutcome && r.sni.differentCertificate !== true
                  ? 'none (same answer without SNI)'
                  : `with SNI ${r.sni.withSni}, without ${r.sni.withoutSni}${r.sni.differentCertificate ? ', different certificate' : ''}`,
              tone: (r.sni.sameOutcome ? 'plain' : 'warn') as Tone,
            },
          ]
        : []),
    ],
  };
  const chain: Section = { title: 'Certificate chain (as served)', blocks: [] };
  if (r.chain?.ok) {
    chain.blocks.push({
      type: 'table',
      columns: ['#', 'Subject', 'Issuer', 'Expires', 'Key'],
      rows: r.chain.chain.map((b64, i): Cell[] => {
        try {
          const c = new X509Certificate(Buffer.from(b64, 'base64'));
          const k = c.publicKey;
          const d = k.asymmetricKeyDetails;
          const key = `${k.asymmetricKeyType?.toUpperCase() ?? '?'}${d?.modulusLength ? ' ' + d.modulusLength : d?.namedCurve ? ' ' + d.namedCurve : ''}`;
          const expired = new Date(c.validTo).getTime() < Date.now();
          return [
            { text: String(i) },
            { text: c.subject.replace(/\n/g, ', ') },
            { text: c.issuer.replace(/\n/g, ', ') },
            { text: new Date(c.validTo).toISOString().slice(0, 10), tone: expired ? 'bad' : 'plain' },
            { text: key },
          ];
        } catch {
          return [
            { text: String(i) },
            { text: 'unparseable certificate', tone: 'bad' },
            { text: '' },
            { text: '' },
            { text: '' },
          ];
        }
      }),
    });
    chain.blocks.push({
      type: 'kv',
      rows: [
        {
          key: 'Full handshake',
          value: `${r.chain.protocol ?? '?'} ${r.chain.cipher?.standardName ?? ''}${r.chain.hostnameError ? ' — ' + r.chain.hostnameError : ''}`,
          tone: r.chain.hostnameError ? 'warn' : 'plain',
        },
      ],
    });
  } else if (r.chain) {
    chain.blocks.push({
      type: 'text',
      text: `Node's TLS stack could not complete a handshake: ${r.chain.error ?? 'unknown error'}`,
      tone: 'warn',
    });
  }
  return [
    { title: 'Protocols', blocks: [versions] },
    ...suiteSections,
    { title: 'Features', blocks: [features] },
    chain,
    {
      title: 'Scan',
      blocks: [
        {
          type: 'kv',
          rows: [
            { key: 'Endpoint', value: r.endpoint },
            { key: 'SNI', value: r.serverName ?? '(none)' },
            { key: 'Connections', value: String(r.connections) },
            { key: 'Duration', value: `${r.durationMs} ms` },
          ],
        },
      ],
    },
  ];
}
