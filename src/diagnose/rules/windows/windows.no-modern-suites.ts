// None of the suites modern clients offer is enabled: the cipher suite order (GPO policy list,
// else the local list / Get-TlsCipherSuite) lacks every ECDHE-GCM / TLS 1.3 suite, or the AES
// ciphers are switched off under SCHANNEL\Ciphers. Clients fail with a handshake_failure alert
// and the server logs 36874.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { SchannelAlgorithmObservation } from '../../../model/observations/windows.js';
import { SCHANNEL_KEY, REBOOT } from './shared/fix-commands.js';
import { WINDOWS_POLICY } from '../../../windows/policy.js';
import { effectiveSuiteOrder, ev, stripCurveSuffix } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.no-modern-suites',
  /** the same conclusion a probe, a capture or a certificate file reaches: one finding */
  emits: ['cipher.no-common-suite'],
  title: 'No cipher suite that modern clients offer is enabled',
  scenario: 'windows-schannel',
  severity: 'blocker',
  /** the suite order policy or the cipher keys alone can show it: applies once any Windows input was read */
  needs: ['windows.input'],
  uses: ['windows.cipher-suite-order', 'windows.schannel-algorithm'],
  references: [
    'https://learn.microsoft.com/windows-server/security/tls/manage-tls',
    'https://learn.microsoft.com/windows/win32/secauthn/prioritizing-schannel-cipher-suites',
    'Schannel 36874',
  ],
  fix: {
    steps: [
      'Put the ECDHE-GCM (and on 2022+ the TLS 1.3) suites back at the top of the cipher suite order.',
      'Reboot.',
    ],
  },
  description:
    'The effective suite list is the GPO `SSL\\00010002\\Functions` policy when present (it silently overrides Enable-TlsCipherSuite), else the local list. When it contains none of the suites current browsers offer, or `SCHANNEL\\Ciphers\\AES 128/128` and `AES 256/256` are both disabled, every modern client fails with alert 40 and the server logs Schannel 36874.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const out: Finding[] = [];
  const modern = new Set<string>(WINDOWS_POLICY.modernClientSuites);
  const order = effectiveSuiteOrder(obs);
  if (order && order.suites.length >= 0) {
    const hits = order.suites.filter((s) => modern.has(stripCurveSuffix(s)));
    if (hits.length === 0) {
      const where =
        order.source === 'policy'
          ? 'the GPO cipher suite order (HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002 Functions)'
          : order.source === 'local'
            ? 'the local cipher suite list'
            : 'Get-TlsCipherSuite';
      const list = [
        ...WINDOWS_POLICY.recommendedOrder,
        ...order.suites.filter((s) => !modern.has(stripCurveSuffix(s))),
      ];
      out.push(
        finding(meta, {
          summary: `${where} enables ${order.suites.length} suite(s) (${order.suites.slice(0, 4).join(', ')}${order.suites.length > 4 ? ', …' : ''}) and none of the ECDHE-GCM/TLS 1.3 suites modern clients offer.`,
          evidence: [ev(order, `${order.source} list: ${order.suites.join(',') || '(empty)'}`)],
          fix: {
            steps:
              order.source === 'policy'
                ? [
                    'Edit the GPO "Computer Configuration ▸ Administrative Templates ▸ Network ▸ SSL Configuration Settings ▸ SSL Cipher Suite Order" (or the registry value below), putting the suites below first.',
                    'Reboot.',
                  ]
                : [
                    'Enable the modern suites with the TLS PowerShell module (Enable-TlsCipherSuite -Name … -Position 0).',
                    'Reboot.',
                  ],
            commands:
              order.source === 'policy'
                ? [
                    {
                      platform: 'windows-cmd',
                      command: `reg add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002" /v Functions /t REG_SZ /d "${list.join(',')}" /f`,
                    },
                    REBOOT,
                  ]
                : [
                    ...[...WINDOWS_POLICY.recommendedOrder].reverse().map((s) => ({
                      platform: 'powershell',
                      command: `Enable-TlsCipherSuite -Name ${s} -Position 0`,
                    })),
                    REBOOT,
                  ],
          },
          codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SSL_ERROR_NO_CYPHER_OVERLAP', '36874', 'alert 40'],
        }),
      );
    }
  }
  const ciphers = obs
    .of<SchannelAlgorithmObservation>('windows.schannel-algorithm')
    .filter((a) => a.category === 'cipher' && !a.lookalikeSlash);
  const aes = ciphers.filter((a) => /^AES (128\/128|256\/256)$/i.test(a.name));
  if (aes.length === 2 && aes.every((a) => a.enabledValue === 0)) {
    out.push(
      finding(meta, {
        summary:
          'SCHANNEL\\Ciphers\\AES 128/128 and AES 256/256 are both disabled (Enabled=0): every AES suite, i.e. every suite modern clients offer, is off.',
        evidence: aes.map((a) => ev(a, `SCHANNEL\\Ciphers\\${a.name}: Enabled=0`)),
        fix: {
          steps: ['Set Enabled=1 (or delete the value) under both AES cipher keys.', 'Reboot.'],
          commands: [
            ...aes.map((a) => ({
              platform: 'windows-cmd',
              command: `reg add "${SCHANNEL_KEY}\\Ciphers\\${a.name}" /v Enabled /t REG_DWORD /d 1 /f`,
            })),
            REBOOT,
          ],
        },
        codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', '36874'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
