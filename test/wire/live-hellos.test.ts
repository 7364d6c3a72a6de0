// Real ClientHellos from real clients (openssl s_client, curl, Node) captured on loopback, parsed and
// re-encoded byte for byte; plus the recorded fixtures in test/fixtures/wire/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import {
  HandshakeType,
  TlsReader,
  encodeClientHello,
  encodeRecords,
  expectedKeyShareLength,
  isGrease,
  ja3,
  ja4,
  parseClientHello,
} from '../../src/wire/index.js';
import type { ClientHello } from '../../src/wire/index.js';
import { captureClientHello, hasCommand, run } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'wire');

/** The bytes → TlsReader → one ClientHello that re-encodes exactly (handshake and record). */
function roundTrip(bytes: Buffer): ClientHello {
  const ev = new TlsReader().push(bytes);
  const hs = ev.filter((e) => e.type === 'handshake');
  assert.equal(hs.length, 1, 'one handshake message');
  const m = hs[0]!;
  assert.ok(m.type === 'handshake' && m.msgType === HandshakeType.client_hello);
  const hello = parseClientHello(m.body, m.offset + 4);
  const again = encodeClientHello(hello);
  assert.ok(again.equals(m.body), 'ClientHello re-encodes byte for byte');
  const rec = ev.find((e) => e.type === 'record')!;
  assert.ok(rec.type === 'record');
  const hsBytes = Buffer.concat([
    Buffer.from([1, again.length >> 16, (again.length >> 8) & 0xff, again.length & 0xff]),
    again,
  ]);
  assert.ok(encodeRecords(22, rec.version, hsBytes).equals(bytes), 'record re-encodes byte for byte');
  assert.match(ja4(hello), /^t1[0-3][di]\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/);
  assert.match(ja3(hello).md5, /^[0-9a-f]{32}$/);
  return hello;
}

const openssl = hasCommand('openssl');
const curl = hasCommand('curl');

test('openssl s_client TLS 1.3 ClientHello', { skip: !openssl && 'openssl not installed' }, async () => {
  const bytes = await captureClientHello((port) =>
    run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'x.test', '-tls1_3']),
  );
  const h = roundTrip(bytes);
  assert.equal(h.serverName, 'x.test');
  assert.deepEqual(h.supportedVersions, [0x0304]);
  assert.ok(h.keyShares && h.keyShares.length >= 1);
  assert.ok(h.cipherSuites.includes(0x1301));
});

test('openssl s_client TLS 1.2 ClientHello', { skip: !openssl && 'openssl not installed' }, async () => {
  const bytes = await captureClientHello((port) =>
    run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'x.test', '-tls1_2']),
  );
  const h = roundTrip(bytes);
  assert.equal(h.serverName, 'x.test');
  assert.equal(h.legacyVersion, 0x0303);
  assert.equal(h.supportedVersions, undefined);
  assert.ok(h.cipherSuites.includes(0xc02f));
  assert.ok(h.signatureAlgorithms && h.signatureAlgorithms.length > 0);
});

test('curl ClientHello', { skip: !curl && 'curl not installed' }, async () => {
  const bytes = await captureClientHello((port) =>
    run('curl', ['-sk', '--max-time', '5', `https://127.0.0.1:${port}/`]),
  );
  const h = roundTrip(bytes);
  assert.equal(h.serverName, undefined); // no SNI for an IP address (RFC 6066 §3)
  assert.ok(h.alpn?.includes('http/1.1'));
});

test('Node tls.connect ClientHello, default and TLS 1.0-capped', async () => {
  const connect = (opts: tls.ConnectionOptions) => (port: number) => {
    const s = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'x.test',
      rejectUnauthorized: false,
      ALPNProtocols: ['h2', 'http/1.1'],
      ...opts,
    });
    s.on('error', () => undefined);
    return new Promise((res) => s.on('close', res));
  };
  const h = roundTrip(await captureClientHello(connect({})));
  assert.equal(h.serverName, 'x.test');
  assert.deepEqual(h.alpn, ['h2', 'http/1.1']);
  assert.ok(h.supportedVersions?.includes(0x0304));
  const old = roundTrip(
    await captureClientHello(
      connect({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
    ),
  );
  assert.equal(old.legacyVersion, 0x0301);
  assert.equal(old.supportedVersions, undefined);
});

test('recorded fixtures parse and re-encode byte for byte', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.hex'));
  assert.ok(files.length >= 4, `fixtures present (${files.join(', ')})`);
  for (const f of files) {
    const bytes = Buffer.from(readFileSync(join(FIXTURES, f), 'utf8').replace(/\s+/g, ''), 'hex');
    const h = roundTrip(bytes);
    assert.ok(h.cipherSuites.length > 0, f);
  }
});

test('the Chromium fixture: GREASE, an X25519MLKEM768 share, ECH GREASE; the curl one is padded to 512', () => {
  const load = (f: string): ClientHello =>
    roundTrip(Buffer.from(readFileSync(join(FIXTURES, f), 'utf8').replace(/\s+/g, ''), 'hex'));
  const chrome = load('chromium.hex');
  assert.ok(
    isGrease(chrome.cipherSuites[0]!) &&
      isGrease(chrome.extensions![0]!.type) &&
      isGrease(chrome.extensions!.at(-1)!.type),
  );
  const mlkem = chrome.keyShares!.find((k) => k.group === 0x11ec);
  assert.equal(mlkem?.keyExchange.length, expectedKeyShareLength(0x11ec, 'client'));
  assert.ok(chrome.extensions!.some((e) => e.type === 0xfe0d)); // encrypted_client_hello (GREASE), kept raw
  // the well-known Chrome JA4 cipher hash (the FoxIO example's 15 suites)
  assert.match(ja4(chrome), /^t13i1516h2_8daaf6152771_/);
  const curlHello = Buffer.from(readFileSync(join(FIXTURES, 'curl.hex'), 'utf8').replace(/\s+/g, ''), 'hex');
  const c = load('curl.hex');
  assert.ok(c.paddingLength !== undefined && curlHello.length - 5 === 512);
});
