// `Get-NetTCPConnection` table and Format-List output (Microsoft Learn: Get-NetTCPConnection).
// Table widths vary with the console; rows are split on whitespace; AppliedSetting is empty for
// Listen/Bound rows (6 tokens instead of 7). States are PascalCase.
import type { PortOwnerObservation } from '../../model/observations/windows.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawTcpConnection {
  line: number;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: string;
  owningProcess: number;
}
export interface RawGetNetTcpConnection {
  rows: RawTcpConnection[];
  notes: string[];
}

const STATE_MAP: Record<string, string> = {
  listen: 'LISTENING',
  established: 'ESTABLISHED',
  timewait: 'TIME_WAIT',
  closewait: 'CLOSE_WAIT',
  bound: 'BOUND',
  synsent: 'SYN_SENT',
  synreceived: 'SYN_RECEIVED',
  finwait1: 'FIN_WAIT_1',
  finwait2: 'FIN_WAIT_2',
  lastack: 'LAST_ACK',
  closing: 'CLOSING',
  closed: 'CLOSED',
  deletetcb: 'DELETE_TCB',
};

export function parseGetNetTcpConnectionRaw(lines: readonly Line[]): RawGetNetTcpConnection {
  const out: RawGetNetTcpConnection = { rows: [], notes: [] };
  let list: Partial<RawTcpConnection> & { line?: number } = {};
  const flush = (): void => {
    if (list.localAddress !== undefined && list.localPort !== undefined && list.owningProcess !== undefined) {
      out.rows.push({
        line: list.line ?? 0,
        localAddress: list.localAddress,
        localPort: list.localPort,
        remoteAddress: list.remoteAddress ?? '',
        remotePort: list.remotePort ?? 0,
        state: list.state ?? '',
        owningProcess: list.owningProcess,
      });
    }
    list = {};
  };
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') {
      flush();
      continue;
    }
    if (/^LocalAddress\s+LocalPort\b/i.test(t) || /^[-\s]+$/.test(t)) continue;
    const kv = /^(\w+)\s*:\s*(.*)$/.exec(t);
    if (kv && !/^[0-9a-f:.]+$/i.test(kv[1]!)) {
      const [, k, v] = kv;
      const key = k!.toLowerCase();
      if (
        (key === 'localport' || key === 'remoteport' || key === 'owningprocess') &&
        !/^\d+$/.test(v!.trim())
      ) {
        out.notes.push(`line ${n}: ${k} is not a number: ${t.slice(0, 80)}`);
        continue;
      }
      switch (key) {
        case 'localaddress':
          flush();
          list.localAddress = v!.toLowerCase();
          list.line = n;
          break;
        case 'localport':
          list.localPort = Number(v);
          break;
        case 'remoteaddress':
          list.remoteAddress = v!.toLowerCase();
          break;
        case 'remoteport':
          list.remotePort = Number(v);
          break;
        case 'state':
          list.state = v!;
          break;
        case 'owningprocess':
          list.owningProcess = Number(v);
          break;
        default:
          break;
      }
      continue;
    }
    const tok = t.split(/\s+/);
    if (
      (tok.length === 6 || tok.length === 7) &&
      /^\d+$/.test(tok[1]!) &&
      /^\d+$/.test(tok[3]!) &&
      /^\d+$/.test(tok[tok.length - 1]!)
    ) {
      out.rows.push({
        line: n,
        localAddress: tok[0]!.toLowerCase(),
        localPort: Number(tok[1]),
        remoteAddress: tok[2]!.toLowerCase(),
        remotePort: Number(tok[3]),
        state: tok[4]!,
        owningProcess: Number(tok[tok.length - 1]),
      });
      continue;
    }
    out.notes.push(`line ${n}: not a Get-NetTCPConnection row: ${t.slice(0, 80)}`);
  }
  flush();
  return out;
}

export function observeGetNetTcpConnection(
  raw: RawGetNetTcpConnection,
  origin: string,
): PortOwnerObservation[] {
  return raw.rows
    .map((r) => ({ r, state: STATE_MAP[r.state.toLowerCase()] ?? r.state.toUpperCase() }))
    .filter(({ state }) => state === 'LISTENING')
    .map(({ r, state }) => ({
      kind: 'windows.port-owner' as const,
      from: { source: 'windows' as const, origin, line: r.line },
      protocol: 'TCP' as const,
      localAddress: r.localAddress,
      localPort: r.localPort,
      state,
      pid: r.owningProcess,
      via: 'Get-NetTCPConnection',
    }));
}

export const parser = defineParser({
  id: 'get-nettcpconnection',
  title: '`Get-NetTCPConnection`',
  kinds: ['get-nettcpconnection'],
  files: ['get-nettcpconnection*.txt', 'nettcpconnection*.txt'],
  collect: [],
  detectedBy: '`LocalAddress LocalPort RemoteAddress` header or `LocalPort :` list',
  detect: (head) =>
    /^[ \t]*LocalAddress\s+LocalPort\s+RemoteAddress/m.test(head) ||
    (/^[ \t]*LocalPort\s*:\s*\d+/m.test(head) && /^[ \t]*OwningProcess\s*:/m.test(head))
      ? 50
      : 0,
  raw: ({ lines }) => parseGetNetTcpConnectionRaw(lines),
  observe: (raw, { origin }) => observeGetNetTcpConnection(raw, origin),
});
