// SChannel 36871 "A fatal error occurred while creating an SSL/TLS server credential. The internal
// error state is N.": Schannel could not build the credential it needs for any handshake. State
// 10013 is the well-known one: no protocol or suite the caller asked for is enabled (a registry
// that disabled everything the application requests). Without a state (Windows 2000/2003 text) the
// certificate or its key is the usual cause (KB Q261655: a certificate imported without a usable key).
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { EventObservation } from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.credential-creation-failed',
  title: 'Schannel cannot create its TLS credential (SChannel 36871)',
  scenario: 'windows-events',
  severity: 'blocker',
  confidence: 'likely',
  needs: ['windows.event'],
  references: [
    'https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings',
    'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/troubleshooting-ssl-related-issues-server-certificate',
    'KB Q261655',
  ],
  fix: {
    steps: [
      'State 10013: a protocol or suite the application needs is disabled. Compare SCHANNEL\\Protocols and the cipher-suite policy with what the application asks for (e.g. TLS 1.2 enabled for the server side).',
      'Otherwise check the bound certificate: certutil -store my <thumbprint> must list its key and end with "Encryption test passed"; re-import the PFX with its private key if not.',
    ],
  },
  description:
    'Reads SChannel 36871. With internal state 10013 the protocol and suite configuration is the cause; without a state, the certificate or its key.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const evs = obs
    .of<EventObservation>('windows.event')
    .filter((e) => e.provider === 'Schannel' && e.eventId === 36871);
  if (evs.length === 0) return [];
  const states = [
    ...new Set(evs.map((e) => e.data['ErrorStatus'] ?? e.data['ErrorState']).filter((s): s is string => !!s)),
  ];
  const configState = states.includes('10013');
  return [
    finding(meta, {
      confidence: configState ? 'certain' : 'likely',
      summary: configState
        ? `Schannel could not create its TLS credential ${evs.length} time(s) (SChannel 36871, state 10013): no protocol or cipher suite the application asks for is enabled, so those handshakes cannot start.`
        : `Schannel could not create its TLS credential ${evs.length} time(s) (SChannel 36871${states.length ? `, state ${states.join('/')}` : ''}): the certificate or its private key is unusable, or the protocols it needs are disabled.`,
      evidence: evs
        .slice(0, 3)
        .map((e) =>
          ev(
            e,
            `Schannel 36871 at ${e.time ?? '?'}${e.data['Type'] ? ` (${e.data['Type']} credential)` : ''}${e.data['ErrorStatus'] ? `, state ${e.data['ErrorStatus']}` : ''}`,
          ),
        ),
      fix: {
        steps: configState ? [meta.fix.steps[0]!] : [...meta.fix.steps].reverse(),
        commands: [
          {
            platform: 'windows-cmd',
            command:
              'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols" /s',
          },
          { platform: 'windows-cmd', command: 'certutil -store my' },
        ],
      },
      codes: ['36871', ...states],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
