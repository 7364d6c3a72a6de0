// No forward secrecy: whatever the client offers, the server picks a suite whose key exchange is the
// RSA key transport (or static DH), so a stolen server key decrypts every recorded session.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { HelloObservation } from '../../../model/observations/probe.js';
import { chosenEvidence, chosenSuites } from '../../chosen-suites.js';
import { cipherSuiteName } from '../../../wire/registry/index.js';

/** Mozilla "intermediate" TLS 1.2 suites (ECDHE with AES-GCM or ChaCha20-Poly1305), OpenSSL names */
export const MODERN_OPENSSL_SUITES =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';

/** The same server-side fix for both suite findings: enable ECDHE + AEAD suites and TLS 1.3 (platform first). */
export const MODERN_SUITE_FIX = [
  { platform: 'nginx', command: `ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers ${MODERN_OPENSSL_SUITES};` },
  {
    platform: 'apache',
    command: `SSLProtocol -all +TLSv1.2 +TLSv1.3\nSSLCipherSuite ${MODERN_OPENSSL_SUITES}`,
  },
  {
    platform: 'windows-powershell',
    command:
      'Enable-TlsCipherSuite -Name TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -Position 0; Enable-TlsCipherSuite -Name TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -Position 1',
  },
  { platform: 'haproxy', command: `ssl-default-bind-ciphers ${MODERN_OPENSSL_SUITES}` },
  {
    platform: 'lighttpd',
    command: `ssl.openssl.ssl-conf-cmd = ("MinProtocol" => "TLSv1.2", "CipherString" => "${MODERN_OPENSSL_SUITES}")`,
  },
] as const;

const meta: RuleMeta = {
  id: 'cipher.no-forward-secrecy',
  emits: ['cipher.no-forward-secrecy'],
  title: 'No forward secrecy: the server never chooses an ECDHE or DHE suite',
  scenario: 'cipher',
  severity: 'medium',
  needs: ['probe.hello'],
  uses: [],
  references: [
    'RFC 7525 §3.2 / RFC 9325 §4.1 (prefer suites with forward secrecy)',
    'RFC 8446 §1.2 (TLS 1.3 removed static RSA and DH key exchange)',
    'Mozilla Server Side TLS',
    'TLS Cipher Suites in Windows (Microsoft docs)',
  ],
  fix: {
    steps: [
      'Enable ECDHE suites (and TLS 1.3, which has forward secrecy always) and put them first; remove TLS_RSA_WITH_* (RSA key transport) from the list.',
      'nginx: `ssl_ciphers` with ECDHE suites first and `ssl_prefer_server_ciphers on` if the list keeps RSA suites for old clients; Apache: `SSLCipherSuite` and `SSLHonorCipherOrder on`.',
      'IIS / Windows: the suite order in "SSL Cipher Suite Order" (gpedit: Computer Configuration > Administrative Templates > Network > SSL Configuration Settings) or Enable-TlsCipherSuite, then restart; an ECDHE suite also needs an ECC curve enabled.',
    ],
    commands: [...MODERN_SUITE_FIX],
  },
  confidence: 'certain',
  description:
    'Every hello that offered forward-secret suites (ECDHE or DHE key exchange, or TLS 1.3) got a suite with RSA key transport (or static DH) instead: the session keys are sent encrypted with the certificate key, so whoever gets that key later — a backup, a stolen disk, a subpoena — can decrypt every recorded session. Clients still connect; this is not a blocker.',
};

function evaluate(set: ObservationSet): Finding[] {
  const c = chosenSuites(set.of<HelloObservation>('probe.hello'), 'fs');
  if (c.offered.length === 0 || c.got.length > 0) return [];
  return [
    finding(meta, {
      summary: `${c.offered[0]!.from.origin} never chooses a forward-secret suite: ${c.offered.length} hellos offered ECDHE/DHE suites and every one got RSA key exchange (${c.chosen.length === 1 ? 'always ' : ''}${c.chosen[0] ? `e.g. ${cipherSuiteName(c.chosen[0].code)}` : ''}). A stolen server key would decrypt recorded sessions.`,
      evidence: chosenEvidence(c, 'fs'),
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
