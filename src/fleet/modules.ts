// The exporter's config file (YAML 1.2): what it may probe and its modules, each a way to probe
// (diagnose or scan) with its timeouts, SNI, CA files and the client profiles that count.
//
//   allow: [127.0.0.0/8, "*.shop.example:443"]
//   modules:
//     diagnose: { mode: diagnose, timeout_seconds: 20, probe_timeout_ms: 3000, http_port: 0 }
//     legacy:   { mode: diagnose, clients: [ie11-win7, java8] }
//
// Every error names the file and the key, and says what was expected.
import yaml from 'js-yaml';
import { TlsDoctorError } from '../errors.js';
import { parseAllow, type AllowEntry } from './allow.js';

export interface ProbeModule {
  name: string;
  mode: 'diagnose' | 'scan';
  /** the most one /probe may take, ms (and less when Prometheus' scrape timeout is shorter) */
  timeoutMs: number;
  /** the upper bound of one handshake, ms */
  probeTimeoutMs: number;
  /** a server name to send instead of the target's host; false: none */
  sni?: string | false;
  caFiles?: string[];
  /** diagnose's plain-HTTP check port; 0 skips it */
  httpPort: number;
  /** client profile ids whose failures are reported; undefined: all */
  clients?: string[];
}

export interface ExporterConfig {
  allow: AllowEntry[];
  modules: Map<string, ProbeModule>;
}

export const DEFAULT_MODULES: readonly ProbeModule[] = [
  { name: 'diagnose', mode: 'diagnose', timeoutMs: 30_000, probeTimeoutMs: 5000, httpPort: 0 },
  { name: 'scan', mode: 'scan', timeoutMs: 30_000, probeTimeoutMs: 5000, httpPort: 0 },
];

export function defaultConfig(): ExporterConfig {
  return { allow: [], modules: new Map(DEFAULT_MODULES.map((m) => [m.name, { ...m }])) };
}

const MODULE_KEYS = [
  'mode',
  'timeout_seconds',
  'probe_timeout_ms',
  'sni',
  'ca_files',
  'http_port',
  'clients',
];

/** Reads the config text; `file` names it in errors. `knownClients`: the profile ids that exist. */
export function parseExporterConfig(
  text: string,
  file: string,
  knownClients: readonly string[],
): ExporterConfig {
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (e) {
    const y = e as { reason?: string; mark?: { line: number; column: number } };
    const at = y.mark ? `:${y.mark.line + 1}:${y.mark.column + 1}` : '';
    throw new TlsDoctorError('INPUT_FORMAT', `${file}${at}: not valid YAML (${y.reason ?? 'unreadable'})`);
  }
  const fail = (key: string, what: string): never => {
    throw new TlsDoctorError('INPUT_FORMAT', `${file}: ${key}: ${what}`);
  };
  const config = defaultConfig();
  if (doc === null || doc === undefined) return config;
  if (typeof doc !== 'object' || Array.isArray(doc))
    fail('(top)', 'expected a mapping with allow and modules');
  const top = doc as Record<string, unknown>;
  for (const k of Object.keys(top))
    if (k !== 'allow' && k !== 'modules') fail(k, 'unknown key (expected allow, modules)');
  if (top.allow !== undefined) {
    if (!Array.isArray(top.allow)) fail('allow', 'expected a list of HOST|CIDR[:PORTS]');
    config.allow = (top.allow as unknown[]).map((a, i) => {
      if (typeof a !== 'string') fail(`allow[${i}]`, 'expected a string HOST|CIDR[:PORTS]');
      return parseAllow(a as string, `${file}: allow[${i}]`);
    });
  }
  if (top.modules !== undefined) {
    if (typeof top.modules !== 'object' || top.modules === null || Array.isArray(top.modules))
      fail('modules', 'expected a mapping of module names');
    config.modules = new Map();
    for (const [name, raw] of Object.entries(top.modules as Record<string, unknown>)) {
      const key = `modules.${name}`;
      if (!/^[a-z0-9_-]{1,64}$/i.test(name)) fail(key, 'a module name is letters, digits, _ and - only');
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(key, 'expected a mapping');
      const m = raw as Record<string, unknown>;
      for (const k of Object.keys(m))
        if (!MODULE_KEYS.includes(k)) fail(`${key}.${k}`, `unknown key (expected ${MODULE_KEYS.join(', ')})`);
      const int = (k: string, min: number, max: number, dflt: number): number => {
        const v = m[k];
        if (v === undefined) return dflt;
        if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
          fail(`${key}.${k}`, `expected a number from ${min} to ${max}`);
        return v as number;
      };
      const mode = m.mode ?? 'diagnose';
      if (mode !== 'diagnose' && mode !== 'scan') fail(`${key}.mode`, 'expected diagnose or scan');
      const mod: ProbeModule = {
        name,
        mode: mode as 'diagnose' | 'scan',
        timeoutMs: Math.round(int('timeout_seconds', 1, 600, 30) * 1000),
        probeTimeoutMs: int('probe_timeout_ms', 100, 120_000, 5000),
        httpPort: int('http_port', 0, 65535, 0),
      };
      if (m.sni !== undefined) {
        if (m.sni === false) mod.sni = false;
        else if (typeof m.sni !== 'string' || !/^[a-z0-9_.-]+$/i.test(m.sni))
          fail(`${key}.sni`, 'expected a host name, or false for no SNI');
        else mod.sni = m.sni;
      }
      const strings = (k: string): string[] | undefined => {
        const v = m[k];
        if (v === undefined) return undefined;
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === ''))
          fail(`${key}.${k}`, 'expected a list of strings');
        return v as string[];
      };
      const ca = strings('ca_files');
      if (ca) mod.caFiles = ca;
      const clients = strings('clients');
      if (clients) {
        const unknown = clients.filter((c) => !knownClients.includes(c));
        if (unknown.length)
          fail(
            `${key}.clients`,
            `unknown client profile ${unknown.join(', ')} (known: ${knownClients.join(', ')})`,
          );
        mod.clients = clients;
      }
      config.modules.set(name, mod);
    }
    if (config.modules.size === 0) fail('modules', 'no module defined');
  }
  return config;
}
