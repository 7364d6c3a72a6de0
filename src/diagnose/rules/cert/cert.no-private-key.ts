// A PFX that holds the certificate but not its private key: the server cannot use it.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certBySha1, describe, keys, sources } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.no-private-key',
  title: 'Certificate without its private key',
  scenario: 'key',
  severity: 'blocker',
  needs: ['x509.source'],
  uses: ['x509.key', 'x509.certificate'],
  references: [
    'RFC 7292 (PKCS #12)',
    'https://learn.microsoft.com/windows-server/administration/windows-commands/certutil#-repairstore',
    'netsh http add sslcert error 1312',
  ],
  fix: {
    steps: [
      'Export the certificate again *with* its private key as .pfx (certlm.msc → Personal → the certificate → All Tasks → Export → "Yes, export the private key").',
      'Or, on the server where the certificate request was made, re-link the key: certutil -repairstore my <thumbprint>.',
    ],
  },
  description:
    'A PFX/P12 file that contains certificates but no private key. A server needs the key to prove it owns the certificate: IIS/netsh refuse to bind it (error 1312, "A specified logon session does not exist"), SChannel logs SEC_E_UNKNOWN_CREDENTIALS. This happens when a certificate is exported without "export the private key", or when a CA response (.cer) is imported on a different machine than the one that created the request.',
};

function evaluate(set: ObservationSet): Finding[] {
  const out: Finding[] = [];
  const matchedElsewhere = new Set(keys(set).flatMap((k) => k.matches));
  for (const s of sources(set)) {
    if (s.format !== 'pfx' || s.keys > 0 || s.certificates === 0) continue;
    const certs = s.certificateThumbprints.map((t) => certBySha1(set, t)).filter((c) => c !== undefined);
    const leaf = certs.find((c) => c.leaf) ?? certs.find((c) => c.basicConstraints?.ca !== true) ?? certs[0];
    if (!leaf || matchedElsewhere.has(leaf.thumbprintSha1)) continue;
    const thumb = leaf.thumbprintSha1;
    out.push(
      finding(meta, {
        summary: `${s.from.origin}: this is a certificate without its private key: export it again *with* the key as .pfx, or on the server where the request was made run \`certutil -repairstore my ${thumb}\``,
        evidence: [
          {
            from: s.from,
            text: `PFX with ${s.pfx?.certBags ?? s.certificates} certificate bag(s) and ${s.pfx?.keyBags ?? 0} key bag(s); certificate ${describe(leaf)}`,
          },
        ],
        fix: {
          steps: [
            'Export the certificate again *with* its private key as .pfx (certlm.msc → Personal → the certificate → All Tasks → Export → "Yes, export the private key"), from the machine that has the key.',
            `Or, on the server where the certificate request was made (it holds the key), import the .cer into Local Computer → Personal and run: certutil -repairstore my ${thumb}`,
            'Check: certutil -store my ' +
              thumb +
              ' must say "Private key is present" / "Encryption test passed".',
          ],
          commands: [
            { platform: 'windows-cmd', command: `certutil -repairstore my ${thumb}` },
            {
              platform: 'powershell',
              command: `Get-ChildItem Cert:\\LocalMachine\\My\\${thumb} | Export-PfxCertificate -FilePath server.pfx -Password (Read-Host -AsSecureString) -ChainOption BuildChain`,
            },
            {
              platform: 'shell',
              command:
                'openssl pkcs12 -export -in server.crt -inkey server.key -certfile chain.crt -out server.pfx',
            },
          ],
        },
        codes: ['1312', 'ERROR_NO_SUCH_LOGON_SESSION', '0x8009030d', 'SEC_E_UNKNOWN_CREDENTIALS'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
