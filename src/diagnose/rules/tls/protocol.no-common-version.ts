// Client and server share no protocol version (e.g. the server speaks only TLS 1.0; clients need 1.2+).
import { Version } from '../../../wire/index.js';
import { versionName } from '../../../wire/registry/index.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Evidence, Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { SchannelProtocolObservation } from '../../../model/observations/windows.js';
import { protocolStateEvidence } from '../windows/shared/support.js';
import { analyze, helloEvidence, profileEvidence, versionList } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'protocol.no-common-version',
  title: 'No protocol version in common with current clients',
  scenario: 'protocol',
  severity: 'blocker',
  needs: ['probe.hello'],
  uses: ['windows.schannel-protocol', 'diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: [
    'RFC 8996 (TLS 1.0/1.1 deprecated)',
    'RFC 8446',
    'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    'SChannel registry Protocols\\<ver>\\Server',
  ],
  fix: {
    steps: [
      'Enable TLS 1.2 (and TLS 1.3 where the server supports it) on the server.',
      'Windows/IIS: set SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1 and DisabledByDefault=0, then reboot.',
      'nginx: ssl_protocols TLSv1.2 TLSv1.3;  Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3',
    ],
    commands: [
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" /v Enabled /t REG_DWORD /d 1 /f',
      },
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" /v DisabledByDefault /t REG_DWORD /d 0 /f',
      },
      { platform: 'windows-cmd', command: 'shutdown /r /t 0' },
      { platform: 'nginx', command: 'ssl_protocols TLSv1.2 TLSv1.3;' },
      { platform: 'apache', command: 'SSLProtocol -all +TLSv1.2 +TLSv1.3' },
    ],
  },
  description:
    'The server accepts only versions that current clients no longer offer (SSL 3.0, TLS 1.0, TLS 1.1), so browsers, curl and modern Java fail with ERR_SSL_VERSION_OR_CIPHER_MISMATCH / "unsupported protocol" / protocol_version alerts. On Windows the usual cause is SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=0 (or an old OS without TLS 1.2 enabled).',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  if (!a.anyAnswered || a.modernProfiles.length === 0) return [];
  if (a.modernFailing.length !== a.modernProfiles.length) return [];
  if (a.acceptedVersions.length === 0 || a.acceptedVersions.some((v) => v >= Version.TLS12)) return [];
  const server = versionList(a.acceptedVersions);
  const only = a.acceptedVersions.length === 1 ? 'only accepts' : 'only accepts';
  const evidence: Evidence[] = [];
  for (const v of [Version.TLS12, Version.TLS13, a.acceptedVersions[a.acceptedVersions.length - 1]!]) {
    const h = a.versionProbes.get(v)?.[0];
    if (h) evidence.push(helloEvidence(h, `${versionName(v)} alone`));
  }
  evidence.push(...a.modernFailing.slice(0, 3).map(profileEvidence));
  // cross-check with a Windows bundle: the registry state that explains it
  const reg = set
    .of<SchannelProtocolObservation>('windows.schannel-protocol')
    .filter(
      (o) =>
        o.side === 'server' &&
        (o.protocol === 'TLS 1.2' || o.protocol === 'TLS 1.3') &&
        o.effective === 'disabled',
    );
  evidence.push(...reg.map(protocolStateEvidence));
  return [
    finding(meta, {
      summary: `The server ${only} ${server}; current clients require TLS 1.2 or 1.3, so they cannot connect.`,
      evidence,
      codes: ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SSL_ERROR_UNSUPPORTED_VERSION', 'TLS alert 70'],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
