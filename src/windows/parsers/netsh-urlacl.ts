// `netsh http show urlacl`: the URL reservations of HTTP.sys (netsh http reference on Microsoft
// Learn). A block per reservation: 'Reserved URL : <prefix>', then for each user 'User:',
// 'Listen: Yes|No', 'Delegate: Yes|No', and the 'SDDL:' that says the same. IIS itself needs none;
// Reporting Services, WinRM, Windows Admin Center and self-hosted services add them.
import type { UrlReservationObservation } from '../../model/observations/windows.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawUrlAcl {
  line: number;
  url: string;
  users: Array<{ user: string; listen?: boolean; delegate?: boolean; line: number }>;
  sddl?: string;
}
export interface RawUrlAcls {
  entries: RawUrlAcl[];
  notes: string[];
}

const RESERVED = /^(?:Reserved URL|Reservierte URL|URL réservée|URL reservada)\s*:\s*(\S+)\s*$/i;
const YES = /^(?:Yes|Ja|Oui|Sí|Si)$/i;

export function parseNetshUrlaclRaw(lines: readonly Line[]): RawUrlAcls {
  const out: RawUrlAcls = { entries: [], notes: [] };
  let cur: RawUrlAcl | undefined;
  for (const { n, text } of lines) {
    const t = text.trim();
    if (
      t === '' ||
      /^[-=]{3,}$/.test(t) ||
      /^(?:URL Reservations|URL-Reservierungen|Réservations d'URL)\s*:?$/i.test(t)
    )
      continue;
    const r = RESERVED.exec(t);
    if (r) {
      cur = { line: n, url: r[1]!, users: [] };
      out.entries.push(cur);
      continue;
    }
    const kv = /^([A-Za-zÀ-ÿ -]+?)\s*:\s*(.*)$/.exec(t);
    if (cur && kv) {
      const label = kv[1]!.toLowerCase();
      const value = kv[2]!.trim();
      if (/^(?:user|benutzer|utilisateur|usuario)$/.test(label)) {
        cur.users.push({ user: value, line: n });
        continue;
      }
      const last = cur.users[cur.users.length - 1];
      if (/^(?:listen|abhören|écouter|escuchar)$/.test(label)) {
        if (last) last.listen = YES.test(value);
        continue;
      }
      if (/^(?:delegate|delegieren|déléguer|delegar)$/.test(label)) {
        if (last) last.delegate = YES.test(value);
        continue;
      }
      if (label === 'sddl') {
        cur.sddl = value;
        continue;
      }
    }
    out.notes.push(`line ${n}: not part of a URL reservation: ${t.slice(0, 80)}`);
  }
  return out;
}

/** 'https://+:443/ReportServer/' → parts; undefined when it is not a URL prefix. */
export function splitUrlPrefix(
  url: string,
): { scheme: string; host: string; port: number; path: string } | undefined {
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d{1,5}))?(\/.*)?$/i.exec(url);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const path = m[4] ?? '/';
  return {
    scheme,
    host: m[2]!.toLowerCase(),
    port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80,
    path: path.endsWith('/') ? path : `${path}/`,
  };
}

export function observeNetshUrlacl(raw: RawUrlAcls, origin: string): UrlReservationObservation[] {
  const out: UrlReservationObservation[] = [];
  for (const e of raw.entries) {
    const u = splitUrlPrefix(e.url);
    if (!u) {
      raw.notes.push(`line ${e.line}: '${e.url}' is not a URL prefix`);
      continue;
    }
    const o: UrlReservationObservation = {
      kind: 'windows.url-reservation',
      from: { source: 'windows', origin, line: e.line },
      url: e.url,
      ...u,
      users: e.users.map((x) => ({
        user: x.user,
        ...(x.listen !== undefined ? { listen: x.listen } : {}),
        ...(x.delegate !== undefined ? { delegate: x.delegate } : {}),
      })),
    };
    if (e.sddl) o.sddl = e.sddl;
    out.push(o);
  }
  return out;
}

export const parser = defineParser({
  id: 'netsh-urlacl',
  title: '`netsh http show urlacl`',
  kinds: ['netsh-urlacl'],
  files: ['urlacl.txt', 'urlacl*.txt'],
  collect: [
    {
      file: 'urlacl.txt',
      cmd: 'netsh',
      args: ['http', 'show', 'urlacl'],
      what: 'HTTP.sys URL reservations (Reporting Services, WinRM, Windows Admin Center)',
    },
  ],
  detectedBy: '`Reserved URL : …` blocks (with `User:` / `Listen:`)',
  details: 'one observation per reservation: scheme, host (`+`, `*`, a name), port, path, users',
  detect: (head) => (/^[ \t]*(?:Reserved URL|Reservierte URL)\s*:\s*https?:\/\//im.test(head) ? 70 : 0),
  raw: ({ lines }) => parseNetshUrlaclRaw(lines),
  observe: (raw, { origin }) => observeNetshUrlacl(raw, origin),
});
