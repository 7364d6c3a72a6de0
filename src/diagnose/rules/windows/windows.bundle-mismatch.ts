// `diagnose --windows-bundle`: the probe and the bundle must describe the same server. The
// certificate the server sent is not the one HTTP.sys has bound for that port, or the server
// answered with a protocol version the bundle's registry disables: the bundle was collected on
// another machine, or the server was not restarted after the change (SCHANNEL protocol settings
// apply after a reboot), or something else (a load balancer, a proxy) answers in front of it.
// Either way, advice read from the bundle does not describe what the probe reached.
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { HandshakeAttemptObservation } from '../../../model/observations/handshake.js';
import type { CertificateObservation } from '../../../model/observations/x509.js';
import type {
  SchannelProtocolObservation,
  SslCertBindingObservation,
} from '../../../model/observations/windows.js';
import { versionName } from '../../../wire/registry/index.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import { ev, protocolStateEvidence } from './shared/support.js';

const meta: RuleMeta = {
  id: 'windows.bundle-mismatch',
  title: 'The Windows bundle does not describe the server that was probed',
  scenario: 'windows-binding',
  severity: 'high',
  needs: ['windows.input'],
  uses: ['windows.sslcert-binding', 'windows.schannel-protocol', 'x509.certificate', 'handshake.attempt'],
  references: [
    'https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings',
    'https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http',
  ],
  fix: {
    steps: [
      'Collect the bundle again on the server that answers (tlsdoctor windows collect), or probe that server by its own address.',
      'If the bundle is from that server: restart it (SCHANNEL changes apply after a reboot; a changed binding after iisreset), then probe again.',
      'If a load balancer or proxy answers in front of it, probe the server directly (diagnose <server-ip>:<port> --sni <name>).',
    ],
  },
  description:
    'Only with both a probe and a Windows bundle (`diagnose --windows-bundle`). Compares the leaf certificate the server sent with the HTTP.sys binding for the probed port (Hostname:port for the SNI name, else IP:port or 0.0.0.0:port), and the protocol versions the server answered with against the versions the bundle’s SCHANNEL registry disables. A difference means the bundle is not from this server, or the server was not restarted.',
};

const VERSION_NAMES: Record<number, string> = {
  0x0300: 'SSL 3.0',
  0x0301: 'TLS 1.0',
  0x0302: 'TLS 1.1',
  0x0303: 'TLS 1.2',
  0x0304: 'TLS 1.3',
};

function portOf(server: string): number | undefined {
  const m = /:(\d{1,5})$/.exec(server);
  return m ? Number(m[1]) : undefined;
}

function bindingFor(
  bindings: readonly SslCertBindingObservation[],
  port: number,
  sni: string | undefined,
  ip: string | undefined,
): SslCertBindingObservation | undefined {
  return (
    (sni
      ? bindings.find(
          (b) => b.keyType === 'hostnameport' && b.port === port && b.address === sni.toLowerCase(),
        )
      : undefined) ??
    (ip ? bindings.find((b) => b.keyType === 'ipport' && b.port === port && b.address === ip) : undefined) ??
    bindings.find(
      (b) => b.keyType === 'ipport' && b.port === port && (b.address === '0.0.0.0' || b.address === '::'),
    )
  );
}

function evaluate(obs: ObservationSet): Finding[] {
  const attempts = obs
    .of<HandshakeAttemptObservation>('handshake.attempt')
    .filter((a) => a.client.role !== 'captured');
  if (attempts.length === 0) return [];
  const out: Finding[] = [];
  // 1. the certificate
  const leaf = obs.of<CertificateObservation>('x509.certificate').find((c) => c.served && c.index === 0);
  const bindings = obs.of<SslCertBindingObservation>('windows.sslcert-binding');
  const withHello = attempts.find((a) => a.outcome === 'server-hello');
  if (leaf && withHello && bindings.length > 0) {
    const port = portOf(withHello.server);
    const ip = /^\[?([^\]]+?)\]?:\d+$/.exec(withHello.server)?.[1];
    const b = port !== undefined ? bindingFor(bindings, port, withHello.offer.serverName, ip) : undefined;
    if (b?.certHash && b.certHash !== leaf.thumbprintSha1.toLowerCase()) {
      out.push(
        finding(meta, {
          subject: `certificate ${b.endpoint}`,
          summary: `The server at ${withHello.server} sent certificate ${leaf.thumbprintSha1.toLowerCase()} (${leaf.subject || 'empty subject'}), but the bundle binds ${b.certHash} to ${b.endpoint}: this bundle is not from this server, or the server was not restarted since the binding changed; advice from the bundle does not describe what answered.`,
          evidence: [
            ev(leaf, `served leaf certificate: SHA-1 ${leaf.thumbprintSha1.toLowerCase()}`),
            ev(b, `${b.endpoint}: Certificate Hash : ${b.certHash}`, b.fieldLines['Certificate Hash']),
          ],
          fix: {
            steps: meta.fix.steps,
            commands: [
              {
                platform: 'windows-cmd',
                command: `netsh http show sslcert ${b.keyType === 'hostnameport' ? 'hostnameport' : 'ipport'}=${b.endpoint}`,
              },
              { platform: 'windows-cmd', command: 'iisreset' },
            ],
          },
        }),
      );
    }
  }
  // 2. the protocol versions
  const disabled = obs
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .filter((p) => p.side === 'server' && p.effective === 'disabled' && p.explicit);
  const answered = new Map<number, HandshakeAttemptObservation>();
  for (const a of attempts)
    if (a.serverHello && !answered.has(a.serverHello.version)) answered.set(a.serverHello.version, a);
  for (const [version, a] of answered) {
    const name = VERSION_NAMES[version];
    const p = name ? disabled.find((d) => d.protocol === name) : undefined;
    if (!p) continue;
    out.push(
      finding(meta, {
        subject: `protocol ${name}`,
        summary: `The server at ${a.server} completed a ${versionName(version)} handshake, but the bundle’s registry disables ${name} for the server side (${p.reason}): this bundle is not from this server, or the server was not restarted after the registry change.`,
        evidence: [
          ev(a.origin, `probe ${a.client.name}: ServerHello ${versionName(version)}`),
          protocolStateEvidence(p),
        ],
        fix: {
          steps: meta.fix.steps,
          commands: [
            {
              platform: 'windows-cmd',
              command: `reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\${name}\\Server"`,
            },
            { platform: 'windows-cmd', command: 'shutdown /r /t 0' },
          ],
        },
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
