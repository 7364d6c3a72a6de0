// The bound certificate is in the store but certutil shows no usable private key
// ("Missing stored keyset", "No key provider information", a FAILED key test): Schannel cannot
// sign the handshake (events 36869/36870, netsh error 1312 when re-adding).
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  CertStoreEntryObservation,
  EventObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { bindingUsesMyStore, ev, storeEntryFor } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.cert-no-private-key',
  /** the same conclusion a probe, a capture or a certificate file reaches: one finding */
  emits: ['cert.no-private-key'],
  title: 'Bound certificate has no usable private key',
  scenario: 'key',
  severity: 'blocker',
  needs: ['windows.sslcert-binding'],
  uses: ['windows.cert-store-entry', 'windows.event'],
  references: [
    'https://learn.microsoft.com/windows-server/administration/windows-commands/certutil',
    'Schannel 36869/36870',
    '0x80090016 NTE_BAD_KEYSET',
    'netsh error 1312',
  ],
  fix: {
    steps: [
      'If the key still exists on this machine (the certificate was imported from a .cer after the CSR was made here): certutil -repairstore my <thumbprint>.',
      'Otherwise re-import the PFX that contains the key into Local Computer ▸ Personal, or re-issue the certificate.',
      'Run certutil -store my <thumbprint> again: it must end with "Encryption test passed".',
    ],
  },
  description:
    'Joins each HTTP.sys binding with its `certutil -store my` entry. "Missing stored keyset" (the key container is gone or unreadable), "No key provider information" (no key linked) or a FAILED key test mean Schannel cannot use the certificate; SChannel 36869/36870 events are attached as evidence.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const store = obs.of<CertStoreEntryObservation>('windows.cert-store-entry');
  const keyEvents = obs
    .of<EventObservation>('windows.event')
    .filter((e) => e.provider === 'Schannel' && (e.eventId === 36869 || e.eventId === 36870));
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const b of obs.of<SslCertBindingObservation>('windows.sslcert-binding')) {
    if (!b.certHash || !bindingUsesMyStore(b)) continue;
    const c = storeEntryFor(b.certHash, store);
    if (!c || !(c.missingStoredKeyset || c.noKeyProviderInfo || c.keyTest === 'failed')) continue;
    if (seen.has(c.thumbprint!)) continue;
    seen.add(c.thumbprint!);
    const users = obs
      .of<SslCertBindingObservation>('windows.sslcert-binding')
      .filter((x) => x.certHash === b.certHash)
      .map((x) => x.endpoint);
    const why = c.missingStoredKeyset
      ? 'Missing stored keyset'
      : c.noKeyProviderInfo
        ? 'No key provider information'
        : 'key test FAILED';
    out.push(
      finding(meta, {
        summary: `Certificate ${c.subject ?? c.thumbprint} (${c.thumbprint}), bound to ${users.join(', ')}, has no usable private key (certutil: "${why}"), so Schannel cannot complete a handshake with it.`,
        evidence: [
          ev(
            c,
            `certutil -store my, certificate ${c.index}: ${why}${c.keyContainer ? ` (key container ${c.keyContainer})` : ''}`,
          ),
          ev(b, `${b.endpoint}: Certificate Hash : ${b.certHash}`, b.fieldLines['Certificate Hash']),
          ...keyEvents
            .slice(0, 3)
            .map((e) =>
              ev(
                e,
                `Schannel ${e.eventId} at ${e.time ?? '?'}${e.data['ErrorCode'] ? `: error ${e.data['ErrorCode']}` : ''}`,
              ),
            ),
        ],
        fix: {
          steps: meta.fix.steps,
          commands: [
            { platform: 'windows-cmd', command: `certutil -repairstore my ${c.thumbprint}` },
            { platform: 'windows-cmd', command: `certutil -store my ${c.thumbprint}` },
            {
              platform: 'powershell',
              command: `Import-PfxCertificate -FilePath .\\site.pfx -CertStoreLocation Cert:\\LocalMachine\\My -Password (Read-Host -AsSecureString)`,
            },
          ],
        },
        codes: ['0x80090016', '36870', '36869', '1312'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
