// sni.name-rejected on recorded real servers: fires for our node:tls server whose SNI callback fails
// for the site's name (a close) while hellos without SNI get a certificate; the alert and reset
// flavours are derived by giving the named hello the strict-SNI server's alert 40 / the reset
// server's reset. Neighbours: the strict-SNI server (the opposite: name works, no-SNI refused) and
// the SNI-filtering middlebox (silence for the name, not a refusal) must stay quiet.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/sni.name-rejected.js';

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

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['sni-name-closed']);
const NAME = 'healthy.lab.tlsdoctor.test';

describe('sni.name-rejected', () => {
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

  it('a close for the name: names the host, says "a close", confidence likely, name filled into the commands', () => {
    const r = rec['sni-name-closed'];
    assert.equal(hello(r.observations, 'sni:name').outcome.status, 'closed');
    assert.equal(hello(r.observations, 'sni:none').outcome.status, 'server-hello');
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    assert.equal(f.confidence, 'likely');
    assert.equal(
      f.summary,
      `${r.origin} answers hellos without SNI but refuses the name ${NAME} with a close without an answer: there is no TLS configuration for ${NAME} (it works by IP, not by name).`,
    );
    assert.deepEqual(
      f.evidence.map((e) => e.text.split(':')[0]),
      ['with SNI', 'without SNI'],
    );
    assert.ok(
      f.fix.commands!.some((c) => c.command.startsWith(`netsh http add sslcert hostnameport=${NAME}:443 `)),
    );
    assert.ok(f.fix.commands!.every((c) => !c.command.includes('<name>')));
  });

  it("an alert for the name (derived: the strict-SNI server's real alert 40): certain, names the alert", () => {
    const obs = structuredClone(rec['sni-name-closed'].observations);
    transplantOutcome(obs, 'sni:name', hello(rec['sni-required'].observations, 'sni:none').outcome);
    const [f] = evaluate(rule, obs);
    assert.ok(f);
    assert.equal(f.confidence, 'certain');
    assert.match(f.summary, /refuses the name healthy\.lab\.tlsdoctor\.test with alert 40:/);
  });

  it("a reset for the name (derived: the reset server's real outcome): the HTTP.sys pattern", () => {
    const obs = structuredClone(rec['sni-name-closed'].observations);
    transplantOutcome(obs, 'sni:name', hello(rec.reset.observations, 'sni:name').outcome);
    const [f] = evaluate(rule, obs);
    assert.ok(f);
    assert.match(f.summary, /with a TCP reset \(as HTTP\.sys does/);
  });

  it("silence for the name is the middlebox rule's, not this one (middlebox-sni)", () => {
    assert.equal(hello(rec['middlebox-sni'].observations, 'sni:name').outcome.status, 'timeout');
    assert.deepEqual(evaluate(rule, rec['middlebox-sni'].observations), []);
  });

  it('stays quiet without a host name in the target (no serverName in the context)', () => {
    const obs = structuredClone(rec['sni-name-closed'].observations);
    const ctx = obs.find((o) => o.kind === 'diagnose.context') as { serverName?: string };
    delete ctx.serverName;
    assert.deepEqual(evaluate(rule, obs), []);
  });
});
