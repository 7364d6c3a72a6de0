// The one place a report gets its head (schemaVersion, tool, command, target, startedAt,
// durationMs) and its verdict. What differs per command is a verdict strategy in VERDICTS, which
// reads the command's report body (findings, observations, data) and, for cert and windows
// analyze, the few facts a body does not hold.
import { ObservationSet } from '../model/observation.js';
import type { Finding } from '../model/finding.js';
import type { ObservationBase } from '../model/observation.js';
import type {
  DnsObservation,
  FullHandshakeObservation,
  HelloObservation,
  TcpObservation,
} from '../model/observations/probe.js';
import {
  SCHEMA_VERSION,
  type CaptureData,
  type CommandName,
  type DataOf,
  type ReportBody,
  type ReportOf,
  type Verdict,
} from '../model/report.js';
import { versionName } from '../wire/registry/index.js';
import { VERSION } from '../version.js';

/** The commands that produce a report (`windows collect` writes a bundle folder instead). */
export type ReportingCommand = Exclude<CommandName, 'windows-collect'>;

export type BodyOf<C extends ReportingCommand> = ReportBody<DataOf<C>>;

/** What a verdict needs beyond the report body, per command. */
export interface VerdictFacts {
  cert: { /** the name the certificates were checked for (--host) */ host?: string | undefined };
  'windows-analyze': {
    paths: readonly string[];
    /** inputs that could not be read; explicit: named on the command line */
    failures: ReadonlyArray<{ error: string; explicit: boolean }>;
  };
}
type FactsOf<C extends ReportingCommand> = C extends keyof VerdictFacts ? VerdictFacts[C] : undefined;

type VerdictStrategy<C extends ReportingCommand> = (
  body: BodyOf<C>,
  head: { target: string },
  facts: FactsOf<C>,
) => Verdict;

/** When a command started: its wall-clock start and a monotonic origin for its duration. */
export interface Stopwatch {
  startedAt: Date;
  t0: number;
}

export function startStopwatch(): Stopwatch {
  return { startedAt: new Date(), t0: performance.now() };
}

/** A stopwatch, or times measured elsewhere (e.g. by the CLI around a pure builder). */
export type Timing = Stopwatch | { startedAt: string; durationMs: number };

export function buildReport<C extends ReportingCommand>(
  command: C,
  target: string,
  timing: Timing,
  body: BodyOf<C>,
  ...facts: FactsOf<C> extends undefined ? [] : [FactsOf<C>]
): ReportOf<C> {
  const verdict = (VERDICTS[command] as VerdictStrategy<C>)(body, { target }, facts[0] as FactsOf<C>);
  const head = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tlsdoctor' as const, version: VERSION },
    command,
    target,
    ...('t0' in timing
      ? {
          startedAt: timing.startedAt.toISOString(),
          durationMs: Math.round(performance.now() - timing.t0),
        }
      : { startedAt: timing.startedAt, durationMs: timing.durationMs }),
    verdict,
  };
  return { ...head, ...body } as unknown as ReportOf<C>;
}

const VERDICTS: { readonly [C in ReportingCommand]: VerdictStrategy<C> } = {
  diagnose: (body) => diagnoseVerdict(body.findings, body.observations),
  scan: scanVerdict,
  cert: (body, _head, facts) => {
    const problems = body.findings.filter((f) => f.severity !== 'info');
    return problems.length
      ? { status: 'problems', summary: problems[0]!.summary }
      : {
          status: 'healthy',
          summary: `no problems found in ${body.data.certificates.length} certificate(s)${facts.host ? ` for ${facts.host}` : ''}`,
        };
  },
  capture: (body) =>
    captureVerdict(
      body.data,
      body.findings,
      body.warnings?.find((w) => w.startsWith('stopped reading')),
    ),
  'windows-analyze': (body, _head, { paths, failures }) => {
    const explicitFailures = failures.filter((f) => f.explicit);
    const readable = body.data.inputs.filter((i) => i.kind !== 'manifest');
    if (explicitFailures.length > 0 || readable.length === 0)
      return {
        status: 'error',
        summary:
          explicitFailures[0]?.error ??
          failures[0]?.error ??
          `no Windows input recognised in ${paths.join(', ')}`,
      };
    if (body.findings.length > 0) return { status: 'problems', summary: body.findings[0]!.summary };
    return { status: 'healthy', summary: `no problems found in ${readable.length} Windows input(s)` };
  },
  demo: (body) => {
    const results = body.data.scenarios;
    const failed = results.filter((r) => !r.pass);
    return failed.length === 0
      ? { status: 'healthy', summary: `all ${results.length} lab scenarios diagnosed as expected` }
      : {
          status: 'problems',
          summary: `${failed.length} of ${results.length} scenarios not diagnosed as expected: ${failed.map((r) => r.id).join(', ')}`,
        };
  },
  explain: (body, head) => {
    const matches = body.data.matches;
    return {
      status: matches.length > 0 ? 'healthy' : 'problems',
      summary:
        matches.length === 0
          ? `nothing in the catalogue matches: ${head.target}`
          : `${matches.length} match${matches.length === 1 ? '' : 'es'}; best: ${matches[0]!.title}`,
    };
  },
};

// ---- the strategies that need more than a few lines ----

export function diagnoseVerdict(findings: Finding[], observations: readonly ObservationBase[]): Verdict {
  const serious = findings.filter((f) => f.severity !== 'info');
  const set = new ObservationSet(observations);
  const tcps = set.of<TcpObservation>('probe.tcp');
  const dns = set.of<DnsObservation>('probe.dns')[0];
  if (dns?.status === 'failed' || (tcps.length > 0 && tcps.every((t) => t.state !== 'open'))) {
    return { status: 'unreachable', summary: serious[0]?.summary ?? 'the target cannot be reached' };
  }
  if (serious.length === 0) {
    const ok = set.of<FullHandshakeObservation>('probe.full-handshake')[0]?.result;
    return {
      status: 'healthy',
      summary: ok?.ok
        ? `no problems found: ${ok.protocol ?? ''} ${ok.cipher?.standardName ?? ''}, certificate checks passed`
        : 'no problems found',
    };
  }
  const more = serious.length > 1 ? ` (+${serious.length - 1} more)` : '';
  return { status: 'problems', summary: `${serious[0]!.summary}${more}` };
}

function scanVerdict(body: BodyOf<'scan'>): Verdict {
  const result = body.data.scan;
  const set = new ObservationSet(body.observations);
  const origin = set.of<TcpObservation>('probe.tcp')[0]?.from.origin ?? result.endpoint;
  const records = set.of<HelloObservation>('probe.hello');
  const top = [...result.versions].reverse().find((v) => v.accepted);
  if (top)
    return {
      status: 'healthy',
      summary: `${origin} accepts ${result.versions
        .filter((v) => v.accepted)
        .map((v) => versionName(v.version))
        .join(
          ', ',
        )} (best: ${versionName(top.version)}); ${result.connections} connections in ${result.durationMs} ms`,
    };
  const notTls = records.find((r) => r.outcome.status === 'not-tls');
  return {
    status: 'problems',
    summary: notTls
      ? `${origin} does not speak TLS: ${notTls.outcome.error}`
      : `${origin} accepted no SSL/TLS version (${summarizeFailures(records)})`,
  };
}

function summarizeFailures(records: HelloObservation[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    const k = r.outcome.status === 'alert' ? `alert ${r.outcome.alert!.description}` : r.outcome.status;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n}× ${k}`).join(', ');
}

function captureVerdict(data: CaptureData, findings: Finding[], stopped?: string): Verdict {
  const rows = data.handshakes;
  const failed = rows.filter((r) => r.status === 'failed');
  if (data.failed > 0) {
    // lead with the cause that explains the most failed handshakes, then name the others
    const counts = new Map<string, number>();
    for (const r of failed) if (r.cause) counts.set(r.cause, (counts.get(r.cause) ?? 0) + 1);
    const causes = [...counts].sort((x, y) => y[1] - x[1] || rank(findings, x[0]) - rank(findings, y[0]));
    const topId = causes[0]?.[0];
    const top =
      (topId ? findings.find((f) => f.id === topId) : undefined) ??
      findings.find((f) => f.severity === 'blocker' || f.severity === 'high') ??
      findings[0];
    const others = causes.slice(1).map(([id, n]) => (n > 1 ? `${id} ×${n}` : id));
    return {
      status: 'problems',
      summary: `${data.failed} of ${data.tlsHandshakes} TLS handshake${data.tlsHandshakes === 1 ? '' : 's'} failed${top ? `: ${top.summary}` : ''}${others.length > 0 ? ` Also: ${others.join(', ')}.` : ''}`,
    };
  }
  if (data.tlsHandshakes === 0)
    return { status: 'healthy', summary: `no TLS handshake found in ${data.packets} packets` };
  const unfinished = data.unfinished;
  if (data.ok === 0) {
    // nothing completed and nothing failed: the capture cannot say the handshakes work
    const why = [...new Set(rows.filter((r) => r.status === 'unfinished').map((r) => r.reason ?? ''))]
      .filter(Boolean)
      .slice(0, 2);
    return {
      status: 'error',
      summary: `the capture holds no complete TLS handshake: ${unfinished} unfinished${why.length > 0 ? ` (${why.join('; ')})` : ''}${stopped ? `; ${stopped}` : ''}`,
    };
  }
  return {
    status: 'healthy',
    summary: `all ${data.ok} completed TLS handshake${data.ok === 1 ? '' : 's'} succeeded${unfinished > 0 ? ` (${unfinished} still open when the capture ended)` : ''}`,
  };
}

function rank(findings: Finding[], id: string): number {
  const i = findings.findIndex((f) => f.id === id);
  return i < 0 ? findings.length : i;
}
