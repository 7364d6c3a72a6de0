// The host name does not resolve: nothing else can be tested.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { DnsObservation } from '../../../model/observations/probe.js';

const meta: RuleMeta = {
  id: 'dns.resolution-failed',
  title: 'Host name does not resolve',
  scenario: 'dns',
  severity: 'blocker',
  needs: ['probe.dns'],
  references: ['RFC 1034', 'ERR_NAME_NOT_RESOLVED'],
  fix: {
    steps: [
      'Check the spelling of the host name.',
      'Check that the DNS zone has an A and/or AAAA record for it.',
      'Test from the client: nslookup / Resolve-DnsName / dig.',
    ],
    commands: [
      { platform: 'windows-cmd', command: 'nslookup <host>' },
      { platform: 'powershell', command: 'Resolve-DnsName <host>' },
      { platform: 'shell', command: 'dig +short A <host>; dig +short AAAA <host>' },
    ],
  },
  description:
    'The name in the URL has no A/AAAA record (or the resolver failed). Browsers show ERR_NAME_NOT_RESOLVED; this is not a TLS problem.',
};

function evaluate(set: ObservationSet): Finding[] {
  return set
    .of<DnsObservation>('probe.dns')
    .filter((d) => d.status === 'failed' || d.addresses.length === 0)
    .map((d) =>
      finding(meta, {
        summary: `${d.host} does not resolve to any address: this is a DNS problem, not a TLS one.`,
        evidence: [{ from: d.from, text: d.error ?? 'no A/AAAA records' }],
        fix: {
          ...meta.fix,
          commands: meta.fix.commands!.map((c) => ({ ...c, command: c.command.replace(/<host>/g, d.host) })),
        },
        codes: ['ERR_NAME_NOT_RESOLVED'],
      }),
    );
}

export const rule = defineRule({ meta, evaluate });
