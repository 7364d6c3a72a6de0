// SCHANNEL protocol defaults per Windows version, when no registry key says otherwise.
// Source: Microsoft Learn "Protocols in TLS/SSL (Schannel SSP)",
// with the 24H2/Server 2025 TLS 1.0/1.1 defaults left 'unknown' because no primary source confirms
// them. Data, not logic: the effective-state computation is in effectiveProtocolState().
import type { OsFamily, ProtocolState, SchannelProtocolName } from '../model/observations/windows.js';

/** The protocols a schannel-protocol observation is always emitted for (both sides). */
export const EFFECTIVE_PROTOCOLS: readonly SchannelProtocolName[] = [
  'SSL 2.0',
  'SSL 3.0',
  'TLS 1.0',
  'TLS 1.1',
  'TLS 1.2',
  'TLS 1.3',
];

type Row = Partial<Record<SchannelProtocolName, ProtocolState>>;
const E: ProtocolState = 'enabled';
const D: ProtocolState = 'disabled';
const N: ProtocolState = 'not-supported';
const U: ProtocolState = 'unknown';

export const OS_LABEL: Record<OsFamily, string> = {
  ws2008: 'Windows Server 2008 / Vista',
  ws2008r2: 'Windows Server 2008 R2 / Windows 7',
  ws2012: 'Windows Server 2012 / Windows 8',
  ws2012r2: 'Windows Server 2012 R2 / Windows 8.1',
  'win10-1507': 'Windows 10 1507/1511',
  ws2016: 'Windows Server 2016 / Windows 10 1607–1803',
  ws2019: 'Windows Server 2019 / Windows 10 1809–22H2',
  ws2022: 'Windows Server 2022',
  win11: 'Windows 11 21H2–23H2',
  ws2025: 'Windows Server 2025 / Windows 11 24H2',
};

const SERVER: Record<OsFamily, Row> = {
  ws2008: { 'SSL 2.0': E, 'SSL 3.0': E, 'TLS 1.0': E, 'TLS 1.1': D, 'TLS 1.2': D, 'TLS 1.3': N },
  ws2008r2: { 'SSL 2.0': E, 'SSL 3.0': E, 'TLS 1.0': E, 'TLS 1.1': D, 'TLS 1.2': D, 'TLS 1.3': N },
  ws2012: { 'SSL 2.0': D, 'SSL 3.0': E, 'TLS 1.0': E, 'TLS 1.1': E, 'TLS 1.2': E, 'TLS 1.3': N },
  ws2012r2: { 'SSL 2.0': D, 'SSL 3.0': E, 'TLS 1.0': E, 'TLS 1.1': E, 'TLS 1.2': E, 'TLS 1.3': N },
  'win10-1507': { 'SSL 2.0': D, 'SSL 3.0': E, 'TLS 1.0': E, 'TLS 1.1': E, 'TLS 1.2': E, 'TLS 1.3': N },
  ws2016: { 'SSL 2.0': N, 'SSL 3.0': D, 'TLS 1.0': E, 'TLS 1.1': E, 'TLS 1.2': E, 'TLS 1.3': N },
  ws2019: { 'SSL 2.0': N, 'SSL 3.0': D, 'TLS 1.0': E, 'TLS 1.1': E, 'TLS 1.2': E, 'TLS 1.3': N },
  ws2022: { 'SSL 2.0': N, 'SSL 3.0': D, 'TLS 1.0': E, 'TLS 1.1': E, 'TLS 1.2': E, 'TLS 1.3': E },
  win11: { 'SSL 2.0': N, 'SSL 3.0': D, 'TLS 1.0': E, 'TLS 1.1': E, 'TLS 1.2': E, 'TLS 1.3': E },
  ws2025: { 'SSL 2.0': N, 'SSL 3.0': D, 'TLS 1.0': U, 'TLS 1.1': U, 'TLS 1.2': E, 'TLS 1.3': E },
};
/** Client side differs only for SSL 2.0 on 2008/2008 R2 (off for clients). */
const CLIENT_OVERRIDES: Partial<Record<OsFamily, Row>> = {
  ws2008: { 'SSL 2.0': D },
  ws2008r2: { 'SSL 2.0': D },
};

export function osDefault(
  family: OsFamily | undefined,
  protocol: string,
  side: 'server' | 'client',
): ProtocolState {
  if (!family) return 'unknown';
  const p = protocol as SchannelProtocolName;
  if (side === 'client') {
    const o = CLIENT_OVERRIDES[family]?.[p];
    if (o) return o;
  }
  const v = SERVER[family][p];
  if (v) return v;
  if (p === 'DTLS 1.0') return family === 'ws2008' ? N : E;
  if (p === 'DTLS 1.2') return ['ws2016', 'ws2019', 'ws2022', 'win11', 'ws2025'].includes(family) ? E : N;
  if (p === 'PCT 1.0' || p === 'Multi-Protocol Unified Hello') return D;
  return 'unknown';
}

/**
 * The state a default caller (IIS / HTTP.sys) gets: Enabled=0 → disabled; DisabledByDefault≠0 →
 * disabled; Enabled≠0 → enabled, except on 2008/2008 R2 for TLS 1.1/1.2 where DisabledByDefault
 * defaults to 1 and must be set to 0 as well (Learn, KB3140245); no value → the OS default.
 * A protocol the OS does not implement stays 'not-supported' whatever the registry says.
 */
export function effectiveProtocolState(
  family: OsFamily | undefined,
  protocol: string,
  side: 'server' | 'client',
  enabled: number | null,
  disabledByDefault: number | null,
): { osDefault: ProtocolState; effective: ProtocolState; reason: string } {
  const def = osDefault(family, protocol, side);
  const osText = family ? OS_LABEL[family] : 'unknown Windows version (give --os)';
  if (def === 'not-supported')
    return { osDefault: def, effective: 'not-supported', reason: `not implemented by ${osText}` };
  if (enabled === 0) return { osDefault: def, effective: 'disabled', reason: 'Enabled=0' };
  if (disabledByDefault !== null && disabledByDefault !== 0)
    return { osDefault: def, effective: 'disabled', reason: `DisabledByDefault=${disabledByDefault}` };
  if (enabled !== null) {
    if (
      def === 'disabled' &&
      disabledByDefault === null &&
      (family === 'ws2008r2' || family === 'ws2008') &&
      (protocol === 'TLS 1.1' || protocol === 'TLS 1.2')
    ) {
      return {
        osDefault: def,
        effective: 'disabled',
        reason: `Enabled=${fmtDword(enabled)} but DisabledByDefault is absent (defaults to 1 on ${osText})`,
      };
    }
    return {
      osDefault: def,
      effective: 'enabled',
      reason: `Enabled=${fmtDword(enabled)}${disabledByDefault === 0 ? ', DisabledByDefault=0' : ''}`,
    };
  }
  if (disabledByDefault === 0) {
    return {
      osDefault: def,
      effective: def === 'disabled' ? 'enabled' : def,
      reason: `DisabledByDefault=0, no Enabled value; OS default of ${osText} is ${def}`,
    };
  }
  return { osDefault: def, effective: def, reason: `no registry value; OS default of ${osText}` };
}

export function fmtDword(v: number): string {
  return v > 9 ? `0x${v.toString(16).padStart(8, '0')}` : String(v);
}

/**
 * Windows version → defaults family. Accepts --os spellings ('2019', 'ws2012r2', 'win7', 'win11',
 * 'Windows Server 2022 Datacenter', '10.0.17763', 'Microsoft Windows [Version 10.0.20348.1]').
 */
export function osFamilyOf(text: string): OsFamily | undefined {
  const t = text
    .toLowerCase()
    .replace(/microsoft|windows|®|™/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const named: Array<[RegExp, OsFamily]> = [
    [/(?:server|ws)\s*2008\s*r2|^2008\s*r2$|\bwin\s*7\b|^7$/, 'ws2008r2'],
    [/(?:server|ws)\s*2008|^2008$|vista/, 'ws2008'],
    [/(?:server|ws)\s*2012\s*r2|^2012\s*r2$|\bwin\s*8\.1\b|^8\.1$/, 'ws2012r2'],
    [/(?:server|ws)\s*2012|^2012$|\bwin\s*8\b|^8$/, 'ws2012'],
    [/(?:server|ws)\s*2016|^2016$/, 'ws2016'],
    [/(?:server|ws)\s*2019|^2019$/, 'ws2019'],
    [/(?:server|ws)\s*2022|^2022$/, 'ws2022'],
    [/(?:server|ws)\s*2025|^2025$|\b24h2\b|\b25h2\b/, 'ws2025'],
    [/\bwin\s*11\b|^11\b/, 'win11'],
  ];
  for (const [re, f] of named) if (re.test(t)) return f;
  const v = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(t);
  if (v) {
    const major = Number(v[1]);
    const minor = Number(v[2]);
    const build = v[3] !== undefined ? Number(v[3]) : undefined;
    if (major === 6 && minor === 0) return 'ws2008';
    if (major === 6 && minor === 1) return 'ws2008r2';
    if (major === 6 && minor === 2) return 'ws2012';
    if (major === 6 && minor === 3) return 'ws2012r2';
    if (major === 10 && build !== undefined) return familyOfBuild(build);
  }
  if (/\bwin\s*10\b|^10$/.test(t)) return 'ws2019';
  return undefined;
}

export function familyOfBuild(build: number): OsFamily {
  if (build < 14393) return 'win10-1507';
  if (build < 17763) return 'ws2016';
  if (build < 20348) return 'ws2019';
  if (build < 22000) return 'ws2022';
  if (build < 26100) return 'win11';
  return 'ws2025';
}
