// `Enabled=0xffffffff`: KB 245030 and IIS Crypto write it; Schannel treats any non-zero value as
// on, so it works — but some checkers (Exchange HealthChecker before 2024) read it as wrong and
// people "fix" it into 0. Reported as info so the value is understood, not changed blindly.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  SchannelAlgorithmObservation,
  SchannelProtocolObservation,
} from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.enabled-0xffffffff',
  title: 'SCHANNEL values set to 0xffffffff',
  scenario: 'windows-schannel',
  severity: 'info',
  /** either kind can carry the defect: the rule applies once any Windows input was read */
  needs: ['windows.input'],
  uses: ['windows.schannel-algorithm', 'windows.schannel-protocol'],
  references: [
    'KB 245030',
    'https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings',
    'microsoft/CSS-Exchange PR #2063',
  ],
  fix: {
    steps: [
      'Nothing is broken: any non-zero Enabled turns the item on. To keep checkers quiet, write 1 instead of 0xffffffff.',
    ],
  },
  description:
    'Lists SCHANNEL `Enabled` values of 0xffffffff (written by KB 245030 scripts and IIS Crypto). Schannel reads non-zero as enabled; some audit tools do not.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const protos = obs
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .filter((p) => p.enabledValue === 0xffffffff);
  const algs = obs
    .of<SchannelAlgorithmObservation>('windows.schannel-algorithm')
    .filter((a) => a.enabledValue === 0xffffffff);
  if (protos.length + algs.length === 0) return [];
  const names = [
    ...protos.map((p) => `Protocols\\${p.protocol}\\${p.side === 'server' ? 'Server' : 'Client'}`),
    ...algs.map(
      (a) =>
        `${a.category === 'cipher' ? 'Ciphers' : a.category === 'hash' ? 'Hashes' : 'KeyExchangeAlgorithms'}\\${a.name}`,
    ),
  ];
  return [
    finding(meta, {
      summary: `${names.length} SCHANNEL Enabled value(s) are 0xffffffff (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}); Schannel treats them as enabled.`,
      evidence: [...protos, ...algs].slice(0, 8).map((o, i) => ev(o, `${names[i]}: Enabled=0xffffffff`)),
      fix: {
        steps: meta.fix.steps,
        commands: names.map((n) => ({
          platform: 'windows-cmd',
          command: `reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\${n}" /v Enabled /t REG_DWORD /d 1 /f`,
        })),
      },
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
