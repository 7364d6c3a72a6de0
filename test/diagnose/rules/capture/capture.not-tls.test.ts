import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/capture/capture.not-tls.js';
import { at, conn, noServerHello, set } from './fixtures.js';

test('a server answering a ClientHello is handshake.not-tls’s own (the rule that judges probes too)', () => {
  const c = noServerHello({
    handshakeEnd: 'not-tls',
    notTls: { from: 'server', ...at(305), firstBytesHex: '48 54 54 50', firstBytesText: 'HTTP/1.1 400 Bad' },
  });
  assert.deepEqual(rule.evaluate(set(c)), []);
});

test('non-TLS bytes from the server on a connection without a ClientHello', () => {
  const c = noServerHello({
    handshakeEnd: 'not-tls',
    notTls: { from: 'server', ...at(305), firstBytesHex: '53 53 48 2d', firstBytesText: 'SSH-2.0-OpenSSH_' },
  });
  delete c.clientHello;
  const f = rule.evaluate(set(c));
  assert.equal(f.length, 1);
  assert.match(f[0]!.evidence[0]!.text, /non-TLS bytes in frame 305: "SSH-2\.0-OpenSSH_"/);
});

test('plain HTTP from the client; TLS on both sides is not this rule', () => {
  const c = noServerHello({
    handshakeEnd: 'not-tls',
    notTls: { from: 'client', ...at(305), firstBytesHex: '47 45 54 20', firstBytesText: 'GET / HTTP/1.1..' },
  });
  assert.match(rule.evaluate(set(c))[0]!.evidence[0]!.text, /plain HTTP to the HTTPS port/);
  assert.deepEqual(rule.evaluate(set(conn())), []);
});
