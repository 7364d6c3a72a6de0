// The sections of a `cert` report: one per certificate, then each chain, then the private keys.
import { ekuName } from '../../x509/inspect.js';
import type {
  CertificateObservation,
  ChainObservation,
  KeyObservation,
} from '../../model/observations/x509.js';
import type { CertReport } from '../../model/report.js';
import type { Block, Section, Tone } from '../tree.js';

export function certSections(report: CertReport): Section[] {
  const obs = report.observations;
  const certs = obs.filter((o): o is CertificateObservation => o.kind === 'x509.certificate');
  const keys = obs.filter((o): o is KeyObservation => o.kind === 'x509.key');
  const chains = obs.filter((o): o is ChainObservation => o.kind === 'x509.chain');
  const out: Section[] = certs.map((c, i) => certSection(c, i, keys));
  for (const ch of chains) out.push(chainSection(ch, certs));
  if (keys.length) {
    out.push({
      title: 'Private keys',
      blocks: [
        {
          type: 'table',
          columns: ['Key', 'Type', 'Belongs to'],
          rows: keys.map((k) => {
            const m = k.matches.map((t) => certs.find((c) => c.thumbprintSha1 === t)?.subject ?? t);
            return [
              { text: `${k.from.origin}${k.from.line !== undefined ? `:${k.from.line}` : ''} (${k.format})` },
              { text: `${k.keyType}${k.keyBits ? ` ${k.keyBits}` : ''}${k.curve ? ` ${k.curve}` : ''}` },
              m.length
                ? { text: m.join(', '), tone: 'good' as Tone }
                : { text: 'no certificate given', tone: 'bad' as Tone },
            ];
          }),
        },
      ],
    });
  }
  return out;
}

function daysLeft(c: CertificateObservation): { text: string; tone: Tone } {
  const now = Date.parse(c.checkedAt);
  const end = Date.parse(c.notAfter);
  const start = Date.parse(c.notBefore);
  if (Number.isNaN(end) || Number.isNaN(start))
    return { text: `${c.notAfter || '(does not decode)'} (validity malformed)`, tone: 'bad' };
  if (start > now) return { text: `${c.notAfter} (not valid yet: starts ${c.notBefore})`, tone: 'bad' };
  const d = Math.floor((end - now) / 86400_000);
  if (end < now) return { text: `${c.notAfter} (expired ${-d} days ago)`, tone: 'bad' };
  return { text: `${c.notAfter} (${d} days left)`, tone: d < 30 ? 'warn' : 'good' };
}

function certSection(c: CertificateObservation, i: number, keys: KeyObservation[]): Section {
  const role = c.leaf
    ? 'server certificate'
    : c.selfSigned
      ? 'root'
      : c.basicConstraints?.ca
        ? 'intermediate'
        : 'certificate';
  const validTo = daysLeft(c);
  const rows: Array<{ key: string; value: string; tone?: Tone }> = [
    { key: 'Subject', value: c.subject || '(empty subject: the SAN names it)' },
    {
      key: 'Issuer',
      value: `${c.issuer || '(empty issuer)'}${c.selfIssued ? ` (self-issued${c.selfSigned ? ', self-signed' : ''})` : ''}`,
    },
    { key: 'Serial', value: c.serialNumber },
    { key: 'Thumbprint (SHA-1)', value: c.thumbprintSha1 },
    { key: 'SHA-256', value: c.fingerprintSha256 },
    { key: 'Valid from', value: c.notBefore || '(does not decode)' },
    { key: 'Valid to', value: validTo.text, tone: validTo.tone },
    {
      key: 'Key',
      value: `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}${c.curve ? ` (${c.curve})` : ''}`,
    },
    {
      key: 'Signature',
      value: c.signatureAlgorithm.name,
      ...(c.signatureAlgorithm.hash === 'sha1' || c.signatureAlgorithm.hash === 'md5'
        ? { tone: 'bad' as Tone }
        : {}),
    },
    {
      key: 'SAN',
      value: c.san
        ? [...c.san.dns.map((d) => `DNS:${d}`), ...c.san.ip.map((x) => `IP:${x}`), ...c.san.other].join(
            ', ',
          ) || '(empty)'
        : 'none (CN only)',
      ...(c.san ? {} : { tone: c.leaf ? ('warn' as Tone) : ('plain' as Tone) }),
    },
    { key: 'EKU', value: c.eku === null ? 'none (any purpose)' : c.eku.map(ekuName).join(', ') || '(empty)' },
    { key: 'Key usage', value: c.keyUsage === null ? 'none (any)' : c.keyUsage.join(', ') },
    {
      key: 'Basic constraints',
      value:
        c.basicConstraints === null
          ? 'none'
          : c.basicConstraints.ca
            ? `CA${c.basicConstraints.pathLength !== undefined ? `, pathlen ${c.basicConstraints.pathLength}` : ''}`
            : 'not a CA',
    },
  ];
  if (c.aia.caIssuers.length) rows.push({ key: 'CA issuers (AIA)', value: c.aia.caIssuers.join(', ') });
  if (c.aia.ocsp.length) rows.push({ key: 'OCSP', value: c.aia.ocsp.join(', ') });
  if (c.crlUrls.length) rows.push({ key: 'CRL', value: c.crlUrls.join(', ') });
  if (c.nameConstraints)
    rows.push({
      key: 'Name constraints',
      value: `permitted ${c.nameConstraints.permittedDns.join(', ') || '-'}; excluded ${c.nameConstraints.excludedDns.join(', ') || '-'}`,
    });
  if (keys.length) {
    const k = keys.filter((x) => x.matches.includes(c.thumbprintSha1));
    rows.push(
      k.length
        ? { key: 'Private key', value: k.map((x) => x.from.origin).join(', '), tone: 'good' }
        : { key: 'Private key', value: 'none of the keys given', ...(c.leaf ? { tone: 'bad' as Tone } : {}) },
    );
  }
  rows.push({
    key: 'Source',
    value: `${c.from.origin}${c.from.line !== undefined ? ` line ${c.from.line}` : ''}`,
  });
  const blocks: Block[] = [{ type: 'kv', rows }];
  return { title: `Certificate ${i + 1}: ${c.subject || '(empty subject)'} (${role})`, blocks };
}

function chainSection(ch: ChainObservation, certs: CertificateObservation[]): Section {
  const leaf = certs.find((c) => c.thumbprintSha1 === ch.leafThumbprint);
  const items = ch.path.map((e, i) => ({
    text: `${'  '.repeat(i)}${e.subject}  [${e.thumbprintSha1}]${e.source === 'store' ? `  — trust store: ${e.store}${e.storeFile ? ` ${e.storeFile}` : ''}` : ''}`,
    tone: (e.source === 'store' ? 'good' : 'plain') as Tone,
  }));
  if (ch.end === 'issuer-missing' && ch.missingIssuer)
    items.push({
      text: `${'  '.repeat(ch.path.length)}? ${ch.missingIssuer.name} — not provided, not in any store`,
      tone: 'bad',
    });
  if (ch.aia) {
    for (const f of ch.aia.fetched)
      items.push({
        text:
          f.status === 'ok'
            ? `AIA ${f.url} → ${f.subject} [${f.thumbprintSha1}]`
            : `AIA ${f.url} failed: ${f.error}`,
        tone: f.status === 'ok' ? 'info' : 'warn',
      });
    if (ch.aia.fetched.some((f) => f.status === 'ok'))
      items.push({
        text: `with the downloads: ${ch.aia.trusted ? 'complete and trusted' : `still not trusted (${ch.aia.end})`}`,
        tone: ch.aia.trusted ? 'good' : 'bad',
      });
  }
  const status =
    ch.end === 'anchor'
      ? {
          text: `trusted (anchor in ${ch.anchor?.store}${ch.anchor?.storeFile ? ` ${ch.anchor.storeFile}` : ''})`,
          tone: 'good' as Tone,
        }
      : ch.end === 'self-signed'
        ? { text: 'ends in a root that is in no trust store searched', tone: 'bad' as Tone }
        : { text: `incomplete (${ch.end})`, tone: 'bad' as Tone };
  return {
    title: `Chain of ${leaf?.subject ?? ch.leafThumbprint}`,
    blocks: [
      {
        type: 'kv',
        rows: [
          { key: 'Status', value: status.text, tone: status.tone },
          {
            key: 'Stores searched',
            value: ch.stores
              .map((s) => `${s.name}${s.file ? ` ${s.file}` : ''} (${s.certificates})`)
              .join(', '),
          },
        ],
      },
      { type: 'list', items },
    ],
  };
}
