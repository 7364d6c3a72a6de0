// tcp.port-closed on recorded runs against a REAL closed port (bound on 127.0.0.1:0, then closed:
// the kernel answers the SYN with RST, ECONNREFUSED) — and quiet on every open port.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/tcp.port-closed.js';

import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  recordings,
  tcp,
  type Recordings,
  type ScenarioId,
} from '../tls/recorded.js';

const { meta } = rule;

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['closed-port', 'closed-port-http-down']);

describe('tcp.port-closed', () => {
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

  it('names the endpoint and port, with the port filled into the commands', () => {
    const r = rec['closed-port'];
    assert.equal(tcp(r.observations).state, 'refused');
    assert.ok(
      !r.observations.some((o) => o.kind === 'probe.hello'),
      'no handshake is tried on a closed port',
    );
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    assert.equal(
      f.summary,
      `${r.origin} refuses TCP connections: nothing listens on port ${r.port} (or a firewall rejects them).`,
    );
    assert.match(f.evidence[0]!.text, /refused/i);
    assert.ok(f.fix.commands!.some((c) => c.command === `netstat -ano | findstr :${r.port}`));
    assert.ok(f.fix.commands!.every((c) => !c.command.includes('<port>')));
    assert.ok(f.codes?.includes('ECONNREFUSED'));
  });

  it('stays quiet on a filtered port (derived: state filtered) — that is tcp.port-filtered', () => {
    const obs = structuredClone(rec['closed-port'].observations);
    tcp(obs).state = 'filtered';
    assert.deepEqual(evaluate(rule, obs), []);
  });
});
