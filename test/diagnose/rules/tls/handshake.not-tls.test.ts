// handshake.not-tls on recorded real servers: fires for plain HTTP on the TLS port (and quotes the
// status line) and for another protocol (an SSH banner); quiet for TLS servers, silence and alerts.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.not-tls.js';

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

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['http-on-tls-port', 'ssh-banner']);

describe('handshake.not-tls', () => {
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

  it('plain HTTP on the TLS port: quotes the HTTP status line and the first bytes', () => {
    const r = rec['http-on-tls-port'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    assert.match(f.summary, /speaks plain HTTP on the TLS port \("HTTP\/1\.1 400 Bad Request"\)/);
    assert.ok(
      f.evidence.some((e) => e.text.startsWith('first bytes: 485454502f312e31')),
      'first bytes "HTTP/1.1" in hex',
    );
    assert.ok(f.fix.commands!.some((c) => c.command === 'listen 443 ssl;'));
  });

  it('another protocol (SSH banner): says the bytes are not TLS, counting the probes', () => {
    const r = rec['ssh-banner'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    const n = r.observations.filter((o) => o.kind === 'probe.hello').length;
    assert.match(
      f.summary,
      new RegExp(`bytes that are not TLS: an SSH server answered .* \\(${n} of ${n} probes\\)`),
    );
    assert.ok(
      f.evidence.some((e) => e.text.startsWith(`first bytes: ${Buffer.from('SSH-2.0-').toString('hex')}`)),
    );
  });

  it('stays quiet when some hello got a ServerHello (derived: healthy with one not-tls answer)', () => {
    const obs = structuredClone(rec.healthy.observations);
    transplantOutcome(
      obs,
      'version:303:0',
      hello(rec['http-on-tls-port'].observations, 'version:303:0').outcome,
    );
    assert.ok(
      obs.some((o) => o.kind === 'probe.hello' && (o as HelloObservation).outcome.status === 'not-tls'),
    );
    assert.deepEqual(evaluate(rule, obs), []);
  });
});
