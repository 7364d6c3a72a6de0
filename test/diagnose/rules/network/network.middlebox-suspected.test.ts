// network.middlebox-suspected on recorded runs. The lab's SNI-filtering middlebox (a relay that
// holds hellos carrying one name, passes the rest to a healthy server) is the real firing case; the
// other two branches — a large hello dropped while a small one is answered, a TLS 1.3-only hello
// dropped while TLS 1.2 works — need a path device no loopback server reproduces, so they are
// derived from the healthy recording by giving those probes the silent server's real timeout.
// Neighbours that must stay quiet: a strict-SNI server (alerts, not silence), a server that closes
// or resets for its own name (sni.name-rejected), a TLS 1.2-only server
// (alerts to a TLS 1.3-only hello), a server silent to everything (no-server-hello's business).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/network.middlebox-suspected.js';

import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  hello,
  recordings,
  transplantOutcome,
  type Recordings,
  type ScenarioId,
} from '../tls/recorded.js';

const { meta } = rule;

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['middlebox-sni']);

describe('network.middlebox-suspected', () => {
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

  it('SNI filter: names the blocked host, "no answer at all", and compares with the hello without SNI', () => {
    const r = rec['middlebox-sni'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    // every current client sends the name and times out: blocker
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: false }),
      [],
    );
    assert.equal(f.confidence, 'likely');
    assert.match(
      f.summary,
      /^Hellos carrying the name middlebox-sni\.lab\.tlsdoctor\.test get no answer at all, while the same hello without SNI gets a ServerHello/,
    );
    const heads = f.evidence.map((e) => e.text.split(':')[0]);
    assert.deepEqual(heads, ['with the real name', 'no SNI', 'another name']);
    assert.match(f.evidence[0]!.text, /→ no answer \(timeout\)/);
    assert.match(f.evidence[1]!.text, /→ TLS 1\.3 TLS_/);
  });

  it('a reset or a close for the name is a server refusing it (sni.name-rejected), not a middlebox', () => {
    assert.deepEqual(evaluate(rule, rec['sni-name-closed'].observations), [], 'recorded close');
    const obs = structuredClone(rec['middlebox-sni'].observations);
    transplantOutcome(obs, 'sni:name', hello(rec.reset.observations, 'sni:name').outcome);
    assert.deepEqual(
      evaluate(rule, obs).filter((f) => /filters by SNI/.test(f.summary)),
      [],
      'derived reset',
    );
  });

  it('SNI filter seen only through another name (derived: the no-SNI hello also dropped)', () => {
    const obs = structuredClone(rec['middlebox-sni'].observations);
    transplantOutcome(obs, 'sni:none', hello(rec.silent.observations, 'sni:none').outcome);
    const [f] = evaluate(rule, obs);
    assert.ok(f);
    assert.match(f.summary, /the same hello with another name gets a ServerHello/);
    assert.deepEqual(
      f.evidence.map((e) => e.text.split(':')[0]),
      ['with the real name', 'another name'],
    );
  });

  it('large hello dropped, small answered (derived from healthy): names both sizes, medium while clients still work', () => {
    const r = rec.healthy;
    const obs = structuredClone(r.observations);
    transplantOutcome(obs, 'size:large', hello(rec.silent.observations, 'size:large').outcome);
    const small = hello(obs, 'size:small');
    const large = hello(obs, 'size:large');
    assert.ok(
      small.offer.size < 256 && large.offer.size > 1500,
      `${small.offer.size} / ${large.offer.size} bytes`,
    );
    const [f, ...more] = evaluate(rule, obs);
    assert.ok(f);
    assert.equal(more.length, 0);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'medium', origin: r.origin, commands: false }),
      [],
    );
    assert.equal(
      f.summary,
      `A small ClientHello (${small.offer.size} bytes) is answered but a large one (${large.offer.size} bytes) gets timeout: a device on the path mishandles large or fragmented hellos (MTU/MSS, or a hello-size bug).`,
    );
    assert.deepEqual(
      f.evidence.map((e) => e.text.split(':')[0]),
      ['small hello', 'large hello'],
    );
  });

  it('small hello dropped, large answered (derived): no size finding — the pattern no MTU problem makes', () => {
    const obs = structuredClone(rec.healthy.observations);
    transplantOutcome(obs, 'size:small', hello(rec.silent.observations, 'size:small').outcome);
    assert.deepEqual(evaluate(rule, obs), []);
  });

  it('TLS 1.3-only hello silent while TLS 1.2 answers (derived from healthy): medium, names both', () => {
    const r = rec.healthy;
    const obs = structuredClone(r.observations);
    transplantOutcome(obs, 'version:304:0', hello(rec.silent.observations, 'version:304:0').outcome);
    const [f, ...more] = evaluate(rule, obs);
    assert.ok(f);
    assert.equal(more.length, 0);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'medium', origin: r.origin, commands: false }),
      [],
    );
    assert.match(
      f.summary,
      /^A TLS 1\.3-only hello gets timeout instead of an alert or a TLS 1\.2 answer, while TLS 1\.2 works/,
    );
    assert.deepEqual(
      f.evidence.map((e) => e.text.split(':')[0]),
      ['TLS 1.3 alone', 'TLS 1.2 alone'],
    );
  });

  it('a TLS 1.2-only server answers the TLS 1.3-only hello with an alert: no finding', () => {
    const r = rec['tls12-only'];
    assert.equal(hello(r.observations, 'version:304:0').outcome.status, 'alert');
    assert.deepEqual(evaluate(rule, r.observations), []);
  });

  it('a strict-SNI server alerts without the name (not silence): no finding', () => {
    const r = rec['sni-required'];
    assert.equal(hello(r.observations, 'sni:none').outcome.status, 'alert');
    assert.deepEqual(evaluate(rule, r.observations), []);
  });
});
