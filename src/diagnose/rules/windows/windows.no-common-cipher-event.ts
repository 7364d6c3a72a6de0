// Schannel 36874 ("none of the cipher suites supported by the client application are supported by
// the server") and 36888 with alert 40 / state 1205: clients and server share no suite or
// version. Tied to windows.no-modern-suites / only-legacy-protocols when those fire.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { EventObservation } from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.no-common-cipher-event',
  title: 'Clients were rejected for lack of a common cipher suite (event 36874)',
  scenario: 'windows-events',
  severity: 'high',
  confidence: 'likely',
  needs: ['windows.event'],
  references: [
    'Schannel 36874',
    'Schannel 36888 alert 40 state 1205',
    'https://learn.microsoft.com/windows/win32/secauthn/schannel-error-codes-for-tls-and-ssl-alerts',
  ],
  fix: {
    steps: [
      'Compare the server’s suite list (Get-TlsCipherSuite, the GPO SSL Cipher Suite Order) with what the failing clients offer.',
      'Bursts from one address with state 1203/1205 are often vulnerability scanners: check the client before changing the server.',
    ],
  },
  description:
    'Reads SChannel 36874 (with the protocol the client used) and 36888 alert 40 / state 1205. Real clients failing this way point at a server suite list that is too narrow (see windows.no-modern-suites) or a certificate key type no enabled suite can use.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const all = obs.of<EventObservation>('windows.event').filter((e) => e.provider === 'Schannel');
  const e36874 = all.filter((e) => e.eventId === 36874);
  const e1205 = all.filter(
    (e) =>
      e.eventId === 36888 &&
      e.data['AlertDesc'] === '40' &&
      (e.data['ErrorState'] === '1205' || e.data['ErrorState'] === '1207'),
  );
  if (e36874.length === 0 && e1205.length === 0) return [];
  const protos = [...new Set(e36874.map((e) => e.data['Protocol']).filter((p): p is string => !!p))];
  return [
    finding(meta, {
      confidence: e36874.length > 0 ? 'certain' : 'likely',
      summary: `Schannel rejected clients for lack of a common cipher suite: ${e36874.length} event(s) 36874${protos.length ? ` (clients using ${protos.join(', ')})` : ''}${e1205.length ? ` and ${e1205.length} alert-40/state-1205 event(s) 36888` : ''}.`,
      evidence: [
        ...e36874
          .slice(0, 3)
          .map((e) =>
            ev(
              e,
              `Schannel 36874 at ${e.time ?? '?'}${e.data['Protocol'] ? ` (${e.data['Protocol']})` : ''}`,
            ),
          ),
        ...e1205
          .slice(0, 2)
          .map((e) => ev(e, `Schannel 36888 at ${e.time ?? '?'}: alert 40, state ${e.data['ErrorState']}`)),
      ],
      fix: {
        steps: meta.fix.steps,
        commands: [
          { platform: 'powershell', command: 'Get-TlsCipherSuite | Format-Table Name' },
          {
            platform: 'windows-cmd',
            command:
              'reg query "HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002"',
          },
        ],
      },
      codes: ['36874', 'ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SSL_ERROR_NO_CYPHER_OVERLAP'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
