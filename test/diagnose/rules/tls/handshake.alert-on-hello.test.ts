// handshake.alert-on-hello over recorded real servers: fires for the lab server that answers every
// hello with fatal alert 40; quiet for servers that alert to SOME hellos only (strict SNI, TLS 1.0
// only, no common cipher) and for servers that never answer.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.alert-on-hello.js';
import type { ObservationBase } from '../../../../src/model/observation.js';
import {
  ORIGIN,
  fixturesExcept,
  hellos,
  outcomeOf,
  ruleTester,
  transplantOutcome,
} from '../../rule-tester.js';

const finding = {
  id: 'handshake.alert-on-hello',
  severity: 'blocker',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;

/** gives the first `count(n)` of the n probes the silent server's real timeout */
const silence = (count: (n: number) => number) => (obs: ObservationBase[]) => {
  const ids = hellos(obs).map((h) => h.id);
  const timeout = outcomeOf('silent', 'version:303:0');
  for (const id of ids.slice(0, count(ids.length))) transplantOutcome(obs, id, timeout);
};

ruleTester(rule, {
  valid: [
    ...fixturesExcept('alert-40'),
    {
      name: 'fewer than half the probes get an alert (derived: the rest silent, as recorded from the silent server)',
      fixture: 'alert-40',
      edit: silence((n) => Math.ceil(n / 2) + 1),
    },
  ],
  invalid: [
    {
      name: 'alert-40: names alert 40 (handshake_failure) and how many probes got it',
      fixture: 'alert-40',
      findings: [finding],
      check: ([f], obs) => {
        const n = hellos(obs).length;
        assert.match(f!.summary, /fatal alert 40 \(handshake_failure\)/);
        assert.match(f!.summary, new RegExp(`${n} of ${n} probes`));
        assert.ok(f!.codes?.includes('TLS alert 40'));
        assert.ok(f!.evidence.length >= 3 && f!.evidence.every((e) => /alert 40/.test(e.text)));
      },
    },
    {
      name: 'names the most frequent alert (derived: every alert rewritten to 112 unrecognized_name)',
      fixture: 'alert-40',
      edit: (obs) => {
        for (const h of hellos(obs)) if (h.outcome.alert) h.outcome.alert.description = 112;
      },
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /fatal alert 112 \(unrecognized_name\)/);
        assert.ok(f!.codes?.includes('TLS alert 112'));
      },
    },
    {
      name: 'does not claim "every ClientHello" when only some probes got the alert (derived: 40% of the probes silent)',
      fixture: 'alert-40',
      edit: silence((n) => Math.floor(n * 0.4)),
      findings: [finding],
      check: ([f]) => assert.doesNotMatch(f!.summary, /answers every ClientHello/),
    },
  ],
});
