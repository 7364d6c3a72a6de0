import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.client-abort.js';
import { alert, at, conn, set } from './fixtures.js';

test('the client closes or alerts after the server answered', () => {
  const fin = conn({
    handshakeEnd: 'closed',
    changeCipherSpec: {},
    firstEncrypted: {},
    encryptedRecords: { client: 0, server: 0 },
    tcp: { clientFin: at(230) } as never,
  });
  const al = conn({ handshakeEnd: 'alert' });
  al.alerts = [alert(al.start.frame + 6, 'client', 47, 'ServerKeyExchange', true)];
  const f = rule.evaluate(set(fin, al));
  assert.equal(f.length, 1);
  assert.match(f[0]!.evidence[0]!.text, /closed the connection in frame 230/);
  assert.match(f[0]!.evidence[1]!.text, /illegal_parameter \(47\)/);
});

test('certificate and version refusals belong to their own rules; complete handshakes to none', () => {
  const cert = conn({ handshakeEnd: 'alert' });
  cert.alerts = [alert(cert.start.frame + 6, 'client', 48, 'ServerHelloDone', true)];
  const ver = conn({ handshakeEnd: 'alert' });
  ver.alerts = [alert(ver.start.frame + 6, 'client', 70, 'ServerHello')];
  assert.deepEqual(rule.evaluate(set(cert, ver, conn())), []);
});
