import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParseError } from '../../src/errors.js';
import {
  DOWNGRADE_TLS11,
  DOWNGRADE_TLS12,
  ExtensionType,
  HELLO_RETRY_REQUEST_RANDOM,
  encodeHelloRetryKeyShare,
  encodeProtocolNameList,
  encodeServerHello,
  encodeServerKeyShare,
  parseServerHello,
  parseServerHelloChecked,
  parseServerHelloQuick,
} from '../../src/wire/index.js';
import type { Extension } from '../../src/wire/index.js';
import { createHash } from 'node:crypto';

const isCode = (code: string) => (e: unknown) => e instanceof ParseError && e.code === code;

function sh(
  extensions: Extension[] | undefined,
  random = Buffer.alloc(32, 7),
  legacyVersion = 0x0303,
): Buffer {
  return encodeServerHello({
    legacyVersion,
    random,
    sessionId: Buffer.alloc(0),
    cipherSuite: 0xc02f,
    compressionMethod: 0,
    extensions,
  });
}

test('HelloRetryRequest random is SHA-256("HelloRetryRequest")', () => {
  assert.ok(HELLO_RETRY_REQUEST_RANDOM.equals(createHash('sha256').update('HelloRetryRequest').digest()));
});

test('TLS 1.2 ServerHello: extensions parsed, negotiatedVersion from legacy_version, exact re-encode', () => {
  const exts: Extension[] = [
    { type: ExtensionType.renegotiation_info, data: Buffer.from([0]) },
    { type: ExtensionType.extended_master_secret, data: Buffer.alloc(0) },
    { type: ExtensionType.application_layer_protocol_negotiation, data: encodeProtocolNameList(['h2']) },
    { type: ExtensionType.status_request, data: Buffer.alloc(0) },
    { type: ExtensionType.session_ticket, data: Buffer.alloc(0) },
    { type: ExtensionType.ec_point_formats, data: Buffer.from([1, 0]) },
    { type: ExtensionType.server_name, data: Buffer.alloc(0) },
    { type: ExtensionType.encrypt_then_mac, data: Buffer.alloc(0) },
    { type: 0x9999, data: Buffer.from('unknown is data') },
  ];
  const body = sh(exts);
  const p = parseServerHello(body, 9);
  assert.equal(p.negotiatedVersion, 0x0303);
  assert.equal(p.selectedVersion, undefined);
  assert.equal(p.cipherSuite, 0xc02f);
  assert.equal(p.renegotiationInfo?.length, 0);
  assert.equal(p.extendedMasterSecret, true);
  assert.equal(p.alpn, 'h2');
  assert.equal(p.statusRequest, true);
  assert.equal(p.sessionTicket, true);
  assert.deepEqual(p.ecPointFormats, [0]);
  assert.equal(p.serverNameAcknowledged, true);
  assert.equal(p.encryptThenMac, true);
  assert.equal(p.isHelloRetryRequest, false);
  assert.equal(p.downgradeSentinel, undefined);
  assert.equal(p.extensions![8]!.offset, 9 + 40 + 5 + 4 + 9 + 4 + 4 + 6 + 4 + 4); // base + fixed fields + the 8 before it
  assert.ok(encodeServerHello(p).equals(body));
  // an SSLv3/TLS 1.0 ServerHello without an extensions block
  const bare = sh(undefined, undefined, 0x0301);
  const q = parseServerHello(bare);
  assert.equal(q.extensions, undefined);
  assert.equal(q.negotiatedVersion, 0x0301);
  assert.ok(encodeServerHello(q).equals(bare));
});

test('TLS 1.3 ServerHello and HelloRetryRequest', () => {
  const p = parseServerHello(
    sh([
      { type: ExtensionType.supported_versions, data: Buffer.from([3, 4]) },
      {
        type: ExtensionType.key_share,
        data: encodeServerKeyShare({ group: 29, keyExchange: Buffer.alloc(32, 9) }),
      },
    ]),
  );
  assert.equal(p.negotiatedVersion, 0x0304);
  assert.equal(p.legacyVersion, 0x0303);
  assert.equal(p.keyShare?.group, 29);
  assert.equal(p.keyShare?.keyExchange.length, 32);
  const hrr = parseServerHello(
    sh(
      [
        { type: ExtensionType.supported_versions, data: Buffer.from([3, 4]) },
        { type: ExtensionType.key_share, data: encodeHelloRetryKeyShare(0x11ec) },
        { type: ExtensionType.cookie, data: Buffer.from([0, 3, 1, 2, 3]) },
      ],
      HELLO_RETRY_REQUEST_RANDOM,
    ),
  );
  assert.equal(hrr.isHelloRetryRequest, true);
  assert.equal(hrr.requestedGroup, 0x11ec);
  assert.equal(hrr.keyShare, undefined);
  assert.deepEqual([...hrr.cookie!], [1, 2, 3]);
});

test('downgrade sentinels in the last 8 bytes of random are flagged', () => {
  const r12 = Buffer.concat([Buffer.alloc(24, 1), DOWNGRADE_TLS12]);
  const r11 = Buffer.concat([Buffer.alloc(24, 1), DOWNGRADE_TLS11]);
  assert.equal(parseServerHello(sh(undefined, r12)).downgradeSentinel, 'tls12');
  assert.equal(parseServerHello(sh(undefined, r11, 0x0302)).downgradeSentinel, 'tls11');
  assert.equal(DOWNGRADE_TLS12.toString('latin1'), 'DOWNGRD\x01');
});

test('malformed ServerHellos', () => {
  const good = sh([{ type: ExtensionType.supported_versions, data: Buffer.from([3, 4]) }]);
  for (let cut = 0; cut < good.length; cut++) {
    if (cut === 38) continue; // ends right before the (optional) extensions block: a valid TLS 1.2 ServerHello
    assert.throws(
      () => parseServerHello(good.subarray(0, cut)),
      (e: unknown) => e instanceof ParseError,
    );
  }
  // supported_versions with 3 bytes
  assert.throws(
    () => parseServerHello(sh([{ type: ExtensionType.supported_versions, data: Buffer.from([3, 4, 0]) }])),
    isCode('PARSE_TRAILING'),
  );
  // ALPN naming two protocols
  assert.throws(
    () =>
      parseServerHello(
        sh([
          {
            type: ExtensionType.application_layer_protocol_negotiation,
            data: encodeProtocolNameList(['h2', 'http/1.1']),
          },
        ]),
      ),
    isCode('PARSE_MALFORMED'),
  );
  // session id of 33
  const b = Buffer.from(good);
  b[34] = 33;
  assert.throws(() => parseServerHello(b), isCode('PARSE_LIMIT'));
  // key_share with an empty key
  assert.throws(
    () => parseServerHello(sh([{ type: ExtensionType.key_share, data: Buffer.from([0, 29, 0, 0]) }])),
    isCode('PARSE_MALFORMED'),
  );
});

test('random bytes: a ServerHello that re-encodes exactly, or a typed ParseError', () => {
  const seed = sh([
    { type: ExtensionType.supported_versions, data: Buffer.from([3, 4]) },
    {
      type: ExtensionType.key_share,
      data: encodeServerKeyShare({ group: 29, keyExchange: Buffer.alloc(32, 9) }),
    },
  ]);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 120 }).map((u) => Buffer.from(u)),
        fc
          .array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })
          .map((m) => {
            const b = Buffer.from(seed);
            for (const [i, v] of m) b[i] = v;
            return b;
          }),
      ),
      (b) => {
        try {
          assert.ok(encodeServerHello(parseServerHello(b)).equals(b), 're-encode');
        } catch (e) {
          assert.ok(e instanceof ParseError, String(e));
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('the quick ServerHello path and the checked parse agree: the same hello, or both refuse (property)', () => {
  const ext = (type: number, data: Buffer): Extension => ({ type, data });
  const key = Buffer.alloc(32, 0x5a);
  const hellos = [
    // TLS 1.3: supported_versions + key_share
    encodeServerHello({
      legacyVersion: 0x0303,
      random: Buffer.alloc(32, 1),
      sessionId: Buffer.alloc(32, 2),
      cipherSuite: 0x1301,
      compressionMethod: 0,
      extensions: [
        ext(ExtensionType.supported_versions, Buffer.from([3, 4])),
        ext(ExtensionType.key_share, encodeServerKeyShare({ group: 29, keyExchange: key })),
      ],
    }),
    // TLS 1.2 with the usual echoes, and a downgrade sentinel
    encodeServerHello({
      legacyVersion: 0x0303,
      random: Buffer.concat([Buffer.alloc(24, 3), DOWNGRADE_TLS12]),
      sessionId: Buffer.alloc(0),
      cipherSuite: 0xc02f,
      compressionMethod: 0,
      extensions: [
        ext(ExtensionType.renegotiation_info, Buffer.from([0])),
        ext(ExtensionType.extended_master_secret, Buffer.alloc(0)),
        ext(ExtensionType.encrypt_then_mac, Buffer.alloc(0)),
        ext(ExtensionType.session_ticket, Buffer.alloc(0)),
        ext(ExtensionType.ec_point_formats, Buffer.from([1, 0])),
        ext(ExtensionType.server_name, Buffer.alloc(0)),
        ext(0x1234, Buffer.from('opaque')),
      ],
    }),
    // HelloRetryRequest, and a hello with ALPN (the checked reader's alone)
    encodeServerHello({
      legacyVersion: 0x0303,
      random: HELLO_RETRY_REQUEST_RANDOM,
      sessionId: Buffer.alloc(32, 4),
      cipherSuite: 0x1302,
      compressionMethod: 0,
      extensions: [
        ext(ExtensionType.supported_versions, Buffer.from([3, 4])),
        ext(ExtensionType.key_share, encodeHelloRetryKeyShare(23)),
      ],
    }),
    encodeServerHello({
      legacyVersion: 0x0303,
      random: Buffer.alloc(32, 5),
      sessionId: Buffer.alloc(0),
      cipherSuite: 0xc030,
      compressionMethod: 0,
      extensions: [ext(ExtensionType.application_layer_protocol_negotiation, encodeProtocolNameList(['h2']))],
    }),
    // no extensions block at all (TLS 1.0 style)
    encodeServerHello({
      legacyVersion: 0x0301,
      random: Buffer.alloc(32, 6),
      sessionId: Buffer.alloc(16, 7),
      cipherSuite: 0x002f,
      compressionMethod: 0,
      extensions: undefined,
    }),
  ];
  const outcome = (f: () => unknown): unknown => {
    try {
      return f();
    } catch (e) {
      assert.ok(e instanceof ParseError, String(e));
      return 'refused';
    }
  };
  // the quick path takes the common hellos itself and leaves ALPN to the checked reader
  assert.deepEqual(
    hellos.map((h) => parseServerHelloQuick(h) !== null),
    [true, true, true, false, true],
  );
  let parsed = 0;
  fc.assert(
    fc.property(
      fc.nat(hellos.length - 1),
      fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      fc.nat(200),
      (which, muts, cut) => {
        const h = hellos[which]!;
        const b = Buffer.from(h.subarray(0, Math.max(cut, 30)));
        for (const [i, v] of muts) if (i < b.length) b[i] = v;
        const quick = outcome(() => parseServerHello(b, 100));
        const checked = outcome(() => parseServerHelloChecked(b, 100));
        assert.deepEqual(quick, checked, `hello ${which}, mutations ${JSON.stringify(muts)}, cut ${cut}`);
        if (checked !== 'refused') parsed++;
      },
    ),
    { numRuns: 5000 },
  );
  assert.ok(parsed > 500, `${parsed} mutated hellos parsed`);
});
