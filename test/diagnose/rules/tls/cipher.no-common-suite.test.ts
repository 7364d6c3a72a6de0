// cipher.no-common-suite over recorded real servers: fires for the lab's CAMELLIA-only TLS 1.2 server
// and names the version and the suite the server chose; quiet for a TLS 1.0-only server (that is a
// version problem), a server that alerts to everything, and every healthy variant.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/cipher.no-common-suite.js';
import {
  ORIGIN,
  fixturesExcept,
  hello,
  outcomeOf,
  ruleTester,
  transplantOutcome,
} from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    ...fixturesExcept('no-common-cipher'),
    {
      name: 'tls10-only: no shared version ≥ TLS 1.2, so the suites are not the cause',
      fixture: 'tls10-only',
      check: (_, obs) => assert.equal(hello(obs, 'version:303:0').outcome.serverHello?.version, 0x0301),
    },
    {
      name: "one modern client still connects (derived: Chrome given the healthy server's answer)",
      fixture: 'no-common-cipher',
      edit: (obs) =>
        transplantOutcome(obs, 'profile:chrome-current', outcomeOf('healthy', 'profile:chrome-current')),
    },
  ],
  invalid: [
    {
      name: 'no-common-cipher: names TLS 1.2 and the CAMELLIA suite the server chose, with the proof and failing clients',
      fixture: 'no-common-cipher',
      findings: [
        {
          id: 'cipher.no-common-suite',
          severity: 'blocker',
          evidence: [{ source: 'probe', origin: ORIGIN }],
          commands: true,
        },
      ],
      check: ([f]) => {
        assert.match(f!.summary, /accepts TLS 1\.2,/);
        assert.match(f!.summary, /TLS_ECDHE_ECDSA_WITH_CAMELLIA_(256_CBC_SHA384|128_CBC_SHA256)/);
        assert.ok(f!.evidence[0]!.text.startsWith('TLS 1.2 with every suite:'), f!.evidence[0]!.text);
        assert.ok(
          f!.evidence.some((e) => e.text.startsWith('Chrome') && /alert 40/.test(e.text)),
          'a modern client fails with alert 40',
        );
        assert.ok(f!.codes?.includes('ERR_SSL_VERSION_OR_CIPHER_MISMATCH'));
        assert.ok(
          f!.fix.commands!.some((c) => c.platform === 'nginx' && c.command.startsWith('ssl_ciphers ECDHE')),
        );
      },
    },
  ],
});
