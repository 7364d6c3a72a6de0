// The binding points at a thumbprint that is not in LocalMachine\My: the certificate was deleted
// or renewed and the binding never updated (HttpEvent 15021 on the first handshake).
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  CertStoreEntryObservation,
  EventObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { bindingSelector, rebindCommands, THUMBPRINT_PLACEHOLDER } from './shared/fix-commands.js';
import { bindingUsesMyStore, ev, inputRead, storeEntryFor } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.sslcert-hash-not-in-store',
  title: 'Bound certificate is not in the machine certificate store',
  scenario: 'windows-binding',
  severity: 'blocker',
  needs: ['windows.sslcert-binding'],
  uses: ['windows.cert-store-entry', 'windows.input', 'windows.event'],
  references: [
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
    'HttpEvent 15021',
    '0x80092004 CRYPT_E_NOT_FOUND',
  ],
  fix: {
    steps: [
      'Import the certificate WITH its private key into Local Computer ▸ Personal (certutil -importpfx my site.pfx), or pick the renewed certificate.',
      'Rebind the endpoint to the thumbprint that is in the store.',
    ],
  },
  description:
    'Compares each `netsh http show sslcert` hash with the thumbprints of `certutil -store my`. A hash that is not there (deleted, expired and cleaned up, renewed without rebinding) breaks HTTPS on that endpoint.',
};

function evaluate(obs: ObservationSet): Finding[] {
  if (!inputRead(obs, 'certutil-store')) return [];
  const store = obs.of<CertStoreEntryObservation>('windows.cert-store-entry');
  const events = obs.of<EventObservation>('windows.event').filter((e) => e.eventId === 15021);
  const out: Finding[] = [];
  for (const b of obs.of<SslCertBindingObservation>('windows.sslcert-binding')) {
    if (!b.certHash || !bindingUsesMyStore(b)) continue;
    if (storeEntryFor(b.certHash, store)) continue;
    const candidates = store.filter((c) => c.hasPrivateKey && c.thumbprint);
    const byName = candidates.find(
      (c) =>
        b.keyType === 'hostnameport' && b.address && c.subject?.toLowerCase().includes(`cn=${b.address}`),
    );
    const pick = byName ?? (candidates.length === 1 ? candidates[0] : undefined);
    const related = events.filter(
      (e) => e.data['Endpoint'] === b.endpoint || e.data['param1'] === b.endpoint,
    );
    out.push(
      finding(meta, {
        summary: `The HTTP.sys binding for ${b.endpoint} uses certificate ${b.certHash}, which is not in LocalMachine\\My (${store.length} certificate(s) read)${pick ? `; ${pick.subject ?? pick.thumbprint} (${pick.thumbprint}) is there with a private key` : ''}.`,
        evidence: [
          ev(b, `${b.endpoint}: Certificate Hash : ${b.certHash}`, b.fieldLines['Certificate Hash']),
          ...(store[0]
            ? [
                ev(
                  store[0],
                  `certutil -store my: ${store.map((c) => c.thumbprint ?? '?').join(', ') || 'no certificates'}`,
                ),
              ]
            : []),
          ...related.map((e) => ev(e, `HttpEvent 15021 at ${e.time ?? '?'} for ${b.endpoint}`)),
        ],
        fix: {
          steps: meta.fix.steps,
          commands: rebindCommands(bindingSelector(b), pick?.thumbprint ?? THUMBPRINT_PLACEHOLDER, b.appId),
        },
        codes: ['0x80092004', '15021'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
