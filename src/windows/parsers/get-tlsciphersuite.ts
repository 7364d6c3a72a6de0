// `Get-TlsCipherSuite` (Format-List, one block per suite) and `Get-TlsCipherSuite | Format-Table Name`
// (Microsoft Learn: Get-TlsCipherSuite, https://learn.microsoft.com/powershell/module/tls/get-tlsciphersuite). The order of the output is the order Schannel uses.
import type { CipherSuiteOrderObservation } from '../../model/observations/windows.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawTlsCipherSuite {
  line: number;
  name: string;
  /** IANA number (CipherSuite, decimal in the output) */
  number?: number;
  /** wire versions, decimal: 771 = TLS 1.2 */
  protocols?: number[];
}
export interface RawGetTlsCipherSuite {
  suites: RawTlsCipherSuite[];
  notes: string[];
}

export function parseGetTlsCipherSuiteRaw(lines: readonly Line[]): RawGetTlsCipherSuite {
  const out: RawGetTlsCipherSuite = { suites: [], notes: [] };
  let block: Partial<RawTlsCipherSuite> = {};
  let tableMode = false;
  const flush = (): void => {
    if (block.name)
      out.suites.push({
        line: block.line ?? 0,
        name: block.name,
        ...(block.number !== undefined ? { number: block.number } : {}),
        ...(block.protocols ? { protocols: block.protocols } : {}),
      });
    block = {};
  };
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') {
      flush();
      continue;
    }
    const kv = /^(\w+)\s*:\s*(.*)$/.exec(t);
    if (kv) {
      const k = kv[1]!.toLowerCase();
      const v = kv[2]!.trim();
      if (k === 'name') {
        if (block.name) flush();
        block.name = v;
        block.line = n;
      } else if (k === 'ciphersuite' && /^\d+$/.test(v)) block.number = Number(v);
      else if (k === 'protocols') block.protocols = (v.match(/\d+/g) ?? []).map(Number);
      else if (k === 'keytype' && block.name) {
        flush();
      }
      continue;
    }
    if (/^Name$/i.test(t)) {
      tableMode = true;
      continue;
    }
    if (/^-+$/.test(t)) continue;
    if ((tableMode || /^(?:TLS|SSL)_[A-Z0-9_]+$/.test(t)) && /^(?:TLS|SSL)_[A-Z0-9_]+$/.test(t)) {
      out.suites.push({ line: n, name: t });
      continue;
    }
    out.notes.push(`line ${n}: not a Get-TlsCipherSuite line: ${t.slice(0, 80)}`);
  }
  flush();
  return out;
}

export function observeGetTlsCipherSuite(
  raw: RawGetTlsCipherSuite,
  origin: string,
): CipherSuiteOrderObservation[] {
  const o: CipherSuiteOrderObservation = {
    kind: 'windows.cipher-suite-order',
    from: { source: 'windows', origin, line: raw.suites[0]?.line ?? 1 },
    source: 'get-tlsciphersuite',
    suites: raw.suites.map((s) => s.name),
  };
  if (raw.suites.length > 0 && raw.suites.every((s) => s.number !== undefined))
    o.numbers = raw.suites.map((s) => s.number!);
  return [o];
}

/**
 * The table form: a 'Name' header, a '----' rule and a 'TLS_' row on following lines. Blanks between
 * them are taken by one `\s*` each and the line breaks checked afterwards: `\s*\n\s*` splits a run of
 * newlines every possible way, which on a long run takes seconds.
 */
function tableHeader(head: string): boolean {
  const re = /^[ \t]*Name(\s*)-{4,}(\s*)TLS_/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(head)) !== null) if (m[1]!.includes('\n') && m[2]!.includes('\n')) return true;
  return false;
}

export const parser = defineParser({
  id: 'get-tlsciphersuite',
  title: '`Get-TlsCipherSuite`',
  kinds: ['get-tlsciphersuite'],
  files: ['tls-ciphersuites.txt', '*ciphersuite*.txt'],
  collect: [
    {
      file: 'tls-ciphersuites.txt',
      cmd: 'powershell.exe',
      args: [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        'Get-TlsCipherSuite | Format-List Name,CipherSuite,Protocols',
      ],
      what: 'effective cipher suites in order (Server 2016+)',
    },
  ],
  detectedBy: '`Name : TLS_…` + `CipherSuite :` (list) or `Name`/`----` table',
  detect: (head) =>
    (/^[ \t]*Name\s*:\s*TLS_/m.test(head) &&
      /^[ \t]*(?:CipherSuite|BaseCipherSuite|Protocols)\s*:/m.test(head)) ||
    tableHeader(head)
      ? 55
      : 0,
  raw: ({ lines }) => parseGetTlsCipherSuiteRaw(lines),
  observe: (raw, { origin }) => observeGetTlsCipherSuite(raw, origin),
});
