// The server answers only hellos that carry its host name (SNI); clients without SNI, or that
// connect by IP address, fail.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, answered, helloEvidence, servedThumbprint, sniVariants } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'sni.required',
  title: 'The server answers only hellos that carry its host name (SNI)',
  scenario: 'sni',
  severity: 'medium',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp', 'x509.certificate'],
  references: [
    'RFC 6066 §3',
    'IIS: Require Server Name Indication',
    'netsh http show sslcert (hostnameport vs ipport)',
  ],
  fix: {
    steps: [
      'Clients that send no SNI (very old clients, some scripts and monitoring probes, connections by IP address) cannot connect. If they must, add a default certificate for connections without SNI.',
      'IIS/HTTP.sys: add an IP-based (or 0.0.0.0:443 / [::]:443) https binding with a certificate in addition to the host-name (SNI) bindings, i.e. a `netsh http add sslcert ipport=0.0.0.0:443 …` entry — or untick "Require Server Name Indication" on one binding.',
      'nginx: mark one server block `listen 443 ssl default_server;` with a certificate; Apache: the first <VirtualHost *:443> is the default.',
    ],
    commands: [
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
      {
        platform: 'windows-cmd',
        command:
          'netsh http add sslcert ipport=0.0.0.0:443 certhash=<thumbprint> appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY',
      },
      { platform: 'nginx', command: 'listen 443 ssl default_server;' },
    ],
  },
  description:
    'A hello with the site name as SNI gets a ServerHello, the same hello without SNI gets an alert (unrecognized_name 112, handshake_failure 40) or a reset. This is how HTTP.sys behaves with only hostname:port (SNI) bindings and no IP-based fallback, and how nginx/Apache behave with strict SNI. Browsers always send SNI, so this matters for old clients, scripts, and "it works by name but not by IP".',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const v = sniVariants(a);
  if (!v.name || !v.none || !a.context?.serverName) return [];
  if (!answered(v.name.outcome) || answered(v.none.outcome)) return [];
  // silence for everything without SNI but a ServerHello with it is still the server's SNI handling;
  // silence only WITH the name is the middlebox rule's business
  return [
    finding(meta, {
      summary: `${v.name.from.origin} answers hellos for ${a.context.serverName} but refuses hellos without SNI (${v.none.outcome.status === 'alert' ? `alert ${v.none.outcome.alert!.description}` : v.none.outcome.status}): clients that send no server name, or connect by IP address, fail.`,
      fix: {
        ...meta.fix,
        commands: meta.fix.commands!.map((c) => ({
          ...c,
          command: c.command.replace('<thumbprint>', servedThumbprint(set) ?? '<thumbprint>'),
        })),
      },
      evidence: [
        helloEvidence(v.name, 'with SNI'),
        helloEvidence(v.none, 'without SNI'),
        ...(v.other ? [helloEvidence(v.other, 'another name')] : []),
      ],
      codes: ['TLS alert 112', 'ERR_SSL_UNRECOGNIZED_NAME_ALERT'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
