import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParseError } from '../../src/errors.js';
import {
  ByteReader,
  TlsReader,
  buildSSLv2ClientHello,
  encodeSSLv2ClientHello,
  encodeSSLv2ServerHello,
  parseSSLv2ClientHello,
  parseSSLv2Error,
  parseSSLv2ServerHello,
  readSSLv2RecordHeader,
} from '../../src/wire/index.js';

const isCode = (code: string) => (e: unknown) => e instanceof ParseError && e.code === code;

test('SSLv2 CLIENT-HELLO: build, header, parse, exact re-encode', () => {
  const challenge = Buffer.alloc(16, 0xcc);
  const rec = buildSSLv2ClientHello({ cipherSpecs: [0x010080, 0x0700c0], challenge });
  const r = new ByteReader(rec);
  const h = readSSLv2RecordHeader(r);
  assert.deepEqual(h, { headerLength: 2, length: rec.length - 2, padding: 0 });
  assert.equal(rec[0]! & 0x80, 0x80);
  const msg = r.bytes(h.length);
  const hello = parseSSLv2ClientHello(msg, 2);
  assert.deepEqual(hello, {
    version: 2,
    cipherSpecs: [0x010080, 0x0700c0],
    sessionId: Buffer.alloc(0),
    challenge,
  });
  assert.ok(encodeSSLv2ClientHello(hello).equals(msg));
  // the version-2 format hello of a TLS client, as the TlsReader sees it, then TLS records follow
  const v2tls = buildSSLv2ClientHello({ version: 0x0303, cipherSpecs: [0x00002f, 0x00c02f] });
  const ev = new TlsReader().push(Buffer.concat([v2tls, Buffer.from([21, 3, 3, 0, 2, 2, 40])]));
  assert.deepEqual(
    ev.map((e) => e.type),
    ['sslv2-client-hello', 'record', 'alert'],
  );
  const first = ev[0]!;
  assert.ok(
    first.type === 'sslv2-client-hello' &&
      first.hello.version === 0x0303 &&
      first.hello.challenge.length === 32,
  );
});

test('SSLv2 SERVER-HELLO with certificate and cipher specs', () => {
  const msg = encodeSSLv2ServerHello({
    sessionIdHit: 0,
    certificateType: 1,
    version: 2,
    certificate: Buffer.from('3082', 'hex'),
    cipherSpecs: [0x010080, 0x020080],
    connectionId: Buffer.alloc(16, 1),
  });
  const p = parseSSLv2ServerHello(msg);
  assert.equal(p.certificateType, 1);
  assert.deepEqual(p.cipherSpecs, [0x010080, 0x020080]);
  assert.ok(encodeSSLv2ServerHello(p).equals(msg));
  assert.equal(parseSSLv2Error(Buffer.from([0, 0, 1])), 1);
});

test('malformed SSLv2 messages', () => {
  const good = encodeSSLv2ClientHello({
    version: 2,
    cipherSpecs: [0x010080],
    sessionId: Buffer.alloc(0),
    challenge: Buffer.alloc(16),
  });
  const badSpecs = Buffer.from(good);
  badSpecs.writeUInt16BE(4, 3); // not a multiple of 3
  assert.throws(() => parseSSLv2ClientHello(badSpecs), isCode('PARSE_MALFORMED'));
  const shortChallenge = Buffer.from(good);
  shortChallenge.writeUInt16BE(8, 7);
  assert.throws(() => parseSSLv2ClientHello(shortChallenge), isCode('PARSE_MALFORMED'));
  assert.throws(() => parseSSLv2ClientHello(Buffer.from([4])), isCode('PARSE_MALFORMED'));
  assert.throws(() => parseSSLv2ServerHello(good), isCode('PARSE_MALFORMED'));
  assert.throws(() => parseSSLv2ClientHello(good.subarray(0, good.length - 1)), isCode('PARSE_TRUNCATED'));
  assert.throws(() => new TlsReader().push(Buffer.from([0x80, 0])), isCode('PARSE_MALFORMED'));
  assert.throws(() => buildSSLv2ClientHello({ cipherSpecs: [] }), RangeError);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (u) => {
      for (const f of [parseSSLv2ClientHello, parseSSLv2ServerHello, parseSSLv2Error]) {
        try {
          f(Buffer.from(u));
        } catch (e) {
          assert.ok(e instanceof ParseError, String(e));
        }
      }
    }),
    { numRuns: 2000 },
  );
});
