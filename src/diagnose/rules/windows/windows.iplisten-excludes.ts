// `netsh http show iplisten` non-empty: HTTP.sys listens only on those addresses. A site bound to
// another address (or to * and reached on another address) is unreachable; HttpEvent 15005 says
// HTTP.sys could not bind a listed address that is not on the box.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  EventObservation,
  IisBindingObservation,
  IpListenObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.iplisten-excludes',
  title: 'HTTP.sys IP listen list excludes the site’s address',
  scenario: 'windows-binding',
  severity: 'blocker',
  needs: ['windows.iplisten'],
  uses: ['windows.event', 'windows.iis-binding', 'windows.sslcert-binding'],
  references: [
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
    'HttpEvent 15005',
  ],
  fix: {
    steps: [
      'Normally the list is empty (HTTP.sys listens on every address). Delete the entries, or add the site’s address.',
      'Restart HTTP.sys: net stop http /y, then net start w3svc (or reboot).',
    ],
  },
  description:
    'A non-empty IP listen list (`netsh http show iplisten`, registry `HTTP\\Parameters\\ListenOnlyList`) restricts HTTP.sys to those addresses. Sites bound to another address get connection refused; listed addresses that are not on the machine give HttpEvent 15005.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const lists = obs.of<IpListenObservation>('windows.iplisten').filter((l) => l.addresses.length > 0);
  if (lists.length === 0) return [];
  const list = lists[0]!;
  const allowed = new Set(list.addresses.map((a) => a.toLowerCase()));
  const iis = obs.of<IisBindingObservation>('windows.iis-binding');
  const ipports = obs
    .of<SslCertBindingObservation>('windows.sslcert-binding')
    .filter((s) => s.keyType === 'ipport' && s.address && s.address !== '0.0.0.0' && s.address !== '::');
  const excluded = [
    ...new Set([...iis.filter((b) => b.ip !== '*').map((b) => b.ip), ...ipports.map((s) => s.address!)]),
  ].filter((a) => !allowed.has(a));
  const wildcard = iis.filter((b) => b.ip === '*');
  const ev15005 = obs.of<EventObservation>('windows.event').filter((e) => e.eventId === 15005);
  const evidence = [
    ev(list, `IP listen list: ${list.addresses.join(', ')}`),
    ...iis
      .filter((b) => excluded.includes(b.ip))
      .map((b) => ev(b, `site '${b.site}' binds ${b.bindingInformation}`)),
    ...ev15005
      .slice(0, 3)
      .map((e) =>
        ev(
          e,
          `HttpEvent 15005 at ${e.time ?? '?'}: unable to bind ${e.data['Endpoint'] ?? e.data['param1'] ?? 'an address'}`,
        ),
      ),
  ];
  const commands = [
    ...list.addresses.map((a) => ({
      platform: 'windows-cmd',
      command: `netsh http delete iplisten ipaddress=${a}`,
    })),
    { platform: 'windows-cmd', command: 'net stop http /y' },
    { platform: 'windows-cmd', command: 'net start w3svc' },
  ];
  let summary: string;
  let severity: Finding['severity'] = 'blocker';
  let confidence: Finding['confidence'] = 'certain';
  if (excluded.length > 0)
    summary = `HTTP.sys listens only on ${list.addresses.join(', ')}, so ${excluded.join(', ')} (used by the https bindings) get no listener: connections are refused.`;
  else if (wildcard.length > 0) {
    summary = `HTTP.sys listens only on ${list.addresses.join(', ')}; sites bound to all addresses (${wildcard.map((b) => b.bindingInformation).join(', ')}) are unreachable on every other address of the machine.`;
    severity = 'high';
    confidence = 'likely';
  } else if (iis.length > 0 && ev15005.length === 0) {
    return []; // every site address is listed: restrictive but working
  } else {
    summary = `HTTP.sys listens only on ${list.addresses.join(', ')} (the list is normally empty); any site on another address is unreachable.`;
    severity = ev15005.length > 0 ? 'high' : 'medium';
    confidence = 'possible';
  }
  return [
    finding(meta, {
      summary,
      severity,
      confidence,
      evidence,
      fix: { steps: meta.fix.steps, commands },
      codes: ['ERR_CONNECTION_REFUSED', '15005'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
