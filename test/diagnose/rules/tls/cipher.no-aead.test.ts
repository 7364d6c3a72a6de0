// cipher.no-aead over recorded real servers: fires for the TLS 1.0-only server (TLS 1.0 has no AEAD
// suite) and the CAMELLIA-CBC-only one, and for every client given a CBC suite (derived from
// healthy); quiet on the rest (TLS 1.3 or GCM for someone).
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/cipher.no-aead.js';
import { ORIGIN, fixturesExcept, hellos, ruleTester } from '../../rule-tester.js';

const finding = {
  id: 'cipher.no-aead',
  severity: 'low',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;

ruleTester(rule, {
  valid: [...fixturesExcept('tls10-only', 'no-common-cipher')],
  invalid: [
    {
      fixture: 'tls10-only',
      findings: [finding],
      check: ([f]) =>
        assert.match(f!.summary, /never chooses an AEAD suite: .* a CBC suite \(e\.g\. TLS_ECDHE_/),
    },
    {
      fixture: 'no-common-cipher',
      findings: [finding],
      check: ([f]) => assert.match(f!.summary, /CAMELLIA_\d+_CBC/),
    },
    {
      name: 'a CBC suite for every client (derived from healthy: TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA)',
      fixture: 'healthy',
      edit: (obs) => {
        for (const h of hellos(obs))
          if (h.outcome.serverHello)
            h.outcome.serverHello = { ...h.outcome.serverHello, version: 0x0303, cipherSuite: 0xc013 };
      },
      findings: [finding],
      check: ([f]) => assert.match(f!.evidence[0]!.text, /TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA \(\d+×\)/),
    },
  ],
});
