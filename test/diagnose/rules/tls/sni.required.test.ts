// sni.required on recorded real servers: fires for the lab's strict-SNI server only — not for the
// SNI-filtering middlebox (silence WITH the name is network.middlebox-suspected's business), not for
// a server that alerts to everything, not without a host name.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/sni.required.js';

import type { ContextObservation } from '../../../../src/model/observations/diagnose.js';
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

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['sni-required']);

describe('sni.required', () => {
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

  it('names the host, the refusal (alert 40) and points at the probes', () => {
    const r = rec['sni-required'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'medium', origin: r.origin, commands: true }),
      [],
    );
    assert.match(f.summary, /sni-required\.lab\.tlsdoctor\.test/);
    assert.match(f.summary, /alert 40/);
    assert.ok(
      f.evidence.some((e) => e.text.startsWith('with SNI:') && /→ TLS 1\.3 TLS_/.test(e.text)),
      'evidence with SNI',
    );
    assert.ok(
      f.evidence.some((e) => e.text.startsWith('without SNI:') && /40|handshake_failure/.test(e.text)),
      'evidence without SNI',
    );
    assert.ok(f.fix.commands!.some((c) => c.command.startsWith('netsh http add sslcert ipport=0.0.0.0:443')));
  });

  it("fires when the hello without SNI is reset (derived: the reset server's real outcome)", () => {
    const obs = structuredClone(rec['sni-required'].observations);
    transplantOutcome(obs, 'sni:none', hello(rec.reset.observations, 'sni:none').outcome);
    const [f] = evaluate(rule, obs);
    assert.ok(f);
    assert.match(f.summary, /without SNI \(reset\)/);
  });

  it('does not fire for a target without a host name (IP address or --no-sni: no serverName)', () => {
    const obs = structuredClone(rec['sni-required'].observations);
    const ctx = obs.find((o) => o.kind === 'diagnose.context') as ContextObservation;
    delete (ctx as Partial<ContextObservation>).serverName;
    assert.deepEqual(evaluate(rule, obs), []);
  });

  it('does not fire when the hello with the name is the one refused (middlebox-sni: silence only WITH the name)', () => {
    const r = rec['middlebox-sni'];
    assert.equal(hello(r.observations, 'sni:name').outcome.status, 'timeout');
    assert.equal(hello(r.observations, 'sni:none').outcome.status, 'server-hello');
    assert.deepEqual(evaluate(rule, r.observations), []);
  });
});
