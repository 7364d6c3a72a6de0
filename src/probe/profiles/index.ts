// Typed loader for the client profiles in clients.json (policy as versioned data, DESIGN convention 2).
// The JSON keeps codes as "0x…" strings; the loader turns them into numbers and validates every profile against the
// registries, so a typo in the data fails loudly at load time with the profile id and field.
import clientsJson from './clients.json' with { type: 'json' };
import { TlsDoctorError } from '../../errors.js';
import type { ClientHelloOptions } from '../../wire/client-hello-options.js';
import {
  cipherSuite,
  namedGroup,
  protocolVersion,
  signatureSchemeName,
  isGrease,
  TLS12,
  TLS13,
  SSL2,
} from '../../wire/registry/index.js';
import type { ClientHelloJson, ClientProfile, ClientProfileJson } from './types.js';

export type * from './types.js';

const HEX16 = /^0x[0-9a-f]{4}$/;

class ProfileProblems {
  readonly list: string[] = [];
  constructor(readonly where: string) {}
  add(msg: string): void {
    this.list.push(`${this.where}: ${msg}`);
  }
}

function code(p: ProfileProblems, field: string, v: unknown): number | undefined {
  if (typeof v !== 'string' || !HEX16.test(v)) {
    p.add(`${field}: expected a "0x…" code with four lower-case hex digits, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return parseInt(v, 16);
}

function codes(
  p: ProfileProblems,
  field: string,
  v: unknown,
  opts: { min?: number } = {},
): number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    p.add(`${field}: expected an array`);
    return undefined;
  }
  if (opts.min !== undefined && v.length < opts.min) p.add(`${field}: expected at least ${opts.min} entries`);
  const out: number[] = [];
  v.forEach((x, i) => {
    const c = code(p, `${field}[${i}]`, x);
    if (c !== undefined) out.push(c);
  });
  const dup = out.filter((c, i) => out.indexOf(c) !== i);
  if (dup.length)
    p.add(`${field}: duplicate ${dup.map((d) => '0x' + d.toString(16).padStart(4, '0')).join(', ')}`);
  return out;
}

function bytesList(p: ProfileProblems, field: string, v: unknown): number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)) {
    p.add(`${field}: expected an array of integers 0–255`);
    return undefined;
  }
  return [...(v as number[])];
}

/** Offered protocol versions of a hello: supported_versions when present, else every version up to legacy_version. */
export function offeredVersions(
  hello: Pick<ClientHelloOptions, 'legacyVersion' | 'supportedVersions'>,
): number[] {
  if (hello.supportedVersions) return [...hello.supportedVersions].sort((a, b) => a - b);
  const out: number[] = [];
  for (let v = 0x0300; v <= Math.min(hello.legacyVersion, TLS12); v++) out.push(v);
  return out;
}

function helloFromJson(p: ProfileProblems, j: ClientHelloJson): Omit<ClientHelloOptions, 'serverName'> {
  if (typeof j !== 'object' || j === null) {
    p.add('hello: expected an object');
    return { legacyVersion: TLS12, cipherSuites: [] };
  }
  const allowed = new Set([
    'recordVersion',
    'legacyVersion',
    'supportedVersions',
    'cipherSuites',
    'compressionMethods',
    'groups',
    'keyShareGroups',
    'signatureAlgorithms',
    'signatureAlgorithmsCert',
    'ecPointFormats',
    'alpn',
    'statusRequest',
    'renegotiationInfo',
    'extendedMasterSecret',
    'sessionTicket',
    'encryptThenMac',
    'pskKeyExchangeModes',
    'padding',
    'grease',
    'extraExtensions',
    'extensionOrder',
  ]);
  for (const k of Object.keys(j))
    if (!allowed.has(k))
      p.add(
        `hello.${k}: unknown field${k === 'serverName' ? ' (serverName is filled in at probe time)' : ''}`,
      );
  const h: Omit<ClientHelloOptions, 'serverName'> = {
    legacyVersion: code(p, 'hello.legacyVersion', j.legacyVersion) ?? TLS12,
    cipherSuites: codes(p, 'hello.cipherSuites', j.cipherSuites, { min: 1 }) ?? [],
  };
  const set = <K extends keyof ClientHelloOptions>(k: K, v: ClientHelloOptions[K] | undefined): void => {
    if (v !== undefined) (h as ClientHelloOptions)[k] = v;
  };
  if (j.recordVersion !== undefined) set('recordVersion', code(p, 'hello.recordVersion', j.recordVersion));
  set('supportedVersions', codes(p, 'hello.supportedVersions', j.supportedVersions, { min: 1 }));
  set('compressionMethods', bytesList(p, 'hello.compressionMethods', j.compressionMethods));
  set('groups', codes(p, 'hello.groups', j.groups, { min: 1 }));
  set('keyShareGroups', codes(p, 'hello.keyShareGroups', j.keyShareGroups));
  set('signatureAlgorithms', codes(p, 'hello.signatureAlgorithms', j.signatureAlgorithms, { min: 1 }));
  set(
    'signatureAlgorithmsCert',
    codes(p, 'hello.signatureAlgorithmsCert', j.signatureAlgorithmsCert, { min: 1 }),
  );
  set('ecPointFormats', bytesList(p, 'hello.ecPointFormats', j.ecPointFormats));
  set('pskKeyExchangeModes', bytesList(p, 'hello.pskKeyExchangeModes', j.pskKeyExchangeModes));
  set('extensionOrder', codes(p, 'hello.extensionOrder', j.extensionOrder));
  if (j.alpn !== undefined) {
    if (
      !Array.isArray(j.alpn) ||
      !j.alpn.every((a) => typeof a === 'string' && a.length > 0 && a.length < 256)
    )
      p.add('hello.alpn: expected protocol names of 1–255 characters');
    else h.alpn = [...j.alpn];
  }
  for (const k of [
    'statusRequest',
    'renegotiationInfo',
    'extendedMasterSecret',
    'sessionTicket',
    'encryptThenMac',
    'grease',
  ] as const) {
    const v = j[k];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') p.add(`hello.${k}: expected true or false`);
    else h[k] = v;
  }
  if (j.padding !== undefined) {
    if (
      j.padding === 'avoid-256-511' ||
      (Number.isInteger(j.padding) && (j.padding as number) >= 0 && (j.padding as number) <= 0xffff)
    )
      h.padding = j.padding;
    else p.add(`hello.padding: expected a length or "avoid-256-511"`);
  }
  if (j.extraExtensions !== undefined) {
    if (!Array.isArray(j.extraExtensions)) p.add('hello.extraExtensions: expected an array');
    else {
      h.extraExtensions = [];
      j.extraExtensions.forEach((e, i) => {
        const t = code(p, `hello.extraExtensions[${i}].type`, e?.type);
        if (typeof e?.data !== 'string' || !/^([0-9a-f]{2})*$/.test(e.data) || e.data.length > 2 * 0xffff) {
          p.add(`hello.extraExtensions[${i}].data: expected lower-case hex`);
          return;
        }
        if (t !== undefined) h.extraExtensions!.push({ type: t, data: Buffer.from(e.data, 'hex') });
      });
    }
  }
  return h;
}

/** Checks a converted profile against the registries; returns the problems found (empty = valid). */
function checkProfile(p: ProfileProblems, prof: ClientProfile): void {
  const h = prof.hello;
  const hexs = (c: number): string => '0x' + c.toString(16).padStart(4, '0');
  for (const c of h.cipherSuites) {
    if (isGrease(c)) p.add(`hello.cipherSuites: GREASE ${hexs(c)} listed; set "grease": true instead`);
    else if (!cipherSuite(c)) p.add(`hello.cipherSuites: ${hexs(c)} is not a known cipher suite`);
  }
  for (const g of h.groups ?? [])
    if (!namedGroup(g)) p.add(`hello.groups: ${hexs(g)} is not a known named group`);
  for (const g of h.keyShareGroups ?? [])
    if (!(h.groups ?? []).includes(g)) p.add(`hello.keyShareGroups: ${hexs(g)} is not in groups`);
  for (const s of [...(h.signatureAlgorithms ?? []), ...(h.signatureAlgorithmsCert ?? [])]) {
    if (signatureSchemeName(s).startsWith('unknown') || isGrease(s))
      p.add(`hello.signatureAlgorithms: ${hexs(s)} is not a known signature scheme`);
  }
  for (const v of h.supportedVersions ?? [])
    if (!protocolVersion(v) || v === SSL2) p.add(`hello.supportedVersions: ${hexs(v)} is not a TLS version`);
  if (h.legacyVersion < 0x0300 || h.legacyVersion > TLS12)
    p.add(`hello.legacyVersion: ${hexs(h.legacyVersion)} outside SSL 3.0 … TLS 1.2`);
  const offered = offeredVersions(h);
  if ((h.supportedVersions ?? []).includes(TLS13)) {
    if (h.legacyVersion !== TLS12)
      p.add('hello.legacyVersion: must be 0x0303 when TLS 1.3 is offered (RFC 8446 §4.1.2)');
    if (!h.cipherSuites.some((c) => cipherSuite(c)?.versions.includes(TLS13)))
      p.add('offers TLS 1.3 without a TLS 1.3 cipher suite');
    if (!h.keyShareGroups) p.add('offers TLS 1.3 without key_share');
  } else if (h.supportedVersions && Math.max(...h.supportedVersions) !== h.legacyVersion) {
    p.add('hello.supportedVersions: highest entry differs from legacyVersion');
  }
  if (prof.acceptsVersions.length === 0) p.add('acceptsVersions: empty');
  for (const v of prof.acceptsVersions) {
    if (!protocolVersion(v)) p.add(`acceptsVersions: ${hexs(v)} is not a version`);
    else if (!offered.includes(v)) p.add(`acceptsVersions: ${hexs(v)} is not offered by the hello`);
    else if (!h.cipherSuites.some((c) => cipherSuite(c)?.versions.includes(v)))
      p.add(`acceptsVersions: no offered suite is usable with ${hexs(v)}`);
  }
  for (const e of h.extraExtensions ?? [])
    if (isGrease(e.type))
      p.add(`hello.extraExtensions: GREASE type ${hexs(e.type)}; set "grease": true instead`);
  if (!/^[a-z0-9]+(-[a-z0-9.]+)*$/.test(prof.id)) p.add(`id: "${prof.id}" is not kebab-case`);
  if (!prof.name || !prof.notes) p.add('name and notes are required');
}

/** Converts and validates one JSON profile; the problems (if any) are returned rather than thrown. */
export function profileFromJson(
  j: ClientProfileJson,
  index = 0,
): { profile: ClientProfile; problems: string[] } {
  const p = new ProfileProblems(`client profile ${typeof j?.id === 'string' ? `"${j.id}"` : `#${index}`}`);
  const hello = helloFromJson(p, j?.hello);
  const profile: ClientProfile = {
    id: String(j?.id ?? ''),
    name: String(j?.name ?? ''),
    notes: String(j?.notes ?? ''),
    source: j?.source,
    hello,
    acceptsVersions: codes(p, 'acceptsVersions', j?.acceptsVersions, { min: 1 }) ?? [],
    verifiesChain: j?.verifiesChain === true,
    ...(j?.usesWindowsTrust !== undefined ? { usesWindowsTrust: j.usesWindowsTrust === true } : {}),
    sni: j?.sni === true,
  };
  if (typeof j?.verifiesChain !== 'boolean') p.add('verifiesChain: expected true or false');
  if (typeof j?.sni !== 'boolean') p.add('sni: expected true or false');
  if (j?.source?.kind !== 'testssl' && j?.source?.kind !== 'manual')
    p.add('source.kind: expected "testssl" or "manual"');
  checkProfile(p, profile);
  return { profile, problems: p.list };
}

/** Loads a list of profiles (clients.json or a user file); throws INPUT_FORMAT naming the profile and field. */
export function loadClientProfiles(json: unknown, file = 'clients.json'): ClientProfile[] {
  if (
    typeof json !== 'object' ||
    json === null ||
    !Array.isArray((json as { profiles?: unknown }).profiles)
  ) {
    throw new TlsDoctorError('INPUT_FORMAT', `${file}: expected an object with a "profiles" array`);
  }
  const list = (json as { profiles: ClientProfileJson[] }).profiles;
  const out: ClientProfile[] = [];
  const seen = new Set<string>();
  list.forEach((j, i) => {
    const { profile, problems } = profileFromJson(j, i);
    if (seen.has(profile.id)) problems.push(`client profile "${profile.id}": duplicate id`);
    seen.add(profile.id);
    if (problems.length)
      throw new TlsDoctorError(
        'INPUT_FORMAT',
        `${file}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      );
    out.push(Object.freeze(profile));
  });
  return out;
}

/** The built-in client profiles (src/probe/profiles/clients.json). */
export const CLIENT_PROFILES: readonly ClientProfile[] = Object.freeze(loadClientProfiles(clientsJson));

const byId = new Map(CLIENT_PROFILES.map((p) => [p.id, p]));

export function clientProfile(id: string): ClientProfile | undefined {
  return byId.get(id);
}

/** The options to send for a profile against a host: the profile's hello plus serverName when the client sends SNI. */
export function helloForProfile(profile: ClientProfile, host: string | undefined): ClientHelloOptions {
  const h: ClientHelloOptions = structuredClone({ ...profile.hello }) as ClientHelloOptions;
  if (profile.hello.extraExtensions)
    h.extraExtensions = profile.hello.extraExtensions.map((e) => ({
      type: e.type,
      data: Buffer.from(e.data),
    }));
  if (profile.sni && host && !/^[0-9.]+$/.test(host) && !host.includes(':')) h.serverName = host;
  return h;
}
