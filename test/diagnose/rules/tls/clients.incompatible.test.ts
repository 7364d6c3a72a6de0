// clients.incompatible on recorded real servers. The severity says who is locked out: 'medium' when
// a current client fails (TLS 1.0-only server), 'low' when only clients that could do TLS 1.2 fail
// (TLS 1.3-only server), 'info' when only TLS 1.0-era clients fail (every healthy TLS 1.2+ server:
// IE 11 on Windows 7 with defaults and .NET 4.5 defaults cannot connect — true, and worth an info
// line). When EVERY client fails the rule stays quiet: the handshake rules name the cause.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/clients.incompatible.js';

import type { Severity } from '../../../../src/model/finding.js';
import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  hello,
  recordings,
  type Recordings,
  type ScenarioId,
} from './recorded.js';

const { meta } = rule;

const EXPECTED: Partial<Record<ScenarioId, Severity>> = {
  healthy: 'info',
  expired: 'info',
  'sni-required': 'info',
  'client-cert-required': 'info',
  'client-cert-tls12': 'info',
  'client-cert-optional': 'info',
  'tls12-only': 'info',
  'tls13-only': 'low',
  'tls10-only': 'medium',
};

describe('clients.incompatible', () => {
  let rec: Recordings;
  before(async () => {
    rec = await recordings();
  });

  for (const id of ALL_SCENARIOS) {
    const sev = EXPECTED[id];
    it(`${sev ? `fires (${sev})` : 'stays quiet'} on the recorded ${id} scenario`, () => {
      const found = evaluate(rule, rec[id].observations);
      assert.deepEqual(
        found.map((f) => f.severity),
        sev ? [sev] : [],
        found.map((f) => f.summary).join('\n'),
      );
    });
  }

  it('tls10-only: names the current browsers that fail, the count and the accepted version', () => {
    const r = rec['tls10-only'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(checkFinding(f, { id: meta.id, origin: r.origin, commands: true }), []);
    const profiles = r.observations.filter(
      (o) => o.kind === 'probe.hello' && o.from && (o as { purpose?: string }).purpose === 'profile',
    ).length;
    assert.match(f.summary, new RegExp(`^\\d+ of ${profiles} client types cannot connect: Chrome / Edge`));
    assert.match(f.summary, /\(server accepts TLS 1\.0\)\.$/);
    assert.ok(f.evidence.some((e) => e.text.startsWith('Chrome / Edge') && /alert 70/.test(e.text)));
  });

  it('tls13-only: the legacy clients fail with protocol_version and the server is said to accept TLS 1.3 only', () => {
    const r = rec['tls13-only'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.match(f.summary, /IE 11 \/ Windows 7/);
    assert.match(f.summary, /\(server accepts TLS 1\.3\)/);
    assert.equal(hello(r.observations, 'profile:java-8u').outcome.alert?.description, 70);
  });

  it('legacy-tls10-11: every profile connects, nothing to say', () => {
    assert.deepEqual(evaluate(rule, rec['legacy-tls10-11'].observations), []);
  });
});
