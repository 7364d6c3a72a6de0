// The registry as Windows admins hand it over: `reg export` / regedit .reg files and `reg query /s`
// output (Microsoft Learn: windows-commands/reg-query and reg-export). Stage 1 gives keys and typed values with their lines;
// stage 2 (observeRegistry) turns the SCHANNEL tree, the cipher-suite order, the .NET/WinHTTP
// switches and HTTP.sys parameters into observations.
import { ByteReader } from '../../wire/byte-reader.js';
import type {
  CipherSuiteOrderObservation,
  IpListenObservation,
  OsFamily,
  RegistryValueObservation,
  SchannelAlgorithmObservation,
  SchannelProtocolObservation,
} from '../../model/observations/windows.js';
import { EFFECTIVE_PROTOCOLS, effectiveProtocolState } from '../schannel-defaults.js';
import type { Line } from '../text.js';
import { defineParser, firstNonBlankLine } from '../define-parser.js';

export type RegValue = number | string | string[] | Buffer | bigint | null;

export interface RawRegValue {
  /** '' for the default value (@ / (Default)) */
  name: string;
  type: string;
  value: RegValue;
  line: number;
  /** '"n"=-' in a .reg file */
  deleted?: boolean;
}
export interface RawRegKey {
  /** normalised: long hive name, CurrentControlSet for ControlSet00n */
  path: string;
  /** as written */
  written: string;
  line: number;
  deleted?: boolean;
  values: RawRegValue[];
}
export interface RawRegistry {
  format: 'reg-export' | 'reg-query' | 'ps-registry';
  keys: RawRegKey[];
  notes: string[];
}

const HIVES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

function trimBackslashes(p: string): string {
  let start = 0;
  let end = p.length;
  while (start < end && p.charCodeAt(start) === 0x5c) start++;
  while (end > start && p.charCodeAt(end - 1) === 0x5c) end--;
  return start === 0 && end === p.length ? p : p.slice(start, end);
}

export function normalizeKeyPath(p: string, notes?: string[], line?: number): string {
  // leading and trailing backslashes cut by index: `\\+$` retried at every backslash of a long run
  // is quadratic in the run
  let s = trimBackslashes(p.trim());
  s = s.replace(/^(HKLM|HKCU|HKCR|HKU|HKCC)(?::)?(?=\\|$)/i, (h) => HIVES[h.replace(':', '').toUpperCase()]!);
  s = s.replace(/^Registry::/i, '');
  const cs = /\\ControlSet00\d\\/i.exec(s);
  if (cs) {
    const set = cs[0].replace(/\\/g, '');
    // said once per control set: an export of the whole tree has a key per line
    if (notes && !notes.some((n) => n.includes(`under ${set} `)))
      notes.push(
        `line ${line ?? 0}: keys under ${set} read as CurrentControlSet (assumed to be the set in use)`,
      );
    s = s.replace(/\\ControlSet00\d\\/i, '\\CurrentControlSet\\');
  }
  return s;
}

// ---------- .reg files ----------

/** Join `\` continuation lines; the joined line keeps the number of its first line. */
function joinContinuations(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  let acc: Line | undefined;
  for (const l of lines) {
    const text = acc ? l.text.trimStart() : l.text;
    if (acc) acc = { n: acc.n, text: acc.text + text };
    else acc = { n: l.n, text };
    if (acc.text.endsWith('\\') && !/^\s*\[/.test(acc.text)) {
      acc = { n: acc.n, text: acc.text.slice(0, -1) };
      continue;
    }
    out.push(acc);
    acc = undefined;
  }
  if (acc) out.push(acc);
  return out;
}

function parseHexBytes(s: string, line: number, notes: string[]): Buffer {
  const parts = s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) {
      notes.push(`line ${line}: bad hex byte '${p.slice(0, 10)}'`);
      break;
    }
    bytes.push(parseInt(p, 16));
  }
  return Buffer.from(bytes);
}

/** REG_MULTI_SZ / REG_SZ bytes as regedit stores them: UTF-16LE, NUL-separated, double-NUL end. */
export function decodeMultiSz(buf: Buffer, utf16: boolean): string[] {
  const r = new ByteReader(buf, { path: ['REG_MULTI_SZ'] });
  const out: string[] = [];
  let cur: number[] = [];
  while (r.remaining >= (utf16 ? 2 : 1)) {
    const c = utf16 ? r.u16le('char') : r.u8('char');
    if (c === 0) {
      if (cur.length === 0) break;
      out.push(String.fromCharCode(...cur));
      cur = [];
    } else cur.push(c);
  }
  if (cur.length > 0) out.push(String.fromCharCode(...cur));
  return out;
}

function unquote(s: string): { text: string; rest: string } | undefined {
  if (!s.startsWith('"')) return undefined;
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      out += s[i + 1]!;
      i++;
    } else if (c === '"') return { text: out, rest: s.slice(i + 1) };
    else out += c;
  }
  return undefined;
}

/**
 * A key line with its values on the same line, as web pages print .reg content
 * (`[HKEY_…\\TLS 1.2\\Server] "DisabledByDefault"=dword:00000000 "Enabled"=dword:00000001`): the
 * key line, then one line per value. Anything else comes back as it is.
 */
function splitInlineValues(t: string): string[] {
  const close = t.indexOf(']');
  if (!t.startsWith('[') || close < 0 || close === t.length - 1) return [t];
  const out = [t.slice(0, close + 1)];
  let rest = t.slice(close + 1).trim();
  while (rest !== '') {
    const name = rest.startsWith('@=') ? { text: '@', rest: rest.slice(1) } : unquote(rest);
    if (!name || !name.rest.startsWith('=')) return [t];
    const after = name.rest.slice(1);
    const data = after.startsWith('"') ? unquote(after) : undefined;
    const len = data ? after.length - data.rest.length : (/^\S*/.exec(after)?.[0].length ?? 0);
    out.push(`${rest.slice(0, rest.length - name.rest.length)}=${after.slice(0, len)}`);
    rest = after.slice(len).trim();
  }
  return out;
}

/** Markdown quoting of .reg content on web pages: list bullets and `\_` escapes. */
function unmarkdown(t: string): string {
  const u = t.replace(/^[-*]\s+/, '');
  return /^\[?HKEY\\_/.test(u) ? u.replace(/\\_/g, '_') : u;
}

export function parseRegExportRaw(lines: readonly Line[]): RawRegistry {
  const notes: string[] = [];
  const keys: RawRegKey[] = [];
  let unicode = true;
  let cur: RawRegKey | undefined;
  let sawHeader = false;
  const expanded: Line[] = [];
  for (const l of joinContinuations(lines))
    for (const part of splitInlineValues(unmarkdown(l.text.trim()))) expanded.push({ n: l.n, text: part });
  for (const { n, text } of expanded) {
    const t = text.trim();
    if (t === '' || t.startsWith(';')) continue;
    if (/^Windows Registry Editor Version 5\.00$/i.test(t)) {
      sawHeader = true;
      continue;
    }
    if (/^REGEDIT4$/i.test(t)) {
      sawHeader = true;
      unicode = false;
      continue;
    }
    // a key path quoted without its brackets ("HKEY_LOCAL_MACHINE\\SOFTWARE\\…" then its values)
    const k = /^\[(-?)(.+)\]$/.exec(t) ?? /^()((?:HKEY_[A-Z_]+|HKLM|HKCU)\\[^"=]+)$/i.exec(t);
    if (k) {
      cur = { path: normalizeKeyPath(k[2]!, notes, n), written: k[2]!, line: n, values: [] };
      if (k[1] === '-') cur.deleted = true;
      keys.push(cur);
      continue;
    }
    let name: string;
    let rest: string;
    if (t.startsWith('@=')) {
      name = '';
      rest = t.slice(2);
    } else {
      const q = unquote(t);
      if (!q || !q.rest.startsWith('=')) {
        notes.push(`line ${n}: not a .reg value line: ${t.slice(0, 80)}`);
        continue;
      }
      name = q.text;
      rest = q.rest.slice(1);
    }
    if (!cur) {
      notes.push(`line ${n}: value '${name}' before any [key] line`);
      continue;
    }
    const v = parseRegData(rest.trim(), unicode, n, notes);
    if (v) cur.values.push({ name, ...v, line: n });
  }
  if (!sawHeader) notes.push('no "Windows Registry Editor Version 5.00" / "REGEDIT4" header');
  return { format: 'reg-export', keys, notes };
}

function parseRegData(
  d: string,
  unicode: boolean,
  n: number,
  notes: string[],
): Omit<RawRegValue, 'name' | 'line'> | undefined {
  if (d === '-') return { type: 'REG_NONE', value: null, deleted: true };
  if (d.startsWith('"')) {
    const q = unquote(d);
    if (!q) {
      notes.push(`line ${n}: unterminated string value`);
      return undefined;
    }
    return { type: 'REG_SZ', value: q.text };
  }
  const dw = /^dword:\s*([0-9a-fA-F]{1,8})$/i.exec(d);
  if (dw) return { type: 'REG_DWORD', value: parseInt(dw[1]!, 16) >>> 0 };
  if (/^dword:/i.test(d)) {
    notes.push(`line ${n}: bad dword '${d.slice(0, 30)}' (needs up to 8 hex digits)`);
    return undefined;
  }
  const hx = /^hex(?:\(([0-9a-fA-F]{1,2})\))?:(.*)$/i.exec(d);
  if (hx) {
    const kind = hx[1] === undefined ? 3 : parseInt(hx[1], 16);
    const bytes = parseHexBytes(hx[2]!, n, notes);
    switch (kind) {
      case 7:
        return { type: 'REG_MULTI_SZ', value: decodeMultiSz(bytes, unicode) };
      case 2:
        return { type: 'REG_EXPAND_SZ', value: decodeMultiSz(bytes, unicode)[0] ?? '' };
      case 1:
        return { type: 'REG_SZ', value: decodeMultiSz(bytes, unicode)[0] ?? '' };
      case 4:
        if (bytes.length === 4) return { type: 'REG_DWORD', value: new ByteReader(bytes).u32le('dword') };
        return { type: 'REG_BINARY', value: bytes };
      case 0xb:
        if (bytes.length === 8) return { type: 'REG_QWORD', value: new ByteReader(bytes).u64le('qword') };
        return { type: 'REG_BINARY', value: bytes };
      case 0:
        return { type: 'REG_NONE', value: bytes };
      default:
        return { type: 'REG_BINARY', value: bytes };
    }
  }
  notes.push(`line ${n}: unknown value data '${d.slice(0, 30)}'`);
  return undefined;
}

// ---------- reg query ----------

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/**
 * '    name    REG_TYPE    data' (columns of 2+ blanks; a single tab in some copies) →
 * [line, name, type, data]. Found by looking at each 'REG_' once: the pattern
 * `^\s*(.*?)\s{2,}(REG_[A-Z_]+)` re-scans every blank run for every start, which on a wide line of
 * blank runs takes seconds.
 */
function queryValueLine(text: string): [string, string, string, string | undefined] | undefined {
  for (const tabs of [false, true]) {
    for (let at = text.indexOf('REG_'); at >= 0; at = text.indexOf('REG_', at + 4)) {
      // the separator before the type: 2+ blanks, or one tab
      let sepStart = at;
      if (tabs) {
        if (text[at - 1] !== '\t') continue;
        sepStart = at - 1;
      } else {
        if (!isSpace(text[at - 1]) || !isSpace(text[at - 2])) continue;
        while (sepStart > 0 && isSpace(text[sepStart - 1])) sepStart--;
      }
      let end = at + 4;
      while (end < text.length && /[A-Z_]/.test(text[end]!)) end++;
      if (end === at + 4) continue;
      // after the type: nothing, or the separator and the data
      let data: string | undefined;
      if (end < text.length) {
        if (tabs) {
          if (text[end] !== '\t') continue;
          data = text.slice(end + 1);
        } else {
          if (!isSpace(text[end]) || !isSpace(text[end + 1])) continue;
          data = text.slice(end).trimStart();
        }
      }
      let nameStart = 0;
      while (nameStart < sepStart && isSpace(text[nameStart])) nameStart++;
      return [text, text.slice(nameStart, sepStart), text.slice(at, end), data];
    }
  }
  return undefined;
}

export function parseRegQueryRaw(lines: readonly Line[]): RawRegistry {
  const notes: string[] = [];
  const keys: RawRegKey[] = [];
  let cur: RawRegKey | undefined;
  for (const { n, text } of lines) {
    const t = text.trim();
    if (t === '') continue;
    if (/^(HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU|HKCC)(\\|$)/i.test(t) && !/\s{4}REG_/.test(t)) {
      cur = { path: normalizeKeyPath(t, notes, n), written: t, line: n, values: [] };
      keys.push(cur);
      continue;
    }
    if (/^ERROR:/i.test(t) || /^FEHLER:/i.test(t)) {
      // a key that does not exist is an answer (e.g. no GPO cipher order), not an unread line
      if (!/unable to find the specified registry key/i.test(t)) notes.push(`line ${n}: ${t}`);
      continue;
    }
    if (/^End of search:/i.test(t)) continue;
    const m = queryValueLine(text);
    if (m) {
      if (!cur) {
        notes.push(`line ${n}: value before any key line`);
        continue;
      }
      const name = /^\((?:Default|Standard|par défaut|Predeterminado)\)$/i.test(m[1]!) ? '' : m[1]!;
      const type = m[2]!.toUpperCase();
      const data = (m[3] ?? '').trim();
      let value: RegValue;
      switch (type) {
        case 'REG_DWORD':
          value = /^0x[0-9a-f]+$/i.test(data)
            ? parseInt(data, 16) >>> 0
            : /^\d+$/.test(data)
              ? Number(data) >>> 0
              : null;
          if (value === null) notes.push(`line ${n}: bad REG_DWORD data '${data.slice(0, 20)}'`);
          break;
        case 'REG_QWORD':
          value = /^0x[0-9a-f]+$/i.test(data) ? BigInt(data) : null;
          break;
        case 'REG_MULTI_SZ':
          value = data === '' ? [] : data.split('\\0').filter((s) => s !== '');
          break;
        case 'REG_BINARY':
          value = /^[0-9a-f]*$/i.test(data) && data.length % 2 === 0 ? Buffer.from(data, 'hex') : null;
          break;
        default:
          value = data;
      }
      cur.values.push({ name, type, value, line: n });
      continue;
    }
    notes.push(`line ${n}: not a reg query line: ${t.slice(0, 80)}`);
  }
  return { format: 'reg-query', keys, notes };
}

// ---------- stage 2 ----------

/**
 * PowerShell's registry provider as people paste it: `Get-Item HKLM:\…\00010002` (a `Hive:` line,
 * a `Name  Property` table whose Property column holds `Functions : …` wrapped at the console
 * width, mid-word) or `Get-ItemProperty …` (a list: `Functions : …` with wrapped continuation
 * lines, then `PSPath : Microsoft.PowerShell.Core\Registry::HKEY_…`). Every value is text there;
 * the key comes from `Hive:` + Name, or from PSPath.
 */
export function parsePsRegistryRaw(lines: readonly Line[]): RawRegistry {
  const notes: string[] = [];
  const keys: RawRegKey[] = [];
  let hive: string | undefined;
  let propCol = -1;
  let cur: RawRegKey | undefined;
  let val: (RawRegValue & { col: number }) | undefined;
  const pending: Array<RawRegValue & { col: number }> = [];
  const flush = (): void => {
    val = undefined;
  };
  for (const { n, text } of lines) {
    if (text.trim() === '') {
      flush();
      continue;
    }
    const h = /^\s*Hive:\s*(\S.*)$/.exec(text);
    if (h) {
      hive = h[1]!.trim();
      continue;
    }
    const head = /^(Name\s+)Property\s*$/.exec(text);
    if (head) {
      propCol = head[1]!.length;
      continue;
    }
    if (/^-{3,}\s+-{3,}\s*$/.test(text.trim()) || /^-{3,}$/.test(text.trim())) continue;
    // a continuation of the value being read: indented to (at least) its column, and not a new
    // `Name : value` line of the table's Property column
    const indent = text.length - text.trimStart().length;
    const newProp = propCol > 0 && indent === propCol && /^\s*[A-Za-z][\w .-]*?\s+:\s/.test(text);
    if (val && !newProp && /^\s/.test(text) && indent >= val.col) {
      val.value = `${String(val.value)}${text.trim()}`;
      continue;
    }
    // Get-Item table row: Name in the first column, `Prop : value` in the Property column
    if (propCol > 0 && hive && text.length > propCol && !/^\s/.test(text)) {
      const name = text.slice(0, propCol).trim();
      const prop = /^(\S[^:]*?)\s*:\s*(.*)$/.exec(text.slice(propCol));
      cur = {
        path: normalizeKeyPath(`${hive}\\${name}`, notes, n),
        written: `${hive}\\${name}`,
        line: n,
        values: [],
      };
      keys.push(cur);
      if (prop) {
        val = { name: prop[1]!.trim(), type: 'REG_SZ', value: prop[2]!.trim(), line: n, col: propCol };
        cur.values.push(val);
      }
      continue;
    }
    if (propCol > 0 && cur && /^\s/.test(text)) {
      const prop = /^\s*(\S[^:]*?)\s*:\s*(.*)$/.exec(text);
      if (prop) {
        val = {
          name: prop[1]!.trim(),
          type: 'REG_SZ',
          value: prop[2]!.trim(),
          line: n,
          col: propCol,
        };
        cur.values.push(val);
        continue;
      }
    }
    // Get-ItemProperty list: `Name : value`; PSPath names the key of the values above it
    const kv = /^(\S[^:]*?)\s+:\s?(.*)$/.exec(text);
    if (kv) {
      const name = kv[1]!.trim();
      const value = kv[2]!.trim();
      if (/^PSPath$/i.test(name)) {
        const path = value.replace(/^Microsoft\.PowerShell\.Core\\Registry::/i, '');
        cur = { path: normalizeKeyPath(path, notes, n), written: path, line: n, values: [] };
        keys.push(cur);
        for (const v of pending.splice(0)) cur.values.push(v);
        val = undefined;
        continue;
      }
      if (/^PS(?:ParentPath|ChildName|Drive|Provider)$/i.test(name)) {
        val = undefined;
        continue;
      }
      val = { name, type: 'REG_SZ', value, line: n, col: text.indexOf(value) };
      pending.push(val);
      continue;
    }
    notes.push(`line ${n}: not a PowerShell registry line: ${text.trim().slice(0, 80)}`);
  }
  if (pending.length > 0) notes.push(`${pending.length} value(s) without the PSPath that names their key`);
  for (const k of keys) for (const v of k.values) delete (v as Partial<{ col: number }>).col;
  return { format: 'ps-registry', keys, notes };
}

const SCHANNEL = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
const POLICY_SSL =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002';
const LOCAL_SSL =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002';
const HTTP_PARAMS = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';
/** Keys whose values are reported as windows.registry-value (prefix match, case-insensitive). */
const INTERESTING = [
  SCHANNEL,
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
  'HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
  HTTP_PARAMS,
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\IIS\\CentralCertProvider',
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy',
];

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const under = (p: string, root: string): boolean =>
  p.toLowerCase() === root.toLowerCase() || p.toLowerCase().startsWith(root.toLowerCase() + '\\');

function jsonValue(v: RegValue): number | string | string[] | null {
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export interface RegistryObserveOptions {
  os?: OsFamily;
}

export type RegistryObservation =
  | SchannelProtocolObservation
  | SchannelAlgorithmObservation
  | CipherSuiteOrderObservation
  | RegistryValueObservation
  | IpListenObservation;

export function observeRegistry(
  raw: RawRegistry,
  origin: string,
  opts: RegistryObserveOptions = {},
): RegistryObservation[] {
  const out: RegistryObservation[] = [];
  const keys = raw.keys.filter((k) => !k.deleted);
  // --- protocols
  type Explicit = { enabled: RawRegValue | undefined; dbd: RawRegValue | undefined; key: RawRegKey };
  const explicit = new Map<string, Explicit>();
  const protoRe = /\\Protocols\\([^\\]+)\\(Server|Client)$/i;
  for (const k of keys) {
    if (!under(k.path, SCHANNEL + '\\Protocols')) continue;
    const m = protoRe.exec(k.path);
    if (!m) continue;
    const proto = canonicalProtocol(m[1]!);
    const side = m[2]!.toLowerCase() as 'server' | 'client';
    const enabled = k.values.find((v) => eq(v.name, 'Enabled') && !v.deleted);
    const dbd = k.values.find((v) => eq(v.name, 'DisabledByDefault') && !v.deleted);
    // a key written twice (regedit merges them; web pages list one value per copy): later values win
    const before = explicit.get(`${proto}|${side}`);
    explicit.set(`${proto}|${side}`, {
      enabled: enabled ?? before?.enabled,
      dbd: dbd ?? before?.dbd,
      key: before?.key ?? k,
    });
  }
  const coversProtocols = keys.some((k) => eq(k.path, SCHANNEL) || eq(k.path, SCHANNEL + '\\Protocols'));
  const protoSet = new Set<string>(coversProtocols ? EFFECTIVE_PROTOCOLS : []);
  for (const key of explicit.keys()) protoSet.add(key.split('|')[0]!);
  const anchor =
    keys.find((k) => eq(k.path, SCHANNEL + '\\Protocols')) ?? keys.find((k) => eq(k.path, SCHANNEL));
  for (const proto of protoSet) {
    for (const side of ['server', 'client'] as const) {
      const ex = explicit.get(`${proto}|${side}`);
      if (!ex && !coversProtocols) continue;
      const dword = (v: RawRegValue | undefined): number | null =>
        v && v.type === 'REG_DWORD' && typeof v.value === 'number' ? v.value : null;
      const enabledValue = dword(ex?.enabled);
      const dbdValue = dword(ex?.dbd);
      const eff = effectiveProtocolState(opts.os, proto, side, enabledValue, dbdValue);
      const line = ex?.enabled?.line ?? ex?.dbd?.line ?? ex?.key.line ?? anchor?.line ?? 1;
      const o: SchannelProtocolObservation = {
        kind: 'windows.schannel-protocol',
        from: { source: 'windows', origin, line },
        protocol: proto,
        side,
        enabledValue,
        disabledByDefaultValue: dbdValue,
        explicit: enabledValue !== null || dbdValue !== null,
        osDefault: eff.osDefault,
        effective: eff.effective,
        reason: eff.reason,
      };
      if (ex?.enabled && ex.enabled.type !== 'REG_DWORD') {
        o.enabledType = ex.enabled.type;
        o.reason += ` (Enabled is ${ex.enabled.type}, Schannel reads only REG_DWORD)`;
      }
      if (opts.os) o.osFamily = opts.os;
      out.push(o);
    }
  }
  // --- ciphers / hashes / key exchange
  const algRe = /\\(Ciphers|Hashes|KeyExchangeAlgorithms)\\([^\\]+)$/i;
  for (const k of keys) {
    if (!under(k.path, SCHANNEL)) continue;
    const m = algRe.exec(k.path);
    if (!m) continue;
    const category =
      m[1]!.toLowerCase() === 'ciphers'
        ? 'cipher'
        : m[1]!.toLowerCase() === 'hashes'
          ? 'hash'
          : 'key-exchange';
    const values: Record<string, number | string> = {};
    for (const v of k.values)
      if (!v.deleted && (typeof v.value === 'number' || typeof v.value === 'string'))
        values[v.name] = v.value;
    const en = k.values.find((v) => eq(v.name, 'Enabled') && v.type === 'REG_DWORD');
    const o: SchannelAlgorithmObservation = {
      kind: 'windows.schannel-algorithm',
      from: { source: 'windows', origin, line: en?.line ?? k.line },
      category,
      name: m[2]!,
      enabledValue: en && typeof en.value === 'number' ? en.value : null,
      values,
    };
    if (/[\u2215\u2044\uff0f\u29f8]/.test(m[2]!)) o.lookalikeSlash = true;
    out.push(o);
  }
  // --- cipher suite order
  for (const k of keys) {
    const source = eq(k.path, POLICY_SSL) ? 'policy' : eq(k.path, LOCAL_SSL) ? 'local' : undefined;
    if (!source) continue;
    const fn = k.values.find((v) => eq(v.name, 'Functions') && !v.deleted);
    if (!fn) continue;
    const suites = Array.isArray(fn.value)
      ? fn.value
      : typeof fn.value === 'string'
        ? fn.value.split(',')
        : [];
    const o: CipherSuiteOrderObservation = {
      kind: 'windows.cipher-suite-order',
      from: { source: 'windows', origin, line: fn.line },
      source,
      suites: suites.map((s) => s.trim()).filter((s) => s !== ''),
    };
    const curves = k.values.find((v) => eq(v.name, 'EccCurves'));
    if (curves && Array.isArray(curves.value)) o.eccCurves = curves.value;
    out.push(o);
  }
  // --- HTTP.sys listen-only list
  for (const k of keys) {
    if (!eq(k.path, HTTP_PARAMS)) continue;
    const l = k.values.find((v) => eq(v.name, 'ListenOnlyList'));
    if (l && Array.isArray(l.value)) {
      out.push({
        kind: 'windows.iplisten',
        from: { source: 'windows', origin, line: l.line },
        addresses: l.value.map((a) => a.trim().toLowerCase()).filter(Boolean),
        addressLines: l.value.map(() => l.line),
      });
    }
  }
  // --- other values that matter
  for (const k of keys) {
    if (!INTERESTING.some((root) => under(k.path, root))) continue;
    if (/\\Protocols\\/i.test(k.path) || algRe.test(k.path)) continue;
    for (const v of k.values) {
      if (v.deleted) continue;
      out.push({
        kind: 'windows.registry-value',
        from: { source: 'windows', origin, line: v.line },
        key: k.path,
        name: v.name,
        type: v.type,
        value: jsonValue(v.value),
      });
    }
  }
  return out;
}

const PROTOCOL_NAMES = [
  'Multi-Protocol Unified Hello',
  'PCT 1.0',
  'SSL 2.0',
  'SSL 3.0',
  'TLS 1.0',
  'TLS 1.1',
  'TLS 1.2',
  'TLS 1.3',
  'DTLS 1.0',
  'DTLS 1.2',
  'DTLS 1.3',
];
/** Registry key names are case-insensitive: 'tls 1.2' is 'TLS 1.2'. Unknown names ('TLS1.2' without the space) stay as written. */
export function canonicalProtocol(name: string): string {
  return PROTOCOL_NAMES.find((p) => eq(p, name)) ?? name;
}

const REG_ABSENT = /unable to find the specified registry key/i;
const regQuery = (file: string, key: string, what: string, recurse = false) => ({
  file,
  cmd: 'reg',
  args: recurse ? ['query', key, '/s'] : ['query', key],
  what,
  // `reg query` of an absent key says so on stderr, exit code 1: that is the answer
  stderrIsAnswer: REG_ABSENT,
});

export const parser = defineParser({
  id: 'registry',
  title: '`.reg` export / `reg query`',
  kinds: ['reg-export', 'reg-query', 'ps-registry'],
  files: [
    'schannel.txt',
    'cipher-policy.txt',
    'cipher-local.txt',
    'dotnet.txt',
    'http-parameters.txt',
    '*.reg',
  ],
  collect: [
    regQuery(
      'schannel.txt',
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL',
      'SCHANNEL protocols, ciphers, hashes, key exchange',
      true,
    ),
    regQuery(
      'cipher-policy.txt',
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002',
      'GPO cipher suite order (absent is normal)',
    ),
    regQuery(
      'cipher-local.txt',
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002',
      'local cipher suite list',
    ),
    regQuery(
      'dotnet.txt',
      'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
      '.NET Framework TLS switches',
    ),
    regQuery(
      'http-parameters.txt',
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters',
      'HTTP.sys parameters (ListenOnlyList, HTTP/2 switches)',
    ),
  ],
  detectedBy:
    '`Windows Registry Editor Version 5.00` / `REGEDIT4` (export), or `[HKEY_…]` keys + `"name"=` values without the header (web copies); `HKEY_…` key lines + `    name    REG_…    data` lines, or the lone `ERROR: … unable to find …` (query); `Hive:` + `Name  Property` (Get-Item) or `PSPath : …Registry::HKEY_…` (Get-ItemProperty)',
  details:
    'dword, hex, hex(2), hex(7) (multi-string), hex(b) (qword), `\\` continuations, `;` comments, `[-key]`, `"v"=-`; values on the key line, Markdown bullets; PowerShell values wrapped at the console width rejoined; `HKLM` short hive and `ControlSet00n` normalised',
  detect: (head) => {
    // regedit writes this first line, always: the strongest signature there is
    if (/^(?:Windows Registry Editor Version 5\.00|REGEDIT4)\b/i.test(firstNonBlankLine(head)))
      return { kind: 'reg-export', score: 100 };
    // PowerShell's registry provider: Get-Item (Hive: + Name/Property) or Get-ItemProperty (PSPath)
    if (
      (/^[ \t]*Hive:\s*HKEY_/im.test(head) && /^Name\s+Property\s*$/m.test(head)) ||
      /^PSPath\s+:\s*Microsoft\.PowerShell\.Core\\Registry::/im.test(head)
    )
      return { kind: 'ps-registry', score: 65 };
    // .reg content quoted on a web page: no header, keys in brackets (or bare), `"name"=` values
    if (
      /^[ \t]*(?:[-*][ \t]+)?\[(?:HKEY\\?_[A-Z\\_]+|HKLM)\\/im.test(head) &&
      /(?:^|\]|\s)"[^"\n]*"=(?:dword:|hex|")/m.test(head)
    )
      return { kind: 'reg-export', score: 55 };
    const keyLine = /^[ \t]*(?:HKEY_[A-Z_]+|HKLM|HKCU)\\/m.test(head);
    if (keyLine && /\s\sREG_[A-Z_]/.test(head)) return { kind: 'reg-query', score: 60 };
    // `reg query` of a key that does not exist prints only this line (absent policy key: normal)
    if (
      /^[ \t]*ERROR: The system was unable to find the specified registry key or value\.?\s*$/i.test(
        head.trim(),
      )
    )
      return { kind: 'reg-query', score: 60 };
    if (/^[ \t]*(?:HKEY_[A-Z_]+|HKLM)\\/m.test(head) && /^ERROR: The system was unable to find/im.test(head))
      return { kind: 'reg-query', score: 60 };
    return 0;
  },
  raw: ({ lines }, kind) =>
    kind === 'reg-export'
      ? parseRegExportRaw(lines)
      : kind === 'ps-registry'
        ? parsePsRegistryRaw(lines)
        : parseRegQueryRaw(lines),
  observe: (raw, { origin, os }) => observeRegistry(raw, origin, os ? { os } : {}),
});
