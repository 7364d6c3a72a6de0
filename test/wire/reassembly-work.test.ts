// Regression: a handshake message in 1-byte records was re-concatenated on every record (O(n²)
// bytes copied: 80,000 records cost 3.2 GB of copies). Work is counted, not timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ContentType,
  HandshakeType,
  TlsReader,
  encodeCertificate,
  encodeHandshake,
  encodeRecords,
} from '../../src/wire/index.js';
import type { WireEvent } from '../../src/wire/index.js';

/** A Certificate message of `size` bytes (header included) in records of one byte each. */
function oneByteRecords(size: number): { message: Buffer; wire: Buffer } {
  const entry = Buffer.alloc(size - 4 - 3 - 3, 0x5a);
  const message = encodeHandshake(
    HandshakeType.certificate,
    encodeCertificate({ entries: [{ data: entry }] }, { tls13: false }),
  );
  assert.equal(message.length, size);
  return { message, wire: encodeRecords(ContentType.handshake, 0x0303, message, 1) };
}

/** Reads `wire` in `chunk`-byte pushes; also counts the bytes any Buffer.concat produced meanwhile. */
function read(wire: Buffer, chunk: number): { reader: TlsReader; events: WireEvent[]; concatenated: number } {
  const reader = new TlsReader();
  const events: WireEvent[] = [];
  const concat = Buffer.concat;
  let concatenated = 0;
  Buffer.concat = (list: readonly Uint8Array[], totalLength?: number): Buffer<ArrayBuffer> => {
    const b = concat(list, totalLength);
    concatenated += b.length;
    return b;
  };
  try {
    for (let i = 0; i < wire.length; i += chunk) events.push(...reader.push(wire.subarray(i, i + chunk)));
  } finally {
    Buffer.concat = concat;
  }
  return { reader, events, concatenated };
}

test('a message in n one-byte records costs O(n) copies (10k vs 80k records: ratio ≈ 8, not ≈ 64)', () => {
  const work: number[] = [];
  for (const n of [10_000, 80_000]) {
    const { message, wire } = oneByteRecords(n);
    assert.ok(wire.length < 512 * 1024, 'under the probe cap');
    const { reader, events, concatenated } = read(wire, 16384);
    assert.ok(concatenated <= 4 * n, `${concatenated} bytes concatenated for ${n} records`);
    const hs = events.filter((e) => e.type === 'handshake');
    assert.equal(hs.length, 1);
    assert.equal(events.filter((e) => e.type === 'record').length, n);
    const ev = hs[0]!;
    assert.ok(ev.type === 'handshake' && ev.body.equals(message.subarray(4)));
    assert.equal(ev.offset, 5, 'offset of the handshake header in the stream');
    assert.equal(reader.buffered, 0);
    assert.equal(reader.needed, 0);
    // each byte: once into its record body, then amortised doubling of the partial message
    assert.ok(reader.bytesCopied <= 4 * n, `${reader.bytesCopied} bytes copied for ${n} records`);
    work.push(reader.bytesCopied);
  }
  const ratio = work[1]! / work[0]!;
  assert.ok(ratio > 7 && ratio < 9, `work ratio ${ratio.toFixed(2)} (${work.join(' → ')})`);
});

test('one-byte records across one-byte reads: same event, linear copies', () => {
  const { message, wire } = oneByteRecords(5000);
  const { reader, events } = read(wire, 1);
  const hs = events.filter((e) => e.type === 'handshake');
  assert.equal(hs.length, 1);
  assert.ok(hs[0]!.type === 'handshake' && hs[0]!.body.equals(message.subarray(4)));
  assert.ok(reader.bytesCopied <= 4 * 5000);
});

test('two messages sharing records after a long fragmented one keep their stream offsets', () => {
  const big = oneByteRecords(3000).message;
  const done = encodeHandshake(HandshakeType.server_hello_done, Buffer.alloc(0));
  // the big message in 1-byte records except its last byte, which shares a record with the next message
  const wire = Buffer.concat([
    encodeRecords(ContentType.handshake, 0x0303, big.subarray(0, big.length - 1), 1),
    encodeRecords(ContentType.handshake, 0x0303, Buffer.concat([big.subarray(big.length - 1), done]), 16384),
  ]);
  const { events } = read(wire, 777);
  const hs = events.filter((e) => e.type === 'handshake');
  assert.deepEqual(
    hs.map((e) => e.type === 'handshake' && e.msgType),
    [HandshakeType.certificate, HandshakeType.server_hello_done],
  );
  const lastRecord = (big.length - 1) * 6;
  assert.equal(hs[0]!.offset, 5);
  assert.equal(hs[1]!.offset, lastRecord + 5 + 1);
  assert.ok(hs[0]!.type === 'handshake' && hs[0]!.body.equals(big.subarray(4)));
});

test('the size cap still refuses an oversized message announced in 1-byte records, before its body', () => {
  const header = Buffer.from([HandshakeType.certificate, 0x10, 0x00, 0x00]); // 1 MiB claimed
  const reader = new TlsReader({ maxHandshakeLength: 256 * 1024 });
  const wire = encodeRecords(ContentType.handshake, 0x0303, header, 1);
  assert.throws(
    () => reader.push(wire),
    (e: unknown) => (e as { code?: string }).code === 'PARSE_LIMIT',
  );
});
