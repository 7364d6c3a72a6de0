// handshake.slow: TODO — which recorded scenarios or observations make it fire, and its neighbours that must not.
import { rule } from '../../../../src/diagnose/rules/tls/handshake.slow.js';
import { ruleTester } from '../../rule-tester.js';

// Each case needs observations: a recording from test/fixtures/observations/ ({ fixture: 'healthy' },
// with an `edit` for a derived case) or inline ones. Until they are filled in, both cases fail.
ruleTester(rule, {
  valid: [{ name: 'TODO: observations on which handshake.slow stays quiet', observations: [] }],
  invalid: [
    {
      name: 'TODO: observations on which handshake.slow fires',
      observations: [],
      // id, severity, subject (omit when none) and the sources of the evidence
      findings: [],
    },
  ],
});
