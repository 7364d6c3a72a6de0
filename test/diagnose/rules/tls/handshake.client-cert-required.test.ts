// handshake.client-cert-required on recorded real servers: fires for the lab's TLS 1.3 server
// (alert 116 certificate_required) and for our TLS 1.2-only server (CertificateRequest in clear,
// then handshake_failure); quiet for a server that asks for a certificate but does not require one.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.client-cert-required.js';

import type { FullHandshakeObservation, HelloObservation } from '../../../../src/model/observations/probe.js';
import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  recordings,
  type Recordings,
  type ScenarioId,
} from './recorded.js';

const { meta } = rule;

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['client-cert-required', 'client-cert-tls12']);

describe('handshake.client-cert-required', () => {
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

  it('TLS 1.3: names the certificate_required refusal of the full handshake', () => {
    const r = rec['client-cert-required'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    assert.match(f.summary, /requires a client certificate/);
    assert.match(f.summary, /CERTIFICATE_REQUIRED/);
    assert.match(f.evidence[0]!.text, /^full handshake without a client certificate: /);
    assert.ok(f.codes?.includes('TLS alert 116'));
  });

  it('TLS 1.2: cites the CertificateRequest seen in clear in the server flight', () => {
    const r = rec['client-cert-tls12'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    assert.match(f.summary, /HANDSHAKE_FAILURE/);
    const cr = f.evidence.filter((e) => e.text.startsWith('CertificateRequest in the server flight:'));
    assert.ok(cr.length >= 1 && cr.length <= 2, `${cr.length} CertificateRequest evidence items`);
  });

  it('stays quiet for an optional client certificate: CertificateRequest sent, full handshake succeeds', () => {
    const r = rec['client-cert-optional'];
    const full = r.observations.find((o) => o.kind === 'probe.full-handshake') as FullHandshakeObservation;
    assert.equal(full.result.ok, true);
    assert.ok(
      r.observations.some(
        (o) => o.kind === 'probe.hello' && (o as HelloObservation).outcome.certificateRequest,
      ),
      'a TLS 1.2 probe saw the CertificateRequest',
    );
    assert.deepEqual(evaluate(rule, r.observations), []);
  });

  it('stays quiet when the full handshake fails for another reason and nothing asked for a certificate (alert-40)', () => {
    const full = rec['alert-40'].observations.find(
      (o) => o.kind === 'probe.full-handshake',
    ) as FullHandshakeObservation;
    assert.equal(full.result.ok, false);
    assert.deepEqual(evaluate(rule, rec['alert-40'].observations), []);
  });

  it('evidence is one readable line (no raw multi-line OpenSSL error with its source path)', () => {
    for (const id of ['client-cert-required', 'client-cert-tls12'] as const) {
      const [f] = evaluate(rule, rec[id].observations);
      assert.ok(f);
      for (const e of f.evidence) {
        assert.ok(!e.text.includes('\n'), `${id}: ${JSON.stringify(e.text)}`);
        assert.doesNotMatch(e.text, /deps\/openssl/);
      }
    }
  });
});
