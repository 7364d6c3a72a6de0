import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.incomplete.js';
import { conn, set, summary } from './fixtures.js';

test('a reader that stopped, and gaps inside handshakes, are reported with offsets and frames', () => {
  const gap = conn({
    handshakeEnd: 'capture-ended',
    tcp: {
      gaps: [{ from: 'server', frame: 321, bytes: 1448, reason: 'not-captured', duringHandshake: true }],
    } as never,
  });
  const f = rule.evaluate(
    set(
      summary({ stopped: { offset: 123456, code: 'PARSE_TRUNCATED', reason: 'packet 77 is cut off' } }),
      gap,
    ),
  );
  assert.equal(f.length, 2);
  assert.match(f[0]!.summary, /stopped at byte 123456/);
  assert.equal(f[0]!.evidence[0]!.from.offset, 123456);
  assert.match(f[1]!.evidence[0]!.text, /1448 bytes missing from the server's stream at frame 321/);
});

test('a clean capture and gaps after the handshake are fine', () => {
  const late = conn({
    tcp: {
      gaps: [{ from: 'server', frame: 999, bytes: 10, reason: 'not-captured', duringHandshake: false }],
    } as never,
  });
  assert.deepEqual(rule.evaluate(set(summary(), late)), []);
});
