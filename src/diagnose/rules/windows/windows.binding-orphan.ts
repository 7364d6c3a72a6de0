// HTTP.sys bindings owned by IIS (its Application ID) for an endpoint no IIS site uses: leftovers
// after a site or host name was removed. Harmless alone, but they keep an old certificate in use
// and can shadow the 0.0.0.0 fallback another application expects.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  IisBindingObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { bindingSelector } from './shared/fix-commands.js';
import { ev, httpSysBindingFor } from './shared/support.js';
import { IIS_APPID } from '../../../windows/text.js';

const meta: RuleMeta = {
  id: 'windows.binding-orphan',
  title: 'HTTP.sys binding that no IIS site uses',
  scenario: 'windows-iis',
  severity: 'low',
  needs: ['windows.iis-binding'],
  uses: ['windows.sslcert-binding'],
  references: [
    'https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding',
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
  ],
  fix: { steps: ['Delete the binding if nothing else uses that endpoint.'] },
  description:
    'An `IP:port` or `Hostname:port` entry with the IIS Application ID that none of the https bindings in applicationHost.config maps to. Usually left over from a removed site or host name; it keeps serving the old certificate.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const iis = obs.of<IisBindingObservation>('windows.iis-binding');
  // a pasted fragment shows some sites only: a binding no site of it uses may belong to another
  if (iis.length === 0 || iis.some((b) => b.partial)) return [];
  const sslcerts = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const used = new Set<SslCertBindingObservation>();
  for (const b of iis) {
    const m = httpSysBindingFor(b, sslcerts);
    if (m.binding) used.add(m.binding);
  }
  return sslcerts
    .filter((s) => s.appId === IIS_APPID && !used.has(s) && s.keyType !== 'ccs')
    .map((s) =>
      finding(meta, {
        summary: `HTTP.sys has an IIS-owned binding for ${s.endpoint} (certificate ${s.certHash || 'none'}) but no IIS site binds https to it.`,
        evidence: [ev(s, `${s.endpoint}: Application ID : ${IIS_APPID}`, s.fieldLines['Application ID'])],
        fix: {
          steps: meta.fix.steps,
          commands: [{ platform: 'windows-cmd', command: `netsh http delete sslcert ${bindingSelector(s)}` }],
        },
      }),
    );
}

export const rule = defineRule({ meta, evaluate });
