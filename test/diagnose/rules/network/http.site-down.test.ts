// http.site-down on recorded runs: fires when HTTPS fails AND the plain-HTTP port fails — a refused
// TLS port with a refused HTTP port, or a silent TLS port with a refused HTTP port; quiet when HTTP
// works (closed-port, every lab scenario) and when HTTPS works even if HTTP is down.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/http.site-down.js';

import type { HttpObservation } from '../../../../src/model/observations/probe.js';
import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  recordings,
  type Recordings,
  type ScenarioId,
} from '../tls/recorded.js';

const { meta } = rule;

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['closed-port-http-down', 'silent-http-down']);
const httpOf = (obs: readonly { kind: string }[]) =>
  obs.find((o) => o.kind === 'probe.http') as HttpObservation;

describe('http.site-down', () => {
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

  for (const id of ['closed-port-http-down', 'silent-http-down'] as const) {
    it(`${id}: names the HTTP URL and its failure, and the HTTPS port's state`, () => {
      const r = rec[id];
      const http = httpOf(r.observations);
      assert.equal(http.result.status, 'refused');
      const [f] = evaluate(rule, r.observations);
      assert.ok(f);
      assert.deepEqual(
        checkFinding(f, { id: meta.id, severity: 'blocker', origin: [http.url, r.origin], commands: true }),
        [],
      );
      assert.ok(f.summary.includes(`(${http.url}: refused)`), f.summary);
      assert.equal(f.evidence[0]!.from.origin, http.url);
      assert.match(f.evidence[0]!.text, / → refused/);
      assert.equal(f.evidence[1]!.text, `HTTPS port: TCP ${id === 'silent-http-down' ? 'open' : 'refused'}`);
    });
  }

  it('stays quiet when HTTPS works but plain HTTP is down (derived: healthy with the refused HTTP observation)', () => {
    const obs = structuredClone(rec.healthy.observations).filter((o) => o.kind !== 'probe.http');
    obs.push(structuredClone(httpOf(rec['closed-port-http-down'].observations)));
    assert.deepEqual(evaluate(rule, obs), []);
  });

  it('stays quiet without an HTTP check (httpPort 0: no probe.http observation)', () => {
    const obs = structuredClone(rec['closed-port-http-down'].observations).filter(
      (o) => o.kind !== 'probe.http',
    );
    assert.deepEqual(evaluate(rule, obs), []);
  });

  it('stays quiet when HTTPS answers with TLS alerts or non-TLS bytes and HTTP is down (derived: alert-40 + refused HTTP)', () => {
    for (const id of ['alert-40', 'http-on-tls-port'] as const) {
      const obs = structuredClone(rec[id].observations).filter((o) => o.kind !== 'probe.http');
      obs.push(structuredClone(httpOf(rec['closed-port-http-down'].observations)));
      assert.deepEqual(evaluate(rule, obs), [], id);
    }
  });
});
