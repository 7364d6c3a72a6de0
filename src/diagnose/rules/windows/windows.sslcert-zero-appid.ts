// An HTTP.sys SSL binding whose Application ID is the all-zero GUID: HTTP.sys cannot attribute the
// binding to an owner and HTTPS on that endpoint fails (Microsoft Learn: "Netsh http commands", add sslcert appid).
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { SslCertBindingObservation } from '../../../model/observations/windows.js';
import { bindingSelector, rebindCommands, THUMBPRINT_PLACEHOLDER } from './shared/fix-commands.js';
import { ev } from './shared/support.js';
import { ZERO_GUID } from '../../../windows/text.js';

const meta: RuleMeta = {
  id: 'windows.sslcert-zero-appid',
  title: 'HTTP.sys SSL binding has an all-zero Application ID',
  scenario: 'windows-binding',
  severity: 'blocker',
  needs: ['windows.sslcert-binding'],
  references: ['https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http'],
  fix: {
    steps: [
      'Delete the binding and add it again with the IIS Application ID {4dc3e181-e14b-4a21-b022-59fc669b0914} (or your application’s own GUID).',
      'Restart IIS (iisreset) or the service that owns the endpoint.',
    ],
  },
  description:
    'Reads `netsh http show sslcert`. A binding added by a script with `appid={00000000-0000-0000-0000-000000000000}` (or a broken installer) leaves HTTP.sys with a binding no application owns; handshakes on that endpoint are reset.',
};

function evaluate(obs: ObservationSet): Finding[] {
  return obs
    .of<SslCertBindingObservation>('windows.sslcert-binding')
    .filter((b) => b.appId === ZERO_GUID)
    .map((b) => {
      const sel = bindingSelector(b);
      return finding(meta, {
        summary: `The HTTP.sys binding for ${b.endpoint} has Application ID ${ZERO_GUID}; HTTPS on ${b.endpoint} fails until it is re-added with a real application ID.`,
        evidence: [ev(b, `${b.endpoint}: Application ID : ${ZERO_GUID}`, b.fieldLines['Application ID'])],
        fix: {
          steps: meta.fix.steps,
          commands: rebindCommands(
            sel,
            b.certHash || THUMBPRINT_PLACEHOLDER,
            undefined,
            (b.certStoreName && b.certStoreName !== '(null)' ? b.certStoreName : 'MY').toUpperCase(),
          ),
        },
      });
    });
}

export const rule = defineRule({ meta, evaluate });
