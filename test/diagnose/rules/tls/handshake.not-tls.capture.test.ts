import { test } from 'node:test';
import assert from 'node:assert/strict';
// handshake.not-tls on captured connections: the same rule that judges the probes, reading the
// handshake attempts the engine derives from a capture. A client speaking plain text sent no
// ClientHello: capture.not-tls reports that (test/diagnose/rules/capture/capture.not-tls.test.ts).
import { rule as unified } from '../../../../src/diagnose/rules/tls/handshake.not-tls.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import type { ObservationSet } from '../../../../src/model/observation.js';
import { at, conn, noServerHello, set } from '../capture/fixtures.js';

/** through the engine, which derives the attempts the rule reads */
const rule = { evaluate: (s: ObservationSet) => runRules([unified], s.all).findings };

/** the first bytes as the capture keeps them: 16 bytes, hex and text of the same bytes */
function firstBytes(text: string) {
  const b = Buffer.from(text, 'latin1').subarray(0, 16);
  return {
    firstBytesHex: b.toString('hex').replace(/(..)(?!$)/g, '$1 '),
    firstBytesText: b.toString('latin1').replace(/[^\x20-\x7e]/g, '.'),
  };
}

test('an HTTP answer to the ClientHello', () => {
  const c = noServerHello({
    handshakeEnd: 'not-tls',
    notTls: { from: 'server', ...at(305), ...firstBytes('HTTP/1.1 400 Bad Request\r\n') },
  });
  const f = rule.evaluate(set(c));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.id, 'handshake.not-tls');
  assert.equal(f[0]!.subject, '127.0.0.1:443');
  assert.equal(f[0]!.severity, 'blocker');
  assert.match(f[0]!.summary, /answered the ClientHello with "HTTP\/1\.1 400 Bad"/);
  assert.match(f[0]!.evidence[0]!.text, /an HTTP response/);
  assert.match(f[0]!.evidence[0]!.text, /non-TLS bytes in frame 305: "HTTP\/1\.1 400 Bad" \(48 54 54 50 2f /);
  assert.deepEqual(f[0]!.evidence[0]!.from.frames, [c.start.frame, c.clientHello!.frame, 305]);
});

test('TLS on both sides, and a client speaking plain text (no ClientHello), are not this rule', () => {
  const client = noServerHello({
    handshakeEnd: 'not-tls',
    notTls: { from: 'client', ...at(305), ...firstBytes('GET / HTTP/1.1\r\n') },
  });
  assert.deepEqual(rule.evaluate(set(conn(), client)), []);
});
