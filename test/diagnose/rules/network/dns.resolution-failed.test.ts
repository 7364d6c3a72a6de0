// dns.resolution-failed on recorded runs: `diagnose('https://does-not-exist.invalid/')` fails name
// resolution locally (RFC 2606 .invalid never resolves, no network needed); every other recorded
// run resolved (the lab names are forced to 127.0.0.1 with --ip) and must stay quiet.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/dns.resolution-failed.js';

import type { DnsObservation } from '../../../../src/model/observations/probe.js';
import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  recordings,
  type Recordings,
  type ScenarioId,
} from '../tls/recorded.js';

const { meta } = rule;

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['dns-fail']);

describe('dns.resolution-failed', () => {
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

  it('names the host and the resolver error, with the DNS commands', () => {
    const r = rec['dns-fail'];
    assert.deepEqual(
      r.observations.map((o) => o.kind),
      ['probe.dns'],
      'the flow stops after a failed resolution',
    );
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: 'does-not-exist.invalid', commands: true }),
      [],
    );
    assert.match(f.summary, /does-not-exist\.invalid\/? does not resolve to any address/);
    assert.match(f.evidence[0]!.text, /ENOTFOUND/);
    assert.ok(f.codes?.includes('ERR_NAME_NOT_RESOLVED'));
    assert.ok(
      f.fix.commands!.every((c) => !c.command.includes('<host>')),
      'placeholders filled',
    );
  });

  it('puts the bare host name in the fix commands (nslookup does-not-exist.invalid)', () => {
    const [f] = evaluate(rule, rec['dns-fail'].observations);
    assert.ok(f);
    assert.equal(f.fix.commands![0]!.command, 'nslookup does-not-exist.invalid');
    assert.ok(f.summary.startsWith('does-not-exist.invalid does not resolve'), f.summary);
  });

  it('fires on a resolution that succeeded with no address (derived: status ok, empty address list)', () => {
    const obs = structuredClone(rec.healthy.observations);
    const dns = obs.find((o) => o.kind === 'probe.dns') as DnsObservation;
    dns.addresses = [];
    const [f] = evaluate(rule, obs);
    assert.ok(f);
    assert.equal(f.evidence[0]!.text, 'no A/AAAA records');
    assert.equal(f.fix.commands![0]!.command, 'nslookup healthy.lab.tlsdoctor.test');
  });
});
