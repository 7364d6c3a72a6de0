// The sections of a `diagnose` report: what works, the client matrix, the narrowing probes and
// one handshake timeline, all from the report's observations.
import { describeOutcome } from '../../probe/outcome.js';
import { versionName } from '../../wire/registry/index.js';
import { Version } from '../../wire/index.js';
import { CLIENT_PROFILES } from '../../probe/profiles/index.js';
import { ObservationSet } from '../../model/observation.js';
import type {
  DnsObservation,
  FullHandshakeObservation,
  HelloObservation,
  HelloOutcome,
  HttpObservation,
  TcpObservation,
} from '../../model/observations/probe.js';
import type { ChainCertificate, DiagnoseReport, ServedCertificate } from '../../model/report.js';
import type { Block, Cell, Section } from '../tree.js';
import { lastWorkedSections } from './diff.js';

const ok = (o: HelloOutcome): boolean => o.status === 'server-hello' || o.status === 'hello-retry';

export function diagnoseSections(report: DiagnoseReport): Section[] {
  const observations = report.observations;
  const set = new ObservationSet(observations);
  const sections: Section[] = [...lastWorkedSections(report.data?.lastWorked, report.target)];
  const dns = set.of<DnsObservation>('probe.dns')[0];
  const http = set.of<HttpObservation>('probe.http')[0];
  const tcps = set.of<TcpObservation>('probe.tcp');
  const full = set.of<FullHandshakeObservation>('probe.full-handshake')[0];
  const hellos = set.of<HelloObservation>('probe.hello');
  const rows: Array<{ key: string; value: string; tone?: 'good' | 'bad' | 'warn' | 'info' | 'plain' }> = [];
  if (dns)
    rows.push({
      key: 'Name resolution',
      value:
        dns.status === 'failed'
          ? (dns.error ?? 'failed')
          : dns.addresses.map((a) => a.address).join(', ') + (dns.literal ? ' (given)' : ''),
      tone: dns.status === 'failed' ? 'bad' : 'good',
    });
  if (http)
    rows.push({
      key: 'Plain HTTP',
      value:
        http.result.status === 'ok'
          ? `${http.url} → HTTP ${http.result.httpStatus}`
          : `${http.url} → ${http.result.status}${http.result.error ? ` (${http.result.error})` : ''}`,
      tone: http.result.status === 'ok' ? 'good' : 'warn',
    });
  for (const tcp of tcps)
    rows.push({
      key: 'TCP',
      value: `${tcp.from.origin} ${tcp.state}${tcp.connectMs !== undefined ? ` (${tcp.connectMs} ms)` : ''}`,
      tone: tcp.state === 'open' ? 'good' : 'bad',
    });
  const versions = hellos.filter(
    (h) => (h.purpose === 'version' && h.outcome.status !== 'timeout') || h.purpose === 'version',
  );
  const accepted = new Set<number>();
  for (const h of versions) {
    const v = h.outcome.serverHello?.version ?? h.outcome.helloRetry?.version;
    if (ok(h.outcome) && v !== undefined && v === h.offer.maxVersion) accepted.add(v);
  }
  if (hellos.length)
    rows.push({
      key: 'Versions accepted',
      value: accepted.size ? [...accepted].sort().map(versionName).join(', ') : 'none',
      tone: accepted.size ? 'plain' : 'bad',
    });
  if (full)
    rows.push({
      key: 'Full handshake (Node/OpenSSL)',
      value: full.result.ok
        ? `${full.result.protocol} ${full.result.cipher?.standardName ?? ''}, ${full.result.chain.length} certificate(s)`
        : `failed: ${full.result.error}`,
      tone: full.result.ok ? 'good' : 'bad',
    });
  const platform = report.data?.platform;
  if (platform)
    rows.push({
      key: 'Server software',
      value:
        platform.id === 'unknown'
          ? 'not detected (no Server header; --platform iis|nginx|apache|… orders the fixes for it)'
          : `${platform.name}${platform.evidence ? ` — ${platform.evidence}` : ''}`,
      tone: 'plain',
    });
  if (rows.length) sections.push({ title: 'What works', blocks: [{ type: 'kv', rows }] });
  const cert = report.data?.certificate;
  if (cert) sections.push(certificateSection(cert));

  const profiles = hellos.filter((h) => h.purpose === 'profile');
  if (profiles.length) {
    const byId = new Map(CLIENT_PROFILES.map((p) => [p.id, p]));
    const matrix: Block = {
      type: 'table',
      caption: 'Client compatibility (each row is one real handshake with that client’s hello)',
      columns: ['Client', 'Result', 'Answer'],
      rows: profiles.map((h): Cell[] => {
        const p = byId.get(h.profileId ?? '');
        const good =
          ok(h.outcome) &&
          (!p ||
            p.acceptsVersions.includes(h.outcome.serverHello?.version ?? h.outcome.helloRetry?.version ?? 0));
        const v = h.outcome.serverHello?.version ?? h.outcome.helloRetry?.version;
        const why =
          !good && ok(h.outcome) && v !== undefined
            ? `${describeOutcome(h.outcome)} — refused by this client (it needs ${p?.acceptsVersions.map(versionName).join('/') ?? '?'})`
            : describeOutcome(h.outcome);
        return [
          { text: p?.name ?? h.profileId ?? h.id },
          { text: good ? 'OK' : 'FAIL', tone: good ? answerTone(h.outcome) : 'bad' },
          { text: why },
        ];
      }),
    };
    sections.push({ title: 'Clients', blocks: [matrix] });
  }

  const probes = hellos.filter((h) => h.purpose !== 'profile');
  if (probes.length) {
    sections.push({
      title: 'Narrowing probes',
      blocks: [
        {
          type: 'table',
          columns: ['Probe', 'Offered', 'Answer', 'ms'],
          rows: probes.map((h): Cell[] => [
            { text: probeLabel(h) },
            {
              text: `${h.offer.sslv2 ? 'SSLv2' : h.offer.versions.map(versionName).join('+')}, ${h.offer.sslv2 ? 'v2 kinds' : `${h.offer.cipherSuites.length} suites`}, ${h.offer.serverName ? `SNI ${h.offer.serverName}` : 'no SNI'}, ${h.offer.size} B`,
            },
            { text: describeOutcome(h.outcome), tone: ok(h.outcome) ? answerTone(h.outcome) : 'plain' },
            { text: String(Math.round(h.outcome.timings.totalMs)) },
          ]),
        },
      ],
    });
  }
  const first = profiles.find((h) => h.profileId === 'chrome-current') ?? profiles[0];
  if (first)
    sections.push({
      title: `Handshake timeline (${CLIENT_PROFILES.find((p) => p.id === first.profileId)?.name ?? probeLabel(first)})`,
      blocks: [timeline(first)],
    });
  return sections;
}

/** The site's certificate, healthy or not: who it names, until when, its key, the chain as sent and as built. */
function certificateSection(c: ServedCertificate): Section {
  const validity: { value: string; tone: 'good' | 'bad' | 'warn' } =
    c.daysLeft < 0
      ? {
          value: `${c.notBefore} → ${c.notAfter} (expired ${-c.daysLeft} day${c.daysLeft === -1 ? '' : 's'} ago)`,
          tone: 'bad',
        }
      : {
          value: `${c.notBefore} → ${c.notAfter} (${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'} left)`,
          tone: c.daysLeft < 30 ? 'warn' : 'good',
        };
  const rows: Array<{ key: string; value: string; tone?: 'good' | 'bad' | 'warn' | 'info' | 'plain' }> = [
    { key: 'Subject', value: c.subject || '(empty subject: the SAN names it)' },
    { key: 'Issuer', value: c.issuer || '(empty issuer)' },
    {
      key: 'Names (SAN)',
      value: c.san.length ? c.san.join(', ') : 'none (CN only)',
      ...(c.hostChecked !== undefined ? { tone: c.hostMatches ? ('good' as const) : ('bad' as const) } : {}),
    },
    ...(c.hostChecked !== undefined
      ? [
          {
            key: 'Name checked',
            value: `${c.hostChecked}: ${c.hostMatches ? 'matches' : 'does not match'}`,
            tone: c.hostMatches ? ('good' as const) : ('bad' as const),
          },
        ]
      : []),
    { key: 'Valid', value: validity.value, tone: validity.tone },
    { key: 'Key', value: `${c.key}, signed with ${c.signature}` },
    { key: 'Thumbprint (SHA-1)', value: c.thumbprintSha1 },
    {
      key: 'Trust',
      value: c.trusted
        ? 'trusted (the built path ends at a trusted root)'
        : c.chainEnd === 'self-signed'
          ? 'not trusted: the path ends at a root no store searched has'
          : c.chainEnd === 'issuer-missing'
            ? 'not trusted: the path stops at a certificate whose issuer is neither sent nor in a store'
            : `not trusted (${c.chainEnd})`,
      tone: c.trusted ? 'good' : 'bad',
    },
  ];
  const chainTable = (caption: string, certs: ChainCertificate[], built: boolean): Block => ({
    type: 'table',
    caption,
    columns: built ? ['#', 'Certificate', 'Issuer', 'From'] : ['#', 'Certificate', 'Issuer'],
    rows: certs.map((x, i): Cell[] => [
      { text: String(i) },
      { text: x.subject || '(empty subject)' },
      { text: x.issuer || '(empty issuer)' },
      ...(built
        ? [
            {
              text:
                x.source === 'store'
                  ? `trust store${x.store ? ` (${x.store})` : ''}`
                  : x.source === 'aia'
                    ? 'downloaded (AIA)'
                    : 'sent by the server',
              tone: x.source === 'store' ? ('good' as const) : ('plain' as const),
            },
          ]
        : []),
    ]),
  });
  const blocks: Block[] = [
    { type: 'kv', rows },
    chainTable('Chain as sent (server order)', c.chainSent, false),
    chainTable(
      c.trusted ? 'Chain as built (to a trusted root)' : 'Chain as built (as far as it goes)',
      c.chainBuilt,
      true,
    ),
  ];
  return { title: 'Certificate', blocks };
}

/**
 * A server's answer in colour: green only for TLS 1.2 and later; a handshake that completes on
 * TLS 1.0/1.1 is a warning, on SSL 3.0 or 2.0 a problem, however willingly the server answered.
 */
function answerTone(o: HelloObservation['outcome']): 'good' | 'warn' | 'bad' {
  const v = o.serverHello?.version ?? o.helloRetry?.version;
  if (v === undefined) return 'good';
  return v <= Version.SSL3 ? 'bad' : v <= Version.TLS11 ? 'warn' : 'good';
}

/** What a narrowing probe tried, in words (its id is for the JSON, not for people). */
function probeLabel(h: HelloObservation): string {
  const v = h.varies;
  if (v?.version !== undefined)
    return `${versionName(v.version)} alone${v.suiteBundle ? ` (suites, part ${v.suiteBundle + 1})` : ''}`;
  if (v?.size) return v.size === 'small' ? 'small hello' : 'large hello';
  if (v?.sni) return v.sni === 'none' ? 'without SNI' : v.sni === 'other' ? 'another SNI name' : 'with SNI';
  if (v?.profile) return CLIENT_PROFILES.find((p) => p.id === v.profile)?.name ?? v.profile;
  if (v?.group !== undefined) return `group ${v.group}`;
  if (v?.alpn) return `ALPN ${v.alpn}`;
  if (v?.fallbackScsv) return 'TLS_FALLBACK_SCSV';
  return h.purpose;
}

function timeline(h: HelloObservation): Block {
  const o = h.outcome;
  const ev: Array<{
    atMs: number;
    who: 'client' | 'server' | 'note';
    text: string;
    tone?: 'good' | 'bad' | 'warn' | 'info' | 'plain';
  }> = [];
  ev.push({ atMs: 0, who: 'client', text: `TCP connect to ${o.address}:${o.port}` });
  if (o.timings.connectMs !== undefined) {
    ev.push({
      atMs: o.timings.connectMs,
      who: 'client',
      text: `ClientHello (${h.offer.size} bytes, ${h.offer.versions.map(versionName).join('/')}, ${h.offer.cipherSuites.length} suites${h.offer.serverName ? `, SNI ${h.offer.serverName}` : ''})`,
    });
  }
  if (o.timings.firstByteMs !== undefined && o.timings.connectMs !== undefined) {
    ev.push({
      atMs: o.timings.connectMs + o.timings.firstByteMs,
      who: 'server',
      text: describeOutcome(o),
      tone: ok(o) ? answerTone(o) : 'bad',
    });
  }
  if (!ok(o) && o.timings.firstByteMs === undefined)
    ev.push({ atMs: o.timings.totalMs, who: 'note', text: describeOutcome(o), tone: 'bad' });
  return { type: 'timeline', events: ev };
}
