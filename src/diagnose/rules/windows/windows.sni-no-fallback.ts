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
  needs: ['windows.input'],
  uses: ['windows.iis-binding', 'windows.sslcert-binding'],
  references: [
    'https://learn.microsoft.com/iis/get-started/whats-new-in-iis-8/iis-80-server-name-indication-sni-ssl-scalability',
    'RFC 6066 §3',
  ],
  fix: {
    steps: [
      'Add a default (non-SNI) https binding on the port, e.g. a "*:443:" binding with sslFlags=0 on the main site, so clients without SNI get a certificate.',
    ],
  },
  description:
    'When all https bindings on a port have sslFlags bit 1 (SNI) and HTTP.sys has no `IP:port` entry for the port, a ClientHello without server_name matches no binding and HTTP.sys resets the connection. With only `netsh http show sslcert` read, the same holds for a port that has `Hostname:port` bindings and no `IP:port` or CCS one.',
};

function evaluate(obs: ObservationSet): Finding[] {
  if (!inputRead(obs, 'netsh-sslcert')) return [];
  const iis = obs.of<IisBindingObservation>('windows.iis-binding');
  const sslcerts = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const ports = [...new Set(iis.map((b) => b.port))].sort((a, b) => a - b);
  const out: Finding[] = [];
  if (iis.length === 0) {
    // the HTTP.sys listing alone: hostname bindings on a port that has no IP:port or CCS binding
    const sniPorts = [
      ...new Set(
        sslcerts.filter((s) => s.keyType === 'hostnameport' && s.port !== undefined).map((s) => s.port!),
      ),
    ].sort((a, b) => a - b);
    for (const port of sniPorts) {
      if (sslcerts.some((s) => (s.keyType === 'ipport' || s.keyType === 'ccs') && s.port === port)) continue;
      const sni = sslcerts.filter((s) => s.keyType === 'hostnameport' && s.port === port);
      out.push(
        finding(meta, {
          confidence: 'certain',
          subject: `port ${port}`,
          summary: `HTTP.sys has only SNI bindings on port ${port} (${sni.map((s) => s.endpoint).join(', ')}) and no IP:port binding: clients that send no SNI (old clients, load-balancer probes by IP, scanners) are reset.`,
          evidence: sni.slice(0, 5).map((s) => ev(s, `Hostname:port : ${s.endpoint}`)),
          fix: {
            steps: [
              `Add a fallback binding for clients without SNI: netsh http add sslcert ipport=0.0.0.0:${port} with the certificate that should answer them (or a "*:${port}:" https binding without "Require Server Name Indication" in IIS).`,
            ],
            commands: rebindCommands(
              `ipport=0.0.0.0:${port}`,
              sni[0]?.certHash || THUMBPRINT_PLACEHOLDER,
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
