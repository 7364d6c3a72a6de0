// `Get-TlsEccCurve` (PowerShell TLS module): the elliptic curves Schannel offers, in order.
import { defineParser } from '../define-parser.js';
import type { Line } from '../text.js';

export interface RawEccCurves {
  curves: Array<{ name: string; line: number }>;
  notes: string[];
}

export function parseGetTlsEccCurveRaw(lines: readonly Line[]): RawEccCurves {
  const out: RawEccCurves = { curves: [], notes: [] };
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') continue;
    if (/^(?:curve25519|NistP\d{3}|brainpool\w+)$/i.test(t)) out.curves.push({ name: t, line: n });
    else out.notes.push(`line ${n}: not a curve name: ${t.slice(0, 80)}`);
  }
  return out;
}

export const parser = defineParser({
  id: 'get-tlsecccurve',
  title: '`Get-TlsEccCurve`',
  kinds: ['get-tlsecccurve'],
  files: ['tls-ecccurves.txt'],
  collect: [
    {
      file: 'tls-ecccurves.txt',
      cmd: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-Command', 'Get-TlsEccCurve'],
      what: 'elliptic curves in order',
    },
  ],
  detectedBy: 'curve names only, one per line',
  detect: (head) =>
    head
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .every((l) => /^(?:curve25519|NistP\d{3})$/i.test(l))
      ? 20
      : 0,
  raw: ({ lines }) => parseGetTlsEccCurveRaw(lines),
  observe: () => [],
});
