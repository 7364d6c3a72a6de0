// `netstat -ano` and `netstat -anob` (Microsoft Learn: windows-commands/netstat).
// Rows are found by their values (`TCP|UDP addr:port addr:port [STATE] PID`), never by the
// localized header. With -b, 0–2 owner lines follow a row and belong to it: a service tag
// (`  RpcSs`), the image (` [svchost.exe]`) or ` Can not obtain ownership information` (PID 4).
import type { PortOwnerObservation } from '../../model/observations/windows.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawNetstatRow {
  line: number;
  proto: 'TCP' | 'UDP';
  local: string;
  foreign: string;
  state: string;
  /** absent when netstat ran without -o (`netstat -ab`, `-bqn`) */
  pid?: number;
  image?: string;
  service?: string;
  ownershipUnavailable?: boolean;
}
export interface RawNetstat {
  rows: RawNetstatRow[];
  /** `The requested operation requires elevation.` was printed (-b without admin) */
  needsElevation: boolean;
  notes: string[];
}

const ROW = /^\s*(TCP|UDP)\s+(\S+)\s+(\S+)\s+(?:([A-Z_0-9]+)\s+)?(\d+)\s*$/i;
/** a row of `netstat -ab` / `-bqn` (no -o): no PID column; the owner lines of -b still follow */
const ROW_NO_PID = /^\s*(TCP|UDP)\s+(\S+:\S+)\s+(\S+)(?:\s+([A-Z_][A-Z_0-9]*))?\s*$/i;
const NO_OWNER =
  /^(?:Can ?not obtain ownership information|Besitzerinformationen können nicht abgerufen werden|Impossible d'obtenir les informations de propriété)/i;

export function parseNetstatRaw(lines: readonly Line[]): RawNetstat {
  const out: RawNetstat = { rows: [], needsElevation: false, notes: [] };
  let last: RawNetstatRow | undefined;
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') continue;
    const m = ROW.exec(text);
    if (m) {
      last = {
        line: n,
        proto: m[1]!.toUpperCase() as 'TCP' | 'UDP',
        local: m[2]!,
        foreign: m[3]!,
        state: (m[4] ?? '').toUpperCase(),
        pid: Number(m[5]),
      };
      out.rows.push(last);
      continue;
    }
    const np = ROW_NO_PID.exec(text);
    if (np) {
      last = {
        line: n,
        proto: np[1]!.toUpperCase() as 'TCP' | 'UDP',
        local: np[2]!,
        foreign: np[3]!,
        state: (np[4] ?? '').toUpperCase(),
      };
      out.rows.push(last);
      continue;
    }
    // the separator `grep -B1` puts between matches when the output was filtered, and the
    // command line pasted with the output
    if (t === '--' || /(?:^|\s)netstat(?:\.exe)?\s+[-/]/i.test(t)) continue;
    if (/requires elevation|erfordert erhöhte Rechte/i.test(t)) {
      out.needsElevation = true;
      continue;
    }
    if (last && NO_OWNER.test(t)) {
      last.ownershipUnavailable = true;
      continue;
    }
    const img = /^\[(.+)\]$/.exec(t);
    if (last && img) {
      last.image = img[1]!;
      continue;
    }
    if (last && /^\S+$/.test(t) && /^ {1,3}\S/.test(text) && last.image === undefined) {
      last.service = t;
      continue;
    }
    // headers (localized) and broken pasted rows
    if (
      /^(?:Active Connections|Aktive Verbindungen|Connexions actives|活动连接)/i.test(t) ||
      /Proto/i.test(t) ||
      /协议/.test(t)
    )
      continue;
    out.notes.push(`line ${n}: not a netstat row: ${t.slice(0, 80)}`);
  }
  return out;
}

/** Port names netstat prints without -n (from %SystemRoot%\\System32\\drivers\\etc\\services). */
const PORT_NAMES: Record<string, number> = {
  http: 80,
  https: 443,
  epmap: 135,
  'microsoft-ds': 445,
  'ms-wbt-server': 3389,
  wsd: 5357,
};

/** Split 'addr:port': '0.0.0.0:443', '[::]:443', '[fe80::1%12]:443', '*:*', 'web01:https'. */
export function splitHostPort(s: string): { address: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(s) ?? /^([^\s]*):(\d{1,5})$/.exec(s);
  if (m) return { address: m[1]!.toLowerCase(), port: Number(m[2]) };
  const named = /^([^\s:]+):([a-z][a-z-]*)$/i.exec(s);
  const port = named ? PORT_NAMES[named[2]!.toLowerCase()] : undefined;
  return named && port !== undefined ? { address: named[1]!.toLowerCase(), port } : undefined;
}

/** Stage 2: listening sockets only (TCP LISTENING, every UDP endpoint); connections are not ownership. */
export function observeNetstat(raw: RawNetstat, origin: string): PortOwnerObservation[] {
  const out: PortOwnerObservation[] = [];
  for (const r of raw.rows) {
    if (r.proto === 'TCP' && r.state !== 'LISTENING') continue;
    const hp = splitHostPort(r.local);
    if (!hp) continue;
    const o: PortOwnerObservation = {
      kind: 'windows.port-owner',
      from: { source: 'windows', origin, line: r.line },
      protocol: r.proto,
      localAddress: hp.address,
      localPort: hp.port,
      state: r.state,
      ...(r.pid !== undefined ? { pid: r.pid } : {}),
      via: 'netstat',
    };
    if (r.image !== undefined) o.image = r.image;
    if (r.service !== undefined) o.service = r.service;
    if (r.ownershipUnavailable) o.ownershipUnavailable = true;
    out.push(o);
  }
  return out;
}

export const parser = defineParser({
  id: 'netstat',
  title: '`netstat -ano` / `-anob`',
  kinds: ['netstat'],
  files: ['netstat.txt', 'netstat*.txt'],
  collect: [
    {
      file: 'netstat.txt',
      cmd: 'netstat',
      args: ['-anob'],
      what: 'listening ports and their owners',
      // -b needs elevation; -ano still gives the PIDs (tasklist names them)
      fallback: {
        when: (r) => r.code !== 0 || /requires elevation/i.test(r.stdout.toString('latin1')),
        args: ['-ano'],
        note: 'netstat -b needs elevation: fell back to -ano (tasklist.txt names the PIDs)',
        notElevated: true,
      },
    },
  ],
  detectedBy: '`TCP|UDP addr:port addr:port [STATE] PID` rows',
  details: 'headers in any language; owner lines of `-b`; `Can not obtain ownership information`',
  detect: (head) => {
    // `netstat -b` without elevation prints only this line
    if (
      /^The requested operation requires elevation.?s*$/im.test(head) &&
      head.trim().split('\n').length <= 3
    )
      return 45;
    if (/^[ \t]*(?:TCP|UDP)\s+\S+:\d+\s+\S+\s+(?:[A-Z_0-9]+\s+)?\d+\s*$/im.test(head)) return 40;
    // `netstat -ab` without -o: rows with no PID, each followed by its owner line
    return /^[ \t]*TCP\s+\S+:\S+\s+\S+\s+[A-Z_]+[ \t]*\r?\n[ \t]*(?:\[[^\]\n]+\]|\S+|Can ?not obtain ownership information)\s*$/im.test(
      head,
    )
      ? 35
      : 0;
  },
  raw: ({ lines }) => parseNetstatRaw(lines),
  observe: (raw, { origin }) => observeNetstat(raw, origin),
  notes: (raw) =>
    raw.needsElevation
      ? [
          ...raw.notes,
          'netstat -b needs elevation: owner image names missing (run as administrator, or add tasklist output)',
        ]
      : raw.notes,
});
