// The server still accepts deprecated protocol versions.
import { Version } from '../../../wire/index.js';
import { versionName } from '../../../wire/registry/index.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, helloEvidence } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'protocol.legacy-enabled',
  title: 'Deprecated protocol versions are enabled',
  scenario: 'protocol',
  severity: 'low',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: [
    'RFC 7568 (SSL 3.0 deprecated)',
    'RFC 6176 (SSL 2.0 prohibited)',
    'RFC 8996 (TLS 1.0/1.1 deprecated)',
  ],
  fix: {
    steps: [
      'Disable SSL 2.0 and SSL 3.0 everywhere; disable TLS 1.0 and 1.1 once no client you need depends on them.',
    ],
    commands: [
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server" /v Enabled /t REG_DWORD /d 0 /f',
      },
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server" /v Enabled /t REG_DWORD /d 0 /f',
      },
      { platform: 'nginx', command: 'ssl_protocols TLSv1.2 TLSv1.3;' },
    ],
  },
  description:
    'SSL 2.0/3.0 are broken (DROWN, POODLE) and rate "high"; TLS 1.0/1.1 are deprecated by RFC 8996 and rate "low". Disabling them does not fix a broken site — it is hygiene, listed after the causes.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  const ssl = a.acceptedVersions.filter((v) => v <= Version.SSL3);
  const tls = a.acceptedVersions.filter((v) => v === Version.TLS10 || v === Version.TLS11);
  const out: Finding[] = [];
  const ev = (vs: number[]) =>
    vs
      .map((v) => a.versionProbes.get(v)?.[0])
      .filter((h) => h !== undefined)
      .map((h) => helloEvidence(h, `${versionName(h.offer.maxVersion)} alone`));
  if (ssl.length)
    out.push(
      finding(meta, {
        severity: 'high',
        summary: `The server accepts ${ssl.map(versionName).join(' and ')}, which are broken (DROWN, POODLE).`,
        evidence: ev(ssl),
      }),
    );
  if (tls.length)
    out.push(
      finding(meta, {
        summary: `The server still accepts ${tls.map(versionName).join(' and ')} (deprecated by RFC 8996).`,
        evidence: ev(tls),
      }),
    );
  return out;
}

export const rule = defineRule({ meta, evaluate });
