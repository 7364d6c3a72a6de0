import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParseError } from '../../src/errors.js';
import {
  ByteReader,
  ContentType,
  MAX_CIPHERTEXT_LENGTH,
  MAX_PLAINTEXT_LENGTH,
  encodeHandshake,
  encodeRecord,
  encodeRecords,
  parseHandshakeMessages,
  parseRecords,
  readRecord,
} from '../../src/wire/index.js';

const isCode = (code: string) => (e: unknown) => e instanceof ParseError && e.code === code;

test('encodeRecord and readRecord are symmetric', () => {
  const frag = Buffer.from('0e000000', 'hex');
  const rec = encodeRecord(ContentType.handshake, 0x0303, frag);
  assert.equal(rec.toString('hex'), '16030300040e000000');
  const r = readRecord(new ByteReader(rec, { base: 10 }));
  assert.deepEqual(
    { t: r.contentType, v: r.version, l: r.length, o: r.offset },
    { t: 22, v: 0x0303, l: 4, o: 10 },
  );
  assert.ok(r.fragment.equals(frag));
});

test('a plaintext record longer than 2^14 is a PARSE_LIMIT at the header, before the body arrives', () => {
  const hdr = Buffer.from([22, 3, 3, 0x40, 0x01]); // 16385, and no body at all
  assert.throws(
    () => readRecord(new ByteReader(hdr)),
    (e: unknown) => isCode('PARSE_LIMIT')(e) && (e as ParseError).offset === 3,
  );
  // application data may use the TLSCiphertext cap, not more
  const ok = Buffer.concat([
    Buffer.from([23, 3, 3, (MAX_CIPHERTEXT_LENGTH >> 8) & 0xff, MAX_CIPHERTEXT_LENGTH & 0xff]),
    Buffer.alloc(MAX_CIPHERTEXT_LENGTH),
  ]);
  assert.equal(parseRecords(ok)[0]!.length, MAX_CIPHERTEXT_LENGTH);
  assert.throws(() => readRecord(new ByteReader(Buffer.from([23, 3, 3, 0xff, 0xff]))), isCode('PARSE_LIMIT'));
});

test('non-TLS bytes name what they look like', () => {
  const http = Buffer.from('HTTP/1.1 400 Bad Request\r\n');
  assert.throws(
    () => parseRecords(http),
    (e: unknown) =>
      isCode('PARSE_MALFORMED')(e) &&
      /48 54 54 50 = "HTTP"/.test((e as Error).message) &&
      (e as ParseError).offset === 0,
  );
  assert.throws(() => parseRecords(Buffer.from([22, 2, 0, 0, 1, 1])), isCode('PARSE_MALFORMED')); // major version 2
  assert.throws(() => parseRecords(Buffer.from([22, 3, 1, 0, 0])), isCode('PARSE_MALFORMED')); // zero-length handshake
});

test('a partial record is truncated, not malformed', () => {
  const rec = encodeRecord(ContentType.alert, 0x0303, Buffer.from([2, 40]));
  for (let cut = 1; cut < rec.length; cut++) {
    assert.throws(() => parseRecords(rec.subarray(0, cut)), isCode('PARSE_TRUNCATED'));
  }
});

test('encodeRecords splits at 2^14 and refuses oversize single records', () => {
  const data = Buffer.alloc(MAX_PLAINTEXT_LENGTH * 2 + 5, 7);
  const recs = parseRecords(encodeRecords(ContentType.handshake, 0x0301, data));
  assert.deepEqual(
    recs.map((r) => r.length),
    [MAX_PLAINTEXT_LENGTH, MAX_PLAINTEXT_LENGTH, 5],
  );
  assert.ok(Buffer.concat(recs.map((r) => r.fragment)).equals(data));
  assert.throws(() => encodeRecord(23, 0x0303, Buffer.alloc(MAX_CIPHERTEXT_LENGTH + 1)), RangeError);
});

test('handshake framing round-trips and rejects partial messages', () => {
  const a = encodeHandshake(14, Buffer.alloc(0));
  const b = encodeHandshake(11, Buffer.from([1, 2, 3]));
  const msgs = parseHandshakeMessages(Buffer.concat([a, b]), 100);
  assert.deepEqual(
    msgs.map((m) => [m.msgType, m.body.length, m.offset]),
    [
      [14, 0, 100],
      [11, 3, 104],
    ],
  );
  assert.throws(() => parseHandshakeMessages(b.subarray(0, 5)), isCode('PARSE_TRUNCATED'));
  assert.throws(
    () => parseHandshakeMessages(Buffer.from([1, 0xff, 0xff, 0xff]), 0, 1000),
    isCode('PARSE_LIMIT'),
  );
});

test('random bytes give records or a typed ParseError, never another exception', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        parseRecords(Buffer.from(bytes));
      } catch (e) {
        assert.ok(e instanceof ParseError, String(e));
      }
    }),
    { numRuns: 2000 },
  );
});
