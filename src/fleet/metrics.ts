// The exporter's answers in the Prometheus text exposition format (version 0.0.4: `# HELP`,
// `# TYPE`, `name{label="value"} number`, labels escaped as the format says: \\, \" and \n).
// Source: Prometheus "Exposition formats" and "Writing exporters" (multi-target exporter pattern).
import type { DiagnoseReport, ScanReport } from '../model/report.js';
import type { ObservationBase } from '../model/observation.js';
import type { FullHandshakeObservation } from '../model/observations/probe.js';
import { expiryOf, failingClientsOf, protocolsOf, timedOutOf, versionsProbed } from './result.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Record<string, string>;

export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(v: number): string {
  return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

/** Collects samples, one HELP/TYPE header per metric name, in the order first written. */
export class MetricsWriter {
  private readonly families = new Map<string, { help: string; type: string; lines: string[] }>();

  sample(name: string, type: 'gauge' | 'counter', help: string, value: number, labels: Labels = {}): this {
    let f = this.families.get(name);
    if (!f) {
      f = { help, type, lines: [] };
      this.families.set(name, f);
    }
    const ls = Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    f.lines.push(`${name}${ls ? `{${ls}}` : ''} ${num(value)}`);
    return this;
  }

  text(): string {
    let out = '';
    for (const [name, f] of this.families)
      out += `# HELP ${name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${f.type}\n${f.lines.join('\n')}\n`;
    return out;
  }
}

export interface ProbeMetricsInput {
  report?: DiagnoseReport | ScanReport;
  durationMs: number;
  /** the deadline passed before a verdict */
  deadlineHit: boolean;
  /** the client profiles that count (module config); undefined: all */
  clients?: readonly string[];
  now: Date;
}

/** The answer to one /probe: success, duration, root cause, findings, expiry, protocols, failing clients. */
export function probeMetrics(o: ProbeMetricsInput): string {
  const w = new MetricsWriter();
  const r = o.report;
  const healthy = r?.verdict.status === 'healthy';
  w.sample(
    'tlsdoctor_probe_success',
    'gauge',
    'Whether the target was diagnosed and no finding above info was found',
    healthy ? 1 : 0,
  );
  w.sample(
    'tlsdoctor_probe_duration_seconds',
    'gauge',
    'How long the probe took',
    Math.round(o.durationMs) / 1000,
  );
  const timedOut = o.deadlineHit || (r ? timedOutOf(r.observations) : false);
  w.sample(
    'tlsdoctor_probe_timed_out',
    'gauge',
    'Whether the answer came from a timeout (silence, or the probe deadline)',
    timedOut ? 1 : 0,
  );
  if (!r) return w.text();
  w.sample(
    'tlsdoctor_verdict',
    'gauge',
    'The verdict of the diagnosis: healthy, problems, unreachable or error',
    1,
    {
      status: r.verdict.status,
    },
  );
  const obs: readonly ObservationBase[] = r.observations;
  const full = obs.find((x) => x.kind === 'probe.full-handshake') as FullHandshakeObservation | undefined;
  const accepted = protocolsOf(obs);
  const handshake = full ? full.result.ok : accepted.length > 0;
  w.sample(
    'tlsdoctor_handshake_success',
    'gauge',
    'Whether a complete TLS handshake succeeded (scan: any version accepted)',
    handshake ? 1 : 0,
  );
  const root = r.findings.find((f) => f.severity !== 'info');
  if (root)
    w.sample('tlsdoctor_root_cause', 'gauge', 'The root cause: the first finding above info', 1, {
      id: root.id,
      severity: root.severity,
      title: root.title,
    });
  for (const f of r.findings)
    w.sample('tlsdoctor_finding', 'gauge', 'One series per finding, most blocking first', 1, {
      id: f.id,
      severity: f.severity,
      root_cause: f === root ? 'true' : 'false',
    });
  for (const e of expiryOf(obs, o.now)) {
    const labels = { position: e.position, subject: e.subject };
    w.sample(
      'tlsdoctor_cert_not_after_seconds',
      'gauge',
      'notAfter of the leaf certificate, and the first to expire on the served path (Unix seconds)',
      Math.floor(Date.parse(e.notAfter) / 1000),
      labels,
    );
    w.sample(
      'tlsdoctor_cert_days_left',
      'gauge',
      'Whole days until the certificate expires (negative once expired)',
      e.daysLeft,
      labels,
    );
  }
  const acceptedSet = new Set(accepted);
  for (const v of versionsProbed(obs))
    w.sample(
      'tlsdoctor_protocol_accepted',
      'gauge',
      'Whether the server accepted this protocol version offered alone',
      acceptedSet.has(v) ? 1 : 0,
      {
        version: v,
      },
    );
  const counted = o.clients ? new Set(o.clients) : undefined;
  const failing = failingClientsOf(obs).filter((p) => !counted || counted.has(p));
  w.sample(
    'tlsdoctor_clients_failing',
    'gauge',
    'How many of the client profiles that count fail',
    failing.length,
  );
  for (const p of failing)
    w.sample('tlsdoctor_client_fails', 'gauge', 'A client profile whose handshake fails', 1, { profile: p });
  return w.text();
}
