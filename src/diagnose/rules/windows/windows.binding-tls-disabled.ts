// Per-binding switches of HTTP.sys (Server 2016+/2022+: `Reject Connections`, `Disable TLS1.2`,
// `Disable TLS1.3`, `Disable Legacy TLS Versions`) that leave a binding with no protocol modern
// clients use, whatever the SCHANNEL registry says (Microsoft Learn: "Netsh http commands"; IIS configuration reference, binding sslFlags).
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type {
  SchannelProtocolObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { bindingSelector, rebindCommands, THUMBPRINT_PLACEHOLDER } from './shared/fix-commands.js';
import { ev } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.binding-tls-disabled',
  title: 'An HTTP.sys binding switches off the protocols clients need',
  scenario: 'windows-binding',
  severity: 'blocker',
  needs: ['windows.sslcert-binding'],
  uses: ['windows.schannel-protocol'],
  references: [
    'https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param',
    'https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding (sslFlags)',
  ],
  fix: {
    steps: [
      'IIS Manager ▸ Site ▸ Bindings ▸ https ▸ Edit: untick "Disable TLS 1.3 over TCP" / "Disable legacy TLS" as needed (IIS rewrites the binding), or re-add the binding with the switches set to disable as below.',
      'Restart IIS (iisreset).',
    ],
  },
  description:
    'Reads the per-binding switches of `netsh http show sslcert`. `Reject Connections : Enabled` refuses every handshake; `Disable TLS1.2 : Set` with `Disable TLS1.3 : Set` (or on a Windows without TLS 1.3) leaves only legacy TLS — or nothing with `Disable Legacy TLS Versions : Set`; `Disable TLS1.2 : Set` alone leaves only TLS 1.3.',
};

function evaluate(obs: ObservationSet): Finding[] {
  const t13 = obs
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .find((p) => p.protocol === 'TLS 1.3' && p.side === 'server');
  const out: Finding[] = [];
  for (const b of obs.of<SslCertBindingObservation>('windows.sslcert-binding')) {
    const f = b.flags;
    const sel = bindingSelector(b);
    const readd = rebindCommands(sel, b.certHash || THUMBPRINT_PLACEHOLDER, b.appId).map((c) =>
      c.command.startsWith('netsh http add')
        ? {
            ...c,
            command: `${c.command} disabletls12=disable disabletls13=disable disablelegacytls=disable reject=disable`,
          }
        : c,
    );
    let summary: string | undefined;
    let severity: Finding['severity'] = 'blocker';
    const lines: string[] = [];
    if (f.rejectConnections) {
      summary = `The HTTP.sys binding for ${b.endpoint} has Reject Connections enabled: every handshake on it is refused.`;
      lines.push('Reject Connections : Enabled');
    } else if (f.disableTls12) {
      const no13 =
        f.disableTls13 === true || t13?.effective === 'not-supported' || t13?.effective === 'disabled';
      lines.push(
        'Disable TLS1.2 : Set',
        ...(f.disableTls13 ? ['Disable TLS1.3 : Set'] : []),
        ...(f.disableLegacyTls ? ['Disable Legacy TLS Versions : Set'] : []),
      );
      if (no13 && f.disableLegacyTls)
        summary = `The HTTP.sys binding for ${b.endpoint} disables TLS 1.2, TLS 1.3 and legacy TLS: no protocol is left, every handshake fails.`;
      else if (no13)
        summary = `The HTTP.sys binding for ${b.endpoint} disables TLS 1.2${f.disableTls13 ? ' and TLS 1.3' : ' (and this Windows has no TLS 1.3)'}: only legacy TLS 1.0/1.1 is left, which current clients refuse.`;
      else {
        summary = `The HTTP.sys binding for ${b.endpoint} disables TLS 1.2: only TLS 1.3 clients can connect.`;
        severity = 'high';
      }
    }
    if (!summary) continue;
    const line = b.fieldLines[f.rejectConnections ? 'Reject Connections' : 'Disable TLS1.2'];
    out.push(
      finding(meta, {
        summary,
        severity,
        evidence: [ev(b, `${b.endpoint}: ${lines.join(', ')}`, line)],
        fix: { steps: meta.fix.steps, commands: readd },
        codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'ERR_CONNECTION_RESET'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
