// The server speaks a version clients offer, but only with cipher suites they do not offer.
import { Version } from '../../../wire/index.js';
import { versionName } from '../../../wire/registry/index.js';
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import {
  analyze,
  helloEvidence,
  negotiatedVersion,
  profileEvidence,
  suiteList,
} from '../../handshake-analysis.js';

const meta: RuleMeta = {
  id: 'cipher.no-common-suite',
  title: 'No cipher suite in common with current clients',
  scenario: 'cipher',
  severity: 'blocker',
  needs: ['probe.hello'],
  uses: ['diagnose.context', 'probe.full-handshake', 'probe.http', 'probe.tcp'],
  references: [
    'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
    'SSL_ERROR_NO_CYPHER_OVERLAP',
    'SChannel event 36874',
    'Mozilla Server Side TLS',
  ],
  fix: {
    steps: [
      'Enable the AEAD suites with forward secrecy that current clients offer (ECDHE with AES-GCM or ChaCha20-Poly1305).',
      'Windows: remove the restrictive list from the cipher suite order policy (gpedit: Computer Configuration > Administrative Templates > Network > SSL Configuration Settings > SSL Cipher Suite Order) or enable the suites with Enable-TlsCipherSuite; reboot.',
      'nginx: ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
    ],
    commands: [
      {
        platform: 'powershell',
        command: 'Enable-TlsCipherSuite -Name TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -Position 0',
      },
      {
        platform: 'powershell',
        command: 'Enable-TlsCipherSuite -Name TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -Position 1',
      },
      {
        platform: 'nginx',
        command:
          'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
      },
      {
        platform: 'apache',
        command:
          'SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384',
      },
    ],
  },
  description:
    'The server accepts a protocol version that current clients offer (TLS 1.2), but only with cipher suites none of them offers (3DES, CAMELLIA, ARIA, static RSA, …), so it answers their hellos with handshake_failure. Browsers show ERR_SSL_VERSION_OR_CIPHER_MISMATCH / SSL_ERROR_NO_CYPHER_OVERLAP; Windows logs SChannel 36874.',
};

function evaluate(set: ObservationSet): Finding[] {
  const a = analyze(set);
  if (!a.anyAnswered || a.modernProfiles.length === 0) return [];
  if (a.modernFailing.length !== a.modernProfiles.length) return [];
  const shared = a.acceptedVersions.filter((v) => v >= Version.TLS12);
  if (shared.length === 0) return [];
  // the suites the server chose when offered everything, per shared version
  const chosen = new Map<number, number>();
  for (const v of shared) {
    const h = a.versionProbes.get(v)?.find((p) => negotiatedVersion(p.outcome) === v);
    const s = h?.outcome.serverHello?.cipherSuite ?? h?.outcome.helloRetry?.cipherSuite;
    if (s !== undefined) chosen.set(v, s);
  }
  const offered = new Set(a.modernProfiles.flatMap((p) => p.profile.hello.cipherSuites));
  const unusable = [...chosen.values()].filter((s) => !offered.has(s));
  if (unusable.length === 0) return [];
  const v = shared[0]!;
  const proof = a.versionProbes.get(v)?.find((p) => negotiatedVersion(p.outcome) === v);
  return [
    finding(meta, {
      summary: `The server accepts ${shared.map(versionName).join(' and ')}, but only with cipher suites current clients do not offer (it chose ${suiteList(unusable)} when offered every suite), so their handshakes fail.`,
      evidence: [
        ...(proof ? [helloEvidence(proof, `${versionName(v)} with every suite`)] : []),
        ...a.modernFailing.slice(0, 3).map(profileEvidence),
      ],
      codes: [
        'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
        'SSL_ERROR_NO_CYPHER_OVERLAP',
        'SChannel 36874',
        'TLS alert 40',
      ],
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
