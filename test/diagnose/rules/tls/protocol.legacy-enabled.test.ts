// protocol.legacy-enabled on recorded real servers: TLS 1.0 (tls10-only) and TLS 1.0 + 1.1
// (our legacy server) give one 'low' finding naming them; SSL 3.0 / SSL 2.0 — which no Node/OpenSSL
// 3 server can speak any more — are derived from recorded answers and give a separate 'high' one.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/protocol.legacy-enabled.js';

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

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['tls10-only', 'legacy-tls10-11']);

describe('protocol.legacy-enabled', () => {
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

  it('names TLS 1.0 and TLS 1.1 with the version probes as evidence', () => {
    const r = rec['legacy-tls10-11'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(checkFinding(f, { id: meta.id, severity: 'low', origin: r.origin, commands: true }), []);
    assert.match(f.summary, /accepts TLS 1\.0 and TLS 1\.1 \(deprecated by RFC 8996\)/);
    assert.deepEqual(
      f.evidence.map((e) => e.text.split(':')[0]),
      ['TLS 1.0 alone', 'TLS 1.1 alone'],
    );
    assert.ok(f.fix.commands!.some((c) => c.command === 'ssl_protocols TLSv1.2 TLSv1.3;'));
  });

  it('SSL 3.0 accepted (derived: the SSL 3.0 probe given a ServerHello for version 3.0) → a separate high finding', () => {
    const obs = structuredClone(rec['legacy-tls10-11'].observations);
    const ssl3 = hello(obs, 'version:300:0');
    assert.equal(ssl3.offer.maxVersion, 0x0300);
    const tls10 = hello(obs, 'version:301:0').outcome;
    ssl3.outcome = { ...structuredClone(tls10), serverHello: { ...tls10.serverHello!, version: 0x0300 } };
    const found = evaluate(rule, obs);
    assert.deepEqual(
      found.map((f) => f.severity),
      ['high', 'low'],
    );
    assert.match(found[0]!.summary, /accepts SSL 3\.0, which are broken \(DROWN, POODLE\)/);
    assert.ok(found[0]!.evidence[0]!.text.startsWith('SSL 3.0 alone:'));
  });

  it('SSL 2.0 accepted (derived: the SSLv2 probe given an SSLv2 ServerHello as the probe records it)', () => {
    const obs = structuredClone(rec.healthy.observations);
    const v2 = hello(obs, 'version:ssl2');
    assert.equal(v2.offer.sslv2, true);
    // what src/probe/hello-probe.ts records for an SSLv2 SERVER-HELLO: version 0x0002, the first cipher kind
    v2.outcome = {
      ...v2.outcome,
      status: 'server-hello',
      serverHello: {
        version: 0x0002,
        cipherSuite: 0x0700c0,
        extensions: [],
        renegotiationInfo: false,
        extendedMasterSecret: false,
        sessionTicket: false,
        statusRequest: false,
        encryptThenMac: false,
      },
      sslv2: { cipherKinds: [0x0700c0, 0x010080] },
    };
    delete v2.outcome.alert;
    const found = evaluate(rule, obs);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'high');
    assert.match(found[0]!.summary, /SSL 2\.0/);
  });

  it('stays quiet for TLS 1.2/1.3-only servers even though they answer the legacy probes (with alerts)', () => {
    for (const id of ['healthy', 'tls12-only', 'tls13-only'] as const) {
      assert.equal(hello(rec[id].observations, 'version:301:0').outcome.status, 'alert', id);
      assert.deepEqual(evaluate(rule, rec[id].observations), [], id);
    }
  });

  it('an SSLv2 SERVER-HELLO listing no cipher is not "SSL 2.0 accepted" (derived)', () => {
    const obs = structuredClone(rec.healthy.observations);
    const v2 = hello(obs, 'version:ssl2');
    v2.outcome = {
      ...v2.outcome,
      status: 'server-hello',
      serverHello: {
        version: 0x0002,
        cipherSuite: 0,
        extensions: [],
        renegotiationInfo: false,
        extendedMasterSecret: false,
        sessionTicket: false,
        statusRequest: false,
        encryptThenMac: false,
      },
      sslv2: { cipherKinds: [] },
    };
    delete v2.outcome.alert;
    assert.deepEqual(evaluate(rule, obs), []);
  });
});
