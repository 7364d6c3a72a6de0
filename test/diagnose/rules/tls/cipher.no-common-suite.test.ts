// cipher.no-common-suite on recorded real servers: fires for the lab's CAMELLIA-only TLS 1.2 server
// and names the version and the suite the server chose; quiet for a TLS 1.0-only server (that is a
// version problem), a server that alerts to everything, and every healthy variant.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/cipher.no-common-suite.js';

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

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['no-common-cipher']);

describe('cipher.no-common-suite', () => {
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

  it('names TLS 1.2 and the CAMELLIA suite the server chose, with the proof and failing clients as evidence', () => {
    const r = rec['no-common-cipher'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    assert.match(f.summary, /accepts TLS 1\.2,/);
    assert.match(f.summary, /TLS_ECDHE_ECDSA_WITH_CAMELLIA_(256_CBC_SHA384|128_CBC_SHA256)/);
    assert.ok(f.evidence[0]!.text.startsWith('TLS 1.2 with every suite:'), f.evidence[0]!.text);
    assert.ok(
      f.evidence.some((e) => e.text.startsWith('Chrome') && /alert 40/.test(e.text)),
      'a modern client fails with alert 40',
    );
    assert.ok(f.codes?.includes('ERR_SSL_VERSION_OR_CIPHER_MISMATCH'));
    assert.ok(
      f.fix.commands!.some((c) => c.platform === 'nginx' && c.command.startsWith('ssl_ciphers ECDHE')),
    );
  });

  it('stays quiet for tls10-only: no shared version ≥ TLS 1.2, so the suites are not the cause', () => {
    assert.equal(hello(rec['tls10-only'].observations, 'version:303:0').outcome.serverHello?.version, 0x0301);
    assert.deepEqual(evaluate(rule, rec['tls10-only'].observations), []);
  });

  it("stays quiet when one modern client still connects (derived: Chrome given the healthy server's answer)", () => {
    const obs = structuredClone(rec['no-common-cipher'].observations);
    const chrome = hello(obs, 'profile:chrome-current');
    chrome.outcome = {
      ...structuredClone(hello(rec.healthy.observations, 'profile:chrome-current').outcome),
      address: chrome.outcome.address,
      port: chrome.outcome.port,
    };
    assert.deepEqual(evaluate(rule, obs), []);
  });
});
