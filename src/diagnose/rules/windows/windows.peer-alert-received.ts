// SChannel 36887 "A fatal alert was received from the remote endpoint. The TLS protocol defined
// fatal alert code is N.": the peer (a client of this server, or a server this machine called)
// gave up on the handshake. That is a fact about those peers and what they make of this server,
// never "healthy"; the alert number says what they objected to.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { EventObservation } from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';
import { RECEIVED, alertLabel, alertOf } from './shared/schannel-alerts.js';

const meta: RuleMeta = {
  id: 'windows.peer-alert-received',
  title: 'Peers abort handshakes with a fatal alert (SChannel 36887)',
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
      'Read the alert number: it says what the peer objected to (certificate, version, suite, integrity).',
      'Find the peers: the IIS/HTTP.sys logs at the event time give their addresses; a capture shows their offer.',
    ],
  },
  description:
    'Reads SChannel 36887 (a fatal alert received from the peer). Grouped by alert number, each with what it means for the clients of this server (or, when this machine was the client, for the servers it called) and what to check.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const byAlert = new Map<number, EventObservation[]>();
  for (const e of obs.of<EventObservation>('windows.event')) {
    if (e.provider !== 'Schannel' || e.eventId !== 36887) continue;
    const a = alertOf(e);
    if (a === undefined || RECEIVED[a]?.benign) continue;
    byAlert.set(a, [...(byAlert.get(a) ?? []), e]);
  }
  const out: Finding[] = [];
  for (const [alert, evs] of [...byAlert].sort((x, y) => x[0] - y[0])) {
    const m = RECEIVED[alert];
    out.push(
      finding(meta, {
        subject: `alert ${alert}`,
        summary: `Peers sent fatal alert ${alertLabel(alert)} ${evs.length} time(s) (SChannel 36887): ${m?.means ?? 'an alert with no documented meaning for this direction'}.`,
        evidence: evs
          .slice(0, 3)
          .map((e) => ev(e, `Schannel 36887 at ${e.time ?? '?'}: fatal alert ${alertLabel(alert)} received`)),
        fix: {
          steps: [...(m ? [m.step] : []), ...meta.fix.steps],
          commands: [
            {
              platform: 'powershell',
              command:
                "Get-WinEvent -FilterHashtable @{LogName='System'; ProviderName='Schannel'; Id=36887} -MaxEvents 50 | Format-List TimeCreated, Message",
            },
          ],
        },
        codes: ['36887', `alert ${alert}`],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
