// handshake.no-server-hello over recorded real servers: fires for the silent, resetting and closing
// lab servers and says which of the three it saw; quiet for alerts (alert-40), non-TLS answers, the
// SNI-filtering middlebox (some hellos answered) and a closed port (no hello sent at all).
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.no-server-hello.js';
import {
  ORIGIN,
  fixturesExcept,
  hellos,
  outcomeOf,
  ruleTester,
  transplantOutcome,
  type InvalidCase,
} from '../../rule-tester.js';

const finding = {
  id: 'handshake.no-server-hello',
  severity: 'blocker',
  confidence: 'likely',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;

const HOW = {
  silent: { how: /with silence \(no byte back\)/, status: 'timeout' },
  reset: { how: /with a TCP reset/, status: 'reset' },
  close: { how: /with a close \(FIN\) without a byte/, status: 'closed' },
} as const;

ruleTester(rule, {
  valid: [
    ...fixturesExcept('silent', 'reset', 'close', 'silent-http-down'),
    {
      name: 'a TLS 1.2 hello got an alert (derived: a silent recording with the alert-40 answer on one probe)',
      fixture: 'silent',
      edit: (obs) =>
        transplantOutcome(obs, 'profile:chrome-current', outcomeOf('alert-40', 'profile:chrome-current')),
    },
  ],
  invalid: [
    ...Object.entries(HOW).map(([id, { how, status }]): InvalidCase => ({
      name: `${id}: says how the server refused, with counts and sample probes as evidence`,
      fixture: id,
      findings: [finding],
      check: ([f], obs) => {
        assert.match(f!.summary, how);
        assert.ok(f!.summary.startsWith(ORIGIN), f!.summary);
        const n = hellos(obs).length;
        assert.match(f!.summary, new RegExp(`\\(${n} tried`));
        assert.ok(
          f!.evidence.some((e) => e.text === `${n}× ${status}`),
          'the counts',
        );
        // the lab serves plain HTTP beside each scenario: the finding says the host is up
        assert.match(
          f!.evidence.at(-1)!.text,
          /^plain HTTP works \(http:\/\/.* → HTTP 200\): the host is up/,
        );
        assert.ok(f!.evidence.length >= 4, 'sample probes: Chrome, TLS 1.2 alone, small hello, no SNI');
      },
    })),
    { fixture: 'silent-http-down', findings: [finding] },
    {
      name: 'only the SSL 2.0 hello got an alert: the server speaks TLS yet drops every current hello',
      fixture: 'silent',
      edit: (obs) => transplantOutcome(obs, 'version:ssl2', outcomeOf('alert-40', 'version:ssl2')),
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /offering TLS 1\.2 or 1\.3 tried/);
        assert.ok(
          f!.evidence.some((e) =>
            /^only 1 hello offering nothing newer than TLS 1\.1 got an answer \(alert\)/.test(e.text),
          ),
        );
      },
    },
  ],
});
