// SChannel 36888 "A fatal alert was generated and sent to the remote endpoint … The TLS protocol
// defined fatal error code is N. The Windows SChannel error state is S.": Schannel refused a peer.
// Alert 40 with state 1205/1207 (no common suite) is windows.no-common-cipher-event's; 10 and 0
// are what scanners and closing peers cause and say nothing about real clients.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { EventObservation } from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';
import { SENT, alertLabel, alertOf, peerOf } from './shared/schannel-alerts.js';

const meta: RuleMeta = {
  id: 'windows.alert-sent',
  title: 'Schannel refuses peers with a fatal alert (SChannel 36888)',
  scenario: 'windows-events',
  severity: 'medium',
  needs: ['windows.event'],
  references: [
    'https://learn.microsoft.com/windows/win32/secauthn/schannel-error-codes-for-tls-and-ssl-alerts',
    'RFC 8446 §6.2',
    'IANA TLS Alerts registry',
  ],
  fix: {
    steps: [
      'Find the peers: the IIS/HTTP.sys logs at the event time give their addresses; a capture shows their offer.',
    ],
  },
  description:
    'Reads SChannel 36888 (a fatal alert this machine sent). Alert 70 (protocol_version) is a protocol version mismatch with the clients; 112 a missing SNI binding; 80 points at the credential (36870/36871). Alert 40 with state 1205/1207 belongs to windows.no-common-cipher-event; alert 10 and closing alerts are left out (scanners).',
};

const QUIET = new Set([0, 10, 90]);

function evaluate(obs: ObservationSet): Finding[] {
  const events = obs.of<EventObservation>('windows.event');
  // alert 80 beside 36870/36871 is their consequence: those rules name the cause
  const credentialEvents = events.some(
    (e) => e.provider === 'Schannel' && (e.eventId === 36870 || e.eventId === 36871),
  );
  const byAlert = new Map<number, EventObservation[]>();
  for (const e of events) {
    if (e.provider !== 'Schannel' || e.eventId !== 36888) continue;
    const a = alertOf(e);
    if (a === undefined || QUIET.has(a) || (a === 80 && credentialEvents)) continue;
    const state = e.data['ErrorState'];
    if (a === 40 && (state === '1205' || state === '1207')) continue;
    byAlert.set(a, [...(byAlert.get(a) ?? []), e]);
  }
  const out: Finding[] = [];
  for (const [alert, evs] of [...byAlert].sort((x, y) => x[0] - y[0])) {
    const m = SENT[alert];
    const peers = [...new Set(evs.map(peerOf).filter((p): p is string => p !== undefined))];
    const states = [...new Set(evs.map((e) => e.data['ErrorState']).filter((s): s is string => !!s))];
    out.push(
      finding(meta, {
        subject: `alert ${alert}`,
        summary: `Schannel sent fatal alert ${alertLabel(alert)} ${evs.length} time(s) (SChannel 36888${states.length ? `, state ${states.join('/')}` : ''}): ${m?.means ?? 'an alert with no documented meaning for this direction'}${peers.length ? ` (${peers.slice(0, 3).join('; ')})` : ''}.`,
        evidence: evs
          .slice(0, 3)
          .map((e) =>
            ev(
              e,
              `Schannel 36888 at ${e.time ?? '?'}: fatal alert ${alertLabel(alert)} sent${e.data['ErrorState'] ? `, state ${e.data['ErrorState']}` : ''}${peerOf(e) ? `, ${peerOf(e)}` : ''}`,
            ),
          ),
        fix: {
          steps: [...(m ? [m.step] : []), ...meta.fix.steps],
          commands:
            alert === 70
              ? [
                  {
                    platform: 'windows-cmd',
                    command:
                      'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols" /s',
                  },
                ]
              : [
                  {
                    platform: 'powershell',
                    command:
                      "Get-WinEvent -FilterHashtable @{LogName='System'; ProviderName='Schannel'; Id=36888} -MaxEvents 50 | Format-List TimeCreated, Message",
                  },
                ],
        },
        codes: ['36888', `alert ${alert}`],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
