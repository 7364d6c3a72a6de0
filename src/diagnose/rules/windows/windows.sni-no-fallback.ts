// Every https binding on a port is SNI-only and HTTP.sys has no IP:port (0.0.0.0) binding for that
// port: clients that send no SNI (old Windows XP/IE, some Java/.NET clients, scanners, load-balancer
// health checks by IP) get a reset.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  IisBindingObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { rebindCommands, THUMBPRINT_PLACEHOLDER } from './shared/fix-commands.js';
import { ev, inputRead } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.sni-no-fallback',
  title: 'SNI-only bindings without a 0.0.0.0 fallback',
  scenario: 'sni',
  severity: 'medium',
  confidence: 'likely',
  needs: ['windows.iis-binding'],
  uses: ['windows.sslcert-binding', 'windows.input'],
  references: [
    'https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding',
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
  ],
  fix: {
    steps: [
      'Add a default (non-SNI) https binding on the port, e.g. a "*:443:" binding with sslFlags=0 on the main site, so clients without SNI get a certificate.',
    ],
  },
  description:
    'When all https bindings on a port have sslFlags bit 1 (SNI) and HTTP.sys has no `IP:port` entry for the port, a ClientHello without server_name matches no binding and HTTP.sys resets the connection.',
};

function evaluate(obs: ObservationSet): Finding[] {
  if (!inputRead(obs, 'netsh-sslcert')) return [];
  const iis = obs.of<IisBindingObservation>('windows.iis-binding');
  const sslcerts = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const ports = [...new Set(iis.map((b) => b.port))].sort((a, b) => a - b);
  const out: Finding[] = [];
  for (const port of ports) {
    const onPort = iis.filter((b) => b.port === port);
    if (!onPort.every((b) => b.sni && !b.centralCertStore)) continue;
    if (
      sslcerts.some((s) => s.keyType === 'ipport' && s.port === port) ||
      sslcerts.some((s) => s.keyType === 'ccs' && s.port === port)
    )
      continue;
    const first = sslcerts.find((s) => s.keyType === 'hostnameport' && s.port === port);
    out.push(
      finding(meta, {
        summary: `All ${onPort.length} https binding(s) on port ${port} are SNI-only (${onPort.map((b) => b.host).join(', ')}) and HTTP.sys has no ${'0.0.0.0'}:${port} binding: clients that send no SNI are reset.`,
        evidence: onPort.map((b) =>
          ev(b, `site '${b.site}': bindingInformation="${b.bindingInformation}" sslFlags="${b.sslFlags}"`),
        ),
        fix: {
          steps: meta.fix.steps,
          commands: rebindCommands(
            `ipport=0.0.0.0:${port}`,
            first?.certHash || THUMBPRINT_PLACEHOLDER,
            undefined,
            'MY',
            false,
          ),
        },
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
