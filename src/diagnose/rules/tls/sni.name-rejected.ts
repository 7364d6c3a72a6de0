// The reverse of sni.required: the server answers hellos without SNI (by IP) but refuses the
// site's own name — it has no binding/certificate configured for that name.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, answered, helloEvidence, sniVariants } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'sni.name-rejected',
  title: 'The server refuses its own host name (works by IP, not by name)',
  scenario: 'sni',
  severity: 'blocker',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: [
    'RFC 6066 §3 (unrecognized_name)',
    'netsh http show sslcert (hostnameport)',
    'IIS site bindings: Host name + Require SNI',
  ],
  fix: {
    steps: [
      'Add a TLS configuration for this host name: IIS — an https binding with this Host name (and "Require Server Name Indication") and a certificate for it, which creates a hostnameport=<name>:443 entry in HTTP.sys; nginx — a server block with this server_name and listen 443 ssl; Apache — a <VirtualHost *:443> with this ServerName.',
      'Check that the name the clients use is spelled exactly as configured (a binding for www.example.com does not cover example.com).',
    ],
    commands: [
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
      {
        platform: 'windows-cmd',
        command:
          'netsh http add sslcert hostnameport=<name>:443 certhash=<thumbprint> appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY',
      },
    ],
  },
  description:
    'A hello without SNI (as when browsing by IP address) gets a ServerHello, but the same hello naming the site gets an alert (unrecognized_name 112 or handshake_failure 40), a reset (HTTP.sys with no hostnameport binding for the name and no IP fallback) or a close (Node/OpenSSL servers whose SNI callback fails): the server has a default configuration but none for this name. Silence for the name only is network.middlebox-suspected instead.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const v = sniVariants(a);
  if (!v.name || !v.none || !a.context?.serverName) return [];
  const st = v.name.outcome.status;
  if (
    answered(v.name.outcome) ||
    !answered(v.none.outcome) ||
    !(st === 'alert' || st === 'reset' || st === 'closed')
  )
    return [];
  const name = a.context.serverName;
  const how =
    st === 'alert'
      ? `alert ${v.name.outcome.alert!.description}`
      : st === 'reset'
        ? 'a TCP reset (as HTTP.sys does for a name with no binding)'
        : 'a close without an answer';
  return [
    finding(meta, {
      summary: `${v.name.from.origin} answers hellos without SNI but refuses the name ${name} with ${how}: there is no TLS configuration for ${name} (it works by IP, not by name).`,
      evidence: [helloEvidence(v.name, 'with SNI'), helloEvidence(v.none, 'without SNI')],
      fix: {
        ...meta.fix,
        commands: meta.fix.commands!.map((c) => ({ ...c, command: c.command.replace('<name>', name) })),
      },
      ...(st === 'alert' ? {} : { confidence: 'likely' as const }),
      codes: ['TLS alert 112', 'ERR_SSL_UNRECOGNIZED_NAME_ALERT', 'SSL_ERROR_UNRECOGNIZED_NAME_ALERT'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
