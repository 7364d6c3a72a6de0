import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ParseError } from '../../src/errors.js';
import {
  ByteWriter,
  ExtensionType,
  MAX_PLAINTEXT_LENGTH,
  NamedGroup,
  TlsReader,
  buildClientHello,
  encodeClientHello,
  expectedKeyShareLength,
  isGrease,
  ja3,
  ja4,
  paddingFor256To511,
  parseClientHello,
  parseRecords,
  scanClientSupportedVersions,
} from '../../src/wire/index.js';
import type { ClientHelloOptions } from '../../src/wire/index.js';
import { hasCommand } from './helpers.js';

const isCode = (code: string) => (e: unknown) => e instanceof ParseError && e.code === code;

const FULL: ClientHelloOptions = {
  legacyVersion: 0x0303,
  supportedVersions: [0x0304, 0x0303],
  cipherSuites: [0x1301, 0x1302, 0xc02f, 0x00ff],
  compressionMethods: [0],
  serverName: 'x.test',
  groups: [
    NamedGroup.X25519MLKEM768,
    NamedGroup.x25519,
    NamedGroup.secp256r1,
    NamedGroup.secp384r1,
    NamedGroup.secp521r1,
    NamedGroup.x448,
    NamedGroup.ffdhe2048,
  ],
  keyShareGroups: [
    NamedGroup.X25519MLKEM768,
    NamedGroup.x25519,
    NamedGroup.secp256r1,
    NamedGroup.secp384r1,
    NamedGroup.secp521r1,
    NamedGroup.x448,
    NamedGroup.ffdhe2048,
  ],
  signatureAlgorithms: [0x0403, 0x0804, 0x0401],
  signatureAlgorithmsCert: [0x0401],
  ecPointFormats: [0],
  alpn: ['h2', 'http/1.1'],
  statusRequest: true,
  renegotiationInfo: true,
  extendedMasterSecret: true,
  sessionTicket: true,
  encryptThenMac: true,
  pskKeyExchangeModes: [1],
  extraExtensions: [{ type: 0x4469, data: Buffer.from('0003026832', 'hex') }],
};

test('every option reaches the wire and the parsed view', () => {
  const { record, handshake, hello } = buildClientHello(FULL);
  assert.equal(handshake[0], 1);
  assert.equal(handshake.readUIntBE(1, 3), handshake.length - 4);
  assert.ok(parseRecords(record)[0]!.fragment.equals(handshake));
  assert.equal(parseRecords(record)[0]!.version, 0x0301);
  assert.equal(hello.legacyVersion, 0x0303);
  assert.equal(hello.sessionId.length, 32); // TLS 1.3 middlebox compatibility
  assert.deepEqual(hello.cipherSuites, FULL.cipherSuites);
  assert.equal(hello.serverName, 'x.test');
  assert.deepEqual(hello.alpn, ['h2', 'http/1.1']);
  assert.deepEqual(hello.supportedVersions, [0x0304, 0x0303]);
  assert.deepEqual(hello.groups, FULL.groups);
  assert.deepEqual(hello.signatureAlgorithms, FULL.signatureAlgorithms);
  assert.deepEqual(hello.signatureAlgorithmsCert, [0x0401]);
  assert.deepEqual(hello.ecPointFormats, [0]);
  assert.deepEqual(hello.pskKeyExchangeModes, [1]);
  assert.equal(hello.statusRequest, 1);
  assert.equal(hello.renegotiationInfo?.length, 0);
  assert.equal(hello.extendedMasterSecret, true);
  assert.equal(hello.encryptThenMac, true);
  assert.equal(hello.sessionTicket?.length, 0);
  // real keys for what node:crypto can do; X25519MLKEM768 only in supported_groups (the server must HRR)
  assert.deepEqual(
    hello.keyShares?.map((k) => k.group),
    [
      NamedGroup.x25519,
      NamedGroup.secp256r1,
      NamedGroup.secp384r1,
      NamedGroup.secp521r1,
      NamedGroup.x448,
      NamedGroup.ffdhe2048,
    ],
  );
  for (const k of hello.keyShares!)
    assert.equal(k.keyExchange.length, expectedKeyShareLength(k.group, 'client'), `group ${k.group}`);
  const p256 = hello.keyShares!.find((k) => k.group === NamedGroup.secp256r1)!;
  assert.equal(p256.keyExchange[0], 4); // uncompressed point
  const last = hello.extensions!.at(-1)!;
  assert.equal(last.type, 0x4469);
  assert.ok(encodeClientHello(hello).equals(handshake.subarray(4)));
});

test('extensionOrder puts the listed extensions first, in that order', () => {
  const order = [ExtensionType.supported_versions, ExtensionType.key_share, ExtensionType.server_name];
  const { hello } = buildClientHello({ ...FULL, extensionOrder: order });
  assert.deepEqual(
    hello.extensions!.slice(0, 3).map((e) => e.type),
    order,
  );
  assert.equal(new Set(hello.extensions!.map((e) => e.type)).size, hello.extensions!.length);
});

test('GREASE (RFC 8701): suites, groups, versions, key share and two distinct extensions', () => {
  const { hello } = buildClientHello({ ...FULL, grease: true });
  assert.ok(isGrease(hello.cipherSuites[0]!));
  assert.ok(isGrease(hello.groups![0]!));
  assert.ok(isGrease(hello.supportedVersions![0]!));
  assert.ok(isGrease(hello.keyShares![0]!.group) && hello.keyShares![0]!.keyExchange.length === 1);
  assert.equal(hello.keyShares![0]!.group, hello.groups![0]);
  const first = hello.extensions![0]!;
  const last = hello.extensions!.at(-1)!;
  assert.ok(isGrease(first.type) && first.data.length === 0);
  assert.ok(isGrease(last.type) && last.data.length === 1 && first.type !== last.type);
  // fingerprints ignore GREASE: identical to the same hello without it (same extension order otherwise)
  const plain = buildClientHello(FULL).hello;
  assert.equal(ja3(hello).ja3, ja3(plain).ja3);
  assert.equal(ja4(hello), ja4(plain));
});

test("padding 'avoid-256-511' brings 256–511-byte hellos to 512, as BoringSSL does", () => {
  assert.equal(paddingFor256To511(255), undefined);
  assert.equal(paddingFor256To511(512), undefined);
  assert.equal(paddingFor256To511(300), 208); // 300 + 4 + 208 = 512
  assert.equal(paddingFor256To511(508), 1); // too close: one byte
  let padded = 0;
  for (let n = 1; n < 260; n += 3) {
    const opts: ClientHelloOptions = {
      legacyVersion: 0x0303,
      cipherSuites: Array.from({ length: n }, (_, i) => 0x0100 + i),
      serverName: 'a.test',
    };
    const base = buildClientHello(opts).handshake.length;
    const { handshake, hello } = buildClientHello({ ...opts, padding: 'avoid-256-511' });
    if (base > 255 && base < 512) {
      padded++;
      assert.equal(hello.extensions!.at(-1)!.type, ExtensionType.padding);
      assert.ok(hello.extensions!.at(-1)!.data.every((b) => b === 0));
      if (base <= 507) assert.equal(handshake.length, 512, `unpadded ${base}`);
      else assert.equal(handshake.length, base + 5);
    } else assert.equal(handshake.length, base, `unpadded ${base}`);
  }
  assert.ok(padded > 30, `only ${padded} hellos in the padded range`);
  assert.equal(buildClientHello({ ...FULL, padding: 17 }).hello.paddingLength, 17);
});

test('a hello over 2^14 bytes is split into several records that reassemble', () => {
  const big = { type: 0xfe00, data: Buffer.alloc(40000, 0x61) };
  const built = buildClientHello({ ...FULL, extraExtensions: [big] });
  const recs = parseRecords(built.record);
  assert.equal(recs.length, Math.ceil(built.handshake.length / MAX_PLAINTEXT_LENGTH));
  assert.ok(recs.every((r) => r.length <= MAX_PLAINTEXT_LENGTH));
  const ev = new TlsReader().push(built.record).filter((e) => e.type === 'handshake');
  assert.equal(ev.length, 1);
  assert.ok(ev[0]!.type === 'handshake' && ev[0]!.body.equals(built.handshake.subarray(4)));
});

test('an SSLv3-style hello has no extensions block and re-encodes exactly', () => {
  const { handshake, hello } = buildClientHello({
    legacyVersion: 0x0300,
    cipherSuites: [0x000a, 0x0005],
    recordVersion: 0x0300,
  });
  assert.equal(hello.extensions, undefined);
  assert.equal(hello.sessionId.length, 0);
  assert.equal(handshake.length, 4 + 2 + 32 + 1 + 2 + 4 + 2);
  assert.ok(encodeClientHello(parseClientHello(handshake.subarray(4))).equals(handshake.subarray(4)));
});

test('JA4 reproduces the FoxIO reference example; JA3 matches Wireshark', () => {
  // The JA4 specification's example: 15 suites, 16 extensions, h2, and its two hashes.
  const built = buildClientHello({
    legacyVersion: 0x0303,
    supportedVersions: [0x0304, 0x0303],
    cipherSuites: [
      0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
      0x002f, 0x0035,
    ],
    serverName: 'x.test',
    groups: [29, 23, 24],
    keyShareGroups: [29],
    ecPointFormats: [0],
    signatureAlgorithms: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601],
    alpn: ['h2', 'http/1.1'],
    statusRequest: true,
    renegotiationInfo: true,
    extendedMasterSecret: true,
    sessionTicket: true,
    pskKeyExchangeModes: [1],
    padding: 20,
    grease: true,
    extraExtensions: [
      { type: 0x0012, data: Buffer.alloc(0) },
      { type: 0x001b, data: Buffer.from('020002', 'hex') },
      { type: 0x4469, data: Buffer.from('0003026832', 'hex') },
    ],
  });
  assert.equal(ja4(built.hello), 't13d1516h2_8daaf6152771_e5627efa2ab1');
  const plain = buildClientHello({ legacyVersion: 0x0301, cipherSuites: [0x002f] });
  assert.equal(ja4(plain.hello), 't10i010000_ba72b8082249_000000000000');
  const noSni = buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0x002f], alpn: ['\x00x'] });
  assert.match(ja4(noSni.hello), /^t12i0101/); // non-alphanumeric ALPN → hex digits "0" and "8" of 0x00..0x78
  assert.equal(ja4(noSni.hello).slice(8, 10), '08');

  const { ja3: s, md5 } = ja3(built.hello);
  assert.match(s, /^771,4865-4866-4867-49195-/);
  assert.match(md5, /^[0-9a-f]{32}$/);
  if (!hasCommand('tshark')) return;
  // Wireshark's own JA3 over the same bytes, from a one-packet pcap (127.0.0.1 → 127.0.0.1:443)
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-ja3-'));
  try {
    const file = join(dir, 'hello.pcap');
    writeFileSync(file, onePacketPcap(built.record));
    const out = execFileSync(
      'tshark',
      ['-r', file, '-T', 'fields', '-e', 'tls.handshake.ja3_full', '-e', 'tls.handshake.ja3'],
      { encoding: 'utf8', timeout: 20000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    assert.deepEqual(out.trim().split('\t'), [s, md5]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** pcap (LINKTYPE_RAW IPv4) with one TCP segment carrying payload from 127.0.0.1:40000 to 127.0.0.1:443. */
function onePacketPcap(payload: Buffer): Buffer {
  const tcp = new ByteWriter()
    .u16(40000)
    .u16(443)
    .u32(1)
    .u32(0)
    .u8(0x50)
    .u8(0x18)
    .u16(65535)
    .u16(0)
    .u16(0)
    .toBuffer();
  const totalLen = 20 + tcp.length + payload.length;
  const ip = new ByteWriter()
    .u8(0x45)
    .u8(0)
    .u16(totalLen)
    .u16(0)
    .u16(0x4000)
    .u8(64)
    .u8(6)
    .u16(0)
    .bytes(Buffer.from([127, 0, 0, 1]))
    .bytes(Buffer.from([127, 0, 0, 1]))
    .toBuffer();
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  ip.writeUInt16BE(~sum & 0xffff, 10);
  const packet = Buffer.concat([ip, tcp, payload]);
  const g = Buffer.alloc(24);
  g.writeUInt32LE(0xa1b2c3d4, 0);
  g.writeUInt16LE(2, 4);
  g.writeUInt16LE(4, 6);
  g.writeUInt32LE(262144, 16);
  g.writeUInt32LE(101, 20); // LINKTYPE_RAW
  const h = Buffer.alloc(16);
  h.writeUInt32LE(1700000000, 0);
  h.writeUInt32LE(packet.length, 8);
  h.writeUInt32LE(packet.length, 12);
  return Buffer.concat([g, h, packet]);
}

test('malformed ClientHellos throw typed errors with offsets and paths', () => {
  const body = buildClientHello(FULL).handshake.subarray(4);
  // odd cipher_suites length
  const odd = Buffer.from(body);
  const sidLen = odd[34]!;
  odd.writeUInt16BE(odd.readUInt16BE(35 + sidLen) - 1, 35 + sidLen);
  assert.throws(
    () => parseClientHello(odd),
    (e: unknown) =>
      e instanceof ParseError && e.code !== 'PARSE_TRUNCATED' && e.path.startsWith('ClientHello'),
  );
  // session id longer than 32
  const sid = Buffer.from(body);
  sid[34] = 33;
  assert.throws(
    () => parseClientHello(sid, 4),
    (e: unknown) => isCode('PARSE_LIMIT')(e) && (e as ParseError).offset === 38,
  );
  // trailing byte after the extensions
  assert.throws(
    () => parseClientHello(Buffer.concat([body, Buffer.from([0])])),
    (e: unknown) => isCode('PARSE_TRAILING')(e) || isCode('PARSE_TRUNCATED')(e),
  );
  // every truncation is a typed error
  for (let cut = 0; cut < body.length; cut += 7)
    assert.throws(
      () => parseClientHello(body.subarray(0, cut)),
      (e: unknown) => e instanceof ParseError,
    );
  // duplicate extension
  const dup = buildClientHello({
    legacyVersion: 0x0303,
    cipherSuites: [1],
    extraExtensions: [{ type: 0xaaa0, data: Buffer.alloc(0) }],
  }).hello;
  dup.extensions!.push({ type: 0xaaa0, data: Buffer.alloc(0) });
  assert.throws(
    () => parseClientHello(encodeClientHello(dup)),
    (e: unknown) => isCode('PARSE_MALFORMED')(e) && /duplicate/.test((e as Error).message),
  );
  // a bad server_name inside a good extension block names the extension in the path
  const badSni = buildClientHello({
    legacyVersion: 0x0303,
    cipherSuites: [1],
    extraExtensions: [{ type: 0, data: Buffer.from([0, 5, 0, 0, 9, 0x61]) }],
  });
  assert.throws(
    () => parseClientHello(badSni.handshake.subarray(4), 4),
    (e: unknown) => e instanceof ParseError && /extensions\[0\]/.test(e.path),
  );
});

/** up to 4 byte changes and a cut (at 40 bytes or later) of a hello body, for the mutation properties */
function mutations(body: Buffer): [fc.Arbitrary<Array<[number, number]>>, fc.Arbitrary<number>] {
  return [
    fc.array(fc.tuple(fc.nat(body.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.nat(body.length),
  ];
}
function mutated(body: Buffer, muts: Array<[number, number]>, cut: number): Buffer {
  const b = Buffer.from(body.subarray(0, Math.max(cut, 40)));
  for (const [i, v] of muts) if (i < b.length) b[i] = v;
  return b;
}

test('random mutations of a real hello: a value that re-encodes exactly, or a typed ParseError', () => {
  const body = buildClientHello({ ...FULL, grease: true, keyShareGroups: [29] }).handshake.subarray(4);
  fc.assert(
    fc.property(...mutations(body), (muts, cut) => {
      const b = mutated(body, muts, cut);
      try {
        const h = parseClientHello(b);
        assert.ok(encodeClientHello(h).equals(b));
      } catch (e) {
        assert.ok(e instanceof ParseError, String(e));
      }
    }),
    { numRuns: 3000 },
  );
});

test('scanClientSupportedVersions agrees with the full parse: the same versions, and it fails only where the parse fails', () => {
  const body = buildClientHello({ ...FULL, grease: true, keyShareGroups: [29] }).handshake.subarray(4);
  assert.deepEqual(scanClientSupportedVersions(body), parseClientHello(body).supportedVersions);
  const tls12 = buildClientHello({ legacyVersion: 0x0303, cipherSuites: [0xc02f] }).handshake.subarray(4);
  assert.equal(scanClientSupportedVersions(tls12), undefined);
  fc.assert(
    fc.property(...mutations(body), (muts, cut) => {
      const b = mutated(body, muts, cut);
      let full: number[] | undefined | 'error';
      try {
        full = parseClientHello(b).supportedVersions;
      } catch (e) {
        assert.ok(e instanceof ParseError, String(e));
        full = 'error';
      }
      try {
        const scanned = scanClientSupportedVersions(b);
        // a hello malformed only inside another extension still shows its versions
        if (full !== 'error') assert.deepEqual(scanned, full);
      } catch (e) {
        assert.ok(e instanceof ParseError, String(e));
        assert.equal(full, 'error', 'the scan failed where the full parse did not');
      }
    }),
    { numRuns: 3000 },
  );
});

test('extraExtensions: replace a built extension in place, or send a duplicate as given', () => {
  const custom = Buffer.from('0004001d0000', 'hex'); // hand-made key_share whose share is empty: a malformed probe
  const built = buildClientHello({
    ...FULL,
    extraExtensions: [{ type: ExtensionType.key_share, data: custom }],
  });
  const ks = built.hello.extensions!.filter((e) => e.type === ExtensionType.key_share);
  assert.equal(ks.length, 1);
  assert.ok(ks[0]!.data.equals(custom));
  // a malformed extra makes the hello unparseable on purpose; the builder still returns the raw view
  assert.equal(built.hello.keyShares, undefined);
  assert.throws(
    () => parseClientHello(built.handshake.subarray(4)),
    (e: unknown) => e instanceof ParseError,
  );
  const dup = buildClientHello({
    legacyVersion: 0x0303,
    cipherSuites: [0x002f],
    extraExtensions: [
      { type: 0xaaa1, data: Buffer.from([1]) },
      { type: 0xaaa1, data: Buffer.from([2]) },
    ],
  });
  assert.deepEqual(
    dup.hello.extensions!.map((e) => [e.type, e.data[0]]),
    [
      [0xaaa1, 1],
      [0xaaa1, 2],
    ],
  );
  assert.throws(
    () => parseClientHello(dup.handshake.subarray(4)),
    (e: unknown) => isCode('PARSE_MALFORMED')(e),
  );
});
