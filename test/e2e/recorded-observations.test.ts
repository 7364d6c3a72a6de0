// The checked-in recordings (test/fixtures/observations/) against what the servers do today: every
// scenario is recorded afresh (the demo lab and the test servers on 127.0.0.1, the real diagnose
// flow) and compared with its fixture on what the rule tests rely on — the observation kinds, the
// probes sent (ids and what each varies), each probe's outcome status, and the findings of the
// whole rule set. A scenario that differs is recorded once more before it fails: a loaded machine
// can blur one recording, a changed server or flow changes both.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../src/diagnose/engine.js';
import { RULES } from '../../src/diagnose/rules/index.js';
import type { ObservationBase } from '../../src/model/observation.js';
import type { FullHandshakeObservation, HelloObservation } from '../../src/model/observations/probe.js';
import {
  ALL_SCENARIOS,
  normalise,
  readFixture,
  recordScenarios,
  type ScenarioId,
} from '../support/observation-scenarios.js';

const HINT =
  'the checked-in recording no longer describes what the lab does: run `npm run record:observations` and review the diff of test/fixtures/observations/';

/** What the rule tests rely on in a recording, as comparable plain data. */
function facts(observations: readonly ObservationBase[]) {
  const kinds: Record<string, number> = {};
  for (const o of observations) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
  const hellos = observations.filter((o): o is HelloObservation => o.kind === 'probe.hello');
  const probes = Object.fromEntries(hellos.map((h) => [h.id, JSON.stringify(h.varies ?? null)]));
  const outcomes = Object.fromEntries(hellos.map((h) => [h.id, h.outcome.status]));
  const full = observations
    .filter((o): o is FullHandshakeObservation => o.kind === 'probe.full-handshake')
    .map((o) => (o.result.ok ? 'ok' : 'failed'));
  const findings = runRules(RULES, observations).findings.map((f) => ({
    id: f.id,
    severity: f.severity,
    subject: f.subject ?? null,
    evidence: [...new Set(f.evidence.map((e) => `${e.from.source} ${e.from.origin}`))].sort(),
  }));
  return { kinds, probes, outcomes, full, findings };
}

describe('the checked-in observation recordings still describe the lab', () => {
  const fresh = new Map<ScenarioId, ObservationBase[]>();
  before(async () => {
    for (const [id, raw] of await recordScenarios()) fresh.set(id, normalise(raw));
  });

  for (const id of ALL_SCENARIOS) {
    it(id, async () => {
      const want = facts(readFixture(id));
      let got = facts(fresh.get(id) ?? []);
      try {
        assert.deepEqual(got, want);
      } catch {
        const again = (await recordScenarios([id])).get(id);
        got = facts(again ? normalise(again) : []);
      }
      assert.deepEqual(got, want, `${id}: ${HINT}`);
    });
  }
});
