import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.no-tls.js';
import { set, summary } from './fixtures.js';

test('no TLS at all: say what the capture did contain', () => {
  const f = rule.evaluate(
    set(
      summary({
        tlsConnections: 0,
        tcpConnections: 2,
        skipped: {
          unsupportedLink: 0,
          notIp: 0,
          notTcp: 40,
          fragments: 0,
          truncated: 0,
          malformed: 0,
          snaplenCut: 0,
          zeroLength: 0,
        },
      }),
    ),
  );
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'info');
  assert.match(f[0]!.summary, /40 non-TCP IP packets \(QUIC\/UDP\?\)/);
  assert.deepEqual(rule.evaluate(set(summary())), []);
});
