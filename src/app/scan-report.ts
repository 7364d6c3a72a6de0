// `tlsdoctor scan`: resolve, enumerate, and build the scan report (its sections: src/report/sections/scan.ts).
import { versionName } from '../wire/registry/index.js';
import { ProbeSession } from '../probe/session.js';
import { ProbeRunner } from '../probe/runner.js';
import { runScan } from '../probe/scan.js';
import type { ProbeRecord, ScanReport } from '../model/report.js';
import { TlsDoctorError } from '../errors.js';
import { buildReport, startStopwatch } from './command-report.js';
import { setupTarget } from './setup.js';
import { calibrate, DEFAULT_TIMEOUT_MS, scanDeadlineMs } from './slow.js';
import { setMaxListeners } from 'node:events';
import type { HelloObservation } from '../model/observations/probe.js';

export interface ScanCommandOptions {
  sni?: string | false;
  ip?: string;
  timeoutMs?: number;
  /** the whole scan's deadline, ms (default: scanDeadlineMs(timeoutMs)) */
  deadlineMs?: number;
  concurrency?: number;
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
  const session = new ProbeSession({
    signal: deadline.signal,
    endpoint: { address: net.address, port: net.target.port },
    deadlines: net.deadlines,
    runner: new ProbeRunner(o.concurrency ?? 16, Math.min(o.concurrency ?? 16, 10)),
    onProbe: (n, id) => o.onProgress?.(`${n} probes · ${id}`),
  });
  // slow is not silent: one hello waits up to the user's limit, and the scan's deadlines follow its answer
  await calibrate(session, net.serverName, userMax);
  const result = await runScan(session, {
    serverName: net.serverName,
    fullHandshakeTimeoutMs: Math.min(session.deadlines.totalMs, deadlineMs),
  }).finally(() => clearTimeout(timer));
  result.connections += net.tcpAll.length; // the reachability connects count too
  return buildReport('scan', `${net.target.host}:${net.target.port}`, clock, {
    findings: [],
    observations: [net.dns, net.tcp, ...session.records],
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
