// handshake.client-fails over recorded real servers: quiet wherever the full handshake succeeds or a
// more specific rule explains its failure (client certificate required, no ServerHello at all); fires
// when hello probes get a ServerHello and OpenSSL still cannot finish (the reasons below are OpenSSL
// 3's own texts, as Node reports them; test/e2e/hostile-servers.test.ts produces them from live servers).
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.client-fails.js';
import type { FullHandshakeObservation } from '../../../../src/model/observations/probe.js';
import type { ObservationBase } from '../../../../src/model/observation.js';
import { ORIGIN, first, fixturesExcept, ruleTester } from '../../rule-tester.js';

const finding = {
  id: 'handshake.client-fails',
  severity: 'blocker',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;

function fullFails(error: string, errorCode: string) {
  return (obs: ObservationBase[]) => {
    const full = first<FullHandshakeObservation>(obs, 'probe.full-handshake');
    full.result = { ...full.result, ok: false, chain: [], error, errorCode };
  };
}

ruleTester(rule, {
  valid: [
    ...fixturesExcept(),
    {
      name: 'a handshake that was only slow is not called broken (the timeout is not a protocol failure)',
      fixture: 'healthy',
      edit: fullFails('no completed handshake within 2600 ms', 'ETIMEDOUT'),
    },
    {
      name: 'a server that answers only TLS 1.0 and then closes the full handshake: the version explains it',
      fixture: 'tls10-only',
      edit: fullFails(
        'Client network socket disconnected before secure TLS connection was established',
        'ECONNRESET',
      ),
    },
  ],
  invalid: [
    {
      name: 'no renegotiation_info: OpenSSL 3 refuses; the fix says secure renegotiation (RFC 5746)',
      fixture: 'healthy',
      edit: fullFails('unsafe legacy renegotiation disabled', 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED'),
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /does not support secure renegotiation/);
        assert.match(f!.fix.steps.join(' '), /RFC 5746/);
        assert.match(
          f!.evidence[1]!.text,
          /^full handshake \(OpenSSL\): unsafe legacy renegotiation disabled/,
        );
        assert.match(f!.fix.commands![0]!.command, /^openssl s_client -connect \S+:443 -servername /);
      },
    },
    {
      name: 'a Certificate message too large: send leaf + intermediates only',
      fixture: 'healthy',
      edit: fullFails('excessive message size', 'ERR_SSL_EXCESSIVE_MESSAGE_SIZE'),
      findings: [finding],
      check: ([f]) => assert.match(f!.fix.steps[0]!, /only the leaf certificate and its intermediates/),
    },
    {
      name: 'an unknown reason is quoted as OpenSSL gave it',
      fixture: 'healthy',
      edit: fullFails('some new failure', 'ERR_SSL_SOMETHING'),
      findings: [finding],
      check: ([f]) => assert.match(f!.summary, /complete the handshake: some new failure\.$/),
    },
  ],
});
