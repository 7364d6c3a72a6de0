// A certificate in the machine's Personal store without a usable private key, read from
// `certutil -store my` alone: it cannot serve HTTPS, whatever binds it. "No key provider
// information": the certificate was imported without its key (a .cer where a .pfx was needed) or
// the request was completed on another machine; if the key made with the request is still here,
// `certutil -repairstore` links it again. "Missing stored keyset": a key is linked but its container
// is gone or unreadable: only a re-import of the PFX helps. CA certificates (subject = issuer)
// carry no key by nature and are left out; bound certificates are windows.cert-no-private-key's.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  CertStoreEntryObservation,
  IisBindingObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { ev, inputRead } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.store-cert-no-key',
  title: 'A certificate in the Personal store has no usable private key',
  scenario: 'key',
  severity: 'high',
  needs: ['windows.cert-store-entry'],
  uses: ['windows.sslcert-binding', 'windows.iis-binding', 'windows.input'],
  references: [
    'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/troubleshooting-ssl-related-issues-server-certificate',
    'https://learn.microsoft.com/windows-server/administration/windows-commands/certutil',
  ],
  fix: {
    steps: [
      'If the certificate request was made on this machine: certutil -repairstore my <thumbprint> links the key made with the request.',
      'Import the PFX that holds the key into Local Computer ▸ Personal (when -repairstore finds no key), or have the certificate issued again from a request made here.',
      'certutil -store my <thumbprint> must then end with "Encryption test passed".',
    ],
  },
  description:
    'Reads `certutil -store my` alone. Every non-CA certificate whose key is missing ("Missing stored keyset"), not linked ("No key provider information") or fails its test cannot serve HTTPS. When the bindings were read too and none uses it, the finding is low: it only matters if someone binds it.',
};

function why(c: CertStoreEntryObservation): string | undefined {
  if (c.missingStoredKeyset) return 'Missing stored keyset';
  if (c.noKeyProviderInfo) return 'No key provider information';
  if (c.keyTest === 'failed') return 'key test FAILED';
  if (!c.hasPrivateKey) return 'no key listed';
  return undefined;
}

function evaluate(obs: ObservationSet): Finding[] {
  const bindings = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const bound = new Set(bindings.map((b) => b.certHash).filter((h): h is string => !!h));
  const iisHashes = new Set(
    obs
      .of<IisBindingObservation>('windows.iis-binding')
      .map((b) => b.certificateHash?.toLowerCase())
      .filter((h): h is string => !!h),
  );
  const bindingsRead = inputRead(obs, 'netsh-sslcert');
  const out: Finding[] = [];
  for (const c of obs.of<CertStoreEntryObservation>('windows.cert-store-entry')) {
    if (c.root || !c.thumbprint) continue;
    const w = why(c);
    if (!w) continue;
    // a bound certificate is windows.cert-no-private-key's (machine store)
    if (bound.has(c.thumbprint) && c.scope !== 'user') continue;
    const unused = bindingsRead && !iisHashes.has(c.thumbprint);
    const name = c.subject ?? c.thumbprint;
    const relink = c.noKeyProviderInfo && !c.missingStoredKeyset;
    out.push(
      finding(meta, {
        subject: c.thumbprint,
        severity: unused ? 'low' : meta.severity,
        confidence: unused ? 'certain' : 'likely',
        summary: `${name} (${c.thumbprint}${c.notAfter ? `, valid until ${c.notAfter}` : ''}) has no usable private key (certutil: "${w}")${unused ? '; no HTTP.sys binding uses it' : ''}: it cannot serve HTTPS${relink ? ' until its key is linked again or the PFX is imported' : ' until the PFX with its key is imported again'}.`,
        evidence: [
          ev(
            c,
            `certutil -store ${c.store}, certificate ${c.index}: ${w}${c.keyContainer ? ` (key container ${c.keyContainer})` : ''}`,
          ),
        ],
        fix: {
          steps: relink ? meta.fix.steps : [meta.fix.steps[1]!, meta.fix.steps[2]!],
          commands: [
            ...(relink
              ? [{ platform: 'windows-cmd', command: `certutil -repairstore my ${c.thumbprint}` }]
              : []),
            {
              platform: 'powershell',
              command:
                'Import-PfxCertificate -FilePath .\\site.pfx -CertStoreLocation Cert:\\LocalMachine\\My -Password (Read-Host -AsSecureString)',
            },
            { platform: 'windows-cmd', command: `certutil -store my ${c.thumbprint}` },
          ],
        },
        codes: c.missingStoredKeyset ? ['0x80090016', 'NTE_BAD_KEYSET'] : ['CRYPT_E_NO_KEY_PROPERTY'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
