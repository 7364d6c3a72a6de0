// `netsh http show sslcert` (Microsoft Learn: "Netsh http commands"). Two stages: raw blocks of (label, value,
// line), then typed 'windows.sslcert-binding' observations.
// Layout: a header, 25 dashes, then one block per binding separated by blank lines; the first
// field is the key (IP:port, Hostname:port, Central Certificate Store, scopedccs). Labels are padded
// to 29 columns then ' : ' — but indentation and padding vary, labels and values contain ':'
// (IP:port / 0.0.0.0:443), so fields are matched by known label first, then split on /\s:\s/.
import type { SourceRef } from '../../model/observation.js';
import type { SslBindingKeyType, SslCertBindingObservation } from '../../model/observations/windows.js';
import { GUID_RE, normalizeGuid, normalizeThumbprint, type Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawField {
  /** label as printed */
  label: string;
  /** canonical English label when known */
  canonical?: string;
  value: string;
  line: number;
}
export interface RawSslBlock {
  line: number;
  fields: RawField[];
}
export interface RawSslcert {
  blocks: RawSslBlock[];
  notes: string[];
}

/** Canonical labels, in the order netsh prints them, with the localized spellings known to us. */
const LABELS: Array<[canonical: string, aliases: string[]]> = [
  ['IP:port', ['IP:port', 'IP:Port', 'IP-Adresse:Port', 'Adresse IP:port']],
  ['Hostname:port', ['Hostname:port', 'Hostname:Port', "Nom d'hôte:port", 'Hostname: port']],
  ['Central Certificate Store', ['Central Certificate Store', 'Zentraler Zertifikatspeicher']],
  ['Scoped CCS', ['Scoped CCS', 'scopedccs']],
  [
    'Certificate Hash',
    [
      'Certificate Hash',
      'Zertifikathash',
      'Zertifikatshash',
      'Hachage du certificat',
      'Hash del certificado',
      'Hash del certificato',
    ],
  ],
  [
    'Application ID',
    ['Application ID', 'Anwendungs-ID', "ID de l'application", 'Id. de aplicación', 'ID applicazione'],
  ],
  [
    'Certificate Store Name',
    [
      'Certificate Store Name',
      'Zertifikatspeichername',
      'Name des Zertifikatspeichers',
      'Nom du magasin de certificats',
    ],
  ],
  ['Verify Client Certificate Revocation', ['Verify Client Certificate Revocation']],
  [
    'Verify Revocation Using Cached Client Certificate Only',
    ['Verify Revocation Using Cached Client Certificate Only'],
  ],
  ['Usage Check', ['Usage Check']],
  ['Revocation Freshness Time', ['Revocation Freshness Time']],
  ['URL Retrieval Timeout', ['URL Retrieval Timeout']],
  ['Ctl Identifier', ['Ctl Identifier']],
  ['Ctl Store Name', ['Ctl Store Name']],
  ['DS Mapper Usage', ['DS Mapper Usage']],
  ['Negotiate Client Certificate', ['Negotiate Client Certificate', 'Clientzertifikat aushandeln']],
  ['Reject Connections', ['Reject Connections']],
  ['Disable HTTP2', ['Disable HTTP2']],
  ['Disable QUIC', ['Disable QUIC']],
  ['Disable TLS1.2', ['Disable TLS1.2']],
  // 'Disable TLS1.3 over TCP' is the IIS Manager wording, accepted as an alias (reference §1.1 [?])
  ['Disable TLS1.3', ['Disable TLS1.3 over TCP', 'Disable TLS1.3']],
  ['Disable OCSP Stapling', ['Disable OCSP Stapling']],
  ['Enable Token Binding', ['Enable Token Binding']],
  ['Log Extended Events', ['Log Extended Events']],
  ['Disable Legacy TLS Versions', ['Disable Legacy TLS Versions']],
  ['Enable Session Ticket', ['Enable Session Ticket']],
  ['Disable Session ID', ['Disable Session ID']],
  ['Enable Caching Client Hello', ['Enable Caching Client Hello']],
];
const KEY_LABELS = new Set(['IP:port', 'Hostname:port', 'Central Certificate Store', 'Scoped CCS']);
const ALIASES: Array<[alias: string, canonical: string]> = LABELS.flatMap(([c, as]) =>
  as.map((a) => [a.toLowerCase(), c] as [string, string]),
).sort((a, b) => b[0].length - a[0].length);

/** 'IP:port', 'Hostname:port' also printed lower-case (ADFS fixtures: 'ip:port'). */
function matchKnown(t: string): { label: string; canonical: string; value: string } | undefined {
  const lower = t.toLowerCase();
  for (const [alias, canonical] of ALIASES) {
    if (!lower.startsWith(alias)) continue;
    const rest = t.slice(alias.length);
    const m = /^\s*:(?:\s+(.*))?$/.exec(rest);
    if (m) return { label: t.slice(0, alias.length), canonical, value: (m[1] ?? '').trim() };
  }
  return undefined;
}

const HEADER_RES = [
  /^SSL Certificate bindings:?$/i,
  /^SSL-Zertifikatbindungen:?$/i,
  /^Liaisons de certificat SSL\s*:?$/i,
  /^[-—–=_]{3,}$/,
];

/** Stage 1: blocks of labelled fields. Never throws on content; unknown lines become notes. */
export function parseNetshSslcertRaw(lines: readonly Line[]): RawSslcert {
  const blocks: RawSslBlock[] = [];
  const notes: string[] = [];
  let cur: RawSslBlock | undefined;
  let inExtended = false;
  const close = (): void => {
    if (cur && cur.fields.length > 0) blocks.push(cur);
    cur = undefined;
  };
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') {
      close();
      inExtended = false;
      continue;
    }
    if (HEADER_RES.some((re) => re.test(t))) continue;
    if (/^Extended Properties\s*:?$/i.test(t)) {
      inExtended = true;
      continue;
    }
    if (inExtended) continue; // HTTP/2 tuning (PropertyId n …): not diagnostic, skipped on purpose
    const known = matchKnown(t);
    let field: RawField | undefined;
    if (known) field = { label: known.label, canonical: known.canonical, value: known.value, line: n };
    else {
      // first ' :' followed by a blank or the end (labels and values contain ':' without blanks)
      const sep = /\s:(?=\s|$)/.exec(t);
      if (sep && sep.index > 0)
        field = { label: t.slice(0, sep.index).trim(), value: t.slice(sep.index + 2).trim(), line: n };
    }
    if (!field) {
      // the command line pasted with its output
      if (!/^(?:The following command was not found|Usage:)|^(?:netsh(?:\.exe)?\s|http>\s*show\b)/i.test(t))
        notes.push(`line ${n}: not a 'label : value' line: ${t.slice(0, 80)}`);
      continue;
    }
    const isKey =
      field.canonical !== undefined
        ? KEY_LABELS.has(field.canonical)
        : cur === undefined && looksLikeEndpoint(field.value);
    if (isKey) {
      close();
      cur = { line: n, fields: [field] };
    } else if (cur) {
      cur.fields.push(field);
    } else {
      notes.push(`line ${n}: field '${field.label}' outside a binding block`);
    }
  }
  close();
  return { blocks, notes };
}

function looksLikeEndpoint(v: string): boolean {
  return /^(?:\[[0-9a-fA-F:.%\w]+\]|[\w.-]+):\d{1,5}$/.test(v) || /^\d{1,5}$/.test(v);
}

function boolOf(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (t === 'set' || t === 'enabled' || t === 'aktiviert' || t === 'gesetzt' || t === 'activé') return true;
  if (
    t === 'not set' ||
    t === 'disabled' ||
    t === 'deaktiviert' ||
    t === 'nicht gesetzt' ||
    t === 'désactivé'
  )
    return false;
  return undefined;
}

/** Split 'IP:port' values: '0.0.0.0:443', '[::]:443', '[fe80::1%12]:443', 'www.contoso.com:443', '443'. */
export function splitEndpoint(v: string): { address?: string; port?: number } {
  const m6 = /^\[([^\]]+)\]:(\d{1,5})$/.exec(v);
  if (m6) return { address: m6[1]!.toLowerCase(), port: Number(m6[2]) };
  const m = /^(.*):(\d{1,5})$/.exec(v);
  if (m) return { address: m[1]!, port: Number(m[2]) };
  if (/^\d{1,5}$/.test(v)) return { port: Number(v) };
  return {};
}

/** Stage 2: typed observations. */
export function observeNetshSslcert(raw: RawSslcert, origin: string): SslCertBindingObservation[] {
  const out: SslCertBindingObservation[] = [];
  for (const b of raw.blocks) {
    const key = b.fields[0]!;
    const fields: Record<string, string> = {};
    const lineOf: Record<string, number> = {};
    for (const f of b.fields) {
      let name = f.canonical ?? f.label;
      // value-based fallback for labels in languages we do not know
      if (!f.canonical) {
        if (GUID_RE.test(f.value) && !('Application ID' in fields)) name = 'Application ID';
        else if (/^[0-9a-fA-F]{40}$/.test(f.value.replace(/\s/g, '')) && !('Certificate Hash' in fields))
          name = 'Certificate Hash';
      }
      fields[name] = f.value;
      lineOf[name] = f.line;
    }
    let keyType: SslBindingKeyType;
    switch (key.canonical) {
      case 'IP:port':
        keyType = 'ipport';
        break;
      case 'Hostname:port':
        keyType = 'hostnameport';
        break;
      case 'Central Certificate Store':
        keyType = 'ccs';
        break;
      case 'Scoped CCS':
        keyType = 'scopedccs';
        break;
      default:
        keyType = /^\d{1,5}$/.test(key.value)
          ? 'ccs'
          : /^(?:\[.*\]|[\d.]+):\d+$/.test(key.value)
            ? 'ipport'
            : 'hostnameport';
    }
    const ep = splitEndpoint(key.value);
    const from: SourceRef = { source: 'windows', origin, line: b.line };
    const obs: SslCertBindingObservation = {
      kind: 'windows.sslcert-binding',
      from,
      keyType,
      endpoint: key.value,
      fields,
      fieldLines: lineOf,
      flags: {},
    };
    if (ep.address !== undefined)
      obs.address = keyType === 'hostnameport' ? ep.address.toLowerCase() : ep.address;
    if (ep.port !== undefined) obs.port = ep.port;
    if ('Certificate Hash' in fields) {
      const hash = normalizeThumbprint(fields['Certificate Hash']!);
      // netsh prints a SHA-1 thumbprint (40 hex digits) or nothing; anything else was written by a
      // person: a documentation placeholder (<CERTIFICATE-THUMBPRINT>) or a cut copy
      if (hash === '' || /^[0-9a-f]{40}$/.test(hash)) obs.certHash = hash;
      else
        raw.notes.push(
          `line ${lineOf['Certificate Hash'] ?? b.line}: Certificate Hash '${fields['Certificate Hash']!.slice(0, 60)}' of ${key.value} is not a 40-hex-digit SHA-1 thumbprint (a placeholder or a cut copy): that binding's certificate is not checked`,
        );
    }
    const app = fields['Application ID'];
    if (app !== undefined && app !== '') {
      if (GUID_RE.test(app)) obs.appId = normalizeGuid(app);
      else
        raw.notes.push(
          `line ${lineOf['Application ID'] ?? b.line}: Application ID '${app.slice(0, 60)}' of ${key.value} is not a GUID (a placeholder such as {XXXXXXXX-…} or a cut copy)`,
        );
    }
    if ('Certificate Store Name' in fields) obs.certStoreName = fields['Certificate Store Name']!;
    const flag = (label: string): boolean | undefined => boolOf(fields[label]);
    const setFlag = (k: keyof SslCertBindingObservation['flags'], label: string): void => {
      const v = flag(label);
      if (v !== undefined) obs.flags[k] = v;
    };
    setFlag('negotiateClientCert', 'Negotiate Client Certificate');
    setFlag('rejectConnections', 'Reject Connections');
    setFlag('disableHttp2', 'Disable HTTP2');
    setFlag('disableQuic', 'Disable QUIC');
    setFlag('disableTls12', 'Disable TLS1.2');
    setFlag('disableTls13', 'Disable TLS1.3');
    setFlag('disableLegacyTls', 'Disable Legacy TLS Versions');
    out.push(obs);
  }
  return out;
}

export const parser = defineParser({
  id: 'netsh-sslcert',
  title: '`netsh http show sslcert`',
  kinds: ['netsh-sslcert'],
  files: ['sslcert.txt', 'sslcert*.txt'],
  collect: [
    {
      file: 'sslcert.txt',
      cmd: 'netsh',
      args: ['http', 'show', 'sslcert'],
      what: 'HTTP.sys SSL certificate bindings',
    },
  ],
  detectedBy:
    '`IP:port` / `Hostname:port` / `Central Certificate Store` labels, or a GUID + endpoint in ` : ` fields',
  details:
    'every field from 2008 R2 to 2025; German labels where known; unknown-language labels matched by value (GUID → Application ID, 40 hex → hash)',
  detect: (head) => {
    // the endpoint labels, the hash label or the header
    if (
      /^[ \t]*(?:IP:port|Hostname:port|Central Certificate Store|ip:port)\s+:/im.test(head) ||
      /^[ \t]*Certificate Hash\s+:/im.test(head) ||
      /SSL Certificate bindings:|SSL-Zertifikatbindungen/i.test(head)
    )
      return 70;
    // labels in an unknown language: a GUID field and an endpoint field
    if (
      /^[ \t]*\S.*\s:\s\{[0-9a-fA-F-]{36}\}\s*$/m.test(head) &&
      /^[ \t]*\S.*\s:\s(?:\[[0-9a-fA-F:]+\]|[\d.]+):\d+\s*$/m.test(head)
    )
      return 68;
    return 0;
  },
  raw: ({ lines }) => parseNetshSslcertRaw(lines),
  observe: (raw, { origin }) => observeNetshSslcert(raw, origin),
});
