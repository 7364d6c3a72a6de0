import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.no-server-hello.js';
import { at, noServerHello, set, summary } from './fixtures.js';

test('acknowledged ClientHello, then a server reset, a server close, or silence until the client gives up', () => {
  const reset = noServerHello({
    handshakeEnd: 'reset',
    tcp: {
      reset: { by: 'server', ...at(410), ttl: 64, ipId: 0, senderTtls: [64], senderRecentIpIds: [0, 0] },
    } as never,
  });
  const closed = noServerHello({ handshakeEnd: 'closed', tcp: { serverFin: at(520) } as never });
  const silent = noServerHello({ handshakeEnd: 'closed', tcp: { clientFin: at(630, 10.63) } as never });
  const f = rule.evaluate(set(reset, closed, silent));
  assert.equal(f.length, 1, 'one server, one finding');
  const texts = f[0]!.evidence.map((e) => e.text).join('\n');
  assert.match(texts, /reset the connection .* later \(frame 410\)/);
  assert.match(texts, /closed the connection .*FIN in frame 520/);
  assert.match(texts, /stayed silent; the client gave up after/);
});

test('silence at the end of a capture counts only when it lasted; unacknowledged hellos are not this rule', () => {
  const open = noServerHello({ handshakeEnd: 'capture-ended' });
  assert.equal(rule.evaluate(set(summary({ lastPacket: at(999, 30) }), open)).length, 1);
  assert.deepEqual(
    rule.evaluate(set(summary({ lastPacket: at(999, open.clientHello!.rel + 0.2) }), open)),
    [],
  );
  const unacked = noServerHello({ tcp: { clientHelloAcked: false } as never });
  delete unacked.tcp.clientHelloAckFrame;
  assert.deepEqual(rule.evaluate(set(unacked)), []);
});
