// An IIS https binding with no HTTP.sys SSL binding that would serve it (compared key by key:
// SNI → Hostname:port, CCS → Central Certificate Store, otherwise IP:port with the 0.0.0.0/[::]
// fallback). IIS keeps the certificate only in HTTP.sys, so the site has no certificate.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  CertStoreEntryObservation,
  IisBindingObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { rebindCommands, selectorFor, THUMBPRINT_PLACEHOLDER } from './shared/fix-commands.js';
import { ev, httpSysBindingFor, inputRead } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.binding-missing',
  title: 'IIS https binding has no HTTP.sys certificate binding',
  scenario: 'windows-iis',
  severity: 'blocker',
  needs: ['windows.iis-binding'],
  uses: ['windows.sslcert-binding', 'windows.input', 'windows.cert-store-entry'],
  references: [
    'https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding',
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
  ],
  fix: {
    steps: [
      'Select the certificate for the binding in IIS Manager ▸ Site ▸ Bindings ▸ https ▸ Edit (IIS writes the HTTP.sys binding), or add it with netsh as below.',
      'Restart the site (iisreset).',
    ],
  },
  description:
    'Compares the https bindings of applicationHost.config with `netsh http show sslcert`: sslFlags bit 1 (SNI) needs a `Hostname:port` entry, bit 2 (CCS) a `Central Certificate Store` entry, otherwise an `IP:port` entry for the address or the 0.0.0.0 / [::] fallback. A binding without one has no certificate: clients get a reset.',
};

function evaluate(obs: ObservationSet): Finding[] {
  if (!inputRead(obs, 'netsh-sslcert')) return [];
  const sslcerts = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const store = obs.of<CertStoreEntryObservation>('windows.cert-store-entry');
  const out: Finding[] = [];
  for (const b of obs.of<IisBindingObservation>('windows.iis-binding')) {
    const m = httpSysBindingFor(b, sslcerts);
    if (m.binding) continue;
    const byName = b.host
      ? store.find((c) => c.hasPrivateKey && c.subject?.toLowerCase().includes(`cn=${b.host}`))
      : undefined;
    const kind = b.centralCertStore ? 'Central Certificate Store' : b.sni ? 'SNI (Hostname:port)' : 'IP:port';
    out.push(
      finding(meta, {
        summary: `IIS site '${b.site}' binds https ${b.bindingInformation} (sslFlags=${b.sslFlags}, ${kind}) but HTTP.sys has no ${m.expected.keyType === 'ipport' ? `binding for ${m.expected.endpoint}${b.ip !== '*' ? ' nor the 0.0.0.0 fallback' : ''}` : `${kind} binding for ${m.expected.endpoint}`}, so the site has no certificate.`,
        evidence: [
          ev(
            b,
            `applicationHost.config site '${b.site}': <binding protocol="https" bindingInformation="${b.bindingInformation}" sslFlags="${b.sslFlags}" />`,
          ),
          ...(sslcerts.length > 0
            ? [ev(sslcerts[0]!, `netsh http show sslcert: ${sslcerts.map((s) => s.endpoint).join(', ')}`)]
            : []),
        ],
        fix: {
          steps: b.centralCertStore
            ? [
                'Enable the Central Certificate Store (IIS Manager ▸ server ▸ Centralized Certificates) and put <host>.pfx on the share; IIS then adds the CCS binding.',
                'Restart the site (iisreset).',
              ]
            : meta.fix.steps,
          commands: b.centralCertStore
            ? []
            : rebindCommands(
                selectorFor(m.expected.keyType, m.expected.endpoint),
                byName?.thumbprint ?? THUMBPRINT_PLACEHOLDER,
                undefined,
                'MY',
                false,
              ),
        },
        codes: ['ERR_CONNECTION_RESET', 'ERR_SSL_PROTOCOL_ERROR'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
