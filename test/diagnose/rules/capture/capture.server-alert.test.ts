import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.server-alert.js';
import { alert, noServerHello, set } from './fixtures.js';

test('unrecognized_name and other server alerts, with a hint; version/suite alerts are left to their rules', () => {
  const sni = noServerHello({ handshakeEnd: 'alert' });
  sni.alerts = [alert(sni.start.frame + 5, 'server', 112, 'ClientHello')];
  const f = rule.evaluate(set(sni));
  assert.equal(f.length, 1);
  assert.match(f[0]!.evidence[0]!.text, /unrecognized_name \(112\).*SNI/);
  const v = noServerHello({ handshakeEnd: 'alert' });
  v.alerts = [alert(v.start.frame + 5, 'server', 70, 'ClientHello')];
  assert.deepEqual(rule.evaluate(set(v)), []);
});
