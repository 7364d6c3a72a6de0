// The server side of Schannel offers only SSL 3.0 / TLS 1.0 / TLS 1.1: every current browser and
// client library refuses them (ERR_SSL_VERSION_OR_CIPHER_MISMATCH, "unsupported protocol").
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { SchannelProtocolObservation } from '../../../model/observations/windows.js';
import { protocolRegCommands, REBOOT } from './shared/fix-commands.js';
import { protocolStateEvidence } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.only-legacy-protocols',
  /** the same conclusion a probe, a capture or a certificate file reaches: one finding */
  emits: ['protocol.no-common-version'],
  title: 'The server speaks only legacy protocols (no TLS 1.2 or 1.3)',
  scenario: 'windows-schannel',
  severity: 'blocker',
  needs: ['windows.schannel-protocol'],
  references: [
    'https://learn.microsoft.com/windows/win32/secauthn/protocols-in-tls-ssl--schannel-ssp-',
    'RFC 8996',
    'https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings',
  ],
  fix: {
    steps: [
      'Enable TLS 1.2 for the server (Enabled=1, DisabledByDefault=0); on Windows Server 2008 R2 both values are required.',
      'Reboot.',
    ],
  },
  description:
    'Computes the effective server protocol set from the SCHANNEL keys and the defaults of the Windows version (`--os` or the bundle’s systeminfo): when TLS 1.2 and TLS 1.3 are off/unsupported and only SSL 3.0/TLS 1.0/TLS 1.1 remain, modern clients cannot connect (RFC 8996 deprecates TLS 1.0/1.1). Typical on 2008 R2 without the TLS 1.2 keys, or after a "hardening" script flipped the wrong values.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const server = obs
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .filter((p) => p.side === 'server');
  const modern = server.filter((p) => p.protocol === 'TLS 1.2' || p.protocol === 'TLS 1.3');
  if (modern.length === 0 || modern.some((p) => p.effective === 'enabled' || p.effective === 'unknown'))
    return [];
  const t12 = modern.find((p) => p.protocol === 'TLS 1.2');
  if (!t12) return [];
  const legacy = server.filter(
    (p) => ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1'].includes(p.protocol) && p.effective === 'enabled',
  );
  if (legacy.length === 0) return [];
  const os = t12.osFamily;
  return [
    finding(meta, {
      summary: `The server side of Schannel has only ${legacy.map((p) => p.protocol).join(', ')} enabled; TLS 1.2 is ${t12.effective} (${t12.reason})${os ? '' : ' (OS defaults unknown: give --os)'}, so current browsers and clients cannot connect.`,
      evidence: [protocolStateEvidence(t12), ...legacy.map(protocolStateEvidence)],
      fix: { steps: meta.fix.steps, commands: [...protocolRegCommands('TLS 1.2', 'Server', true), REBOOT] },
      codes: [
        'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
        'SSL_ERROR_UNSUPPORTED_VERSION',
        'error:0A000102',
        'alert 70',
      ],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
