import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.middlebox-reset.js';
import { at, noServerHello, set } from './fixtures.js';

const rst = (ttl: number, ipId: number, senderTtls: number[], ids: number[]) => ({
  by: 'server' as const,
  ...at(420),
  ttl,
  ipId,
  senderTtls,
  senderRecentIpIds: ids,
});

test('a server RST with a TTL unlike the server packets, or an IP ID far from their sequence', () => {
  const ttl = noServerHello({
    handshakeEnd: 'reset',
    tcp: { reset: rst(250, 100, [51], [97, 98, 99]) } as never,
  });
  const id = noServerHello({
    handshakeEnd: 'reset',
    tcp: { reset: rst(51, 40000, [51], [97, 98, 99]) } as never,
  });
  const f = rule.evaluate(set(ttl, id));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'high');
  assert.match(f[0]!.evidence[0]!.text, /IP TTL 250, the server's other packets with TTL 51/);
  assert.match(f[0]!.evidence[1]!.text, /IP ID 40000/);
});

test('a reset that looks like the server, a client reset, or zero IP IDs are not suspicious', () => {
  const same = noServerHello({ handshakeEnd: 'reset', tcp: { reset: rst(64, 0, [64], [0, 0]) } as never });
  const close = noServerHello({ handshakeEnd: 'reset', tcp: { reset: rst(63, 0, [64], [0, 0]) } as never });
  const client = noServerHello({
    handshakeEnd: 'reset',
    tcp: { reset: { ...rst(200, 1, [64], [5, 6]), by: 'client' } } as never,
  });
  assert.deepEqual(rule.evaluate(set(same, close, client)), []);
});
