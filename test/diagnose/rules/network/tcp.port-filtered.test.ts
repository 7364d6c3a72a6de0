// tcp.port-filtered. No filtered port can be made on loopback without root firewall rules
// (iptables -j DROP): the kernel always answers a SYN to 127.0.0.1 with SYN-ACK or RST. So the
// firing cases edit a REAL recorded probe.tcp observation (the closed port's) to the states the
// connect step records when the SYN gets no answer ('filtered') or the host is unreachable; every
// real recording (open or refused ports) must stay quiet.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/tcp.port-filtered.js';

import { ALL_SCENARIOS, checkFinding, evaluate, recordings, tcp, type Recordings } from '../tls/recorded.js';

const { meta } = rule;

describe('tcp.port-filtered', () => {
  let rec: Recordings;
  before(async () => {
    rec = await recordings();
  });

  for (const id of ALL_SCENARIOS) {
    it(`stays quiet on the recorded ${id} scenario`, () => {
      assert.deepEqual(evaluate(rule, rec[id].observations), []);
    });
  }

  const cases = [
    { state: 'filtered' as const, error: 'connect timed out after 3000 ms' },
    { state: 'unreachable' as const, error: 'host unreachable (EHOSTUNREACH)' },
    { state: 'filtered' as const, error: undefined },
  ];
  for (const c of cases) {
    it(`fires on state ${c.state}${c.error ? '' : ' without an error text'} (derived from the closed port's observation)`, () => {
      const r = rec['closed-port'];
      const obs = structuredClone(r.observations);
      const t = tcp(obs);
      t.state = c.state;
      if (c.error) t.error = c.error;
      else delete t.error;
      const [f, ...more] = evaluate(rule, obs);
      assert.ok(f);
      assert.equal(more.length, 0);
      assert.deepEqual(
        checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
        [],
      );
      assert.equal(
        f.summary,
        `${r.origin} does not answer TCP connections (${c.state}): a firewall drops them, or the host is down.`,
      );
      assert.equal(f.evidence[0]!.text, c.error ?? c.state);
      assert.ok(
        f.fix.commands!.some((cmd) => cmd.command === `Test-NetConnection 127.0.0.1 -Port ${r.port}`),
      );
      assert.ok(f.fix.commands!.some((cmd) => cmd.command === `nc -vz -w 3 127.0.0.1 ${r.port}`));
      assert.ok(f.codes?.includes('ERR_CONNECTION_TIMED_OUT'));
    });
  }
});
