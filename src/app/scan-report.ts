// `tlsdoctor scan`: resolve, enumerate, and build the scan report (its sections: src/report/sections/scan.ts).
import { versionName } from '../wire/registry/index.js';
import { ProbeSession } from '../probe/session.js';
import { ProbeRunner, SCAN_PER_SERVER_CAP } from '../probe/runner.js';
import { runScan } from '../probe/scan.js';
import { runPlan } from '../probe/plan.js';
import { OTHER_SNI } from '../probe/profiles/diagnose-plan.js';
import type { ProbeRecord, ScanReport } from '../model/report.js';
import type { Finding, RuleResult } from '../model/finding.js';
import { TlsDoctorError } from '../errors.js';
import { buildReport, startStopwatch } from './command-report.js';
import { setupTarget } from './setup.js';
import type { FullHandshakeObservation, HelloObservation, ScanResult } from '../model/observations/probe.js';
import { calibrate, DEFAULT_TIMEOUT_MS, scanDeadlineMs } from './slow.js';
import { setMaxListeners } from 'node:events';
import type { ObservationBase } from '../model/observation.js';
import { isIP } from 'node:net';
import { observeServedChain } from '../x509/gather.js';
import { runRules } from '../diagnose/engine.js';
import { RULES } from '../diagnose/rules/index.js';
import type { Rule } from '../diagnose/rule.js';

/**
 * The rules a scan judges by: what the server accepts (protocols, suites) and the chain it serves.
 * The rest reads probes only diagnose sends (client profiles, SNI and size variants, plain HTTP).
 */
export const SCAN_RULES: readonly Rule[] = RULES.filter((r) =>
  /^(protocol|cipher|cert|chain)\./.test(r.meta.id),
);

export interface ScanCommandOptions {
  sni?: string | false;
  ip?: string;
  timeoutMs?: number;
  /** the whole scan's deadline, ms (default: scanDeadlineMs(timeoutMs)) */
  deadlineMs?: number;
  concurrency?: number;
  /** extra trust anchors for the chain checks */
  caFiles?: string[];
  onProgress?: (text: string) => void;
}

export async function scanCommand(input: string, o: ScanCommandOptions): Promise<ScanReport> {
  const clock = startStopwatch();
  const net = await setupTarget(input, o);
  if (net.tcp.state !== 'open') {
    throw new TlsDoctorError('UNREACHABLE', `${net.tcp.from.origin}: ${net.tcp.error ?? net.tcp.state}`);
  }
  const userMax = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineMs = o.deadlineMs ?? scanDeadlineMs(userMax);
  const deadline = new AbortController();
  setMaxListeners(0, deadline.signal);
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const runner = new ProbeRunner(o.concurrency ?? 16, Math.min(o.concurrency ?? 16, SCAN_PER_SERVER_CAP));
  /** called with each probe recorded by the first enumeration */
  let watch: ((rec: HelloObservation) => void) | undefined;
  const sessionFor = (signal: AbortSignal, deadlines = net.deadlines): ProbeSession => {
    const s: ProbeSession = new ProbeSession({
      signal,
      endpoint: { address: net.address, port: net.target.port },
      deadlines,
      runner,
      onProbe: (n, id) => {
        watch?.(s.records[n - 1]!);
        o.onProgress?.(`${n} probes · ${id}`);
      },
    });
    return s;
  };
  /** the enumeration, and the client profiles' hellos beside it (they tell whether current clients get in) */
  const enumerate = async (s: ProbeSession): Promise<ScanResult> => {
    const profiles = Promise.all(
      runPlan(s, [{ step: 'each-profile', until: 'flight' }], {
        serverName: net.serverName,
        otherServerName: OTHER_SNI,
      }),
    );
    const r = await runScan(s, {
      serverName: net.serverName,
      fullHandshakeTimeoutMs: Math.min(s.deadlines.totalMs, deadlineMs),
    });
    await profiles;
    return r;
  };
  // Slow is not silent: one hello waits up to the user's limit. It goes out beside the enumeration,
  // whose read deadlines come from the measured round trip. When its answer widens them
  // (ProbeSession.allowSlowAnswers), a probe of the enumeration sent before that which times out
  // may have met slowness, not silence: the enumeration stops and runs again, every probe with the
  // wider deadline. Probes answered within the old deadline needed no patience, and stand.
  const speculative = new AbortController();
  setMaxListeners(0, speculative.signal);
  const stopSpeculative = () => speculative.abort();
  deadline.signal.addEventListener('abort', stopSpeculative);
  let session = sessionFor(speculative.signal);
  let result: ScanResult | undefined;
  try {
    const calibrated = calibrate(session, net.serverName, userMax);
    session.gateDropsOn(calibrated);
    let restart!: () => void;
    const restarted = new Promise<undefined>((r) => (restart = () => r(undefined)));
    const first = enumerate(session);
    // handled here, awaited below: a failure of the patient probe must not leave it unobserved
    first.catch(() => undefined);
    const late = await calibrated.catch((e: unknown) => {
      speculative.abort();
      throw e;
    });
    const patient = session.records.find((r) => r.id === 'timing:patient');
    if (late !== undefined) {
      const widenedAt = Date.now();
      // (a probe stopped by the scan's own deadline is no evidence of anything)
      const tooSoon = (r: HelloObservation) =>
        !deadline.signal.aborted &&
        r !== patient &&
        r.outcome.status === 'timeout' &&
        Date.parse(r.from.time ?? '') < widenedAt;
      watch = (r) => {
        if (tooSoon(r)) restart();
      };
      if (session.records.some(tooSoon)) restart();
      result = await Promise.race([first, restarted]);
      watch = undefined;
    } else result = await first;
    if (result === undefined) {
      speculative.abort();
      session = sessionFor(deadline.signal, session.deadlines);
      if (patient) session.records.push(patient);
      result = await enumerate(session);
    }
  } finally {
    clearTimeout(timer);
    deadline.signal.removeEventListener('abort', stopSpeculative);
  }
  result.connections += net.tcpAll.length; // the reachability connects count too
  const judged = await judgeScan(net, session, result.chain, o);
  const report = buildReport('scan', `${net.target.host}:${net.target.port}`, clock, {
    findings: judged.findings,
    rules: judged.rules,
    observations: [net.dns, net.tcp, ...session.records, ...judged.observations],
    probes: session.records.map(toProbeRecord),
    data: { scan: result },
    ...(deadline.signal.aborted
      ? {
          warnings: [
            `the scan's deadline of ${deadlineMs} ms (from --timeout ${userMax}) passed: the probes still running then were stopped, so the results are partial`,
          ],
        }
      : {}),
  });
  // a scan cut short has not seen everything: what it missed may be what makes the server unusable
  if (deadline.signal.aborted && report.verdict.status === 'healthy')
    report.verdict = {
      status: 'error',
      summary: `no verdict: ${report.warnings?.[0] ?? 'the scan was cut short'}`,
    };
  return report;
}

export function toProbeRecord(r: HelloObservation): ProbeRecord {
  const o = r.outcome;
  return {
    id: r.id,
    description: `${r.offer.sslv2 ? 'SSLv2' : versionName(r.offer.maxVersion)} hello, ${r.offer.sslv2 ? 'v2 kinds' : `${r.offer.cipherSuites.length} suites`}, ${r.offer.serverName ? `SNI ${r.offer.serverName}` : 'no SNI'}, ${r.offer.size} bytes`,
    status: o.status,
    ...(o.error ? { error: o.error } : {}),
    result: o,
    ...(r.from.time ? { startedAt: r.from.time } : {}),
    durationMs: o.timings.totalMs,
  };
}

/** What was found, through the protocol, cipher and certificate rules. */
async function judgeScan(
  net: Awaited<ReturnType<typeof setupTarget>>,
  session: ProbeSession,
  chain: ScanReport['data']['scan']['chain'],
  o: ScanCommandOptions,
): Promise<{ findings: Finding[]; rules: RuleResult[]; observations: ObservationBase[] }> {
  const observations: ObservationBase[] = [];
  if (chain) {
    const full: FullHandshakeObservation = {
      kind: 'probe.full-handshake',
      from: { source: 'probe', origin: session.origin, time: new Date().toISOString() },
      result: chain,
    };
    observations.push(full);
  }
  const clear = session.records.find((r) => r.outcome.certificates && r.outcome.certificates.length > 0)
    ?.outcome.certificates;
  const chainB64 = chain?.ok && chain.chain.length > 0 ? chain.chain : clear;
  const checkedName = net.serverName ?? (isIP(net.target.host) ? net.target.host : undefined);
  if (chainB64 && chainB64.length > 0)
    observations.push(
      ...(await observeServedChain(
        chainB64.map((b) => Buffer.from(b, 'base64')),
        {
          origin: {
            source: 'probe',
            origin: `${net.serverName ?? net.target.host}:${net.target.port} (${session.origin})`,
          },
          ...(checkedName ? { host: checkedName } : {}),
          ...(o.caFiles ? { caFiles: o.caFiles } : {}),
        },
      )),
    );
  const engine = runRules(SCAN_RULES, [net.dns, net.tcp, ...session.records, ...observations]);
  return { findings: engine.findings, rules: engine.results, observations };
}
