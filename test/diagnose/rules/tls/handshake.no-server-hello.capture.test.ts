import { test } from 'node:test';
import assert from 'node:assert/strict';
// handshake.no-server-hello on captured connections: the same rule that judges the probes, reading
// the handshake attempts the engine derives from a capture.
import { rule as unified } from '../../../../src/diagnose/rules/tls/handshake.no-server-hello.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import type { ObservationSet } from '../../../../src/model/observation.js';
import { at, noServerHello, set, summary } from '../capture/fixtures.js';

/** through the engine, which derives the attempts the rule reads */
const rule = { evaluate: (s: ObservationSet) => runRules([unified], s.all).findings };

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
  assert.equal(f[0]!.id, 'handshake.no-server-hello');
  assert.equal(f[0]!.subject, '127.0.0.1:443');
  assert.equal(f[0]!.severity, 'blocker');
  assert.equal(f[0]!.confidence, 'certain');
  assert.match(f[0]!.summary, /^3 handshakes to 127\.0\.0\.1:443: the server received the ClientHello/);
  const texts = f[0]!.evidence.map((e) => e.text).join('\n');
  assert.match(texts, /reset the connection .* later \(frame 410\)/);
  assert.match(texts, /closed the connection .*FIN in frame 520/);
  assert.match(texts, /stayed silent; the client gave up after/);
});

test('silence at the end of a capture counts only when it lasted; unacknowledged hellos are not this rule', () => {
  const open = noServerHello({ handshakeEnd: 'capture-ended' });
  const silent = rule.evaluate(set(summary({ lastPacket: at(999, 30) }), open));
  assert.equal(silent.length, 1);
  assert.equal(silent[0]!.confidence, 'likely');
  assert.match(silent[0]!.evidence[0]!.text, /sent nothing in the .* until the capture ended/);
  assert.deepEqual(
    rule.evaluate(set(summary({ lastPacket: at(999, open.clientHello!.rel + 0.2) }), open)),
    [],
  );
  const forged = noServerHello({
    handshakeEnd: 'reset',
    tcp: {
      reset: { by: 'server', ...at(410), ttl: 250, ipId: 0, senderTtls: [51], senderRecentIpIds: [0, 0] },
    } as never,
  });
  assert.deepEqual(rule.evaluate(set(forged)), [], 'a reset forged in the path is not the server’s');
  const unacked = noServerHello({ tcp: { clientHelloAcked: false } as never });
  delete unacked.tcp.clientHelloAckFrame;
  assert.deepEqual(rule.evaluate(set(unacked)), []);
});
