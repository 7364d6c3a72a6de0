// The scenarios behind test/fixtures/observations/: every one is a REAL server on 127.0.0.1 (the
// demo lab, plus a few node:tls / raw net servers of our own) run through the real diagnose flow.
// `npm run record:observations` writes them as checked-in JSON; the rule tests read that JSON; the
// e2e test (test/e2e/recorded-observations.test.ts) records them afresh and checks that the
// checked-in files still describe what the servers do.
//
// The files are stable: re-recording an unchanged tree gives identical bytes. Object keys are
// sorted, hello probes are in id order (they finish in any order), and values that differ between
// runs are normalised (see `normalise`): ports, times, durations, temp paths, and the identity of
// the lab's certificates (fresh keys on every run: thumbprints, serials, key ids, DER and PEM).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../src/app/diagnose.js';
import type { ObservationBase } from '../../src/model/observation.js';
import type {
  FullHandshakeObservation,
  HelloObservation,
  HelloOutcome,
} from '../../src/model/observations/probe.js';
import { startLab, labServerName } from '../../src/lab/index.js';
import { labPki } from '../../src/lab/pki.js';
import { ResourceGroup, startHttp, startHttps } from '../../src/lab/servers.js';
import { runPlan } from '../../src/probe/plan.js';
import { DIAGNOSE_PLAN, OTHER_SNI } from '../../src/probe/profiles/diagnose-plan.js';
import type { HelloSender } from '../../src/probe/session.js';

/** Demo-lab scenarios recorded as they are. */
export const LAB_SCENARIOS = [
  'healthy',
  'tls10-only',
  'tls13-only',
  'no-common-cipher',
  'silent',
  'reset',
  'close',
  'alert-40',
  'http-on-tls-port',
  'sni-required',
  'client-cert-required',
  'middlebox-sni',
  'middlebox-tls13',
  'middlebox-large-hello',
  'expired',
] as const;

/**
 * Our own real servers, for branches the lab does not produce:
 * - tls12-only: node:tls maxVersion TLS 1.2 — answers a TLS 1.3-only hello with an alert (the
 *   neighbour of the middlebox "TLS 1.3 dropped" branch)
 * - legacy-tls10-11: node:tls TLS 1.0 … 1.3 at SECLEVEL=0 — accepts TLS 1.0 AND 1.1
 * - client-cert-tls12: TLS 1.2 only, client certificate required — CertificateRequest in clear,
 *   the server aborts with handshake_failure (not certificate_required 116, a TLS 1.3 alert)
 * - client-cert-optional: asks for a client certificate but accepts none
 * - sni-name-closed: node:tls whose SNICallback fails for the site's own name (OpenSSL then closes
 *   the connection) while hellos without SNI or with another name get the default certificate
 * - ssh-banner: a non-HTTP, non-TLS service (an SSH banner) on the TLS port
 * - closed-port: a port that was bound and closed (connection refused), plain HTTP on a live port
 * - closed-port-http-down: refused on the TLS port and on the plain-HTTP port
 * - silent-http-down: a silent TLS port and a refused plain-HTTP port
 * - dns-fail: https://does-not-exist.invalid/ (RFC 2606 .invalid never resolves; fails locally)
 */
export const OWN_SCENARIOS = [
  'tls12-only',
  'legacy-tls10-11',
  'client-cert-tls12',
  'client-cert-optional',
  'sni-name-closed',
  'ssh-banner',
  'closed-port',
  'closed-port-http-down',
  'silent-http-down',
  'dns-fail',
] as const;

export type ScenarioId = (typeof LAB_SCENARIOS)[number] | (typeof OWN_SCENARIOS)[number];
export const ALL_SCENARIOS: readonly ScenarioId[] = [...LAB_SCENARIOS, ...OWN_SCENARIOS];

/** Where the checked-in recordings live: one `<scenario>.json` each, an array of observations. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/observations/', import.meta.url));
export const fixturePath = (id: string): string => join(FIXTURE_DIR, `${id}.json`);

/** The ports every fixture shows: the TLS port as 443, the plain-HTTP port as 80. */
export const FIXTURE_TLS_PORT = 443;
export const FIXTURE_HTTP_PORT = 80;
/** The instant every fixture was "recorded at": recording times keep their distance to it (rounded to the hour). */
export const FIXTURE_TIME = '2026-01-01T00:00:00.000Z';

/** One scenario as the flow saw it, before normalisation. */
export interface RawRecording {
  id: ScenarioId;
  /** the TLS port probed (0 for dns-fail) */
  tlsPort: number;
  /** the plain-HTTP port checked (0: none) */
  httpPort: number;
  /** the time passed to the flow as `now` (certificate validity is judged against it) */
  now: number;
  /** temp directories whose paths may appear in observations (the lab's CA file) */
  tempDirs: string[];
  observations: ObservationBase[];
}

const LOOPBACK = '127.0.0.1';

/** hellos a scenario leaves unanswered on purpose: all of them (silent servers), or those carrying the blocked name (middlebox) */
function silentByDesign(id: ScenarioId, h: HelloObservation, serverName: string | undefined): boolean {
  if (id === 'silent' || id === 'silent-http-down') return true;
  return id === 'middlebox-sni' && h.offer.serverName === serverName;
}

/** A raw TCP server on 127.0.0.1:0; every socket is tracked so stop() ends them all. */
async function rawServer(
  onConnection: (s: net.Socket) => void,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: LOOPBACK }, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound on 127.0.0.1:0, then closed (connect → RST → ECONNREFUSED). */
async function closedPort(): Promise<number> {
  const s = await rawServer(() => undefined);
  await s.stop();
  return s.port;
}

/**
 * Starts the servers, runs the diagnose flow against each scenario (three at a time, each with a
 * small probe concurrency: the servers share this process's event loop) and stops them.
 */
export async function recordScenarios(
  only: readonly ScenarioId[] = ALL_SCENARIOS,
): Promise<Map<ScenarioId, RawRecording>> {
  const wanted = new Set(only);
  const out = new Map<ScenarioId, RawRecording>();
  const labIds = LAB_SCENARIOS.filter((id) => wanted.has(id));
  const lab = await startLab({ only: labIds.length > 0 ? [...labIds] : ['healthy'], holdMs: 10_000 });
  const tempDirs = [dirname(lab.caFile)];
  const group = new ResourceGroup();
  const stops: Array<() => Promise<void>> = [];
  try {
    const pki = await labPki();
    const leaf = await pki.leaf('healthy');
    const name = labServerName('healthy');
    const creds = { key: leaf.keyPem, cert: leaf.certPem + pki.intermediate.certPem };
    const [tls12, legacy, cc12, ccOpt, sniClosed, httpOk] = await Promise.all([
      startHttps(group, 'tls12-only', { ...creds, maxVersion: 'TLSv1.2' }),
      startHttps(group, 'legacy-tls10-11', { ...creds, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
      startHttps(group, 'client-cert-tls12', {
        ...creds,
        maxVersion: 'TLSv1.2',
        requestCert: true,
        rejectUnauthorized: true,
        ca: [pki.root.certPem],
      }),
      startHttps(group, 'client-cert-optional', {
        ...creds,
        requestCert: true,
        rejectUnauthorized: false,
        ca: [pki.root.certPem],
      }),
      startHttps(group, 'sni-name-closed', {
        ...creds,
        SNICallback: (sni, cb) =>
          sni.toLowerCase() === name ? cb(new Error(`no TLS configuration for ${sni}`)) : cb(null, undefined),
      }),
      startHttp(group, 'plain http'),
    ]);
    const ssh = await rawServer((s) => s.end('SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n'));
    // silent: read the hello, never answer; the flow's read deadline ends each probe
    const silent = await rawServer((s) => s.resume());
    stops.push(ssh.stop, silent.stop);
    const [closedA, closedB] = await Promise.all([closedPort(), closedPort()]);

    interface Job {
      id: ScenarioId;
      url: string;
      port: number;
      serverName: string | undefined;
      httpPort: number;
    }
    const jobs: Job[] = [];
    for (const id of labIds) {
      const s = lab.get(id);
      jobs.push({
        id,
        url: `https://${s.serverName}:${s.port}/`,
        port: s.port,
        serverName: s.serverName,
        httpPort: s.httpPort ?? 0,
      });
    }
    const own: Array<[ScenarioId, number, number]> = [
      ['tls12-only', tls12, httpOk],
      ['legacy-tls10-11', legacy, httpOk],
      ['client-cert-tls12', cc12, httpOk],
      ['client-cert-optional', ccOpt, httpOk],
      ['sni-name-closed', sniClosed, httpOk],
      ['ssh-banner', ssh.port, httpOk],
      ['closed-port', closedA, httpOk],
      ['closed-port-http-down', closedA, closedB],
      ['silent-http-down', silent.port, closedB],
    ];
    for (const [id, port, httpPort] of own)
      if (wanted.has(id))
        jobs.push({ id, url: `https://${name}:${port}/`, port, serverName: name, httpPort });

    // The machine can blur what a server does: a timeout from a server that always answers (load),
    // or a TLS 1.3 server's late refusal missed by the full handshake's short wait. A recording is
    // kept once two in a row agree on every probe's outcome and the full handshake's result, and
    // neither has a timeout the scenario does not make on purpose (at most four tries).
    const record = async (j: Job): Promise<void> => {
      let previous: string | undefined;
      for (let attempt = 0; ; attempt++) {
        const now = Date.now();
        const report = await diagnose(j.url, {
          ip: LOOPBACK,
          httpPort: j.httpPort,
          concurrency: 6,
          caFiles: [lab.caFile],
          now: new Date(now),
        });
        out.set(j.id, {
          id: j.id,
          tlsPort: j.port,
          httpPort: j.httpPort,
          now,
          tempDirs,
          observations: report.observations,
        });
        const flaky = report.observations.some(
          (o) =>
            o.kind === 'probe.hello' &&
            (o as HelloObservation).outcome.status === 'timeout' &&
            !silentByDesign(j.id, o as HelloObservation, j.serverName),
        );
        const signature = outcomeSignature(report.observations);
        if ((!flaky && signature === previous) || attempt >= 3) return;
        previous = flaky ? undefined : signature;
      }
    };
    const queue = [...jobs];
    const worker = async (): Promise<void> => {
      for (let j = queue.shift(); j; j = queue.shift()) await record(j);
    };
    await Promise.all([
      worker(),
      worker(),
      worker(),
      (async () => {
        if (!wanted.has('dns-fail')) return;
        const now = Date.now();
        const report = await diagnose('https://does-not-exist.invalid/', { httpPort: 0, now: new Date(now) });
        out.set('dns-fail', {
          id: 'dns-fail',
          tlsPort: 0,
          httpPort: 0,
          now,
          tempDirs: [],
          observations: report.observations,
        });
      })(),
    ]);
  } finally {
    await Promise.all([lab.stop(), group.stop(), ...stops.map((s) => s())]);
  }
  return out;
}

/** What a recording says the server did: every probe's outcome status and the full handshake's result. */
export function outcomeSignature(observations: readonly ObservationBase[]): string {
  const parts: string[] = [];
  for (const o of observations) {
    if (o.kind === 'probe.hello') {
      const h = o as HelloObservation;
      parts.push(`${h.id}=${h.outcome.status}`);
    } else if (o.kind === 'probe.full-handshake') {
      parts.push(`full=${(o as FullHandshakeObservation).result.ok}`);
    }
  }
  return parts.sort().join(' ');
}

// ---- normalisation ----

const HOUR = 3_600_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** keys whose number is a duration measured on this machine */
const DURATION_KEYS = new Set(['connectMs', 'firstByteMs', 'totalMs', 'durationMs']);
/** keys whose values name one of the lab's certificates or keys, different on every run */
const IDENTITY_KEYS: Record<string, string> = {
  thumbprintSha1: 'sha1',
  leafThumbprint: 'sha1',
  certificateThumbprints: 'sha1',
  providedOrder: 'sha1',
  unused: 'sha1',
  alternatives: 'sha1',
  matches: 'sha1',
  child: 'sha1',
  candidate: 'sha1',
  fingerprintSha256: 'sha256:',
  spkiSha256: 'sha256',
  serialNumber: 'serial',
  subjectKeyId: 'keyid',
  authorityKeyId: 'keyid',
  pem: 'pem',
  certificates: 'der',
  chain: 'der',
  certificate: 'der',
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * A stable stand-in for a value that differs on every run, in the value's own format: a hex
 * digest stays a hex digest of the same length, DER stays base64, PEM stays a PEM block (of
 * placeholder text: it is not a certificate, only a stable name for one).
 */
function standIn(kind: string, n: number, like: string): string {
  const digest = (alg: string) => createHash(alg).update(`tlsdoctor fixture ${kind} ${n}`).digest('hex');
  switch (kind) {
    case 'sha1': {
      const h = digest('sha1');
      return like === like.toLowerCase() ? h : h.toUpperCase();
    }
    case 'sha256:':
      return (
        digest('sha256')
          .toUpperCase()
          .match(/../g)
          ?.join(like.includes(':') ? ':' : '') ?? ''
      );
    case 'sha256':
      return like === like.toLowerCase() ? digest('sha256') : digest('sha256').toUpperCase();
    case 'serial':
    case 'keyid': {
      const h = digest('sha256').slice(0, like.replace(/:/g, '').length);
      const cased = like === like.toLowerCase() ? h : h.toUpperCase();
      return like.includes(':') ? (cased.match(/../g)?.join(':') ?? cased) : cased;
    }
    case 'pem':
      return `-----BEGIN CERTIFICATE-----\nlab certificate ${n} (a stand-in: the lab makes new keys on every run)\n-----END CERTIFICATE-----\n`;
    default:
      return Buffer.from(`lab certificate ${n} (a stand-in: the lab makes new keys on every run)`).toString(
        'base64',
      );
  }
}

/**
 * The order the diagnose flow queues its hellos in (src/probe/profiles/diagnose-plan.ts), found by
 * running the plan against a sender that answers nothing: the first probe of every step, in order.
 * A version's further suite bundles ('version:303:1', sent only after an alert) follow its first.
 */
const PLAN_ORDER: readonly string[] = (() => {
  const ids: string[] = [];
  const silence = (id: string) => {
    ids.push(id);
    return Promise.resolve({ status: 'timeout' } as HelloOutcome);
  };
  const sender = { hello: silence, sslv2: silence } as unknown as HelloSender;
  void Promise.all(runPlan(sender, DIAGNOSE_PLAN, { serverName: 'name.test', otherServerName: OTHER_SNI }));
  return ids;
})();

function planRank(id: string): number {
  const at = PLAN_ORDER.indexOf(id);
  if (at >= 0) return at;
  const bundle = /^(version:[0-9a-f]+:)(\d+)$/.exec(id);
  const first = bundle ? PLAN_ORDER.indexOf(`${bundle[1]}0`) : -1;
  return first >= 0 ? first + Number(bundle![2]) / 1000 : PLAN_ORDER.length;
}

/** RFC 8446 4.1.3: the Random of a HelloRetryRequest, a constant */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';
/** RFC 8446 4.1.3: the last 8 bytes of a TLS 1.2 / TLS 1.1-or-below server's Random when it could do TLS 1.3 */
const DOWNGRADE_SENTINELS = new Set(['444f574e47524401', '444f574e47524400']);

/**
 * A ServerHello carries fresh random bytes (and a random or echoed session id), and a server's
 * flight carries signatures whose DER length varies by a byte or two. Masks the random (all but its
 * last 8 bytes, which carry the RFC 8446 downgrade sentinel) and the session id in `firstBytes`, and
 * counts `bytesReceived` of a ServerHello answer as its first record only.
 */
function stabiliseAnswer(o: HelloOutcome): void {
  const hex = o.firstBytes;
  if (!hex || !/^16030[0-4]....02/.test(hex)) return;
  const b = Buffer.from(hex, 'hex');
  const zero = (from: number, to: number) => b.fill(0, Math.min(from, b.length), Math.min(to, b.length));
  if (b.length > 43 && b.subarray(11, 43).toString('hex') !== HRR_RANDOM)
    zero(11, DOWNGRADE_SENTINELS.has(b.subarray(35, 43).toString('hex')) ? 35 : 43);
  if (b.length > 43) zero(44, 44 + b[43]!);
  o.firstBytes = b.toString('hex');
  if (o.status === 'server-hello' && b.length >= 5) o.bytesReceived = 5 + b.readUInt16BE(3);
}

/**
 * The observations of one recording in the form the fixtures keep. Pure: the same flow facts give
 * the same output whatever ports, clock, temp directory and lab keys the run had.
 */
export function normalise(raw: RawRecording): ObservationBase[] {
  const ports = new Map<number, number>();
  if (raw.tlsPort) ports.set(raw.tlsPort, FIXTURE_TLS_PORT);
  if (raw.httpPort && raw.httpPort !== raw.tlsPort) ports.set(raw.httpPort, FIXTURE_HTTP_PORT);
  const base = Date.parse(FIXTURE_TIME);

  // hellos finish in any order: keep them in their place among the other kinds, in plan order
  const obs = structuredClone(raw.observations);
  const helloSlots = obs.flatMap((o, i) => (o.kind === 'probe.hello' ? [i] : []));
  const hellos = helloSlots
    .map((i) => obs[i] as HelloObservation)
    .sort((a, b) => planRank(a.id) - planRank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  helloSlots.forEach((slot, k) => (obs[slot] = hellos[k]!));
  for (const h of hellos) stabiliseAnswer(h.outcome);

  // identities: numbered in order of first appearance, so the same certificate keeps its name
  const identities = new Map<string, string>();
  const counters = new Map<string, number>();
  const identity = (kind: string, value: string): string => {
    if (value === '') return value;
    const known = identities.get(value);
    if (known) return known;
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    const s = standIn(kind, n, value);
    identities.set(value, s);
    return s;
  };
  const collect = (v: unknown, key: string | undefined, inherited: string | undefined): void => {
    const kind = (key !== undefined ? IDENTITY_KEYS[key] : undefined) ?? inherited;
    if (typeof v === 'string') {
      if (kind) identity(kind, v);
    } else if (Array.isArray(v)) for (const x of v) collect(x, undefined, kind);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, k, undefined);
  };
  collect(obs, undefined, undefined);
  // longest first: a PEM's base64 body never gets half-replaced by a shorter value inside it
  const replaceOrder = [...identities.keys()].sort((a, b) => b.length - a.length);

  const text = (s: string): string => {
    if (identities.has(s)) return identities.get(s)!;
    if (ISO_TIME.test(s)) {
      const offset = Math.round((Date.parse(s) - raw.now) / HOUR) * HOUR;
      return new Date(base + offset).toISOString();
    }
    let t = s;
    for (const v of replaceOrder)
      if (v.length >= 16 && t.includes(v)) t = t.split(v).join(identities.get(v)!);
    for (const dir of raw.tempDirs) t = t.split(dir).join('<temp>');
    for (const [from, to] of ports) t = t.replace(new RegExp(`(?<=:)${from}(?!\\d)`, 'g'), String(to));
    // OpenSSL prefixes its errors with the thread id
    t = t.replace(/\b[0-9A-F]{8,16}:error:/g, '0000000000000000:error:');
    // measured times inside messages ("no answer within 812 ms")
    return t.replace(/\b\d+(\.\d+)? ?ms\b/g, 'N ms');
  };
  const walk = (v: unknown, key: string | undefined): Json => {
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number') {
      if (key !== undefined && DURATION_KEYS.has(key)) return 0;
      if (key === 'port') return ports.get(v) ?? v;
      return v;
    }
    if (typeof v === 'boolean' || v === null) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
    if (v && typeof v === 'object') {
      const o: { [k: string]: Json } = {};
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) o[k] = walk(x, k);
      }
      return o;
    }
    return null;
  };
  return walk(obs, undefined) as unknown as ObservationBase[];
}

/** The text of a fixture file: two-space JSON with a final newline (keys already sorted by `normalise`). */
export const fixtureText = (observations: readonly ObservationBase[]): string =>
  `${JSON.stringify(observations, null, 2)}\n`;

const cache = new Map<string, string>();

/** A checked-in recording: a deep copy the caller may edit. */
export function readFixture(id: string): ObservationBase[] {
  let text = cache.get(id);
  if (text === undefined) {
    text = readFileSync(fixturePath(id), 'utf8');
    cache.set(id, text);
  }
  return JSON.parse(text) as ObservationBase[];
}
