// `certutil -user -store my` lists the current user's Personal store. HTTP.sys (and so IIS)
// binds only certificates of the local machine's stores (`netsh http add sslcert … certstorename=`
// names a LocalMachine store); a certificate imported into CurrentUser\My cannot be bound, and a
// listing of that store says nothing about the machine's.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  CertStoreEntryObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.cert-user-store',
  title: 'Certificates listed from the current user’s store, which HTTP.sys never uses',
  scenario: 'key',
  severity: 'info',
  needs: ['windows.cert-store-entry'],
  uses: ['windows.sslcert-binding'],
  references: [
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
    'https://learn.microsoft.com/windows-hardware/drivers/install/local-machine-and-current-user-certificate-stores',
  ],
  fix: {
    steps: [
      'Run certutil -store my (without -user) from an elevated prompt to see the machine’s certificates.',
      'Import the certificate with its key into Local Computer ▸ Personal (certlm.msc, or Import-PfxCertificate -CertStoreLocation Cert:\\LocalMachine\\My).',
    ],
  },
  description:
    'A `certutil -user -store` listing (the command line pasted with it says so). Info, unless an HTTP.sys binding points at one of its certificates: then the certificate is in the wrong store and the binding cannot work (high).',
};

function evaluate(obs: ObservationSet): Finding[] {
  const user = obs
    .of<CertStoreEntryObservation>('windows.cert-store-entry')
    .filter((c) => c.scope === 'user');
  if (user.length === 0) return [];
  const bindings = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const hit = bindings.filter((b) => b.certHash && user.some((c) => c.thumbprint === b.certHash));
  return [
    finding(meta, {
      severity: hit.length > 0 ? 'high' : 'info',
      summary:
        hit.length > 0
          ? `The certificate bound to ${hit.map((b) => b.endpoint).join(', ')} is listed in the current user’s store (certutil -user); HTTP.sys binds only LocalMachine certificates, so import it into Local Computer ▸ Personal.`
          : `These ${user.length} certificate(s) come from the current user’s store (certutil -user); HTTP.sys binds only LocalMachine certificates, so this listing says nothing about what IIS can use.`,
      evidence: [
        ev(user[0]!, `certutil -user -store ${user[0]!.store}: ${user.length} certificate(s)`),
        ...hit.map((b) =>
          ev(b, `${b.endpoint}: Certificate Hash : ${b.certHash}`, b.fieldLines['Certificate Hash']),
        ),
      ],
      fix: {
        steps: meta.fix.steps,
        commands: [
          { platform: 'windows-cmd', command: 'certutil -store my' },
          {
            platform: 'powershell',
            command:
              'Import-PfxCertificate -FilePath .\\site.pfx -CertStoreLocation Cert:\\LocalMachine\\My -Password (Read-Host -AsSecureString)',
          },
        ],
      },
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
