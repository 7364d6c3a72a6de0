import { test } from 'node:test';
import assert from 'node:assert/strict';
// protocol.no-common-version on captured connections: the same rule that judges the probes, reading
// the handshake attempts the engine derives from a capture.
import { rule as unified } from '../../../../src/diagnose/rules/tls/protocol.no-common-version.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import type { ObservationSet } from '../../../../src/model/observation.js';
import { alert, conn, noServerHello, set } from '../capture/fixtures.js';

/** through the engine, which derives the attempts the rule reads */
const rule = { evaluate: (s: ObservationSet) => runRules([unified], s.all).findings };

test('protocol_version from the server after the ClientHello: names offered and negotiated-elsewhere versions', () => {
  const ok = conn({ serverHello: { ...conn().serverHello!, version: 0x0303 } });
  const old = noServerHello({
    handshakeEnd: 'alert',
    clientHello: { ...conn().clientHello!, legacyVersion: 0x0302, offeredVersions: [0x0302] },
  });
  old.alerts = [alert(old.start.frame + 5, 'server', 70, 'ClientHello')];
  const f = rule.evaluate(set(ok, old));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.id, 'protocol.no-common-version');
  assert.equal(f[0]!.subject, '127.0.0.1:443');
  assert.equal(f[0]!.severity, 'blocker');
  assert.match(f[0]!.summary, /offered up to TLS 1\.1.*negotiated TLS 1\.2 with other clients/);
  assert.equal(f[0]!.evidence[0]!.from.frames?.[0], old.start.frame);
  assert.match(f[0]!.evidence[0]!.text, /\(it negotiated TLS 1\.2 with other clients\)/);
  assert.ok(f[0]!.evidence[0]!.from.frames?.includes(old.start.frame + 5));
});

test('a client refusing the version the server chose, and a version never offered', () => {
  const refused = conn({
    handshakeEnd: 'alert',
    clientHello: { ...conn().clientHello!, supportedVersions: [0x0304], offeredVersions: [0x0304] },
  });
  refused.alerts = [alert(refused.start.frame + 6, 'client', 70, 'ServerHello')];
  const f = rule.evaluate(set(refused));
  assert.equal(f.length, 1);
  assert.match(f[0]!.evidence[0]!.text, /server chose TLS 1\.2 and the client refused it/);
  const never = conn({
    handshakeEnd: 'closed',
    clientHello: { ...conn().clientHello!, supportedVersions: [0x0304], offeredVersions: [0x0304] },
  });
  assert.match(rule.evaluate(set(never))[0]!.evidence[0]!.text, /never offered/);
});

test('successful handshakes and other alerts are not version problems', () => {
  const other = noServerHello({ handshakeEnd: 'alert' });
  other.alerts = [alert(other.start.frame + 5, 'server', 40, 'ClientHello')];
  assert.deepEqual(rule.evaluate(set(conn(), other)), []);
});
