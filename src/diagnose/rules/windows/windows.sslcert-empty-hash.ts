// A binding with an empty Certificate Hash: HTTP.sys has no certificate to present and resets
// the handshake (often left behind when a certificate was deleted or renewed out of band).
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { EventObservation, SslCertBindingObservation } from '../../../model/observations/windows.js';
import { bindingSelector, rebindCommands, THUMBPRINT_PLACEHOLDER } from './shared/fix-commands.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.sslcert-empty-hash',
  title: 'HTTP.sys SSL binding has no certificate hash',
  scenario: 'windows-binding',
  severity: 'blocker',
  needs: ['windows.sslcert-binding'],
  uses: ['windows.event'],
  references: [
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
    'HttpEvent 15021',
  ],
  fix: {
    steps: [
      'Find the thumbprint of the certificate the site should use: certutil -store my (the "Cert Hash(sha1)" line).',
      'Delete the binding and add it again with that thumbprint, or re-select the certificate in IIS Manager ▸ Site ▸ Bindings ▸ https ▸ Edit.',
    ],
  },
  description:
    'Reads `netsh http show sslcert`. An empty `Certificate Hash` means the endpoint has no certificate: every handshake is reset (browsers show ERR_CONNECTION_RESET / ERR_SSL_PROTOCOL_ERROR). HttpEvent 15021 for the same endpoint is attached as evidence.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const events = obs.of<EventObservation>('windows.event').filter((e) => e.eventId === 15021);
  return obs
    .of<SslCertBindingObservation>('windows.sslcert-binding')
    .filter((b) => b.certHash === '')
    .map((b) => {
      const related = events.filter(
        (e) => e.data['Endpoint'] === b.endpoint || e.data['param1'] === b.endpoint,
      );
      return finding(meta, {
        summary: `The HTTP.sys binding for ${b.endpoint} has an empty Certificate Hash, so HTTP.sys has no certificate to present and resets every handshake on ${b.endpoint}.`,
        evidence: [
          ev(b, `${b.endpoint}: Certificate Hash : (empty)`, b.fieldLines['Certificate Hash']),
          ...related.map((e) =>
            ev(e, `HttpEvent 15021 at ${e.time ?? '?'}: SSL configuration error for endpoint ${b.endpoint}`),
          ),
        ],
        fix: {
          steps: meta.fix.steps,
          commands: rebindCommands(
            bindingSelector(b),
            THUMBPRINT_PLACEHOLDER,
            b.appId && b.appId !== '{00000000-0000-0000-0000-000000000000}' ? b.appId : undefined,
          ),
        },
        codes: ['ERR_CONNECTION_RESET', 'ERR_SSL_PROTOCOL_ERROR', '15021'],
      });
    });
}

export const rule = defineRule({ meta, evaluate });
