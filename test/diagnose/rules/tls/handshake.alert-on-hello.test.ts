// handshake.alert-on-hello on recorded real servers: fires for the lab server that answers every
// hello with fatal alert 40; quiet for servers that alert to SOME hellos only (strict SNI, TLS 1.0
// only, no common cipher) and for servers that never answer.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.alert-on-hello.js';

import type { HelloObservation } from '../../../../src/model/observations/probe.js';
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

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['alert-40']);

describe('handshake.alert-on-hello', () => {
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

  it('names alert 40 (handshake_failure) and how many probes got it', () => {
    const r = rec['alert-40'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    const n = r.observations.filter((o) => o.kind === 'probe.hello').length;
    assert.match(f.summary, /fatal alert 40 \(handshake_failure\)/);
    assert.match(f.summary, new RegExp(`${n} of ${n} probes`));
    assert.ok(f.codes?.includes('TLS alert 40'));
    assert.ok(f.evidence.length >= 3 && f.evidence.every((e) => /alert 40/.test(e.text)));
  });

  it('names the most frequent alert (derived: every alert rewritten to 112 unrecognized_name)', () => {
    const obs = structuredClone(rec['alert-40'].observations);
    for (const o of obs)
      if (o.kind === 'probe.hello' && (o as HelloObservation).outcome.alert)
        (o as HelloObservation).outcome.alert!.description = 112;
    const [f] = evaluate(rule, obs);
    assert.ok(f);
    assert.match(f.summary, /fatal alert 112 \(unrecognized_name\)/);
    assert.ok(f.codes?.includes('TLS alert 112'));
  });

  it('stays quiet when fewer than half the probes get an alert (derived: the rest silent, as recorded from the silent server)', () => {
    const obs = structuredClone(rec['alert-40'].observations);
    const ids = obs.filter((o): o is HelloObservation => o.kind === 'probe.hello').map((h) => h.id);
    const silentOutcome = hello(rec.silent.observations, 'version:303:0').outcome;
    for (const id of ids.slice(0, Math.ceil(ids.length / 2) + 1)) transplantOutcome(obs, id, silentOutcome);
    assert.deepEqual(evaluate(rule, obs), []);
  });

  it('does not claim "every ClientHello" when only some probes got the alert (derived: 40% of the probes silent)', () => {
    const obs = structuredClone(rec['alert-40'].observations);
    const ids = obs.filter((o): o is HelloObservation => o.kind === 'probe.hello').map((h) => h.id);
    const silentOutcome = hello(rec.silent.observations, 'version:303:0').outcome;
    for (const id of ids.slice(0, Math.floor(ids.length * 0.4))) transplantOutcome(obs, id, silentOutcome);
    const [f] = evaluate(rule, obs);
    assert.ok(f, 'still fires: most probes got the alert');
    assert.doesNotMatch(f.summary, /answers every ClientHello/);
  });
});
