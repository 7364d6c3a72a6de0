// HTTPS fails and plain HTTP fails too: the problem is not TLS-specific.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, NO_ANSWER } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'http.site-down',
  title: 'The site does not work over plain HTTP either',
  scenario: 'http',
  severity: 'blocker',
  needs: ['probe.http'],
  uses: ['probe.hello', 'diagnose.context', 'probe.full-handshake', 'probe.tcp'],
  references: ['Troubleshooting: first check whether the site works over HTTP'],
  fix: {
    steps: [
      'Treat this as a site/network outage, not a certificate or TLS problem: check that the web server and the site are running, and the network path (firewalls, load balancer) to the server.',
      'Once plain HTTP works, run tlsdoctor again for the HTTPS part.',
    ],
    commands: [
      { platform: 'windows-cmd', command: 'netstat -ano | findstr /c:":80 " /c:":443 "' },
      { platform: 'powershell', command: 'Get-Website | Select-Object Name, State, Bindings' },
    ],
  },
  description:
    'The HTTPS port gives no TLS answer and the plain-HTTP port fails as well (refused, timeout, reset). When the HTTPS port does not even accept TCP, look at the server and the network first: the TLS configuration is not (yet) the suspect (blocker). When the HTTPS port accepts TCP, a server is there and the TLS finding comes first: a closed HTTP port is context (info; many HTTPS-only servers have none), a silent or resetting one is low.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  if (!a.http || a.http.result.status === 'ok') return [];
  // HTTPS is down when nothing answers TLS: port not open, or every hello met silence/reset/close
  // (an alert or a non-TLS answer means a server is there: that is a TLS problem, not an outage)
  const httpsDown =
    (a.tcp && a.tcp.state !== 'open') ||
    (a.hellos.length > 0 && a.hellos.every((h) => NO_ANSWER.has(h.outcome.status)));
  if (!httpsDown) return [];
  // The HTTPS port accepts TCP: a server is there, and what it does with the hello is the finding.
  // Plain HTTP failing beside it is context — many HTTPS-only servers have no port 80 at all.
  const httpsPortOpen = a.tcp?.state === 'open';
  if (httpsPortOpen)
    return [
      finding(meta, {
        severity: a.http.result.status === 'refused' ? 'info' : 'low',
        summary:
          a.http.result.status === 'refused'
            ? `Nothing listens for plain HTTP at ${a.http.url} (many HTTPS-only servers have no HTTP port); the HTTPS port accepts TCP, so the failure is on the TLS side.`
            : `Plain HTTP fails too (${a.http.url}: ${a.http.result.status}), but the HTTPS port accepts TCP: look at the TLS side first, then at what blocks plain HTTP.`,
        evidence: [
          {
            from: a.http.from,
            text: `${a.http.url} → ${a.http.result.status}${a.http.result.error ? ` (${a.http.result.error})` : ''}`,
          },
          { from: a.tcp!.from, text: `HTTPS port: TCP open` },
        ],
      }),
    ];
  return [
    finding(meta, {
      summary: `HTTPS fails and plain HTTP fails too (${a.http.url}: ${a.http.result.status}): the problem is not TLS-specific — check the server and the network path first.`,
      evidence: [
        {
          from: a.http.from,
          text: `${a.http.url} → ${a.http.result.status}${a.http.result.error ? ` (${a.http.result.error})` : ''}`,
        },
        ...(a.tcp ? [{ from: a.tcp.from, text: `HTTPS port: TCP ${a.tcp.state}` }] : []),
      ],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
