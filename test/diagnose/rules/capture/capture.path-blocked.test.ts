import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.path-blocked.js';
import { at, noServerHello, set } from './fixtures.js';

test('a ClientHello never acknowledged, re-sent, then abandoned', () => {
  const c = noServerHello({
    handshakeEnd: 'closed',
    tcp: { clientHelloAcked: false, clientHelloRetransmissions: 3, clientFin: at(450, 21) } as never,
  });
  delete c.tcp.clientHelloAckFrame;
  const f = rule.evaluate(set(c));
  assert.equal(f.length, 1);
  assert.match(
    f[0]!.evidence[0]!.text,
    /never acknowledged by the server \(re-sent 3 times\); the client gave up/,
  );
});

test('an acknowledged hello, or a server that answered or reset, is not a path problem', () => {
  const acked = noServerHello();
  const reset = noServerHello({
    handshakeEnd: 'reset',
    tcp: {
      clientHelloAcked: false,
      reset: { by: 'server', ...at(420), ttl: 64, ipId: 0, senderTtls: [64], senderRecentIpIds: [] },
    } as never,
  });
  assert.deepEqual(rule.evaluate(set(acked, reset)), []);
});
