// handshake.slow: fires when even the fastest answer (or connect, or flight) took long, with the
// severity of the worst step; quiet on every recording (their durations are normalised to 0) and
// when only some probes were slow (the fastest answer was quick).
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.slow.js';
import { ORIGIN, fixturesExcept, hellos, ruleTester } from '../../rule-tester.js';
import type { ObservationBase } from '../../../../src/model/observation.js';
import type { HelloObservation } from '../../../../src/model/observations/probe.js';

const ANSWERED = new Set(['server-hello', 'hello-retry', 'alert']);

/** every answered hello of a recording took `firstByteMs` to answer (after a 1 ms connect) */
function answersAfter(firstByteMs: number, flightMs = 5) {
  return (obs: ObservationBase[]): void => {
    for (const h of hellos(obs)) {
      if (!ANSWERED.has(h.outcome.status)) continue;
      h.outcome.timings = { connectMs: 1, firstByteMs, totalMs: 1 + firstByteMs + flightMs };
    }
  };
}

const answered = (obs: ObservationBase[]): HelloObservation[] =>
  hellos(obs).filter((h) => ANSWERED.has(h.outcome.status));

ruleTester(rule, {
  valid: [
    ...fixturesExcept(),
    {
      name: 'every answer within 900 ms: not slow',
      fixture: 'healthy',
      edit: answersAfter(900),
    },
    {
      name: 'one slow answer among fast ones (a loaded client machine): the fastest decides',
      fixture: 'healthy',
      edit: (obs) => {
        answersAfter(20)(obs);
        answered(obs)[0]!.outcome.timings.firstByteMs = 6000;
      },
    },
  ],
  invalid: [
    {
      name: 'every answer 3 s late: medium, the ServerHello step named with its time',
      fixture: 'healthy',
      edit: answersAfter(3000),
      findings: [
        { id: 'handshake.slow', severity: 'medium', evidence: [{ source: 'probe', origin: ORIGIN }] },
      ],
      check: ([f]) => {
        assert.match(f!.summary, /slowest step is the first byte of the ServerHello \(3\.0 s\)/);
        assert.ok(f!.evidence.some((e) => /first byte came 3000 ms after the ClientHello/.test(e.text)));
      },
    },
    {
      name: 'answers after 1.5 s: low',
      fixture: 'healthy',
      edit: answersAfter(1500),
      findings: [{ id: 'handshake.slow', severity: 'low', evidence: [{ source: 'probe', origin: ORIGIN }] }],
    },
    {
      name: 'answers after 12 s (a patient --timeout): blocker, past common client timeouts',
      fixture: 'healthy',
      edit: answersAfter(12_000),
      findings: [
        { id: 'handshake.slow', severity: 'blocker', evidence: [{ source: 'probe', origin: ORIGIN }] },
      ],
      check: ([f]) => assert.match(f!.summary, /exceeds common client handshake timeouts/),
    },
    {
      name: 'a TLS 1.2 server whose certificate flight comes 4 s after a prompt ServerHello',
      fixture: 'tls12-only',
      edit: answersAfter(10, 4000),
      findings: [
        { id: 'handshake.slow', severity: 'medium', evidence: [{ source: 'probe', origin: ORIGIN }] },
      ],
      check: ([f]) => assert.match(f!.summary, /slowest step is the certificate/),
    },
    {
      name: 'every TCP connect takes 2 s',
      fixture: 'healthy',
      edit: (obs) => {
        answersAfter(10)(obs);
        for (const h of hellos(obs)) h.outcome.timings.connectMs = 2000;
      },
      findings: [{ id: 'handshake.slow', severity: 'low', evidence: [{ source: 'probe', origin: ORIGIN }] }],
      check: ([f]) => assert.match(f!.summary, /slowest step is the TCP connect \(2\.0 s\)/),
    },
  ],
});
