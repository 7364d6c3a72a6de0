// SCHANNEL key names Schannel never reads: 'AES 128∕128' with U+2215 DIVISION SLASH (scripts that
// work around PowerShell's New-Item splitting on '/'), or protocol keys misspelled ('TLS1.2').
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  SchannelAlgorithmObservation,
  SchannelProtocolObservation,
} from '../../../model/observations/windows.js';
import { SCHANNEL_KEY } from './shared/fix-commands.js';
import { ev } from './shared/support.js';
import { EFFECTIVE_PROTOCOLS } from '../../../windows/schannel-defaults.js';

const meta: RuleMeta = {
  id: 'windows.schannel-lookalike-key',
  title: 'SCHANNEL key with a look-alike or misspelled name (ignored)',
  scenario: 'windows-schannel',
  severity: 'medium',
  /** either kind can carry the defect: the rule applies once any Windows input was read */
  needs: ['windows.input'],
  uses: ['windows.schannel-algorithm', 'windows.schannel-protocol'],
  references: ['https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings'],
  fix: {
    steps: [
      'Delete the look-alike key and create the correctly spelled one (with an ASCII "/" — use reg add or the .NET registry API, not New-Item).',
    ],
  },
  description:
    'Flags SCHANNEL subkeys that Schannel does not read: cipher names written with U+2215 (∕) instead of "/", and protocol keys not spelled exactly like `TLS 1.2` (with the space).',
};

const KNOWN = new Set<string>([
  ...EFFECTIVE_PROTOCOLS,
  'Multi-Protocol Unified Hello',
  'PCT 1.0',
  'DTLS 1.0',
  'DTLS 1.2',
  'DTLS 1.3',
]);

function evaluate(obs: ObservationSet): Finding[] {
  const out: Finding[] = [];
  for (const a of obs
    .of<SchannelAlgorithmObservation>('windows.schannel-algorithm')
    .filter((x) => x.lookalikeSlash)) {
    const fixed = a.name.replace(/[\u2215\u2044\uff0f\u29f8]/g, '/');
    out.push(
      finding(meta, {
        summary: `SCHANNEL\\Ciphers key '${a.name}' uses a look-alike slash (U+${a.name
          .match(/[\u2215\u2044\uff0f\u29f8]/)![0]
          .charCodeAt(0)
          .toString(16)
          .toUpperCase()}); Schannel ignores it — the setting meant for '${fixed}' has no effect.`,
        evidence: [ev(a, `key 'Ciphers\\${a.name}' Enabled=${a.enabledValue ?? '(none)'}`)],
        fix: {
          steps: meta.fix.steps,
          commands: [
            { platform: 'windows-cmd', command: `reg delete "${SCHANNEL_KEY}\\Ciphers\\${a.name}" /f` },
            ...(a.enabledValue !== null
              ? [
                  {
                    platform: 'windows-cmd',
                    command: `reg add "${SCHANNEL_KEY}\\Ciphers\\${fixed}" /v Enabled /t REG_DWORD /d ${a.enabledValue === 0 ? 0 : 1} /f`,
                  },
                ]
              : []),
          ],
        },
      }),
    );
  }
  const seen = new Set<string>();
  for (const p of obs.of<SchannelProtocolObservation>('windows.schannel-protocol')) {
    if (KNOWN.has(p.protocol) || seen.has(p.protocol)) continue;
    seen.add(p.protocol);
    const guess = [...KNOWN].find(
      (k) => k.replace(/\s/g, '').toLowerCase() === p.protocol.replace(/\s/g, '').toLowerCase(),
    );
    out.push(
      finding(meta, {
        summary: `SCHANNEL\\Protocols key '${p.protocol}' is not a protocol name Schannel knows${guess ? ` (did you mean '${guess}'?)` : ''}; its values are ignored.`,
        evidence: [ev(p, `key 'Protocols\\${p.protocol}\\${p.side === 'server' ? 'Server' : 'Client'}'`)],
        fix: {
          steps: [
            `Move the values to 'Protocols\\${guess ?? '<protocol>'}\\Server' and delete '${p.protocol}'.`,
          ],
          commands: [
            { platform: 'windows-cmd', command: `reg delete "${SCHANNEL_KEY}\\Protocols\\${p.protocol}" /f` },
          ],
        },
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
