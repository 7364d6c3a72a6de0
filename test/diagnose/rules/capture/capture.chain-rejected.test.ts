import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.chain-rejected.js';
import { alert, at, conn, set } from './fixtures.js';

test('unknown_ca / certificate_expired after the server Certificate (TLS 1.2) and after ServerHello (TLS 1.3)', () => {
  const t12 = conn({
    handshakeEnd: 'alert',
    serverCertificates: { ...at(205), certificates: ['AAAA', 'BBBB'] },
  });
  t12.alerts = [alert(208, 'client', 48, 'ServerHelloDone', true)];
  const t13 = conn({
    handshakeEnd: 'alert',
    serverHello: { ...conn().serverHello!, version: 0x0304, cipherSuite: 0x1302 },
  });
  t13.alerts = [alert(t13.start.frame + 6, 'client', 45, 'ServerHello', false)];
  const f = rule.evaluate(set(t12, t13));
  assert.equal(f.length, 1);
  assert.match(f[0]!.summary, /unknown_ca \(48\), certificate_expired \(45\)/);
  assert.match(f[0]!.evidence[0]!.text, /sent 2 certificates in frame 205/);
  assert.match(f[0]!.evidence[1]!.text, /TLS 1\.3: the certificate itself is encrypted/);
});

test('a TLS 1.3 client answering with one 19-byte encrypted record is a possible rejection; other alerts are not', () => {
  const enc = conn({
    handshakeEnd: 'closed',
    serverHello: { ...conn().serverHello!, version: 0x0304 },
    firstEncrypted: { client: { frame: 210, length: 19 }, server: { frame: 206, length: 23 } },
    encryptedRecords: { client: 1, server: 4 },
  });
  const f = rule.evaluate(set(enc));
  assert.equal(f[0]!.confidence, 'possible');
  const other = conn({ handshakeEnd: 'alert' });
  other.alerts = [alert(other.start.frame + 6, 'client', 40, 'ServerHelloDone', true)];
  const before = conn({ handshakeEnd: 'alert' });
  before.alerts = [alert(before.start.frame + 6, 'client', 48, 'ServerHello', false)];
  assert.deepEqual(rule.evaluate(set(other, before)), []);
});
