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
import type { ChainObservation } from '../model/observations/x509.js';
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
    // an empty file is no evidence of health
    const readable = body.data.inputs.filter((i) => i.kind !== 'manifest' && i.kind !== 'empty');
    const empty = body.data.inputs.find((i) => i.kind === 'empty');
    if (explicitFailures.length > 0 || readable.length === 0)
      return {
        status: 'error',
        summary:
          explicitFailures[0]?.error ??
          failures[0]?.error ??
          (empty
            ? `${empty.origin}: the file is empty (expected the saved output of a Windows command)`
            : `no Windows input recognised in ${paths.join(', ')}`),
      };
    // exit 1 means a finding above info, as for every command; info findings say nothing is broken
    const problems = body.findings.filter((f) => f.severity !== 'info');
    if (problems.length > 0) return { status: 'problems', summary: problems[0]!.summary };
    // recognised, but every line of it was dropped: nothing was read, which is not "healthy"
    const yielded = new Set(
      body.observations.filter((o) => o.kind !== 'windows.input').map((o) => o.from.origin),
    );
    const unread = readable.filter((i) => i.notes > 0 && !yielded.has(i.origin));
    if (unread.length === readable.length)
      return {
        status: 'error',
        summary: `nothing could be read from ${unread.map((i) => `${i.origin} (${i.kind}: ${i.notes} line(s) not understood)`).join(', ')}`,
      };
    return { status: 'healthy', summary: `no problems found in ${readable.length} Windows input(s)` };
  },
  demo: (body) => {
    const results = body.data.scenarios;
    const failed = results.filter((r) => !r.pass);
    const twin = body.data.twin;
    if (twin && !twin.pass)
      return {
        status: 'problems',
        summary: `the twin diff put ${twin.got ?? 'nothing'} first, not ${twin.expected}${failed.length ? `; ${failed.length} scenario(s) not diagnosed as expected` : ''}`,
      };
    return failed.length === 0
      ? { status: 'healthy', summary: `all ${results.length} lab scenarios diagnosed as expected` }
      : {
          status: 'problems',
          summary: `${failed.length} of ${results.length} scenarios not diagnosed as expected: ${failed.map((r) => r.id).join(', ')}`,
        };
  },
  diff: (body) => {
    const d = body.data;
    const first =
      d.differences.find((x) => x.matters && x.area !== 'clients') ?? d.differences.find((x) => x.matters);
    if (!first) {
      const failing = d.failing ? d[d.failing] : undefined;
      return {
        // equivalent, yet failing alike: nothing to mirror, and nothing healthy either
        status: failing && failing.verdict.status !== 'healthy' ? 'problems' : 'healthy',
        summary:
          d.compared.length === 0
            ? 'nothing to compare: the two sides have no kind of fact in common'
            : `A and B are equivalent for every client profile and every compared fact that matters (${d.compared.join(', ')})${failing && failing.verdict.status !== 'healthy' ? `; both fail alike: ${failing.verdict.summary}` : ''}`,
      };
    }
    const failing = d.failing === 'a' ? 'A' : 'B';
    const clip = (v: string): string => (v.length > 80 ? `${v.slice(0, 79)}…` : v);
    const n = d.differences.filter((x) => x.matters && x.area !== 'clients').length;
    const clients = d.clients.length
      ? `; ${d.clients.length} client${d.clients.length === 1 ? '' : 's'} that work on ${failing === 'A' ? 'B' : 'A'} fail on ${failing}`
      : '';
    return {
      status: 'problems',
      summary: `${n} difference${n === 1 ? '' : 's'} that matter${n === 1 ? 's' : ''}${clients}; deciding: ${first.title} — A: ${clip(first.a)}; B: ${clip(first.b)}${d.failing ? ` (${failing} fails${first.explains ? `: ${first.explains}` : ''})` : ''}`,
    };
  },
  history: (body, head) => {
    const runs = body.data.runs;
    if (runs.length === 0) return { status: 'healthy', summary: `no recorded run of ${head.target}` };
    const ok = runs.find((r) => r.verdict.status === 'healthy');
    const last = runs[0]!;
    return {
      status: last.verdict.status === 'healthy' ? 'healthy' : 'problems',
      summary: `${runs.length} run${runs.length === 1 ? '' : 's'}; last ${last.startedAt}: ${last.verdict.status}${last.verdict.status === 'healthy' ? '' : ok ? `; last worked ${ok.startedAt}` : '; never recorded working'}`,
    };
  },
  fleet: (body) => {
    const d = body.data;
    const n = d.results.length;
    const bad = n - d.byStatus.healthy;
    const top = d.causes[0];
    const expiring = d.expiring.length
      ? `; ${d.expiring.length} certificate(s) expired or expiring within ${d.warnDays} days`
      : '';
    const cut = d.interrupted ? ` (interrupted: ${n} of ${d.input.targets} targets done)` : '';
    if (bad === 0)
      return {
        status: n === 0 ? 'error' : d.expiring.length ? 'problems' : 'healthy',
        summary: n === 0 ? `no target in ${d.input.origin}` : `all ${n} targets healthy${expiring}${cut}`,
      };
    return {
      status: 'problems',
      summary: `${bad} of ${n} targets fail${top ? `; first cause: ${top.id} (${top.count})` : ''}${expiring}${cut}`,
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
    // handshakes answered but no certificate read (TLS 1.3 hides it, and the full handshake did not
    // complete): the certificate checks never ran, which proves nothing healthy
    const answered = set
      .of<HelloObservation>('probe.hello')
      .some((h) => h.outcome.status === 'server-hello' || h.outcome.status === 'hello-retry');
    const certificateRead = set.of<ChainObservation>('x509.chain').some((c) => c.served);
    if (ok && !ok.ok && answered && !certificateRead)
      return {
        status: 'error',
        summary: `no verdict: the server answers the hellos, but its certificate could not be read (Node's full handshake: ${ok.error ?? 'did not complete'}), so the certificate checks did not run; run again, with a longer --timeout if the server is slow`,
      };
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
  const dropped = result.droppedThenAnswered
    ? `; ${result.droppedThenAnswered} probe${result.droppedThenAnswered === 1 ? ' was' : 's were'} dropped (reset or closed) and answered on another connection: the server or the path drops connections`
    : '';
  // a scan judges what it found: a server current clients cannot use is never "healthy"
  const serious = body.findings.filter((f) => f.severity !== 'info');
  if (top && serious.length > 0)
    return {
      status: 'problems',
      summary: `${serious[0]!.summary}${serious.length > 1 ? ` (+${serious.length - 1} more)` : ''}${dropped}`,
    };
  if (top)
    return {
      status: 'healthy',
      summary: `${origin} accepts ${result.versions
        .filter((v) => v.accepted)
        .map((v) => versionName(v.version))
        .join(
          ', ',
        )} (best: ${versionName(top.version)}); ${result.connections} connections in ${result.durationMs} ms${dropped}`,
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
    // lead with the cause that explains the most failed handshakes (listed and counted), then name the others
    const counts = new Map<string, number>();
    if (data.causes) for (const c of data.causes) counts.set(c.id, c.handshakes);
    else for (const r of failed) if (r.cause) counts.set(r.cause, (counts.get(r.cause) ?? 0) + 1);
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
