// No AEAD: whatever the client offers, the server picks a CBC (or stream) suite with a separate MAC —
// the MAC-then-encrypt construction behind Lucky Thirteen and the padding-oracle attacks.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import type { HelloObservation } from '../../../model/observations/probe.js';
import { cipherSuiteName } from '../../../wire/registry/index.js';
import { chosenEvidence, chosenSuites } from '../../chosen-suites.js';
import { MODERN_SUITE_FIX } from './cipher.no-forward-secrecy.js';

const meta: RuleMeta = {
  id: 'cipher.no-aead',
  emits: ['cipher.no-aead'],
  title: 'No AEAD cipher: the server never chooses GCM or ChaCha20-Poly1305',
  scenario: 'cipher',
  severity: 'low',
  needs: ['probe.hello'],
  uses: [],
  references: [
    'RFC 9325 §4.2 (AEAD suites recommended; CBC only with encrypt_then_mac)',
    'RFC 7366 (Encrypt-then-MAC)',
    'Lucky Thirteen (CBC MAC-then-encrypt timing)',
    'Mozilla Server Side TLS',
  ],
  fix: {
    steps: [
      'Enable AEAD suites (AES-GCM, ChaCha20-Poly1305) with ECDHE and TLS 1.3 (AEAD only), and put them before the CBC suites.',
      'nginx: `ssl_ciphers`; Apache: `SSLCipherSuite`; HAProxy: `ssl-default-bind-ciphers`; IIS / Windows: the "SSL Cipher Suite Order" policy or Enable-TlsCipherSuite (Windows Server 2016+ has the GCM suites), then restart.',
    ],
    commands: [...MODERN_SUITE_FIX],
  },
  confidence: 'certain',
  description:
    'Every hello that offered AEAD suites (AES-GCM, ChaCha20-Poly1305, CCM, or TLS 1.3) got a CBC suite with HMAC instead. CBC in TLS ≤ 1.2 is MAC-then-encrypt, the source of padding-oracle and timing attacks (Lucky Thirteen) unless both sides use Encrypt-then-MAC; current browsers mark such connections "obsolete". Clients still connect; this is not a blocker.',
};

function evaluate(set: ObservationSet): Finding[] {
  const c = chosenSuites(set.of<HelloObservation>('probe.hello'), 'aead');
  if (c.offered.length === 0 || c.got.length > 0) return [];
  return [
    finding(meta, {
      summary: `${c.offered[0]!.from.origin} never chooses an AEAD suite: ${c.offered.length} hellos offered GCM/ChaCha20-Poly1305 suites and every one got a CBC suite (e.g. ${cipherSuiteName(c.chosen[0]!.code)}).`,
      evidence: chosenEvidence(c, 'aead'),
    }),
  ];
}

export const rule = defineRule({ meta, evaluate });
