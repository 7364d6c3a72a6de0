// HttpEvent 15021 "An error occurred while using SSL configuration for endpoint 0.0.0.0:444. The
// error status code is contained within the returned data.": HTTP.sys has a binding for the
// endpoint but cannot use its certificate — deleted or replaced without rebinding, or its private
// key unreadable. Every TLS connection to that endpoint is reset. When the sslcert listing and the
// store are there too, windows.sslcert-empty-hash / windows.sslcert-hash-not-in-store say which.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  CertStoreEntryObservation,
  EventObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { bindingUsesMyStore, ev, inputRead, storeEntryFor } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.httpsys-ssl-config-error',
  title: 'HTTP.sys cannot use the certificate of a binding (HttpEvent 15021)',
  scenario: 'windows-events',
  severity: 'blocker',
  needs: ['windows.event'],
  uses: ['windows.sslcert-binding', 'windows.cert-store-entry', 'windows.input'],
  references: [
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
    'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/troubleshooting-ssl-related-issues-server-certificate',
  ],
  fix: {
    steps: [
      'netsh http show sslcert ipport=<endpoint>: note the Certificate Hash.',
      'certutil -store my <hash>: the certificate must be there, list its key and end with "Encryption test passed".',
      'If it is gone or was renewed: bind the current certificate (IIS Manager ▸ Bindings, or netsh http delete sslcert + add sslcert with the new hash), then restart the site or service.',
    ],
  },
  description:
    'Reads HttpEvent 15021 and names its endpoint. The binding’s certificate is missing from LocalMachine\\My or its private key cannot be used; connections to the endpoint are reset. When the binding has no hash or the hash is not in the store read, the sslcert rules report it instead.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const evs = obs.of<EventObservation>('windows.event').filter((e) => e.eventId === 15021);
  if (evs.length === 0) return [];
  const bindings = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const store = obs.of<CertStoreEntryObservation>('windows.cert-store-entry');
  const storeRead = inputRead(obs, 'certutil-store');
  const byEndpoint = new Map<string, EventObservation[]>();
  for (const e of evs) {
    const ep = e.data['Endpoint'] ?? e.data['param1'] ?? 'an endpoint';
    byEndpoint.set(ep, [...(byEndpoint.get(ep) ?? []), e]);
  }
  const out: Finding[] = [];
  for (const [endpoint, list] of byEndpoint) {
    const b = bindings.find((x) => x.endpoint.toLowerCase() === endpoint.toLowerCase());
    // explained by the sslcert rules
    if (
      b &&
      (b.certHash === '' ||
        (b.certHash && storeRead && bindingUsesMyStore(b) && !storeEntryFor(b.certHash, store)))
    )
      continue;
    const c = b?.certHash ? storeEntryFor(b.certHash, store) : undefined;
    const keyProblem = c && (c.missingStoredKeyset || c.noKeyProviderInfo || c.keyTest === 'failed');
    const ipport = /^\[?[\d.:a-f]+\]?:\d+$/i.test(endpoint);
    out.push(
      finding(meta, {
        subject: endpoint,
        summary: `HTTP.sys could not use the SSL configuration of ${endpoint} ${list.length} time(s) (HttpEvent 15021): ${
          keyProblem
            ? `its certificate ${c.thumbprint} has no usable private key`
            : b?.certHash
              ? `the certificate ${b.certHash} of the binding or its private key is unusable`
              : 'the binding’s certificate is missing, replaced without rebinding, or its private key is unusable'
        }; TLS connections to it are reset.`,
        evidence: [
          ...list.slice(0, 3).map((e) => ev(e, `HttpEvent 15021 at ${e.time ?? '?'} for ${endpoint}`)),
          ...(b
            ? [
                ev(
                  b,
                  `${b.endpoint}: Certificate Hash : ${b.certHash ?? '(none)'}`,
                  b.fieldLines['Certificate Hash'],
                ),
              ]
            : []),
          ...(c
            ? [
                ev(
                  c,
                  `certutil -store: ${c.thumbprint} ${c.hasPrivateKey ? 'has a key' : 'has no usable key'}`,
                ),
              ]
            : []),
        ],
        fix: {
          steps: meta.fix.steps,
          commands: [
            {
              platform: 'windows-cmd',
              command: ipport
                ? `netsh http show sslcert ipport=${endpoint}`
                : `netsh http show sslcert hostnameport=${endpoint}`,
            },
            { platform: 'windows-cmd', command: `certutil -store my ${b?.certHash || '<hash>'}` },
          ],
        },
        codes: ['15021', 'ERR_CONNECTION_RESET'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
