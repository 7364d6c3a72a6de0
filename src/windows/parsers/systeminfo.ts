// `systeminfo` (the OS Name / OS Version lines) and `ver` ('Microsoft Windows [Version 10.0.20348.1]'):
// the Windows version decides the SCHANNEL defaults.
import type { WindowsOsObservation } from '../../model/observations/windows.js';
import { familyOfBuild, osFamilyOf } from '../schannel-defaults.js';
import type { Line } from '../text.js';
import { defineParser } from '../define-parser.js';

export interface RawSysteminfo {
  name?: { value: string; line: number };
  version?: { value: string; line: number };
  hostName?: string;
  via: 'systeminfo' | 'ver';
  notes: string[];
}

export function parseSysteminfoRaw(lines: readonly Line[]): RawSysteminfo {
  const out: RawSysteminfo = { via: 'systeminfo', notes: [] };
  for (const { n, text } of lines) {
    const t = text.trim();
    const kv = /^([^:]+?):\s+(.*)$/.exec(t);
    if (kv) {
      const label = kv[1]!.trim();
      if (
        /^(?:OS Name|Betriebssystemname|Nom du système d'exploitation|Nombre del sistema operativo)$/i.test(
          label,
        )
      )
        out.name = { value: kv[2]!.trim(), line: n };
      else if (
        /^(?:OS Version|Betriebssystemversion|Version du système|Versión del sistema operativo)$/i.test(label)
      )
        out.version = { value: kv[2]!.trim(), line: n };
      else if (/^(?:Host Name|Hostname|Nom de l'hôte)$/i.test(label)) out.hostName = kv[2]!.trim();
      continue;
    }
    const ver = /Windows \[(?:Version|Versión)\s+([\d.]+)\]/i.exec(t);
    if (ver) {
      out.version = { value: ver[1]!, line: n };
      out.via = 'ver';
    }
  }
  return out;
}

export function observeSysteminfo(raw: RawSysteminfo, origin: string): WindowsOsObservation[] {
  if (!raw.name && !raw.version) return [];
  const o: WindowsOsObservation = {
    kind: 'windows.os',
    from: { source: 'windows', origin, line: raw.name?.line ?? raw.version?.line ?? 1 },
    via: raw.via,
  };
  if (raw.name) o.name = raw.name.value;
  const v = raw.version ? /(\d+\.\d+)(?:\.(\d+))?/.exec(raw.version.value) : null;
  if (v) {
    o.version = v[2] ? `${v[1]}.${v[2]}` : v[1]!;
    if (v[2]) o.build = Number(v[2]);
  }
  // the build decides for Windows 10/11-era versions (names like 'Windows 10 Pro' span many defaults)
  const family =
    o.build !== undefined && o.version?.startsWith('10.')
      ? serverAware(o.name, o.build)
      : osFamilyOf(`${o.name ?? ''} ${o.version ?? ''}`);
  if (family) o.family = family;
  return [o];
}

function serverAware(name: string | undefined, build: number): WindowsOsObservation['family'] {
  const byName = name ? osFamilyOf(name) : undefined;
  return byName && /server/i.test(name ?? '') ? byName : familyOfBuild(build);
}

export const parser = defineParser({
  id: 'systeminfo',
  title: '`systeminfo` / `ver`',
  kinds: ['systeminfo'],
  files: ['systeminfo.txt', 'ver.txt'],
  collect: [
    {
      file: 'systeminfo.txt',
      cmd: 'systeminfo',
      args: ['/fo', 'list'],
      what: 'Windows version (decides the SCHANNEL defaults)',
    },
  ],
  detectedBy: '`OS Name:` / `Microsoft Windows [Version …]`',
  details: 'decides the SCHANNEL defaults; `--os` overrides',
  detect: (head) =>
    /^[ \t]*(?:OS Name|Betriebssystemname)\s*:/m.test(head) ||
    /Microsoft Windows \[Version \d+\.\d+/i.test(head)
      ? 30
      : 0,
  raw: ({ lines }) => parseSysteminfoRaw(lines),
  observe: (raw, { origin }) => observeSysteminfo(raw, origin),
  describesOs: (raw) => ({
    ...(raw.name ? { name: raw.name.value } : {}),
    ...(raw.version ? { version: raw.version.value } : {}),
  }),
});
