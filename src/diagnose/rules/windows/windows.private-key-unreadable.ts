// Schannel 36870: "A fatal error occurred when attempting to access the TLS server credential
// private key" — the key file is missing/corrupt (0x80090016 NTE_BAD_KEYSET, 0x8009001a) or the
// identity cannot read it (0x80090010 NTE_PERM, 0x8009030d SEC_E_UNKNOWN_CREDENTIALS).
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { EventObservation } from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.private-key-unreadable',
  title: 'Schannel cannot read the server certificate’s private key (event 36870)',
  scenario: 'windows-events',
  severity: 'blocker',
  confidence: 'likely',
  needs: ['windows.event'],
  references: [
    'Schannel 36870',
    'https://learn.microsoft.com/troubleshoot/windows-server/windows-security/default-permissions-machinekeys-folders',
  ],
  fix: {
    steps: [
      'Certificates MMC (Local Computer) ▸ Personal ▸ the site certificate ▸ All Tasks ▸ Manage Private Keys: give SYSTEM and NETWORK SERVICE (or IIS AppPool\\<pool>) Read.',
      'If certutil -store my <thumbprint> says "Missing stored keyset": certutil -repairstore my <thumbprint>, or re-import the PFX.',
      'Check the MachineKeys folder ACL (%ProgramData%\\Microsoft\\Crypto\\RSA\\MachineKeys): Administrators Full Control, Everyone special (KB 278381).',
    ],
  },
  description:
    'Reads SChannel event 36870 (with its ErrorCode when the export has it). It means the handshake fails because the private key of the server certificate cannot be used.',
};

const CODES: Record<string, string> = {
  '0x80090016': 'NTE_BAD_KEYSET: the key container does not exist (key missing or not linked)',
  '0x8009001a': 'NTE_KEYSET_ENTRY_BAD: the key container is corrupt',
  '0x80090010': 'NTE_PERM: access denied to the key file',
  '0x8009030d': 'SEC_E_UNKNOWN_CREDENTIALS: the key is inaccessible or unsuitable',
};

function evaluate(obs: ObservationSet): Finding[] {
  const evs = obs
    .of<EventObservation>('windows.event')
    .filter((e) => e.provider === 'Schannel' && e.eventId === 36870);
  if (evs.length === 0) return [];
  const codes = [...new Set(evs.map((e) => (e.data['ErrorCode'] ?? '').toLowerCase()).filter(Boolean))];
  const meaning = codes.map((c) => `${c} ${CODES[c] ?? ''}`.trim()).join('; ');
  return [
    finding(meta, {
      confidence: codes.length > 0 ? 'certain' : 'likely',
      summary: `Schannel logged ${evs.length} event(s) 36870${meaning ? ` (${meaning})` : ''}: it cannot use the server certificate’s private key, so handshakes fail.`,
      evidence: evs
        .slice(0, 5)
        .map((e) =>
          ev(
            e,
            `Schannel 36870 at ${e.time ?? '?'}${e.data['ErrorCode'] ? `, error ${e.data['ErrorCode']}` : ''}${e.data['ErrorStatus'] ? `, state ${e.data['ErrorStatus']}` : ''}`,
          ),
        ),
      fix: {
        steps: meta.fix.steps,
        commands: [
          { platform: 'windows-cmd', command: 'certutil -store my' },
          { platform: 'windows-cmd', command: 'certutil -repairstore my <thumbprint>' },
          {
            platform: 'windows-cmd',
            command:
              'icacls "%ProgramData%\\Microsoft\\Crypto\\RSA\\MachineKeys\\<key file>" /grant "NT AUTHORITY\\SYSTEM:R" "NT AUTHORITY\\NETWORK SERVICE:R"',
          },
        ],
      },
      codes: ['36870', ...codes],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
