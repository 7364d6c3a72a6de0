// Some client profiles fail while others succeed: which clients, and exactly why.
import { Version } from '../../../wire/index.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding, Severity } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { analyze, isModern, profileEvidence, versionList } from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'clients.incompatible',
  title: 'Some clients cannot connect',
  scenario: 'clients',
  severity: 'medium',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: ['Mozilla Server Side TLS (intermediate / old profiles)', 'SSL Labs client simulation'],
  fix: {
    steps: [
      'Decide which of the failing clients must work. For clients that support TLS 1.2, enable a TLS 1.2 suite they offer (see each line); for clients without TLS 1.2, upgrading the client (or enabling TLS 1.2 on it) is the fix, not weakening the server.',
      'Windows clients (IE 11 / Windows 7, .NET Framework): enable TLS 1.1/1.2 client-side — SCHANNEL\\Protocols\\TLS 1.2\\Client Enabled=1, DisabledByDefault=0; for .NET SchUseStrongCrypto=1 and SystemDefaultTlsVersions=1.',
    ],
    commands: [
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319" /v SchUseStrongCrypto /t REG_DWORD /d 1 /f',
      },
      {
        platform: 'registry',
        command:
          'reg add "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319" /v SystemDefaultTlsVersions /t REG_DWORD /d 1 /f',
      },
    ],
  },
  description:
    'Real handshakes with the hellos of common clients (browsers, curl, Windows SChannel, .NET, Java, Android, OpenSSL) show which of them fail and why. Severity: medium when a current client fails, low when only older clients that do support TLS 1.2 fail, info when only clients without TLS 1.2 fail (every modern server refuses those).',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  if (a.failing.length === 0 || a.failing.length === a.profiles.length) return [];
  // A profile that got no answer in time, from a server that answers other clients, says nothing
  // about compatibility (a loaded machine or path does this): inconclusive, never an incompatibility.
  const timedOut = a.failing.filter((p) => p.probe.outcome.status === 'timeout');
  const refused = a.failing.filter((p) => p.probe.outcome.status !== 'timeout');
  const inconclusive =
    timedOut.length > 0
      ? `${timedOut.length} more (${timedOut
          .slice(0, 3)
          .map((p) => p.profile.name)
          .join(
            '; ',
          )}${timedOut.length > 3 ? '; …' : ''}) got no answer in time — inconclusive, as the server answered other clients; run again with a longer --timeout`
      : '';
  if (refused.length === 0)
    return [
      finding(meta, {
        severity: 'info',
        confidence: 'possible',
        summary: `${timedOut.length} of ${a.profiles.length} client types got no answer in time (${timedOut
          .slice(0, 4)
          .map((p) => p.profile.name)
          .join(
            '; ',
          )}${timedOut.length > 4 ? '; …' : ''}) while the server answered the others: inconclusive — a loaded machine or network can cause this; run again with a longer --timeout.`,
        evidence: timedOut.map(profileEvidence),
      }),
    ];
  const severity: Severity = refused.some((p) => isModern(p.profile))
    ? 'medium'
    : refused.some((p) => p.profile.acceptsVersions.includes(Version.TLS12))
      ? 'low'
      : 'info';
  const names = refused.map((p) => p.profile.name);
  return [
    finding(meta, {
      severity,
      summary: `${refused.length} of ${a.profiles.length} client types cannot connect: ${names.slice(0, 4).join('; ')}${names.length > 4 ? `; and ${names.length - 4} more` : ''} (server accepts ${versionList(a.acceptedVersions)}).${inconclusive ? ` ${inconclusive[0]!.toUpperCase()}${inconclusive.slice(1)}.` : ''}`,
      evidence: [...refused, ...timedOut].map(profileEvidence),
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
