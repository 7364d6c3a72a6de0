// The demo lab: local servers on 127.0.0.1 that reproduce each HTTPS failure, used by
// `tlsdoctor demo` and as the end-to-end test bed of `tlsdoctor diagnose`.
//
//   const lab = await startLab();                  // or startLab({ only: ['expired'] })
//   const s = lab.get('expired');
//   // connect to s.host:s.port with SNI s.serverName, trusting lab.caFile (the lab root) only
//   await lab.stop();
//
// Names under .lab.tlsdoctor.test never resolve (RFC 2606 .test): clients connect to 127.0.0.1 and
// send the name as SNI, as `curl --resolve` does (see RunningScenario.curl).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { TlsDoctorError, oneLine } from '../errors.js';
import { SCENARIOS, labServerName } from './scenarios.js';
import type { ScenarioSpec } from './scenarios.js';
import {
  labPki,
  makeDefaultSiteCertificate,
  makeMissingIntermediateLeaf,
  makePrivateRootChain,
} from './pki.js';
import type { LabPki } from './pki.js';
import { LAB_HOST, ResourceGroup, startHttp, startHttps, startRaw } from './servers.js';
import type { FirstBytesBehaviour } from './servers.js';
import {
  dropsLargeHellos,
  dropsTls13,
  startDelayRelay,
  startHelloFilter,
  startSniMiddlebox,
  type HelloFilter,
} from './middlebox.js';

export { SCENARIOS, LAB_DOMAIN, TWIN_PAIR, labServerName } from './scenarios.js';
export type { ScenarioSpec } from './scenarios.js';

export interface RunningScenario {
  id: string;
  /** always '127.0.0.1' */
  host: string;
  port: number;
  /** host name to use as SNI / in the URL, e.g. 'healthy.lab.tlsdoctor.test' */
  serverName: string;
  /** a plain-HTTP port serving the same site, if the scenario has one (http-on-tls-port: the TLS port itself) */
  httpPort?: number;
  /** PEM of the lab root CA, which the lab's clients trust (pass to diagnose as --ca) */
  caPem: string;
  /** the catalogue entry */
  spec: ScenarioSpec;
  /** a curl command line that shows the failure by hand (loopback only, trusting the lab root) */
  curl: string;
  /**
   * client-cert-required only: a client certificate (chain PEM: leaf + intermediate) and its key
   * that the server accepts. Not enumerable, so JSON.stringify of a scenario never carries the key.
   */
  clientAuth?: { certPem: string; keyPem: string };
  stop(): Promise<void>;
}

export interface Lab {
  scenarios: RunningScenario[];
  caPem: string;
  /** the lab root CA written to a temp dir (removed by stop() and on process exit) */
  caFile: string;
  /** the scenario with this id; TlsDoctorError USAGE if the lab does not run it */
  get(id: string): RunningScenario;
  stop(): Promise<void>;
}

export interface StartLabOptions {
  /** scenario ids to start (default: all) */
  only?: string[];
  /** how long silent / middlebox-blocked connections are held before the lab drops them (default 60 s) */
  holdMs?: number;
}

const DEFAULT_HOLD_MS = 60_000;

interface StartContext {
  pki: LabPki;
  spec: ScenarioSpec;
  serverName: string;
  holdMs: number;
  group: ResourceGroup;
}

interface Started {
  port: number;
  httpPort?: number;
  clientAuth?: { certPem: string; keyPem: string };
}

/**
 * The scenario's key and the chain its server sends: leaf + intermediate, as a correctly configured
 * server does — or, for untrusted-root, leaf + the untrusted self-signed root.
 */
async function credentials(ctx: StartContext): Promise<{ key: string; cert: string }> {
  const leaf = await ctx.pki.leaf(ctx.spec.id);
  const issuer = ctx.spec.id === 'untrusted-root' ? ctx.pki.untrustedRoot : ctx.pki.intermediate;
  return { key: leaf.keyPem, cert: leaf.certPem + issuer.certPem };
}

/** The usual shape: an HTTPS site with the scenario's certificate and these TLS options, plus a plain-HTTP port. */
async function site(ctx: StartContext, tlsOptions: tls.TlsOptions = {}): Promise<Started> {
  const [port, httpPort] = await Promise.all([
    credentials(ctx).then((c) => startHttps(ctx.group, ctx.spec.id, { ...c, ...tlsOptions })),
    startHttp(ctx.group, ctx.spec.id),
  ]);
  return { port, httpPort };
}

async function rawSite(ctx: StartContext, behaviour: FirstBytesBehaviour): Promise<Started> {
  const [port, httpPort] = await Promise.all([
    startRaw(ctx.group, ctx.spec.id, behaviour, ctx.holdMs),
    startHttp(ctx.group, ctx.spec.id),
  ]);
  return { port, httpPort };
}

/** A healthy site behind a box that drops the hellos `drop` picks. */
async function filtered(ctx: StartContext, drop: HelloFilter): Promise<Started> {
  const [backendPort, httpPort] = await Promise.all([
    credentials(ctx).then((c) => startHttps(ctx.group, `${ctx.spec.id} backend`, c)),
    startHttp(ctx.group, ctx.spec.id),
  ]);
  const port = await startHelloFilter(ctx.group, { backendPort, holdMs: ctx.holdMs, drop });
  return { port, httpPort };
}

const STARTERS: Record<string, (ctx: StartContext) => Promise<Started>> = {
  healthy: (ctx) => site(ctx),

  // OpenSSL 3 needs security level 0 for TLS 1.0 (its handshake signatures use SHA-1)
  'tls10-only': (ctx) =>
    site(ctx, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }),

  'tls13-only': (ctx) => site(ctx, { minVersion: 'TLSv1.3' }),

  // CAMELLIA over TLS 1.2, TLS 1.3 off: no browser, curl/OpenSSL DEFAULT or Node default list
  // offers these suites, yet a client that asks for them gets a full handshake
  'no-common-cipher': (ctx) =>
    site(ctx, {
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-CAMELLIA256-SHA384:ECDHE-ECDSA-CAMELLIA128-SHA256',
    }),

  silent: (ctx) => rawSite(ctx, 'silent'),
  reset: (ctx) => rawSite(ctx, 'reset'),
  close: (ctx) => rawSite(ctx, 'close'),
  'alert-40': (ctx) => rawSite(ctx, 'alert-handshake-failure'),
  'port-squatter': (ctx) => rawSite(ctx, 'ssh-banner'),

  'http-on-tls-port': async (ctx) => {
    const port = await startHttp(ctx.group, ctx.spec.id);
    return { port, httpPort: port };
  },

  'sni-required': async (ctx) => {
    // No default certificate: without SNI, or with another name, OpenSSL has nothing to sign with
    // and aborts with handshake_failure(40); the right name selects a context with the certificate.
    const context = tls.createSecureContext(await credentials(ctx));
    const [port, httpPort] = await Promise.all([
      startHttps(ctx.group, ctx.spec.id, {
        SNICallback: (name, cb) =>
          cb(null, name.replace(/\.$/, '').toLowerCase() === ctx.serverName ? context : undefined),
      }),
      startHttp(ctx.group, ctx.spec.id),
    ]);
    return { port, httpPort };
  },

  // the whole chain up to a self-signed root that no client has: SELF_SIGNED_CERT_IN_CHAIN
  'untrusted-root': (ctx) => site(ctx),
  'eku-client-auth-only': (ctx) => site(ctx),
  expired: (ctx) => site(ctx),

  'missing-intermediate': async (ctx) => {
    // the plain-HTTP port first: the leaf's AIA caIssuers URL points at it, where the
    // intermediate the server forgets to send can be fetched (as from a real CA's AIA URL)
    const httpPort = await startHttp(ctx.group, ctx.spec.id, {
      '/lab-intermediate.cer': { type: 'application/pkix-cert', body: ctx.pki.intermediate.certDer },
    });
    const leaf = await makeMissingIntermediateLeaf(
      ctx.pki,
      `http://${LAB_HOST}:${httpPort}/lab-intermediate.cer`,
    );
    const port = await startHttps(ctx.group, ctx.spec.id, { key: leaf.keyPem, cert: leaf.certPem });
    return { port, httpPort };
  },

  'host-mismatch': (ctx) => site(ctx),

  // the site's certificate for its name (SNI), the default site's self-signed one for everyone else
  'sni-default-cert': async (ctx) => {
    const [site, fallback] = await Promise.all([credentials(ctx), makeDefaultSiteCertificate()]);
    const context = tls.createSecureContext(site);
    const [port, httpPort] = await Promise.all([
      startHttps(ctx.group, ctx.spec.id, {
        key: fallback.keyPem,
        cert: fallback.certPem,
        SNICallback: (name, cb) =>
          cb(null, name.replace(/\.$/, '').toLowerCase() === ctx.serverName ? context : undefined),
      }),
      startHttp(ctx.group, ctx.spec.id),
    ]);
    return { port, httpPort };
  },

  // leaf + issuing CA of a private CA, root left out as servers should: the root is what clients lack
  'private-root': async (ctx) => {
    const c = await makePrivateRootChain(ctx.pki, ctx.spec.id);
    const [port, httpPort] = await Promise.all([
      startHttps(ctx.group, ctx.spec.id, { key: c.keyPem, cert: c.certPem }),
      startHttp(ctx.group, ctx.spec.id),
    ]);
    return { port, httpPort };
  },

  'client-cert-required': async (ctx) => {
    const [started, client] = await Promise.all([
      site(ctx, { requestCert: true, rejectUnauthorized: true, ca: [ctx.pki.root.certPem] }),
      ctx.pki.client(),
    ]);
    return {
      ...started,
      clientAuth: { certPem: client.certPem + ctx.pki.intermediate.certPem, keyPem: client.keyPem },
    };
  },

  'twin-working': (ctx) => site(ctx),

  'middlebox-tls13': (ctx) => filtered(ctx, dropsTls13),
  'middlebox-large-hello': (ctx) => filtered(ctx, dropsLargeHellos),

  // a healthy site behind a relay that holds the server's answer back for 3 s
  'slow-handshake': async (ctx) => {
    const [backendPort, httpPort] = await Promise.all([
      credentials(ctx).then((c) => startHttps(ctx.group, `${ctx.spec.id} backend`, c)),
      startHttp(ctx.group, ctx.spec.id),
    ]);
    const port = await startDelayRelay(ctx.group, { backendPort, holdMs: ctx.holdMs, delayMs: 3000 });
    return { port, httpPort };
  },

  // the twin set up from an old checklist: TLS 1.2 only, and the certificate file without the intermediate
  'twin-broken': async (ctx) => {
    const leaf = await ctx.pki.leaf(ctx.spec.id);
    const [port, httpPort] = await Promise.all([
      startHttps(ctx.group, ctx.spec.id, { key: leaf.keyPem, cert: leaf.certPem, maxVersion: 'TLSv1.2' }),
      startHttp(ctx.group, ctx.spec.id),
    ]);
    return { port, httpPort };
  },

  'middlebox-sni': async (ctx) => {
    const [backendPort, httpPort] = await Promise.all([
      credentials(ctx).then((c) => startHttps(ctx.group, `${ctx.spec.id} backend`, c)),
      startHttp(ctx.group, ctx.spec.id),
    ]);
    const port = await startSniMiddlebox(ctx.group, {
      blockedName: ctx.serverName,
      backendPort,
      holdMs: ctx.holdMs,
    });
    return { port, httpPort };
  },
};

// ---- process-exit safety net: a lab left running never outlives its process's temp files ----

const live = new Set<() => void>();
const onExit = () => {
  for (const stopNow of live) stopNow();
};
function register(stopNow: () => void): void {
  if (live.size === 0) process.on('exit', onExit);
  live.add(stopNow);
}
function unregister(stopNow: () => void): void {
  live.delete(stopNow);
  if (live.size === 0) process.off('exit', onExit);
}

function unknownIds(ids: readonly string[]): string[] {
  return ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
}

/** Starts the lab's scenarios (all, or `only`) on 127.0.0.1, each on its own ports. */
export async function startLab(opts: StartLabOptions = {}): Promise<Lab> {
  const wanted = opts.only ?? SCENARIOS.map((s) => s.id);
  const unknown = unknownIds(wanted);
  if (unknown.length > 0) {
    throw new TlsDoctorError(
      'USAGE',
      `unknown lab scenario ${unknown.map((u) => `'${u}'`).join(', ')} (known: ${SCENARIOS.map((s) => s.id).join(', ')})`,
    );
  }
  const holdMs = opts.holdMs ?? DEFAULT_HOLD_MS;
  if (!Number.isFinite(holdMs) || holdMs < 1 || holdMs > 3_600_000)
    throw new TlsDoctorError('USAGE', `lab holdMs ${holdMs} outside 1..3600000`);
  const specs = SCENARIOS.filter((s) => wanted.includes(s.id));

  const pki = await labPki();
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-lab-'));
  const caFile = join(dir, 'lab-root-ca.pem');
  writeFileSync(caFile, pki.root.certPem);

  const groups: ResourceGroup[] = [];
  const stopNow = () => {
    for (const g of groups) g.stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  register(stopNow);

  const results = await Promise.allSettled(
    specs.map(async (spec): Promise<RunningScenario> => {
      const group = new ResourceGroup();
      groups.push(group);
      const serverName = labServerName(spec.id);
      const starter = STARTERS[spec.id];
      if (!starter) throw new Error(`no server for scenario '${spec.id}'`);
      let started: Started;
      try {
        started = await starter({ pki, spec, serverName, holdMs, group });
      } catch (e) {
        throw new TlsDoctorError(
          'PLATFORM',
          `could not start lab scenario '${spec.id}' on ${LAB_HOST}: ${oneLine(e)}`,
          { cause: e },
        );
      }
      const running: RunningScenario = {
        id: spec.id,
        host: LAB_HOST,
        port: started.port,
        serverName,
        ...(started.httpPort !== undefined ? { httpPort: started.httpPort } : {}),
        caPem: pki.root.certPem,
        spec,
        curl: `curl -v --cacert ${caFile} --resolve ${serverName}:${started.port}:${LAB_HOST} https://${serverName}:${started.port}/`,
        stop: () => group.stop(),
      };
      if (started.clientAuth)
        Object.defineProperty(running, 'clientAuth', { value: started.clientAuth, enumerable: false });
      return running;
    }),
  );

  const stop = async () => {
    unregister(stopNow);
    await Promise.all(groups.map((g) => g.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const scenarios = results.map((r) => (r as PromiseFulfilledResult<RunningScenario>).value);
  return {
    scenarios,
    caPem: pki.root.certPem,
    caFile,
    get(id: string): RunningScenario {
      const s = scenarios.find((x) => x.id === id);
      if (!s)
        throw new TlsDoctorError(
          'USAGE',
          `lab scenario '${id}' is not running (running: ${scenarios.map((x) => x.id).join(', ')})`,
        );
      return s;
    },
    stop,
  };
}
