// An SCHANNEL Enabled value written as REG_SZ/REG_QWORD ("1" from a hand-made .reg or
// PowerShell's default String type): Schannel reads only REG_DWORD, so the setting is ignored and
// the OS default applies.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { SchannelProtocolObservation } from '../../../model/observations/windows.js';
import { SCHANNEL_KEY } from './shared/fix-commands.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.schannel-value-wrong-type',
  title: 'SCHANNEL value has the wrong registry type and is ignored',
  scenario: 'windows-schannel',
  severity: 'medium',
  confidence: 'likely',
  needs: ['windows.schannel-protocol'],
  references: ['https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings'],
  fix: { steps: ['Delete the value and write it again as REG_DWORD.', 'Reboot.'] },
  description:
    'Schannel reads `Enabled`/`DisabledByDefault` as REG_DWORD only; a REG_SZ "1" (hand-made .reg, `New-ItemProperty` without `-PropertyType DWord`) is ignored and the OS default applies.',
};

function evaluate(obs: ObservationSet): Finding[] {
  return obs
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .filter((p) => p.enabledType !== undefined)
    .map((p) => {
      const key = `${SCHANNEL_KEY}\\Protocols\\${p.protocol}\\${p.side === 'server' ? 'Server' : 'Client'}`;
      return finding(meta, {
        summary: `${p.protocol} ${p.side}: Enabled is ${p.enabledType}, which Schannel ignores; the effective state is the OS default (${p.effective}).`,
        evidence: [
          ev(
            p,
            `Protocols\\${p.protocol}\\${p.side === 'server' ? 'Server' : 'Client'}: Enabled (${p.enabledType})`,
          ),
        ],
        fix: {
          steps: meta.fix.steps,
          commands: [
            { platform: 'windows-cmd', command: `reg delete "${key}" /v Enabled /f` },
            { platform: 'windows-cmd', command: `reg add "${key}" /v Enabled /t REG_DWORD /d 1 /f` },
          ],
        },
      });
    });
}

export const rule = defineRule({ meta, evaluate });
