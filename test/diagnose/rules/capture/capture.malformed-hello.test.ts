// capture.malformed-hello: a ClientHello that did not parse explains the failure, with the server's
// answer; a well-formed hello, or a malformed one on a completed handshake, stays quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.malformed-hello.js';
import { alert, conn, noServerHello, set } from './fixtures.js';

const REASON = 'extension length 9 runs past the end of extensions (at offset 170)';

function malformedHello(over: Parameters<typeof noServerHello>[0] = {}) {
  const c = noServerHello({ handshakeEnd: 'alert', ...over });
  c.clientHello = { ...c.clientHello!, malformed: REASON, cipherSuitesIntact: true, random: '00'.repeat(32) };
  return c;
}

test('a malformed hello refused with decode_error: one finding with the reason and the answer', () => {
  const c = malformedHello({ alerts: [alert(999, 'server', 50, 'ClientHello')] });
  const f = rule.evaluate(set(c));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.id, 'handshake.malformed-client-hello');
  assert.equal(f[0]!.severity, 'high');
  assert.equal(f[0]!.subject, '127.0.0.1:443');
  assert.match(f[0]!.summary, /the client sent a ClientHello that does not decode \(SNI shop\.test\)/);
  assert.ok(
    f[0]!.evidence[0]!.text.includes(
      `the client sent a malformed ClientHello: ${REASON}; the server answered`,
    ),
  );
});

test('quiet on a well-formed hello and on a completed handshake', () => {
  const done = conn();
  done.clientHello = { ...done.clientHello!, malformed: REASON };
  assert.deepEqual(rule.evaluate(set(noServerHello(), done)), []);
});
