// Recorded observations for the network/tls rule tests: every scenario is a REAL server on
// 127.0.0.1 (the demo lab, plus a few node:tls / raw net servers of our own) run through the real
// diagnose flow once; the tests then feed `report.observations` to each rule's pure `evaluate`.
//
// Node's test runner runs each test file in its own process, so recording in every file would
// cost ~10 s per file. The first file to ask records all scenarios and writes them (JSON, exactly
// what `tlsdoctor diagnose --json` would carry) to a cache file keyed by the test runner's pid and
// a stamp of src/; the other files wait for it and read it. Observations are plain serialisable
// data by design (DESIGN "observations never judge"), so a JSON round trip is itself a property
// the rules must survive. Each accessor returns a deep copy: tests edit their copy freely.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../../../src/app/diagnose.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import type { ObservationBase } from '../../../../src/model/observation.js';
import type { Finding } from '../../../../src/model/finding.js';
import type { Rule } from '../../../../src/diagnose/rule.js';
import type {
  HelloObservation,
  HelloOutcome,
  TcpObservation,
} from '../../../../src/model/observations/probe.js';
import { startLab, labServerName } from '../../../../src/lab/index.js';
import { labPki } from '../../../../src/lab/pki.js';
import { ResourceGroup, startHttp, startHttps } from '../../../../src/lab/servers.js';

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

export interface Recording {
  id: ScenarioId;
  url: string;
  /** SNI the flow sent (undefined for dns-fail) */
  serverName: string | undefined;
  /** the TLS port probed (0 for dns-fail) */
  port: number;
  /** `127.0.0.1:<port>`: the origin every probe observation carries */
  origin: string;
  observations: ObservationBase[];
}

export type Recordings = Record<ScenarioId, Recording>;

const LOOPBACK = '127.0.0.1';
/** hellos a scenario leaves unanswered on purpose: all of them (silent servers), or those carrying the blocked name (middlebox) */
function silentByDesign(id: ScenarioId, h: HelloObservation, serverName: string | undefined): boolean {
  if (id === 'silent' || id === 'silent-http-down') return true;
  return id === 'middlebox-sni' && h.offer.serverName === serverName;
}
const SELF = fileURLToPath(import.meta.url);
const WAIT_MS = 120_000;

/**
 * The cache key: the test runner's pid (one cache per `node --test` run — every file of the run is
 * its child) and a hash of this file. Deliberately NOT a stamp of src/: other work edits src/ while
 * a run is in progress, and one run must judge one recording. A cache older than MAX_AGE_MS is never
 * used (a file run directly, outside the runner, has the shell as parent).
 */
function cacheBase(): string {
  const h = createHash('sha256').update(readFileSync(SELF)).digest('hex').slice(0, 12);
  return join(tmpdir(), `tlsdoctor-recorded-${process.ppid}-${h}`);
}
const MAX_AGE_MS = 10 * 60_000;

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

async function recordAll(): Promise<Recordings> {
  const out = {} as Recordings;
  const lab = await startLab({ only: [...LAB_SCENARIOS], holdMs: 10_000 });
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

    const jobs: Array<{
      id: ScenarioId;
      url: string;
      port: number;
      serverName: string | undefined;
      httpPort: number;
      caFiles?: string[];
    }> = [];
    for (const id of LAB_SCENARIOS) {
      const s = lab.get(id);
      jobs.push({
        id,
        url: `https://${s.serverName}:${s.port}/`,
        port: s.port,
        serverName: s.serverName,
        httpPort: s.httpPort ?? 0,
        caFiles: [lab.caFile],
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
      jobs.push({
        id,
        url: `https://${name}:${port}/`,
        port,
        serverName: name,
        httpPort,
        caFiles: [lab.caFile],
      });

    // A few at a time, each with a small probe concurrency: the servers share this process's event
    // loop, and on a loaded machine hundreds of concurrent handshakes make healthy servers miss the
    // probes' read deadline. A recording with a timeout where the server always answers is taken
    // again (at most twice): a flake of the machine, not a fact about the scenario.
    const record = async (j: (typeof jobs)[number]): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        const report = await diagnose(j.url, {
          ip: LOOPBACK,
          httpPort: j.httpPort,
          concurrency: 6,
          ...(j.caFiles ? { caFiles: j.caFiles } : {}),
        });
        out[j.id] = {
          id: j.id,
          url: j.url,
          serverName: j.serverName,
          port: j.port,
          origin: `${LOOPBACK}:${j.port}`,
          observations: report.observations,
        };
        const flaky = report.observations.some(
          (o) =>
            o.kind === 'probe.hello' &&
            (o as HelloObservation).outcome.status === 'timeout' &&
            !silentByDesign(j.id, o as HelloObservation, j.serverName),
        );
        if (!flaky || attempt >= 2) return;
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
        const url = 'https://does-not-exist.invalid/';
        const report = await diagnose(url, { httpPort: 0 });
        out['dns-fail'] = {
          id: 'dns-fail',
          url,
          serverName: undefined,
          port: 0,
          origin: url,
          observations: report.observations,
        };
      })(),
    ]);
  } finally {
    await Promise.all([lab.stop(), group.stop(), ...stops.map((s) => s())]);
  }
  return out;
}

let memo: Promise<Recordings> | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function loadOrRecord(): Promise<Recordings> {
  const base = cacheBase();
  const cache = `${base}.json`;
  const lock = `${base}.lock`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (existsSync(cache)) {
      if (Date.now() - statSync(cache).mtimeMs < MAX_AGE_MS)
        return JSON.parse(readFileSync(cache, 'utf8')) as Recordings;
      rmSync(cache, { force: true });
    }
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // another test process is recording; a lock older than WAIT_MS belongs to a dead process
      try {
        if (Date.now() - statSync(lock).mtimeMs > WAIT_MS) rmSync(lock, { force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${cache}`);
      await sleep(150);
      continue;
    }
    try {
      closeSync(fd);
      // caches of earlier runs (other runner pids) are stale: remove those older than an hour
      for (const f of readdirSync(tmpdir())) {
        if (!f.startsWith('tlsdoctor-recorded-')) continue;
        const p = join(tmpdir(), f);
        try {
          if (Date.now() - statSync(p).mtimeMs > MAX_AGE_MS) rmSync(p, { force: true });
        } catch {
          /* raced with another cleaner */
        }
      }
      const rec = await recordAll();
      // JSON round trip first: the cached and the fresh copy must be identical
      const text = JSON.stringify(rec);
      writeFileSync(`${cache}.${process.pid}.tmp`, text);
      renameSync(`${cache}.${process.pid}.tmp`, cache);
      return JSON.parse(text) as Recordings;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/** Every recorded scenario (recorded once per test run, shared across test files). */
export async function recordings(): Promise<Recordings> {
  memo ??= loadOrRecord();
  return structuredClone(await memo);
}

/** One scenario's recording: a deep copy the caller may edit. */
export async function scenario(id: ScenarioId): Promise<Recording> {
  return (await recordings())[id];
}

// ---- helpers for the rule tests ----

/** One rule's findings, run as the commands run it: through the engine. */
export function evaluate(rule: Rule, observations: readonly ObservationBase[]): Finding[] {
  return runRules([rule], observations).findings;
}

export function hello(observations: readonly ObservationBase[], id: string): HelloObservation {
  const h = observations.find(
    (o): o is HelloObservation => o.kind === 'probe.hello' && (o as HelloObservation).id === id,
  );
  if (!h) throw new Error(`no probe.hello '${id}' in the recording`);
  return h;
}

export function tcp(observations: readonly ObservationBase[]): TcpObservation {
  const t = observations.find((o): o is TcpObservation => o.kind === 'probe.tcp');
  if (!t) throw new Error('no probe.tcp in the recording');
  return t;
}

/**
 * Replaces the outcome of probe `id` in `observations` with a real recorded outcome `from` another
 * scenario (e.g. the silent server's timeout), re-addressed to this scenario's endpoint.
 */
export function transplantOutcome(observations: ObservationBase[], id: string, from: HelloOutcome): void {
  const h = hello(observations, id);
  h.outcome = { ...structuredClone(from), address: h.outcome.address, port: h.outcome.port };
}

/** The checks every finding of a probe-fed rule must pass. */
export interface FindingShape {
  id: string;
  severity?: Finding['severity'];
  /** every evidence item comes from a probe whose origin names one of these (e.g. '127.0.0.1:443') */
  origin: string | string[];
  /** fix commands expected (rules with commands in their meta) */
  commands: boolean;
}

export function checkFinding(f: Finding, shape: FindingShape): string[] {
  const problems: string[] = [];
  if (f.id !== shape.id) problems.push(`id ${f.id} ≠ ${shape.id}`);
  if (shape.severity && f.severity !== shape.severity)
    problems.push(`severity ${f.severity} ≠ ${shape.severity}`);
  if (f.evidence.length === 0) problems.push('no evidence');
  for (const e of f.evidence) {
    if (e.from.source !== 'probe') problems.push(`evidence from ${e.from.source}, not probe`);
    const origins = typeof shape.origin === 'string' ? [shape.origin] : shape.origin;
    if (!origins.some((o) => e.from.origin.includes(o)))
      problems.push(`evidence origin ${e.from.origin} does not name ${origins.join(' or ')}`);
    if (!e.text.trim()) problems.push('empty evidence text');
  }
  if (f.fix.steps.length === 0) problems.push('no fix steps');
  if (shape.commands && (f.fix.commands?.length ?? 0) === 0) problems.push('no fix commands');
  if (!f.summary.trim()) problems.push('empty summary');
  return problems;
}
