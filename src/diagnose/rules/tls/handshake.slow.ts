// A slow handshake, step by step: the TCP connect, the first byte of the server's answer to the
// ClientHello, the rest of its first flight (Certificate, ServerKeyExchange: in clear up to TLS 1.2),
// and Node's full handshake. Slow is not silent: a server that answers late is measured (the patient
// probe waits up to --timeout) and reported here, not as a missing ServerHello.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Evidence, Finding, Severity } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type {
  FullHandshakeObservation,
  HelloObservation,
  TcpObservation,
} from '../../../model/observations/probe.js';
import { helloEvidence } from '../../handshake-analysis.js';

/**
 * How long a step may take before clients notice, fastest answer first. A handshake over 10 s
 * exceeds common client limits (Go's net/http DefaultTransport TLSHandshakeTimeout: 10 s; many
 * health checks give up after 5 s); over 3 s users see a stall; over 1 s it costs every new connection.
 */
export const SLOW_STEPS: ReadonlyArray<{ ms: number; severity: Severity }> = [
  { ms: 10_000, severity: 'blocker' },
  { ms: 3_000, severity: 'medium' },
  { ms: 1_000, severity: 'low' },
];

const meta: RuleMeta = {
  id: 'handshake.slow',
  emits: ['handshake.slow'],
  title: 'Slow handshake: the server answers, but late',
  scenario: 'handshake',
  severity: 'medium',
  needs: ['probe.hello'],
  uses: ['probe.tcp', 'probe.full-handshake'],
  references: [
    'RFC 8446 §2 (the handshake: ClientHello, ServerHello … Finished)',
    'Go net/http DefaultTransport TLSHandshakeTimeout (10 s)',
    'WinHttpSetTimeouts (Microsoft docs)',
  ],
  fix: {
    steps: [
      'Find which step is slow (below): a slow TCP connect points to the network or an overloaded accept queue; a late ServerHello to the TLS terminator (CPU, a full worker pool, a slow private-key store such as an HSM or a network key vault, blocking DNS or OCSP lookups before it answers); a slow certificate step to the certificate/key operations.',
      'Check the load of the server or TLS terminator (CPU, worker/thread pools) at the time of the test, and the same test from a machine next to it: if it is fast there, a device on the path (proxy, IPS, TLS inspection) adds the delay.',
      'nginx: check `worker_processes`/`worker_connections`, `ssl_stapling` with an unreachable OCSP responder, and `resolver` timeouts; Apache: MaxRequestWorkers and `SSLStaplingResponderTimeout`; IIS/HTTP.sys: CPU of lsass.exe (SChannel runs the key operations there) and the SChannel/CAPI2 event logs.',
    ],
    commands: [
      { platform: 'linux', command: 'ss -ltn' },
      { platform: 'windows-powershell', command: 'Get-Counter "\\Processor(_Total)\\% Processor Time"' },
    ],
  },
  confidence: 'certain',
  description:
    'Every answer the server gave took long: the handshake works, but each new connection waits. Clients with a handshake or connect timeout below that delay fail (Go programs after 10 s by default, many health checks and load balancer probes after a few seconds); browsers show a spinning page. The finding names the slow step: TCP connect, the first byte of the ServerHello, the certificate flight, or the full handshake.',
};

const ANSWERS = new Set(['server-hello', 'hello-retry', 'alert']);

function severityOf(ms: number): Severity | undefined {
  return SLOW_STEPS.find((s) => ms >= s.ms)?.severity;
}

function evaluate(set: ObservationSet): Finding[] {
  const hellos = set.of<HelloObservation>('probe.hello');
  const answered = hellos.filter(
    (h) => ANSWERS.has(h.outcome.status) && h.outcome.timings.firstByteMs !== undefined,
  );
  if (answered.length === 0) return [];
  // the fastest of each step: a step is slow only when even its best time is slow (one probe
  // delayed by a loaded client machine proves nothing)
  const fastest = (xs: HelloObservation[], f: (h: HelloObservation) => number | undefined) =>
    xs
      .map((h) => ({ h, ms: f(h) }))
      .filter((x): x is { h: HelloObservation; ms: number } => x.ms !== undefined)
      .sort((a, b) => a.ms - b.ms)[0];
  const connect = fastest(hellos, (h) => h.outcome.timings.connectMs);
  const first = fastest(answered, (h) => h.outcome.timings.firstByteMs);
  // TLS ≤ 1.2 flights read to ServerHelloDone: what came after the first byte is the certificate step
  const flight = fastest(
    answered.filter((h) => (h.outcome.certificates?.length ?? 0) > 0),
    (h) => {
      const t = h.outcome.timings;
      return t.connectMs !== undefined && t.firstByteMs !== undefined
        ? t.totalMs - t.connectMs - t.firstByteMs
        : undefined;
    },
  );
  const full = set.of<FullHandshakeObservation>('probe.full-handshake')[0];
  const steps: Array<{ step: string; ms: number; evidence: Evidence }> = [];
  const tcp = set.of<TcpObservation>('probe.tcp').find((t) => t.state === 'open');
  if (connect && connect.ms >= SLOW_STEPS.at(-1)!.ms)
    steps.push({
      step: 'TCP connect',
      ms: connect.ms,
      evidence: {
        from: tcp?.from ?? connect.h.from,
        text: `the fastest TCP connect of ${hellos.length} took ${Math.round(connect.ms)} ms`,
      },
    });
  if (first && first.ms >= SLOW_STEPS.at(-1)!.ms)
    steps.push({
      step: 'first byte of the ServerHello',
      ms: first.ms,
      evidence: {
        ...helloEvidence(first.h, `the fastest of ${answered.length} answers`),
        text: `${helloEvidence(first.h, `the fastest of ${answered.length} answers`).text}; its first byte came ${Math.round(first.ms)} ms after the ClientHello`,
      },
    });
  if (flight && flight.ms >= SLOW_STEPS.at(-1)!.ms)
    steps.push({
      step: 'certificate (the rest of the first flight)',
      ms: flight.ms,
      evidence: {
        from: flight.h.from,
        text: `after the ServerHello, the Certificate and the rest of the flight took ${Math.round(flight.ms)} ms more`,
      },
    });
  if (steps.length === 0) return [];
  const fullEvidence: Evidence[] =
    full?.result.ok === true
      ? [
          {
            from: full.from,
            text: `Node's full handshake (${full.result.protocol ?? 'TLS'}) took ${Math.round(full.result.durationMs)} ms`,
          },
        ]
      : [];
  const total = full?.result.ok === true ? full.result.durationMs : steps.reduce((n, s) => n + s.ms, 0);
  const worst = [...steps].sort((a, b) => b.ms - a.ms)[0]!;
  const severity = severityOf(Math.max(total, worst.ms)) ?? 'low';
  const origin = hellos[0]!.from.origin;
  return [
    finding(meta, {
      severity,
      summary: `${origin} answers, but slowly: the slowest step is the ${worst.step} (${seconds(worst.ms)})${full?.result.ok === true ? `, and a full handshake takes ${seconds(full.result.durationMs)}` : ''}.${severity === 'blocker' ? ' That exceeds common client handshake timeouts (10 s): many clients give up before it completes.' : ' Clients with a shorter handshake or connect timeout fail; the rest wait on every new connection.'}`,
      evidence: [...steps.map((s) => s.evidence), ...fullEvidence],
      codes: ['ERR_TIMED_OUT'],
    }),
  ];
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export const rule = defineRule({ meta, evaluate });
