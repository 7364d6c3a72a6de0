// What a fleet keeps of one target's report, and the summary across targets: the root cause, the
// certificate expiry, the protocol versions accepted and the client profiles that fail. The same
// facts are the exporter's metrics (metrics.ts). Pure: reports in, data out.
import type { Finding } from '../model/finding.js';
import { SEVERITY_ORDER } from '../model/finding.js';
import type { ObservationBase } from '../model/observation.js';
import type { CertificateObservation, ChainObservation } from '../model/observations/x509.js';
import type { HelloObservation, ScanObservation, TcpObservation } from '../model/observations/probe.js';
import type {
  DiagnoseReport,
  FleetData,
  FleetExpiry,
  FleetTargetResult,
  ScanReport,
  VerdictStatus,
} from '../model/report.js';
import { versionName } from '../wire/registry/index.js';
import { targetKey, type FleetTarget } from './targets.js';

const DAY_MS = 86_400_000;

const ofKind = <T extends ObservationBase>(obs: readonly ObservationBase[], kind: string): T[] =>
  obs.filter((o) => o.kind === kind) as T[];

const ANSWERED = new Set(['server-hello', 'hello-retry']);

/** the leaf's expiry and the first expiry on the served path (leaf included) */
export function expiryOf(observations: readonly ObservationBase[], now: Date): FleetExpiry[] {
  const days = (iso: string): number => Math.floor((Date.parse(iso) - now.getTime()) / DAY_MS);
  const served = ofKind<CertificateObservation>(observations, 'x509.certificate').filter((c) => c.served);
  const leaf = served.find((c) => c.index === 0) ?? served.find((c) => c.leaf);
  if (!leaf) return [];
  const out: FleetExpiry[] = [
    { position: 'leaf', subject: leaf.subject, notAfter: leaf.notAfter, daysLeft: days(leaf.notAfter) },
  ];
  const chain = ofKind<ChainObservation>(observations, 'x509.chain').find((c) => c.served);
  const path: Array<{ subject: string; notAfter: string }> = chain?.path.length ? chain.path : served;
  const first = [...path].sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter))[0];
  if (first)
    out.push({
      position: 'chain',
      subject: first.subject,
      notAfter: first.notAfter,
      daysLeft: days(first.notAfter),
    });
  return out;
}

/** protocol versions a server accepted: a version probed alone that got a ServerHello of that version */
export function protocolsOf(observations: readonly ObservationBase[]): string[] {
  const scan = ofKind<ScanObservation>(observations, 'probe.scan')[0];
  const codes = new Set<number>();
  if (scan) for (const v of scan.versions) if (v.accepted) codes.add(v.version);
  for (const h of ofKind<HelloObservation>(observations, 'probe.hello')) {
    const v = h.varies?.version;
    if (v !== undefined && h.outcome.status === 'server-hello' && h.outcome.serverHello?.version === v)
      codes.add(v);
  }
  return [...codes].sort((a, b) => a - b).map(versionName);
}

/** every version probed alone, accepted or not (what the exporter can say 0 for) */
export function versionsProbed(observations: readonly ObservationBase[]): string[] {
  const codes = new Set<number>();
  for (const h of ofKind<HelloObservation>(observations, 'probe.hello'))
    if (h.varies?.version !== undefined && h.purpose === 'version') codes.add(h.varies.version);
  for (const s of ofKind<ScanObservation>(observations, 'probe.scan'))
    for (const v of s.versions) codes.add(v.version);
  return [...codes].sort((a, b) => a - b).map(versionName);
}

/** client profiles imitated whose hello got no ServerHello */
export function failingClientsOf(observations: readonly ObservationBase[]): string[] {
  const out = new Set<string>();
  for (const h of ofKind<HelloObservation>(observations, 'probe.hello')) {
    const profile = h.varies?.profile ?? h.profileId;
    if (h.purpose === 'profile' && profile && !ANSWERED.has(h.outcome.status)) out.add(profile);
  }
  return [...out].sort();
}

/**
 * The outcome was silence: the TCP connect timed out, or every hello sent timed out. Only such
 * outcomes are retried (a refusal, a reset or an alert is the server's answer).
 */
export function timedOutOf(observations: readonly ObservationBase[]): boolean {
  const tcp = ofKind<TcpObservation>(observations, 'probe.tcp');
  if (tcp.length > 0 && tcp.every((t) => t.state === 'filtered')) return true;
  const hellos = ofKind<HelloObservation>(observations, 'probe.hello');
  return hellos.length > 0 && hellos.every((h) => h.outcome.status === 'timeout');
}

/**
 * Some handshakes timed out while others were answered: on one server that is rarely the server's
 * doing and often the prober's own load (a busy client or a busy loopback server). Worth another
 * attempt, and a sign to run fewer targets at once.
 */
export function partlyTimedOutOf(observations: readonly ObservationBase[]): boolean {
  const hellos = ofKind<HelloObservation>(observations, 'probe.hello');
  const timeouts = hellos.filter((h) => h.outcome.status === 'timeout').length;
  return timeouts > 0 && timeouts < hellos.length;
}

function rootCauseOf(findings: readonly Finding[]): FleetTargetResult['rootCause'] {
  const f = findings.find((x) => x.severity !== 'info');
  return f ? { id: f.id, severity: f.severity, title: f.title } : undefined;
}

/** One target's line of the fleet output, from its report. */
export function resultOf(
  t: FleetTarget,
  report: DiagnoseReport | ScanReport,
  o: { attempts: number; startedAt: string; durationMs: number; now: Date },
): FleetTargetResult {
  const rc = rootCauseOf(report.findings);
  const expiry = expiryOf(report.observations, o.now);
  const protocols = protocolsOf(report.observations);
  const failing = failingClientsOf(report.observations);
  return {
    ...base(t),
    status: report.verdict.status,
    summary: report.verdict.summary,
    ...(rc ? { rootCause: rc } : {}),
    findings: report.findings.map((f) => ({ id: f.id, severity: f.severity })),
    timedOut: timedOutOf(report.observations),
    attempts: o.attempts,
    startedAt: o.startedAt,
    durationMs: o.durationMs,
    ...(expiry.length ? { expiry } : {}),
    ...(protocols.length ? { protocols } : {}),
    ...(failing.length ? { failingClients: failing } : {}),
  };
}

/** A target that could not be diagnosed: a bad target, or the overall deadline passed. */
export function failedResult(
  t: FleetTarget,
  status: VerdictStatus,
  message: string,
  o: { attempts: number; startedAt: string; durationMs: number; timedOut: boolean },
): FleetTargetResult {
  return {
    ...base(t),
    status,
    summary: message,
    findings: [],
    timedOut: o.timedOut,
    attempts: o.attempts,
    startedAt: o.startedAt,
    durationMs: o.durationMs,
    error: message,
  };
}

function base(
  t: FleetTarget,
): Pick<FleetTargetResult, 'target' | 'sni' | 'ip' | 'platform' | 'tags' | 'origin' | 'key'> {
  return {
    target: t.target,
    ...(t.sni !== undefined ? { sni: t.sni } : {}),
    ...(t.ip ? { ip: t.ip } : {}),
    ...(t.platform ? { platform: t.platform } : {}),
    ...(t.tags ? { tags: t.tags } : {}),
    origin: t.origin,
    key: targetKey(t),
  };
}

const STATUS_ORDER: VerdictStatus[] = ['error', 'unreachable', 'problems', 'healthy'];

/** The summary across targets: causes worst first, certificates expiring soon, clients failing most. */
export function summarize(
  results: readonly FleetTargetResult[],
  o: Pick<FleetData, 'mode' | 'input' | 'done' | 'resumed' | 'interrupted' | 'warnDays'>,
  firstN = 5,
): FleetData {
  const byStatus: Record<VerdictStatus, number> = { healthy: 0, problems: 0, unreachable: 0, error: 0 };
  const causes = new Map<string, FleetData['causes'][number]>();
  const clients = new Map<string, number>();
  const expiring: FleetData['expiring'] = [];
  for (const r of results) {
    byStatus[r.status]++;
    const id = r.rootCause?.id ?? (r.status === 'error' ? 'not-diagnosed' : undefined);
    if (id) {
      const c = causes.get(id) ?? {
        id,
        severity: r.rootCause?.severity ?? 'blocker',
        title: r.rootCause?.title ?? 'Could not be diagnosed',
        count: 0,
        targets: [],
      };
      c.count++;
      if (c.targets.length < firstN) c.targets.push(r.target);
      causes.set(id, c);
    }
    for (const p of r.failingClients ?? []) clients.set(p, (clients.get(p) ?? 0) + 1);
    for (const e of r.expiry ?? []) {
      if (e.daysLeft > o.warnDays) continue;
      // the leaf and the path's first expiry are often the same certificate: list it once
      if (
        e.position === 'chain' &&
        r.expiry?.some((x) => x.position === 'leaf' && x.notAfter === e.notAfter && x.subject === e.subject)
      )
        continue;
      expiring.push({ ...e, target: r.target });
    }
  }
  const sev = (s: string): number => SEVERITY_ORDER.indexOf(s as (typeof SEVERITY_ORDER)[number]);
  const ordered = [...results].sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.key.localeCompare(b.key),
  );
  return {
    ...o,
    byStatus,
    causes: [...causes.values()].sort(
      (a, b) => sev(a.severity) - sev(b.severity) || b.count - a.count || a.id.localeCompare(b.id),
    ),
    expiring: expiring.sort((a, b) => a.daysLeft - b.daysLeft || a.target.localeCompare(b.target)),
    clients: [...clients]
      .map(([profile, targets]) => ({ profile, targets }))
      .sort((a, b) => b.targets - a.targets || a.profile.localeCompare(b.profile)),
    results: ordered,
  };
}
