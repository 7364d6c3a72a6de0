// HttpEvent 15300 "SSL Certificate Settings deleted for Port : 0.0.0.0:443 .": an HTTP.sys binding
// was removed. When it happens by itself (a site restarting, an installer, a script), HTTPS on
// that endpoint stops until the binding is added back. A known cause on IIS 7.x: the legacy
// metabase property 5506 under <customMetadata> in applicationHost.config rewrites the binding.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { EventObservation, SslCertBindingObservation } from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.httpsys-binding-deleted',
  title: 'An HTTP.sys certificate binding was deleted (HttpEvent 15300)',
  scenario: 'windows-events',
  severity: 'medium',
  needs: ['windows.event'],
  uses: ['windows.sslcert-binding'],
  references: [
    'https://learn.microsoft.com/archive/blogs/saurabh_singh/ssl-bindings-are-randomly-getting-deleted-for-a-website-with-error-ssl-certificate-settings-deleted-for-port-x-x-x-x443-in-the-event-logs-iis-7-07-5',
  ],
  fix: {
    steps: [
      'netsh http show sslcert: check that the endpoint still has its binding; add it back (IIS Manager ▸ Bindings ▸ select the certificate) if not.',
      'If it keeps disappearing on IIS 7.x: look in applicationHost.config for <customMetadata> <key path="LM/W3SVC/<id>"> with property id 5506 (the legacy certificate hash) and remove it.',
    ],
  },
  description:
    'Reads HttpEvent 15300. Reported as a warning: it is a fault only when nobody meant to delete the binding; when the sslcert listing read shows no binding for the endpoint any more, the summary says so.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const evs = obs.of<EventObservation>('windows.event').filter((e) => e.eventId === 15300);
  if (evs.length === 0) return [];
  const bindings = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const eps = [...new Set(evs.map((e) => e.data['Endpoint'] ?? 'an endpoint'))];
  return eps.map((endpoint) => {
    const list = evs.filter((e) => (e.data['Endpoint'] ?? 'an endpoint') === endpoint);
    const still = bindings.some((b) => b.endpoint.toLowerCase() === endpoint.toLowerCase());
    return finding(meta, {
      subject: endpoint,
      summary: `The HTTP.sys certificate binding for ${endpoint} was deleted ${list.length} time(s) (HttpEvent 15300)${bindings.length > 0 ? (still ? '; the sslcert listing read shows it again' : '; the sslcert listing read has no binding for it: HTTPS there fails until it is added back') : ''}.`,
      evidence: list.slice(0, 3).map((e) => ev(e, `HttpEvent 15300 at ${e.time ?? '?'} for ${endpoint}`)),
      fix: {
        steps: meta.fix.steps,
        commands: [
          { platform: 'windows-cmd', command: 'netsh http show sslcert' },
          {
            platform: 'windows-cmd',
            command: 'findstr /n "5506" %windir%\\System32\\inetsrv\\config\\applicationHost.config',
          },
        ],
      },
      codes: ['15300'],
    });
  });
}

export const rule = defineRule({ meta, evaluate });
