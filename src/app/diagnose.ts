// The troubleshooting flow: what to gather next depends on what was seen.
//   1 name resolution → 2 plain HTTP → 3 TCP → 4 handshakes as real clients make them, plus the
//   narrowing probes (each version alone, with/without SNI, another SNI, small/large hello)
//   → 5 the served chain through the certificate checks → rules → verdict.
import { DIAGNOSE_PLAN, OTHER_SNI, PATIENT_HELLO } from '../probe/profiles/diagnose-plan.js';
import { helloOf, runPlan } from '../probe/plan.js';
import { ProbeSession } from '../probe/session.js';
import { parseTarget } from '../probe/target.js';
import { isIP } from 'node:net';
import { setMaxListeners } from 'node:events';
import { ProbeRunner } from '../probe/runner.js';
import { fullHandshake } from '../probe/full-handshake.js';
import { httpCheck } from '../probe/http-check.js';
import type {
  FullHandshakeObservation,
  FullHandshakeResult,
  HelloObservation,
  HttpObservation,
  SniDefaultObservation,
} from '../model/observations/probe.js';
import { observeServedChain } from '../x509/gather.js';
import { matchHost } from '../x509/hostname.js';
import type { CertificateObservation, ChainObservation } from '../model/observations/x509.js';
import { TlsDoctorError, oneLine } from '../errors.js';
import { runRules } from '../diagnose/engine.js';
import type { ObservationBase } from '../model/observation.js';
import type { ContextObservation } from '../model/observations/diagnose.js';
import { RULES } from '../diagnose/rules/index.js';
import { toProbeRecord } from './scan-report.js';
import { setupTarget } from './setup.js';
import { DEFAULT_TIMEOUT_MS, diagnoseDeadlineMs } from './slow.js';
import type { DiagnoseReport, PlatformId } from '../model/report.js';
import { detectPlatform, orderFindingsForPlatform } from '../diagnose/platform.js';
import { servedCertificate } from '../diagnose/certificate-summary.js';
import { buildReport, startStopwatch, type Timing } from './command-report.js';

export interface DiagnoseOptions {
  sni?: string | false;
  ip?: string;
  /**
   * the longest wait for the server's answer, ms (default DEFAULT_TIMEOUT_MS): one patient probe waits
   * this long before silence is concluded; the other probes adapt to the measured round trip
   */
  timeoutMs?: number;
  /** the whole run's deadline, ms (default: diagnoseDeadlineMs(timeoutMs)) */
  deadlineMs?: number;
  concurrency?: number;
  /** port for the plain-HTTP check (default 80; 0 = skip) */
  httpPort?: number;
  /** extra trust anchors */
  caFiles?: string[];
  /** extra observations gathered elsewhere (a Windows bundle, certificate files) to judge together */
  extraObservations?: ObservationBase[];
  onProgress?: (text: string) => void;
  now?: Date;
  /** the server software, when the user knows it better than the evidence (--platform) */
  platform?: PlatformId;
}

export { OTHER_SNI, DEFAULT_TIMEOUT_MS, diagnoseDeadlineMs };

/**
 * The judged report of what a diagnosis gathered: the rules, the server platform (detected, or the
 * user's) with every fix ordered for it, and the site's certificate.
 */
export function judgeDiagnosis(
  target: string,
  observations: ObservationBase[],
  probes: readonly HelloObservation[],
  timing: Timing,
  platformOverride?: PlatformId,
  warnings: string[] = [],
): DiagnoseReport {
  const engine = runRules(RULES, observations);
  const platform = detectPlatform(observations, platformOverride);
  const certificate = servedCertificate(observations);
  return buildReport('diagnose', target, timing, {
    findings: orderFindingsForPlatform(engine.findings, platform.id),
    rules: engine.results,
    observations,
    probes: probes.map(toProbeRecord),
    data: { platform, ...(certificate ? { certificate } : {}) },
    ...(warnings.length > 0 ? { warnings } : {}),
  });
}

/** The no-SNI handshake and its leaf, read by the certificate gatherer (its findings are not kept: they are the default site's, summarised here). */
async function observeSniDefault(
  result: FullHandshakeResult,
  o: { serverName: string; origin: string; caFiles?: string[]; now?: Date },
): Promise<SniDefaultObservation> {
  const obs: SniDefaultObservation = {
    kind: 'probe.sni-default',
    from: { source: 'probe', origin: `${o.origin} (no SNI)`, time: new Date().toISOString() },
    serverName: o.serverName,
    result,
  };
  if (!result.ok || result.chain.length === 0) return obs;
  const read = await observeServedChain(
    result.chain.map((b) => Buffer.from(b, 'base64')),
    {
      origin: { source: 'probe', origin: `${o.origin} (no SNI)` },
      host: o.serverName,
      ...(o.caFiles ? { caFiles: o.caFiles } : {}),
      ...(o.now ? { now: o.now } : {}),
    },
  );
  const leaf = read.find(
    (x): x is CertificateObservation => x.kind === 'x509.certificate' && (x as CertificateObservation).leaf,
  );
  const chain = read.find((x): x is ChainObservation => x.kind === 'x509.chain');
  if (!leaf) return obs;
  obs.leaf = {
    subject: leaf.subject,
    issuer: leaf.issuer,
    thumbprintSha1: leaf.thumbprintSha1,
    san: leaf.san ? { dns: leaf.san.dns, ip: leaf.san.ip } : null,
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    checkedAt: leaf.checkedAt,
    selfSigned: leaf.selfSigned,
    coversName: matchHost(o.serverName, leaf.san, leaf.commonNames).matched,
    trusted: chain?.trusted ?? false,
    chainEnd: chain?.end ?? 'issuer-missing',
  };
  return obs;
}

/** RFC 9110 §7.2: Host is host[:port], the port left out when it is the scheme's default. */
function hostHeader(host: string, port: number): string {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  return port === 443 ? h : `${h}:${port}`;
}

export async function diagnose(input: string, o: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  const clock = startStopwatch();
  const userMax = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineMs = o.deadlineMs ?? diagnoseDeadlineMs(userMax);
  const overall = new AbortController();
  // every probe of the run listens on this one signal
  setMaxListeners(0, overall.signal);
  const deadlineTimer = setTimeout(() => overall.abort(), deadlineMs);
  /** what had not finished when the deadline came */
  const unfinished: string[] = [];
  const aborted = new Promise<void>((resolve) =>
    overall.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  /** `p`, or `fallback` once the run's deadline has passed (noting `what` as unfinished) */
  const within = <T>(p: Promise<T>, what: string, fallback: T): Promise<T> =>
    Promise.race([
      p,
      aborted.then(() => {
        unfinished.push(what);
        return fallback;
      }),
    ]);
  const observations: ObservationBase[] = [...(o.extraObservations ?? [])];
  const finish = (target: string, probes: HelloObservation[]): DiagnoseReport => {
    clearTimeout(deadlineTimer);
    const timedOut = probes.filter((p) => p.outcome.error?.includes('aborted')).length;
    if (timedOut > 0) unfinished.push(`${timedOut} handshake probe${timedOut === 1 ? '' : 's'}`);
    const warnings =
      unfinished.length > 0
        ? [
            `the run's deadline of ${deadlineMs} ms (from --timeout ${userMax}) passed before these finished: ${unfinished.join(', ')}; the report is partial`,
          ]
        : [];
    const report = judgeDiagnosis(target, observations, probes, clock, o.platform, warnings);
    // a run cut short proves nothing healthy
    if (unfinished.length > 0 && report.verdict.status === 'healthy')
      report.verdict = {
        status: 'error',
        summary: `no verdict: ${warnings[0]}`,
      };
    return report;
  };

  // 1. name resolution (a failure is a finding, not an error)
  o.onProgress?.('resolving');
  let net;
  try {
    net = await within(
      setupTarget(input, {
        ...(o.sni !== undefined ? { sni: o.sni } : {}),
        ...(o.ip ? { ip: o.ip } : {}),
        timeoutMs: userMax,
      }),
      'name resolution and TCP connect',
      undefined,
    );
  } catch (e) {
    if (e instanceof TlsDoctorError && e.code === 'DNS_ERROR') {
      const host = parseTarget(input).host;
      observations.push({
        kind: 'probe.dns',
        from: { source: 'probe', origin: host, time: new Date().toISOString() },
        status: 'failed',
        error: oneLine(e),
        host,
        addresses: [],
        literal: false,
      } as ObservationBase);
      return finish(host, []);
    }
    clearTimeout(deadlineTimer);
    throw e;
  }
  if (!net) return finish(input, []);
  const { target, address, deadlines, serverName } = net;
  const targetLabel = `${target.host}:${target.port}`;
  observations.push(net.dns, ...net.tcpAll);
  const context: ContextObservation = {
    kind: 'diagnose.context',
    from: { source: 'input', origin: input },
    host: target.host,
    port: target.port,
    serverName,
    address,
    otherServerName: OTHER_SNI,
  };
  observations.push(context);

  // 2. plain HTTP, concurrently with everything else
  o.onProgress?.('checking plain HTTP and TCP');
  const httpPort = o.httpPort ?? 80;
  const httpP: Promise<HttpObservation | undefined> =
    httpPort === 0
      ? Promise.resolve(undefined)
      : httpCheck({
          address,
          port: httpPort,
          hostHeader: target.host,
          path: target.path,
          timeoutMs: Math.min(deadlines.readMs * 2, 3000),
        }).then((result) => ({
          kind: 'probe.http',
          from: {
            source: 'probe',
            origin: `http://${target.host}:${httpPort}${target.path}`,
            time: new Date().toISOString(),
          },
          url: `http://${target.host}:${httpPort}${target.path}`,
          result,
        }));

  // 3. TCP: nothing more to try on a closed or filtered port
  if (net.tcp.state !== 'open') {
    const http = await within(httpP, 'the plain-HTTP check', undefined);
    if (http) observations.push(http);
    return finish(targetLabel, []);
  }

  // 4. handshakes: every version alone, the client profiles, the SNI and size variants, and Node's full handshake
  const session = new ProbeSession({
    endpoint: { address, port: target.port },
    deadlines,
    runner: new ProbeRunner(o.concurrency ?? 32, o.concurrency ?? 32),
    onProbe: (n, id) => o.onProgress?.(`${n} handshakes · ${id}`),
    signal: overall.signal,
  });
  const name = serverName ? { serverName } : {};
  // one GET over the secured connection: a refusal after the handshake (TLS 1.3 alert 116, an
  // HTTP 400/403.7 for a missing client certificate) and the Server header come from its answer
  const fullRequest = {
    host: hostHeader(target.host, target.port),
    path: target.path,
    // an answer comes within the read deadline (an nginx 400, an IIS 403.7, a TLS 1.3 alert 116);
    // a TLS service that does not speak HTTP must not hold the connection (and a server that
    // serves one connection at a time) for the whole --timeout
    timeoutMs: Math.min(deadlines.totalMs, deadlines.readMs),
  };
  /** Node's full handshake, with SNI and the GET, or without SNI (what old clients get), bounded by the run's deadline */
  const timedFull = (sni: boolean, timeoutMs: number): Promise<FullHandshakeResult> =>
    within(
      fullHandshake({
        address,
        port: target.port,
        ...(sni ? name : {}),
        timeoutMs,
        ...(sni ? { request: fullRequest } : {}),
      }),
      sni ? "Node's full handshake" : 'the full handshake without SNI',
      {
        ok: false,
        address,
        port: target.port,
        ...(sni ? name : {}),
        chain: [],
        ocspStapled: false,
        sessionTicket: false,
        error: `no completed handshake before the run's deadline (${deadlineMs} ms)`,
        durationMs: deadlineMs,
      } satisfies FullHandshakeResult,
    );
  const firstBound = Math.min(deadlines.totalMs, Math.round(deadlines.readMs * 1.25) + 100);
  let fullP = timedFull(true, firstBound);
  // what a client without SNI gets (old clients, access by IP, health checks)
  const noSniP = serverName ? timedFull(false, firstBound) : undefined;
  // Slow is not silent: one probe waits up to the user's limit while the plan runs with deadlines
  // from the measured round trip. It is stopped once the planned probes have had answers in time.
  const stopWaiting = new AbortController();
  const patientP = session.patient(
    'timing:patient',
    helloOf(PATIENT_HELLO, serverName),
    userMax,
    stopWaiting.signal,
  );
  // the planned hellos (src/probe/profiles/diagnose-plan.ts), queued in plan order
  const phase1 = runPlan(session, DIAGNOSE_PLAN, { serverName, otherServerName: OTHER_SNI });
  await within(
    Promise.all(phase1).then(() => undefined),
    'the planned handshakes',
    undefined,
  );
  const answeredInTime = session.records.some(
    (r) => r.outcome.status !== 'timeout' && r.outcome.timings.firstByteMs !== undefined,
  );
  if (answeredInTime) stopWaiting.abort();
  const patient = await within(patientP, 'the handshake that waits for a slow answer', undefined);
  const lateMs = patient?.timings.firstByteMs;
  const late = lateMs !== undefined && session.allowSlowAnswers(lateMs, userMax);
  /** a hello with this server name (or none) got a ServerHello, optionally one offering TLS 1.3 */
  const answeredFor = (sni: string | undefined, tls13: boolean): boolean =>
    session.records.some(
      (r) =>
        (r.outcome.status === 'server-hello' || r.outcome.status === 'hello-retry') &&
        r.offer.serverName === sni &&
        (!tls13 || r.offer.versions.includes(0x0304)),
    );
  // The retries below run at once, so a slow server costs its delay once more, not once per step.
  // A full handshake that ran out of time while hellos like it are answered: slow, or stalled after
  // the ServerHello? Once more, with the patience the user allows. (Silence for one name alone is
  // the middlebox rule's evidence, not load: no retry then.)
  const first = await fullP;
  if (!first.ok && first.errorCode === 'ETIMEDOUT' && (late || answeredFor(serverName, true)))
    fullP = timedFull(true, session.deadlines.connectMs + userMax);
  // the handshake without SNI likewise, when the server is known to be slow (else after the retries,
  // once hellos without SNI are known to be answered)
  let noSniRetry: Promise<FullHandshakeResult> | undefined;
  if (noSniP && late) {
    const firstNoSni = await noSniP;
    if (!firstNoSni.ok && firstNoSni.errorCode === 'ETIMEDOUT')
      noSniRetry = timedFull(false, session.deadlines.connectMs + userMax);
  }
  if (late) {
    // the server answers, late: ask again every probe that gave up sooner, giving it that time
    o.onProgress?.(`the server answered after ${Math.round(lateMs)} ms: probing again with that patience`);
    await within(
      session.retryTimeouts(session.deadlines.readMs).then(() => undefined),
      'the handshakes asked again',
      undefined,
    );
  } else if (answeredInTime) {
    // a timeout among answers may be load, not the server: confirm it before any rule concludes from it
    await within(
      session.retryTimeouts().then(() => undefined),
      'the handshakes asked again',
      undefined,
    );
  }
  const full = await fullP;
  const fullObs: FullHandshakeObservation = {
    kind: 'probe.full-handshake',
    from: { source: 'probe', origin: session.origin, time: new Date().toISOString() },
    result: full,
  };
  observations.push(...session.records, fullObs);

  // 5. the served chain through the certificate checks: Node's chain, or the clear TLS ≤ 1.2 Certificate message
  o.onProgress?.('checking the certificate chain');
  const clear = session.records.find((r) => r.outcome.certificates && r.outcome.certificates.length > 0)
    ?.outcome.certificates;
  const chainB64 = full.ok && full.chain.length > 0 ? full.chain : clear;
  // the name a browser checks: the host name, or for https://[ip]/ the IP address (it must be an IP SAN)
  const checkedName = serverName ?? (isIP(target.host) ? target.host : undefined);
  if (chainB64 && chainB64.length > 0) {
    observations.push(
      ...(await within(
        observeServedChain(
          chainB64.map((b) => Buffer.from(b, 'base64')),
          {
            origin: {
              source: 'probe',
              origin: `${serverName ?? target.host}:${target.port} (${session.origin})`,
            },
            ...(checkedName ? { host: checkedName } : {}),
            ...(o.caFiles ? { caFiles: o.caFiles } : {}),
            ...(o.now ? { now: o.now } : {}),
          },
        ),
        'the certificate checks',
        [],
      )),
    );
  }
  if (noSniP && serverName) {
    const firstNoSni = await noSniP;
    const noSni = noSniRetry
      ? await noSniRetry
      : !firstNoSni.ok && firstNoSni.errorCode === 'ETIMEDOUT' && answeredFor(undefined, false)
        ? await timedFull(false, deadlines.totalMs)
        : firstNoSni;
    observations.push(
      await observeSniDefault(noSni, {
        serverName,
        origin: session.origin,
        ...(o.caFiles ? { caFiles: o.caFiles } : {}),
        ...(o.now ? { now: o.now } : {}),
      }),
    );
  }
  const http = await within(httpP, 'the plain-HTTP check', undefined);
  if (http) observations.push(http);
  return finish(targetLabel, session.records);
}
