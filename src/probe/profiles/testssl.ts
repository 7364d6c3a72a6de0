// Client profiles derived from testssl.sh's etc/client-simulation.txt (Debian: /etc/testssl/client-simulation.txt),
// whose `handshakebytes` are real ClientHello records captured from each client (mostly via SSL Labs' client API).
// Pure: text in, data out. Used by scripts/gen-registry.mjs --profiles to write clients.json and by the tests to
// check that every derived profile still equals what its source bytes say.
import { ByteReader } from '../../wire/byte-reader.js';
import { parseClientHello } from '../../wire/client-hello.js';
import type { ClientHello } from '../../wire/client-hello.js';
import { isGrease, cipherSuite, TLS12, TLS13 } from '../../wire/registry/index.js';
import { TlsDoctorError } from '../../errors.js';
import type { ClientHelloJson, ProfileTransform } from './types.js';

/** One client block of client-simulation.txt, raw. */
export interface TestsslClient {
  name: string;
  short: string;
  /** hex of one TLS record carrying the ClientHello, as captured */
  handshakeBytes: string;
  /** the client sends SNI (`sni+=("$SNI")`) */
  sni: boolean;
  /** OpenSSL cipher string testssl uses for this client (TLS ≤ 1.2) */
  ciphers: string;
  /** TLS 1.3 suites, OpenSSL names, colon-separated */
  ciphersuites: string;
  lowestProtocol: number | undefined;
  highestProtocol: number | undefined;
  alpn: string | undefined;
  current: boolean;
}

const MAX_FILE = 4 * 1024 * 1024;

/**
 * Parses the bash-array file: each client is a block of `key+=(value)` lines starting with `names+=`.
 * Lines that are not of that form are ignored (comments, blank lines).
 */
export function parseClientSimulationFile(text: string, file = 'client-simulation.txt'): TestsslClient[] {
  if (text.length > MAX_FILE)
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `${file}: ${text.length} characters, more than ${MAX_FILE} expected for a client simulation file`,
    );
  const blocks: Array<Map<string, string>> = [];
  let cur: Map<string, string> | undefined;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /^\s*([a-zA-Z_]+)\+=\((.*)\)\s*$/.exec(line);
    if (!m) return;
    const key = m[1]!;
    let value = m[2]!.trim();
    if (value.startsWith('"')) {
      if (!value.endsWith('"') || value.length < 2)
        throw new TlsDoctorError('INPUT_FORMAT', `${file}:${i + 1}: unterminated string in ${key}+=(…)`);
      value = value.slice(1, -1);
    }
    if (key === 'names') {
      cur = new Map();
      blocks.push(cur);
    }
    if (!cur)
      throw new TlsDoctorError('INPUT_FORMAT', `${file}:${i + 1}: ${key}+=(…) before the first names+=(…)`);
    cur.set(key, value);
  });
  return blocks.map((b) => {
    const name = b.get('names')!;
    const hex = (b.get('handshakebytes') ?? '').toLowerCase();
    if (!/^([0-9a-f]{2})*$/.test(hex))
      throw new TlsDoctorError('INPUT_FORMAT', `${file}: client "${name}": handshakebytes is not hex`);
    const proto = (k: string): number | undefined => {
      const v = b.get(k);
      return v && /^0x[0-9a-fA-F]{4}$/.test(v) ? parseInt(v, 16) : undefined;
    };
    return {
      name,
      short: b.get('short') ?? '',
      handshakeBytes: hex,
      sni: (b.get('sni') ?? '') !== '',
      ciphers: b.get('ciphers') ?? '',
      ciphersuites: b.get('ciphersuites') ?? '',
      lowestProtocol: proto('lowest_protocol'),
      highestProtocol: proto('highest_protocol'),
      alpn: b.get('alpn') || undefined,
      current: b.get('current') === 'true',
    };
  });
}

/** The record header and handshake header around a captured ClientHello, then the ClientHello itself. */
export function parseClientHelloRecord(
  hex: string,
  what = 'handshakebytes',
): { recordVersion: number; hello: ClientHello } {
  const buf = Buffer.from(hex, 'hex');
  const r = new ByteReader(buf, { path: [what] });
  const type = r.u8('ContentType');
  if (type !== 22)
    r.fail(
      `expected a TLS handshake record (22), got content type ${type}${type & 0x80 ? ' (an SSLv2-format hello?)' : ''}`,
    );
  const recordVersion = r.u16('legacy_record_version');
  const rec = r.sub(r.u16('length'), 'TLSPlaintext');
  r.expectEnd('record');
  const msgType = rec.u8('HandshakeType');
  if (msgType !== 1) rec.fail(`expected a ClientHello (1), got handshake type ${msgType}`);
  const len = rec.u24('length');
  const bodyOffset = rec.offset;
  const body = rec.bytes(len, 'ClientHello');
  rec.expectEnd('Handshake');
  return { recordVersion, hello: parseClientHello(body, bodyOffset) };
}

const hx = (n: number): string => '0x' + n.toString(16).padStart(4, '0');

/** Extensions that describe a resumption of an earlier session, not the client's capabilities: dropped. */
const RESUMPTION_ONLY = new Set([41, 42]);

/**
 * ClientHello → the options that make the builder send the same hello (server_name left out: it is filled in at
 * probe time; GREASE values removed and `grease: true` set instead; session id and random left to the builder).
 */
export function helloOptionsFromClientHello(recordVersion: number, h: ClientHello): ClientHelloJson {
  const exts = h.extensions ?? [];
  const grease =
    h.cipherSuites.some(isGrease) ||
    exts.some((e) => isGrease(e.type)) ||
    (h.groups ?? []).some(isGrease) ||
    (h.supportedVersions ?? []).some(isGrease);
  const noGrease = (xs: readonly number[]): string[] => xs.filter((x) => !isGrease(x)).map(hx);
  const o: ClientHelloJson = { recordVersion: hx(recordVersion), legacyVersion: hx(h.legacyVersion) };
  if (h.supportedVersions) o.supportedVersions = noGrease(h.supportedVersions);
  o.cipherSuites = noGrease(h.cipherSuites);
  if (!(h.compressionMethods.length === 1 && h.compressionMethods[0] === 0))
    o.compressionMethods = [...h.compressionMethods];
  if (h.groups) o.groups = noGrease(h.groups);
  if (h.keyShares) o.keyShareGroups = noGrease(h.keyShares.map((k) => k.group));
  if (h.signatureAlgorithms) o.signatureAlgorithms = noGrease(h.signatureAlgorithms);
  if (h.signatureAlgorithmsCert) o.signatureAlgorithmsCert = noGrease(h.signatureAlgorithmsCert);
  if (h.ecPointFormats) o.ecPointFormats = [...h.ecPointFormats];
  if (h.alpn) o.alpn = [...h.alpn];
  if (h.statusRequest !== undefined) o.statusRequest = true;
  if (h.renegotiationInfo !== undefined) o.renegotiationInfo = true;
  if (h.extendedMasterSecret) o.extendedMasterSecret = true;
  if (h.sessionTicket !== undefined) o.sessionTicket = true;
  if (h.encryptThenMac) o.encryptThenMac = true;
  if (h.pskKeyExchangeModes) o.pskKeyExchangeModes = h.pskKeyExchangeModes.filter((m) => m <= 1);
  if (h.paddingLength !== undefined) o.padding = 'avoid-256-511';
  if (grease) o.grease = true;
  const modeled = new Set([0, 5, 10, 11, 13, 16, 21, 22, 23, 35, 43, 45, 50, 51, 0xff01]);
  const extra = exts.filter((e) => !isGrease(e.type) && !modeled.has(e.type) && !RESUMPTION_ONLY.has(e.type));
  if (extra.length)
    o.extraExtensions = extra.map((e) => ({ type: hx(e.type), data: e.data.toString('hex') }));
  const order = exts.filter((e) => !isGrease(e.type) && !RESUMPTION_ONLY.has(e.type)).map((e) => hx(e.type));
  if (order.length) o.extensionOrder = order;
  return o;
}

/**
 * A documented change to a captured hello, for profiles the captures do not cover directly:
 * `maxVersion` caps the versions (the suites usable only above it, supported_versions, key_share and
 * signature_algorithms go with them, as SChannel/OpenSSL do when the higher versions are disabled);
 * `alpn` sets (array) or removes (null) ALPN (and NPN) — SChannel sends them only when the application asks.
 */
export function applyTransform(o: ClientHelloJson, t: ProfileTransform | undefined): ClientHelloJson {
  if (!t) return o;
  const out: ClientHelloJson = structuredClone(o);
  const dropExt = (type: number): void => {
    if (out.extensionOrder) out.extensionOrder = out.extensionOrder.filter((x) => parseInt(x, 16) !== type);
  };
  if (t.maxVersion !== undefined) {
    const max = parseInt(t.maxVersion, 16);
    if (parseInt(out.legacyVersion, 16) > max) out.legacyVersion = t.maxVersion;
    if (out.recordVersion !== undefined && parseInt(out.recordVersion, 16) > max)
      out.recordVersion = t.maxVersion;
    out.cipherSuites = (out.cipherSuites ?? []).filter((c) => {
      const s = cipherSuite(parseInt(c, 16));
      return !s || s.versions.length === 0 || s.versions.some((v) => v <= max);
    });
    if (max < TLS13) {
      for (const k of ['supportedVersions', 'keyShareGroups', 'pskKeyExchangeModes'] as const) delete out[k];
      for (const type of [43, 51, 45]) dropExt(type);
    } else if (out.supportedVersions) {
      out.supportedVersions = out.supportedVersions.filter((v) => parseInt(v, 16) <= max);
    }
    if (max < TLS12) {
      delete out.signatureAlgorithms;
      delete out.signatureAlgorithmsCert;
      dropExt(13);
      dropExt(50);
    }
  }
  if (t.alpn === null) {
    // the application asks for protocol negotiation, not SChannel: without ALPN the NPN extension goes too
    delete out.alpn;
    dropExt(16);
    dropExt(0x3374);
    if (out.extraExtensions) {
      out.extraExtensions = out.extraExtensions.filter((e) => parseInt(e.type, 16) !== 0x3374);
      if (out.extraExtensions.length === 0) delete out.extraExtensions;
    }
  } else if (t.alpn !== undefined) {
    out.alpn = [...t.alpn];
    if (out.extensionOrder && !out.extensionOrder.includes('0x0010')) {
      // where OpenSSL puts it: after session_ticket (or at the end)
      const at = out.extensionOrder.indexOf('0x0023');
      out.extensionOrder.splice(at < 0 ? out.extensionOrder.length : at + 1, 0, '0x0010');
    }
  }
  return out;
}

/** The hello options a profile gets from its testssl client and transform. */
export function deriveFromTestssl(client: TestsslClient, transform?: ProfileTransform): ClientHelloJson {
  const { recordVersion, hello } = parseClientHelloRecord(
    client.handshakeBytes,
    `client-simulation "${client.name}"`,
  );
  return applyTransform(helloOptionsFromClientHello(recordVersion, hello), transform);
}
