// Nothing listens on the HTTPS port (or a firewall actively rejects): connection refused.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { TcpObservation } from '../../../model/observations/probe.js';

const meta: RuleMeta = {
  id: 'tcp.port-closed',
  title: 'Nothing accepts connections on the HTTPS port',
  scenario: 'tcp',
  severity: 'blocker',
  needs: ['probe.tcp'],
  references: ['ERR_CONNECTION_REFUSED'],
  fix: {
    steps: [
      'On the server, check that the web server runs and listens on this port (IIS: the site has an https binding and is started; nginx/Apache: a listen … ssl directive).',
      'Check which process (if any) holds the port, and that no host firewall rejects it.',
    ],
    commands: [
      { platform: 'windows-cmd', command: 'netstat -ano | findstr /c:":<port> "' },
      { platform: 'windows-cmd', command: 'netsh http show sslcert' },
      { platform: 'shell', command: "ss -ltnp 'sport = :<port>'" },
    ],
  },
  description:
    'The TCP connection was refused (RST to the SYN): no process listens on the port, or a firewall rejects. No TLS was attempted.',
};

function evaluate(set: ObservationSet): Finding[] {
  const all = set.of<TcpObservation>('probe.tcp');
  // another address of the same name works: clients that pick this one fail (some of the time)
  const partial = all.some((t) => t.state === 'open');
  return all
    .filter((t) => t.state === 'refused')
    .map((t) =>
      finding(meta, {
        ...(partial
          ? { severity: 'high' as const, title: `${meta.title} on one of the site's addresses` }
          : {}),
        summary: `${partial ? `One of the ${all.length} addresses of the name fails: ` : ''}${t.from.origin} refuses TCP connections: nothing listens on port ${t.port} (or a firewall rejects them).`,
        evidence: [{ from: t.from, text: t.error ?? 'connection refused' }],
        fix: {
          ...meta.fix,
          commands: meta.fix.commands!.map((c) => ({
            ...c,
            command: c.command.replace(/<port>/g, String(t.port)),
          })),
        },
        codes: ['ERR_CONNECTION_REFUSED', 'ECONNREFUSED'],
      }),
    );
}

export const rule = defineRule({ meta, evaluate });
