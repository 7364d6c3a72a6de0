// `netsh http show iplisten` (Microsoft Learn: "Netsh http commands"): a header, dashes, one address per line.
// An empty list means HTTP.sys listens on every address; a non-empty one restricts it.
import type { IpListenObservation } from '../../model/observations/windows.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawIpListen {
  headerLine?: number;
  entries: Array<{ address: string; line: number }>;
  notes: string[];
}

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^\[?[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:%\w+)?\]?$/;

export function parseNetshIplistenRaw(lines: readonly Line[]): RawIpListen {
  const out: RawIpListen = { entries: [], notes: [] };
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') continue;
    if (/^IP addresses present in the IP listen list/i.test(t) || /IP-Abhörliste|IP listen/i.test(t)) {
      out.headerLine ??= n;
      continue;
    }
    if (/^[-—–=_]{3,}$/.test(t)) continue;
    if (IPV4.test(t) || (IPV6.test(t) && t.includes(':'))) {
      out.entries.push({ address: t.replace(/^\[|\]$/g, '').toLowerCase(), line: n });
      continue;
    }
    out.notes.push(`line ${n}: not an IP address: ${t.slice(0, 80)}`);
  }
  return out;
}

export function observeNetshIplisten(raw: RawIpListen, origin: string): IpListenObservation[] {
  return [
    {
      kind: 'windows.iplisten',
      from: { source: 'windows', origin, line: raw.headerLine ?? raw.entries[0]?.line ?? 1 },
      addresses: raw.entries.map((e) => e.address),
      addressLines: raw.entries.map((e) => e.line),
    },
  ];
}

export const parser = defineParser({
  id: 'netsh-iplisten',
  title: '`netsh http show iplisten`',
  kinds: ['netsh-iplisten'],
  files: ['iplisten.txt', 'iplisten*.txt'],
  collect: [
    {
      file: 'iplisten.txt',
      cmd: 'netsh',
      args: ['http', 'show', 'iplisten'],
      what: 'HTTP.sys IP listen list',
    },
  ],
  detectedBy: 'its header, or a dashes line + addresses only',
  detect: (head) => {
    if (/IP addresses present in the IP listen list/i.test(head)) return 65;
    // a bare list without its header: only addresses and dashes (the weakest evidence there is)
    const lines = head
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    return lines.length > 0 &&
      lines.length < 200 &&
      lines.some((l) => /^[-]{10,}$/.test(l)) &&
      lines.every(
        (l) =>
          /^[-]+$/.test(l) ||
          /^(?:\d{1,3}\.){3}\d{1,3}$/.test(l) ||
          /^[0-9a-f:]+$/i.test(l) ||
          /listen/i.test(l),
      )
      ? 10
      : 0;
  },
  raw: ({ lines }) => parseNetshIplistenRaw(lines),
  observe: (raw, { origin }) => observeNetshIplisten(raw, origin),
});
