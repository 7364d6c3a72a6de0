// cipher.no-forward-secrecy: fires when every hello that offered ECDHE/DHE suites got an RSA key
// exchange (derived from the healthy recording: its answers given TLS_RSA_WITH_AES_128_GCM_SHA256);
// quiet on every recording (each server chose ECDHE or TLS 1.3 for someone) and when one client
// gets ECDHE. The real-server check is test/probe/weak-suites.test.ts (openssl s_server).
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/cipher.no-forward-secrecy.js';
import { ORIGIN, fixturesExcept, hellos, ruleTester } from '../../rule-tester.js';
import type { ObservationBase } from '../../../../src/model/observation.js';

/** every ServerHello of the recording chose this TLS 1.2 suite */
const chose = (suite: number) => (obs: ObservationBase[]) => {
  for (const h of hellos(obs))
    if (h.outcome.serverHello)
      h.outcome.serverHello = { ...h.outcome.serverHello, version: 0x0303, cipherSuite: suite };
};

ruleTester(rule, {
  valid: [
    ...fixturesExcept(),
    {
      name: 'RSA key exchange for all but one client: that one gets forward secrecy',
      fixture: 'healthy',
      edit: (obs) => {
        chose(0x009c)(obs);
        const one = hellos(obs).find((h) => h.outcome.serverHello && h.offer.cipherSuites.includes(0xc02f))!;
        one.outcome.serverHello!.cipherSuite = 0xc02f;
      },
    },
  ],
  invalid: [
    {
      name: 'RSA key transport for every client (derived from healthy: TLS_RSA_WITH_AES_128_GCM_SHA256)',
      fixture: 'healthy',
      edit: chose(0x009c),
      findings: [
        {
          id: 'cipher.no-forward-secrecy',
          severity: 'medium',
          evidence: [{ source: 'probe', origin: ORIGIN }],
          commands: true,
        },
      ],
      check: ([f]) => {
        assert.match(
          f!.summary,
          /never chooses a forward-secret suite: \d+ hellos offered ECDHE\/DHE suites/,
        );
        assert.match(f!.evidence[0]!.text, /TLS_RSA_WITH_AES_128_GCM_SHA256 \(\d+×\)/);
        const platforms = f!.fix.commands!.map((c) => c.platform);
        for (const p of ['nginx', 'apache', 'windows-powershell']) assert.ok(platforms.includes(p), p);
      },
    },
  ],
});
