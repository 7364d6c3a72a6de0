import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ParseError } from '../../src/errors.js';
import {
  ContentType,
  ExtensionType,
  HELLO_RETRY_REQUEST_RANDOM,
  HandshakeType,
  TlsReader,
  buildSSLv2ClientHello,
  encodeAlertRecord,
  encodeCertificate,
  encodeHandshake,
  encodeHelloRetryKeyShare,
  encodeRecord,
  encodeRecords,
  encodeServerHello,
  encodeServerKeyShare,
  encodeSSLv2Record,
  encodeSSLv2ServerHello,
} from '../../src/wire/index.js';
import type { WireEvent } from '../../src/wire/index.js';

const isCode = (code: string) => (e: unknown) => e instanceof ParseError && e.code === code;

function serverHello(version: 'tls12' | 'tls13' | 'hrr'): Buffer {
  const exts =
    version === 'tls12'
      ? [{ type: ExtensionType.renegotiation_info, data: Buffer.from([0]) }]
      : version === 'tls13'
        ? [
            { type: ExtensionType.supported_versions, data: Buffer.from([3, 4]) },
            {
              type: ExtensionType.key_share,
              data: encodeServerKeyShare({ group: 29, keyExchange: Buffer.alloc(32, 1) }),
            },
          ]
        : [
            { type: ExtensionType.supported_versions, data: Buffer.from([3, 4]) },
            { type: ExtensionType.key_share, data: encodeHelloRetryKeyShare(0x17) },
          ];
  const body = encodeServerHello({
    legacyVersion: 0x0303,
    random: version === 'hrr' ? HELLO_RETRY_REQUEST_RANDOM : Buffer.alloc(32, 0x11),
    sessionId: Buffer.alloc(32, 0x22),
    cipherSuite: version === 'tls12' ? 0xc02f : 0x1301,
    compressionMethod: 0,
    extensions: exts,
  });
  return encodeHandshake(HandshakeType.server_hello, body);
}

/** A TLS 1.2 server flight: SH, a 40 KB Certificate (spans records), SHD, then CCS and an encrypted Finished. */
function tls12Flight(): { bytes: Buffer; certs: Buffer[] } {
  const certs = [randomBytes(30000), randomBytes(10000)];
  const hs = Buffer.concat([
    serverHello('tls12'),
    encodeHandshake(
      HandshakeType.certificate,
      encodeCertificate({ entries: certs.map((data) => ({ data })) }, { tls13: false }),
    ),
    encodeHandshake(HandshakeType.server_hello_done, Buffer.alloc(0)),
  ]);
  const bytes = Buffer.concat([
    encodeRecords(ContentType.handshake, 0x0303, hs),
    encodeRecord(ContentType.change_cipher_spec, 0x0303, Buffer.from([1])),
    encodeRecord(ContentType.handshake, 0x0303, randomBytes(40)), // encrypted Finished: never parsed
    encodeRecord(ContentType.application_data, 0x0303, randomBytes(100)),
    encodeRecord(ContentType.alert, 0x0303, randomBytes(26)), // encrypted close_notify
  ]);
  return { bytes, certs };
}

function tls13Flight(): Buffer {
  return Buffer.concat([
    encodeRecord(ContentType.handshake, 0x0303, Buffer.concat([serverHello('hrr')])),
    encodeRecord(ContentType.change_cipher_spec, 0x0303, Buffer.from([1])),
    encodeRecord(ContentType.handshake, 0x0303, serverHello('tls13')),
    encodeRecord(ContentType.application_data, 0x0303, randomBytes(2000)),
    // after the TLS 1.3 ServerHello a "handshake" record is opaque, too
    encodeRecord(ContentType.handshake, 0x0303, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff])),
    encodeAlertRecord(0), // a 2-byte alert is plaintext even now
  ]);
}

function feed(bytes: Buffer, cuts: number[]): WireEvent[] {
  const r = new TlsReader();
  const out: WireEvent[] = [];
  let last = 0;
  for (const c of [...cuts.filter((x) => x > 0 && x < bytes.length)]
    .sort((a, b) => a - b)
    .concat(bytes.length)) {
    out.push(...r.push(bytes.subarray(last, c)));
    last = c;
  }
  assert.equal(r.buffered, 0);
  assert.equal(r.needed, 0);
  return out;
}

test('TLS 1.2 flight: messages across records, then everything after CCS is opaque', () => {
  const { bytes, certs } = tls12Flight();
  const ev = feed(bytes, []);
  const hs = ev.filter((e) => e.type === 'handshake');
  assert.deepEqual(
    hs.map((e) => e.msgType),
    [2, 11, 14],
  );
  assert.equal(hs[0]!.offset, 5);
  const cert = hs[1]!;
  assert.ok(cert.type === 'handshake');
  assert.ok(cert.body.subarray(6, 6 + 30000).equals(certs[0]!));
  const after = ev
    .slice(ev.findIndex((e) => e.type === 'change-cipher-spec') + 1)
    .filter((e) => e.type !== 'record');
  assert.deepEqual(
    after.map((e) => [e.type, (e as { length: number }).length]),
    [
      ['application-data', 40],
      ['application-data', 100],
      ['application-data', 26],
    ],
  );
  assert.equal(ev.filter((e) => e.type === 'record').length, 3 + 4);
});

test('TLS 1.3: HRR keeps clear text, the real ServerHello switches to encrypted', () => {
  const ev = feed(tls13Flight(), []).filter((e) => e.type !== 'record');
  assert.deepEqual(
    ev.map((e) => e.type),
    ['handshake', 'change-cipher-spec', 'handshake', 'application-data', 'application-data', 'alert'],
  );
});

test('any chunking gives identical events (random splits)', () => {
  const a = tls12Flight().bytes;
  const b = tls13Flight();
  const sslv2 = Buffer.concat([
    buildSSLv2ClientHello({ version: 0x0301, cipherSpecs: [0x010080, 0x00002f] }),
    encodeRecord(22, 0x0301, serverHello('tls12')),
  ]);
  const whole = [feed(a, []), feed(b, []), feed(sslv2, [])];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 }), fc.array(fc.nat(), { maxLength: 40 }), (which, raw) => {
      const bytes = [a, b, sslv2][which]!;
      const cuts = raw.map((x) => x % (bytes.length + 1));
      assert.deepEqual(feed(bytes, cuts), whole[which]);
    }),
    { numRuns: 150 },
  );
  // byte by byte, the hardest split
  assert.deepEqual(
    feed(
      b,
      Array.from({ length: b.length }, (_, i) => i),
    ),
    whole[1],
  );
});

test('a caller that reuses its buffer after each push gets the same events (random splits)', () => {
  // a body may be a view of the chunk pushed (a record whole in it): valid until the caller reuses
  // the chunk; what outlives the push (a message continued in the next record) is the reader's copy
  const own = (evs: WireEvent[]): unknown[] =>
    evs.map((e) =>
      e.type === 'handshake' ? { ...e, body: Buffer.from(e.body), serverHello: undefined } : e,
    );
  // and a Certificate that starts a record of its own and spans three: no message is complete in
  // its first record
  const spanning = Buffer.concat([
    encodeRecord(ContentType.handshake, 0x0303, serverHello('tls12')),
    encodeRecords(
      ContentType.handshake,
      0x0303,
      encodeHandshake(
        HandshakeType.certificate,
        encodeCertificate({ entries: [{ data: randomBytes(40000) }] }, { tls13: false }),
      ),
    ),
  ]);
  const flights = [tls12Flight().bytes, tls13Flight(), spanning];
  const whole = flights.map((f) => own(feed(f, [])));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 }), fc.array(fc.nat(), { maxLength: 40 }), (which, raw) => {
      const bytes = flights[which]!;
      const cuts = [...new Set(raw.map((x) => x % (bytes.length + 1)))]
        .filter((x) => x > 0 && x < bytes.length)
        .sort((a, b) => a - b)
        .concat(bytes.length);
      const scratch = Buffer.alloc(bytes.length);
      const r = new TlsReader();
      const out: unknown[] = [];
      let last = 0;
      for (const c of cuts) {
        bytes.copy(scratch, 0, last, c);
        out.push(...own(r.push(scratch.subarray(0, c - last))));
        scratch.fill(0xee);
        last = c;
      }
      assert.deepEqual(out, whole[which]);
    }),
    { numRuns: 150 },
  );
});

test('needed and buffered describe a partial record and a partial handshake message', () => {
  const r = new TlsReader();
  const sh = serverHello('tls12');
  const rec1 = encodeRecord(22, 0x0303, sh.subarray(0, 10));
  const rec2 = encodeRecord(22, 0x0303, sh.subarray(10));
  assert.deepEqual(r.push(rec1.subarray(0, 3)), []);
  assert.equal(r.needed, 2);
  assert.equal(r.buffered, 3);
  r.push(rec1.subarray(3, 8));
  assert.equal(r.needed, 7); // record body
  r.push(rec1.subarray(8));
  assert.equal(r.needed, sh.length - 10); // record complete, handshake message still short
  assert.equal(r.buffered, 10);
  const ev = r.push(rec2);
  assert.equal(ev.filter((e) => e.type === 'handshake').length, 1);
  assert.equal(r.needed, 0);
});

test('an HTTP answer throws PARSE_MALFORMED naming the bytes', () => {
  const r = new TlsReader();
  assert.throws(
    () => r.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')),
    (e: unknown) => isCode('PARSE_MALFORMED')(e) && /48 54 54 50 = "HTTP"/.test((e as Error).message),
  );
  // the reader stays failed
  assert.throws(() => r.push(Buffer.from([22])), isCode('PARSE_MALFORMED'));
  // a bad byte mid-stream after good records: the good events are kept
  const r2 = new TlsReader();
  const good = encodeAlertRecord(40);
  assert.throws(
    () => r2.push(Buffer.concat([good, Buffer.from('SSH-2.0')])),
    (e: unknown) => isCode('PARSE_MALFORMED')(e) && (e as ParseError).offset === good.length,
  );
  assert.deepEqual(
    r2.eventsBeforeError
      .filter((e) => e.type === 'alert')
      .map((e) => (e as { description: number }).description),
    [40],
  );
});

test('limits fail at once: a 16 MB handshake header, an oversize record header', () => {
  const r = new TlsReader();
  // one record holding only the 4-byte header of a 16 MB Certificate
  assert.throws(
    () => r.push(encodeRecord(22, 0x0303, Buffer.from([11, 0xff, 0xff, 0xff]))),
    isCode('PARSE_LIMIT'),
  );
  const r2 = new TlsReader();
  assert.throws(() => r2.push(Buffer.from([22, 3, 3, 0x48, 0x01])), isCode('PARSE_LIMIT'));
  const r3 = new TlsReader({ maxHandshakeLength: 100 });
  assert.throws(() => r3.push(encodeRecord(22, 0x0303, Buffer.from([11, 0, 0, 101]))), isCode('PARSE_LIMIT'));
});

test('malformed CCS, alerts and handshakes spanning a key change are rejected', () => {
  assert.throws(
    () => new TlsReader().push(encodeRecord(20, 0x0303, Buffer.from([2]))),
    isCode('PARSE_MALFORMED'),
  );
  assert.throws(
    () => new TlsReader().push(encodeRecord(21, 0x0303, Buffer.from([2, 40, 1]))),
    isCode('PARSE_MALFORMED'),
  );
  const partial = encodeRecord(22, 0x0303, Buffer.from([11, 0, 0, 9, 1]));
  assert.throws(
    () => new TlsReader().push(Buffer.concat([partial, encodeRecord(20, 0x0303, Buffer.from([1]))])),
    isCode('PARSE_MALFORMED'),
  );
  const tail = encodeRecord(
    22,
    0x0303,
    Buffer.concat([serverHello('tls13'), encodeHandshake(8, Buffer.from([0, 0]))]),
  );
  assert.throws(() => new TlsReader().push(tail), isCode('PARSE_MALFORMED'));
});

test('SSLv2: a server hello then opaque records; an error message; SSLv2 refused when not allowed', () => {
  const sh = encodeSSLv2Record(
    encodeSSLv2ServerHello({
      sessionIdHit: 0,
      certificateType: 1,
      version: 2,
      certificate: Buffer.from([0x30, 0x03, 1, 2, 3]),
      cipherSpecs: [0x010080],
      connectionId: Buffer.alloc(16, 5),
    }),
  );
  const ev = new TlsReader().push(Buffer.concat([sh, encodeSSLv2Record(randomBytes(30))]));
  assert.deepEqual(
    ev.map((e) => e.type),
    ['sslv2-server-hello', 'application-data'],
  );
  const first = ev[0]!;
  assert.ok(
    first.type === 'sslv2-server-hello' &&
      first.hello.cipherSpecs[0] === 0x010080 &&
      first.hello.certificate.length === 5,
  );
  const err = new TlsReader().push(Buffer.from([0x80, 3, 0, 0, 1]));
  assert.deepEqual(err, [{ type: 'sslv2-error', code: 1, offset: 0 }]);
  assert.throws(() => new TlsReader({ allowSSLv2: false }).push(sh), isCode('PARSE_MALFORMED'));
});

test('random bytes and random splits: events or a typed ParseError, never another exception or a hang', () => {
  const seeds = [tls12Flight().bytes.subarray(0, 300), tls13Flight().subarray(0, 300)];
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u)),
        // mutations of real flights reach deeper than pure noise
        fc
          .tuple(
            fc.integer({ min: 0, max: 1 }),
            fc.array(fc.tuple(fc.nat(299), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
          )
          .map(([w, muts]) => {
            const b = Buffer.from(seeds[w]!);
            for (const [i, v] of muts) b[i] = v;
            return b;
          }),
      ),
      fc.array(fc.nat(300), { maxLength: 8 }),
      (bytes, cuts) => {
        const r = new TlsReader();
        try {
          let last = 0;
          for (const c of [...cuts.filter((x) => x < bytes.length)]
            .sort((a, b) => a - b)
            .concat(bytes.length)) {
            r.push(bytes.subarray(last, c));
            last = c;
          }
          assert.ok(r.buffered <= 5 + 16384 + 2048 + 256 * 1024);
        } catch (e) {
          assert.ok(e instanceof ParseError, String(e));
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('client direction: a CCS after a TLS 1.3-offering ClientHello is settled by what follows', async () => {
  const { buildClientHello } = await import('../../src/wire/index.js');
  const ch = buildClientHello({
    legacyVersion: 0x0303,
    supportedVersions: [0x0304, 0x0303],
    cipherSuites: [0x1301, 0xc02f],
    groups: [29],
    keyShareGroups: [29],
  });
  const ccs = encodeRecord(20, 0x0303, Buffer.from([1]));
  const kinds = (b: Buffer): string[] =>
    new TlsReader()
      .push(b)
      .filter((e) => e.type !== 'record')
      .map((e) => (e.type === 'handshake' ? `hs${e.msgType}` : e.type));
  // HRR case: the second ClientHello comes in clear
  assert.deepEqual(kinds(Buffer.concat([ch.record, ccs, ch.record])), ['hs1', 'change-cipher-spec', 'hs1']);
  // TLS 1.2 abbreviated handshake: an encrypted Finished in a handshake record
  assert.deepEqual(
    kinds(
      Buffer.concat([
        ch.record,
        ccs,
        encodeRecord(22, 0x0303, randomBytes(40)),
        encodeRecord(22, 0x0303, randomBytes(40)),
      ]),
    ),
    ['hs1', 'change-cipher-spec', 'application-data', 'application-data'],
  );
  // TLS 1.3: an encrypted Finished in an application_data record, then opaque records
  assert.deepEqual(
    kinds(
      Buffer.concat([
        ch.record,
        ccs,
        encodeRecord(23, 0x0303, randomBytes(53)),
        encodeRecord(22, 0x0303, Buffer.from([1, 0, 0, 1, 0])),
      ]),
    ),
    ['hs1', 'change-cipher-spec', 'application-data', 'application-data'],
  );
  // told by the other direction that TLS 1.2 was negotiated: the CCS is a key change
  const r = new TlsReader();
  r.push(ch.record);
  r.hintNegotiatedVersion(0x0303);
  assert.deepEqual(
    r
      .push(Buffer.concat([ccs, encodeRecord(22, 0x0303, Buffer.from([1, 0, 0, 1, 0]))]))
      .filter((e) => e.type !== 'record')
      .map((e) => e.type),
    ['change-cipher-spec', 'application-data'],
  );
});
