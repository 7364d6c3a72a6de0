import { test } from 'node:test';
import assert from 'node:assert/strict';
// cipher.no-common-suite on captured connections: the same rule that judges the probes, reading
// the handshake attempts the engine derives from a capture.
import { rule as unified } from '../../../../src/diagnose/rules/tls/cipher.no-common-suite.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import type { ObservationSet } from '../../../../src/model/observation.js';
import { alert, conn, noServerHello, set } from '../capture/fixtures.js';

/** through the engine, which derives the attempts the rule reads */
const rule = { evaluate: (s: ObservationSet) => runRules([unified], s.all).findings };

test('handshake_failure after the ClientHello, compared with what the server chose for others', () => {
  const ok = conn();
  const bad = noServerHello({
    handshakeEnd: 'alert',
    clientHello: { ...conn().clientHello!, cipherSuites: [0x0035, 0x00ff] },
  });
  bad.alerts = [alert(bad.start.frame + 5, 'server', 40, 'ClientHello')];
  const f = rule.evaluate(set(ok, bad));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.id, 'cipher.no-common-suite');
  assert.equal(f[0]!.subject, '127.0.0.1:443');
  assert.equal(f[0]!.severity, 'blocker');
  assert.equal(f[0]!.confidence, 'certain');
  assert.match(
    f[0]!.summary,
    /^1 handshake to 127\.0\.0\.1:443 failed with handshake_failure \(40\) right after the ClientHello/,
  );
  assert.match(
    f[0]!.evidence[0]!.text,
    /TLS_RSA_WITH_AES_256_CBC_SHA.*handshake_failure \(40\).*chose TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, which this client did not offer/,
  );
});

test('alone in the capture it is likely; with an overlapping offer only possible', () => {
  const bad = noServerHello({ handshakeEnd: 'alert' });
  bad.alerts = [alert(bad.start.frame + 5, 'server', 71, 'ClientHello')];
  assert.equal(rule.evaluate(set(bad))[0]!.confidence, 'likely');
  assert.equal(rule.evaluate(set(conn(), bad))[0]!.confidence, 'possible');
  const ver = noServerHello({ handshakeEnd: 'alert' });
  ver.alerts = [alert(ver.start.frame + 5, 'server', 70, 'ClientHello')];
  assert.deepEqual(rule.evaluate(set(ver)), []);
});
