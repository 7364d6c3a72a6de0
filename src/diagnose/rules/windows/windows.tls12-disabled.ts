// TLS 1.2 is off for the server side of Schannel while TLS 1.3 is on (or nothing is on). Every
// client without TLS 1.3 (Windows ≤ 2019/10 callers, .NET Framework, Java 8, many appliances)
// fails. When only legacy protocols are left, windows.only-legacy-protocols reports it instead.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { SchannelProtocolObservation } from '../../../model/observations/windows.js';
import { protocolRegCommands, REBOOT } from './shared/fix-commands.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.tls12-disabled',
  title: 'TLS 1.2 is disabled for the server',
  scenario: 'windows-schannel',
  severity: 'high',
  needs: ['windows.schannel-protocol'],
  references: [
    'https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings',
    'https://learn.microsoft.com/windows/win32/secauthn/protocols-in-tls-ssl--schannel-ssp-',
  ],
  fix: {
    steps: [
      'Set TLS 1.2\\Server Enabled=1 and DisabledByDefault=0.',
      'Reboot: Schannel reads protocol settings at boot.',
    ],
  },
  description:
    'Reads the SCHANNEL `Protocols\\TLS 1.2\\Server` key (Enabled=0 or DisabledByDefault=1) together with the defaults of the Windows version. With TLS 1.3 still on, only TLS 1.3 clients connect; with nothing on, no client does.',
};

const LEGACY = ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1'];

function evaluate(obs: ObservationSet): Finding[] {
  const server = obs
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .filter((p) => p.side === 'server');
  const t12 = server.find((p) => p.protocol === 'TLS 1.2' && p.effective === 'disabled');
  if (!t12) return [];
  const legacyOn = server.filter((p) => LEGACY.includes(p.protocol) && p.effective === 'enabled');
  const t13 = server.find((p) => p.protocol === 'TLS 1.3');
  if (legacyOn.length > 0 && t13?.effective !== 'enabled') return []; // only-legacy-protocols says it
  const only13 = t13?.effective === 'enabled';
  const unknownOthers = server.filter((p) => p.effective === 'unknown').map((p) => p.protocol);
  return [
    finding(meta, {
      severity: only13 ? 'high' : 'blocker',
      confidence: unknownOthers.length > 0 && !only13 ? 'likely' : 'certain',
      summary: only13
        ? legacyOn.length === 0
          ? `TLS 1.2 is disabled for the server (${t12.reason}); only TLS 1.3 is left, so every client without TLS 1.3 fails.`
          : `TLS 1.2 is disabled for the server (${t12.reason}); besides TLS 1.3 only ${legacyOn.map((p) => p.protocol).join(', ')} remain, which current clients refuse, so every client without TLS 1.3 fails.`
        : `TLS 1.2 is disabled for the server (${t12.reason}) and no other protocol is enabled${unknownOthers.length ? ` (state unknown for ${unknownOthers.join(', ')}: give --os)` : ''}; HTTPS handshakes cannot succeed.`,
      evidence: [
        ev(t12, `SCHANNEL\\Protocols\\TLS 1.2\\Server: ${t12.reason}`),
        ...(t13 ? [ev(t13, `TLS 1.3 server: ${t13.effective} (${t13.reason})`)] : []),
      ],
      fix: { steps: meta.fix.steps, commands: [...protocolRegCommands('TLS 1.2', 'Server', true), REBOOT] },
      codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SEC_E_UNSUPPORTED_FUNCTION', '0x80090302'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
