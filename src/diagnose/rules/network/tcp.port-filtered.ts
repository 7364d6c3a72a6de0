// The SYN gets no answer at all: a firewall drops it, or the host is down.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { TcpObservation } from '../../../model/observations/probe.js';

const meta: RuleMeta = {
  id: 'tcp.port-filtered',
  title: 'The HTTPS port does not answer (filtered or host down)',
  scenario: 'tcp',
  severity: 'blocker',
  needs: ['probe.tcp'],
  references: ['ERR_CONNECTION_TIMED_OUT'],
  fix: {
    steps: [
      'Check firewalls on the path and on the server (Windows Defender Firewall inbound rule for the port; cloud security groups; network ACLs).',
      'Check that the server is up and that the address is the right one.',
      'From a machine next to the server, test the port: Test-NetConnection / nc.',
    ],
    commands: [
      { platform: 'powershell', command: 'Test-NetConnection <address> -Port <port>' },
      { platform: 'shell', command: 'nc -vz -w 3 <address> <port>' },
    ],
  },
  description:
    'No SYN-ACK and no RST within the connect deadline: the packets are dropped on the way (firewall) or the host is down. Browsers show ERR_CONNECTION_TIMED_OUT.',
};

function evaluate(set: ObservationSet): Finding[] {
  const all = set.of<TcpObservation>('probe.tcp');
  // another address of the same name works: clients that pick this one fail (some of the time)
  const partial = all.some((t) => t.state === 'open');
  return all
    .filter((t) => t.state === 'filtered' || t.state === 'unreachable')
    .map((t) =>
      finding(meta, {
        ...(partial
          ? { severity: 'high' as const, title: `${meta.title} on one of the site's addresses` }
          : {}),
        summary: `${partial ? `One of the ${all.length} addresses of the name fails: ` : ''}${t.from.origin} does not answer TCP connections (${t.state}): a firewall drops them, or the host is down.`,
        evidence: [{ from: t.from, text: t.error ?? t.state }],
        fix: {
          ...meta.fix,
          commands: meta.fix.commands!.map((c) => ({
            ...c,
            command: c.command.replace(/<port>/g, String(t.port)).replace(/<address>/g, t.address),
          })),
        },
        codes: ['ERR_CONNECTION_TIMED_OUT', 'ETIMEDOUT'],
      }),
    );
}

export const rule = defineRule({ meta, evaluate });
