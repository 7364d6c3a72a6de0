// The sections of a `scan` report: protocols, cipher suites per version, features, the served chain.
import { X509Certificate } from 'node:crypto';
import { Version } from '../../wire/index.js';
import {
  cipherSuite,
  cipherSuiteName,
  groupName,
  sslv2CipherName,
  versionName,
} from '../../wire/registry/index.js';
import type { ScanData, ScanReport } from '../../model/report.js';
import type { Block, Cell, Section, Tone } from '../tree.js';

export function scanSections(report: ScanReport): Section[] {
  return scanSectionsOf(report.data.scan);
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

function scanSectionsOf(r: ScanData['scan']): Section[] {
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
      f.encryptThenMac === null && r.suites.length > 0
        ? { key: 'Encrypt-then-MAC', value: 'n/a (no CBC suite accepted)', tone: 'plain' as Tone }
        : { key: 'Encrypt-then-MAC', ...yn(f.encryptThenMac) },
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
