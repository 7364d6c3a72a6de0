// The reference scanners the zoo compares `scan` with: sslscan (--xml=-) and nmap's
// ssl-enum-ciphers script (-oX -), both Debian's packages, parsed from their XML.
import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import { inNamespace, runProgram, type Namespace } from './harness.js';

/** What a scanner found: accepted versions (0x0300 … 0x0304), suites per version in its listed order. */
export interface Enumeration {
  versions: number[];
  suites: Map<number, number[]>;
  /** nmap: 'server' | 'client' | 'indeterminate' per version */
  preference?: Map<number, string>;
}

const VERSION_BY_NAME: Record<string, number> = {
  SSLv3: 0x0300,
  'TLSv1.0': 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

export async function sslscan(port: number, ns?: Namespace): Promise<Enumeration> {
  const [cmd, args] = inNamespace(ns, 'sslscan', [
    '--xml=-',
    '--no-colour',
    '--no-heartbleed',
    `127.0.0.1:${port}`,
  ]);
  const r = await runProgram(cmd, args, 120_000);
  if (r.code !== 0) throw new Error(`sslscan exited ${r.code}: ${r.err}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.out) as {
    document: {
      ssltest: {
        protocol: Array<{ type: string; version: string; enabled: string }>;
        cipher?: Array<{ sslversion: string; id: string }> | { sslversion: string; id: string };
      };
    };
  };
  const t = doc.document.ssltest;
  const versions = asArray(t.protocol)
    .filter((p) => p.enabled === '1')
    .map((p) =>
      p.type === 'ssl' ? (p.version === '3' ? 0x0300 : 0x0200) : VERSION_BY_NAME[`TLSv${p.version}`]!,
    );
  const suites = new Map<number, number[]>();
  for (const c of asArray(t.cipher)) {
    const v = VERSION_BY_NAME[c.sslversion]!;
    suites.set(v, [...(suites.get(v) ?? []), parseInt(c.id, 16)]);
  }
  return { versions: versions.sort((a, b) => a - b), suites };
}

let nmapCodes: Promise<Map<string, number>> | undefined;

/** nmap's own table of suite names (nselib/tls.lua CIPHERS), to read its names as codes. */
function nmapCipherTable(): Promise<Map<string, number>> {
  nmapCodes ??= readFile('/usr/share/nmap/nselib/tls.lua', 'utf8').then((lua) => {
    const m = new Map<string, number>();
    for (const [, a, b, code] of lua.matchAll(
      /^\s*(?:\["([A-Z0-9_]+)"\]|([A-Z0-9_]+))\s*=\s*(0x[0-9A-Fa-f]+)/gm,
    ))
      m.set((a ?? b)!, parseInt(code!, 16));
    return m;
  });
  return nmapCodes;
}

interface NmapTable {
  key?: string;
  table?: NmapTable | NmapTable[];
  elem?: Array<{ key?: string; '#text'?: string } | string> | { key?: string; '#text'?: string } | string;
}

export async function nmapEnumCiphers(port: number, ns?: Namespace): Promise<Enumeration> {
  const [cmd, args] = inNamespace(ns, 'nmap', [
    '-Pn',
    '-n',
    '-p',
    String(port),
    '--script',
    'ssl-enum-ciphers',
    '-oX',
    '-',
    '127.0.0.1',
  ]);
  const r = await runProgram(cmd, args, 180_000);
  if (r.code !== 0) throw new Error(`nmap exited ${r.code}: ${r.err}`);
  const codes = await nmapCipherTable();
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.out) as {
    nmaprun: { host: { ports: { port: { script?: NmapTable & { id: string } } } } };
  };
  const script = doc.nmaprun.host.ports.port.script;
  if (!script) throw new Error(`nmap ran no ssl-enum-ciphers result:\n${r.out.slice(0, 2000)}`);
  const elem = (t: NmapTable, key: string): string | undefined =>
    asArray(t.elem)
      .map((e) => (typeof e === 'string' ? { '#text': e } : e))
      .find((e) => e.key === key)?.['#text'];
  const versions: number[] = [];
  const suites = new Map<number, number[]>();
  const preference = new Map<number, string>();
  for (const vt of asArray(script.table)) {
    const v = VERSION_BY_NAME[vt.key ?? ''];
    if (v === undefined) continue;
    versions.push(v);
    const ciphers = asArray(vt.table).find((t) => t.key === 'ciphers');
    suites.set(
      v,
      asArray(ciphers?.table).map((c) => {
        const name = elem(c, 'name') ?? '';
        const code = codes.get(name);
        if (code === undefined) throw new Error(`nmap named a suite its own table lacks: ${name}`);
        return code;
      }),
    );
    const pref = elem(vt, 'cipher preference');
    if (pref) preference.set(v, pref);
  }
  return { versions: versions.sort((a, b) => a - b), suites, preference };
}

let opensslCodes: Promise<Set<number>> | undefined;

/** Every suite the system's OpenSSL (the library sslscan runs on) can offer at all. */
export function opensslSuites(): Promise<Set<number>> {
  opensslCodes ??= runProgram('openssl', ['ciphers', '-V', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], 30_000).then(
    (r) =>
      new Set(
        [...r.out.matchAll(/0x([0-9A-F]{2}),0x([0-9A-F]{2})/g)].map(([, a, b]) => parseInt(`${a}${b}`, 16)),
      ),
  );
  return opensslCodes;
}
