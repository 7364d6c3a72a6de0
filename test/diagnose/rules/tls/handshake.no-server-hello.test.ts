// handshake.no-server-hello on recorded real servers: fires for the silent, resetting and closing
// lab servers and says which of the three it saw; quiet for alerts (alert-40), non-TLS answers, the
// SNI-filtering middlebox (some hellos answered) and a closed port (no hello sent at all).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.no-server-hello.js';

import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  hello,
  recordings,
  transplantOutcome,
  type Recordings,
  type ScenarioId,
} from './recorded.js';

const { meta } = rule;

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['silent', 'reset', 'close', 'silent-http-down']);
const HOW: Record<string, RegExp> = {
  silent: /with silence \(no byte back\)/,
  reset: /with a TCP reset/,
  close: /with a close \(FIN\) without a byte/,
};

describe('handshake.no-server-hello', () => {
  let rec: Recordings;
  before(async () => {
    rec = await recordings();
  });

  for (const id of ALL_SCENARIOS) {
    it(`${FIRES_ON.has(id) ? 'fires' : 'stays quiet'} on the recorded ${id} scenario`, () => {
      const found = evaluate(rule, rec[id].observations);
      assert.equal(found.length, FIRES_ON.has(id) ? 1 : 0, found.map((f) => f.summary).join('\n'));
    });
  }

  for (const [id, how] of Object.entries(HOW)) {
    it(`${id}: says how the server refused, with counts and sample probes as evidence`, () => {
      const r = rec[id as ScenarioId];
      const [f] = evaluate(rule, r.observations);
      assert.ok(f);
      assert.deepEqual(
        checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
        [],
      );
      assert.match(f.summary, how);
      assert.ok(f.summary.startsWith(r.origin), f.summary);
      const n = r.observations.filter((o) => o.kind === 'probe.hello').length;
      assert.match(f.summary, new RegExp(`\\(${n} tried`));
      const status = { silent: 'timeout', reset: 'reset', close: 'closed' }[id];
      assert.ok(
        f.evidence.some((e) => e.text === `${n}× ${status}`),
        'the counts',
      );
      // the lab serves plain HTTP beside each scenario: the finding says the host is up
      assert.match(f.evidence.at(-1)!.text, /^plain HTTP works \(http:\/\/.* → HTTP 200\): the host is up/);
      assert.ok(f.evidence.length >= 4, 'sample probes: Chrome, TLS 1.2 alone, small hello, no SNI');
    });
  }

  it('stays quiet when one probe got an alert (derived: a silent recording with the alert-40 answer on one probe)', () => {
    const obs = structuredClone(rec.silent.observations);
    transplantOutcome(obs, 'version:ssl2', hello(rec['alert-40'].observations, 'version:ssl2').outcome);
    assert.deepEqual(evaluate(rule, obs), []);
  });
});
