// The missing Server Hello: every ClientHello we tried got silence, a reset or a close.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { Version } from '../../../wire/index.js';
import { analyze, helloEvidence, NO_ANSWER, probeWhere } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'handshake.no-server-hello',
  title: 'No ServerHello: the server (or something in front of it) drops every handshake',
  scenario: 'handshake',
  severity: 'blocker',
  confidence: 'likely',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: [
    'ERR_CONNECTION_RESET',
    'ERR_SSL_PROTOCOL_ERROR',
    'SChannel event 36874 / 36888',
    'RFC 8446 §4.1.3',
  ],
  fix: {
    steps: [
      'On a Windows server, look at the System log for SChannel events 36870 (private key unreadable), 36874 (no common cipher), 36888 (fatal alert) at the time of the test; run `tlsdoctor windows collect` and `tlsdoctor windows analyze`.',
      'Check that the TLS protocols clients use are enabled server-side (SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1; nginx ssl_protocols; Apache SSLProtocol).',
      'Check the certificate binding: HTTP.sys `netsh http show sslcert` must show a certificate hash and application ID for this IP:port or host name:port.',
      'Check for a firewall, proxy, IPS or load balancer on the path, and for a third-party program listening on the port (netstat -anob).',
    ],
    commands: [
      {
        platform: 'windows-cmd',
        command: 'wevtutil qe System /q:"*[System[Provider[@Name=\'Schannel\']]]" /c:20 /rd:true /f:text',
      },
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
      { platform: 'windows-cmd', command: 'netstat -anob' },
    ],
  },
  description:
    'Every ClientHello (every version alone, every client profile, with and without SNI, small and large) was followed by silence, a TCP reset or a close, never a ServerHello or an alert. The server accepted the TCP connection, so something refuses the TLS handshake without saying why: a server that cannot use its certificate key (SChannel 36870), all protocols disabled, no common cipher (some stacks reset instead of alerting), a third-party program on the port, or a middlebox.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  if (a.hellos.length === 0 || a.anyAnswered) return [];
  if (!a.hellos.every((h) => NO_ANSWER.has(h.outcome.status))) return [];
  const counts = new Map<string, number>();
  for (const h of a.hellos) counts.set(h.outcome.status, (counts.get(h.outcome.status) ?? 0) + 1);
  const [top] = [...counts].sort((x, y) => y[1] - x[1]);
  const how =
    top![0] === 'timeout'
      ? 'silence (no byte back)'
      : top![0] === 'reset'
        ? 'a TCP reset'
        : 'a close (FIN) without a byte';
  const sample = [
    { profile: 'chrome-current' },
    { version: Version.TLS12, suiteBundle: 0 },
    { size: 'small' as const },
    { sni: 'none' as const },
  ]
    .map((want) => probeWhere(a, want))
    .filter((h) => h !== undefined);
  return [
    finding(meta, {
      summary: `${a.hellos[0]!.from.origin} accepts TCP but answers every ClientHello (${a.hellos.length} tried: all versions, all client profiles, with and without SNI) with ${how}: no ServerHello ever comes.`,
      evidence: [
        ...sample.map((h) => helloEvidence(h)),
        { from: a.hellos[0]!.from, text: [...counts].map(([k, n]) => `${n}× ${k}`).join(', ') },
        ...(a.http?.result.status === 'ok'
          ? [
              {
                from: a.hellos[0]!.from,
                text: `plain HTTP works (${a.http.url} → HTTP ${a.http.result.httpStatus}): the host is up, only the TLS side refuses`,
              },
            ]
          : []),
      ],
      codes: ['ERR_CONNECTION_RESET', 'ERR_SSL_PROTOCOL_ERROR', 'ERR_CONNECTION_CLOSED'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
