import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ParseError } from '../../src/errors.js';
import {
  ExtensionType,
  bitLength,
  encodeAlert,
  encodeCertificate,
  encodeCertificateAuthorities,
  encodeCertificateRequest,
  encodeServerKeyExchange,
  encodeU16List,
  parseAlert,
  parseCertificate,
  parseCertificateRequest,
  parseServerHelloDone,
  parseServerKeyExchange,
} from '../../src/wire/index.js';
import type { ServerKeyExchange } from '../../src/wire/index.js';

const isCode = (code: string) => (e: unknown) => e instanceof ParseError && e.code === code;

/** Every parser: random bytes give a value or a ParseError, never another exception. */
function fuzz(parse: (b: Buffer) => unknown, seed: Buffer): void {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 80 }).map((u) => Buffer.from(u)),
        fc
          .tuple(
            fc.array(fc.tuple(fc.nat(Math.max(0, seed.length - 1)), fc.integer({ min: 0, max: 255 })), {
              maxLength: 4,
            }),
            fc.nat(seed.length),
          )
          .map(([m, cut]) => {
            const b = Buffer.from(seed.subarray(0, cut));
            for (const [i, v] of m) if (i < b.length) b[i] = v;
            return b;
          }),
      ),
      (b) => {
        try {
          parse(b);
        } catch (e) {
          assert.ok(e instanceof ParseError, String(e));
        }
      },
    ),
    { numRuns: 1500 },
  );
}

test('Certificate, TLS 1.2 form: DER buffers with absolute offsets; exact re-encode', () => {
  const certs = [randomBytes(700), randomBytes(300)];
  const body = encodeCertificate({ entries: certs.map((data) => ({ data })) }, { tls13: false });
  const m = parseCertificate(body, { tls13: false }, 100);
  assert.equal(m.certificates.length, 2);
  assert.ok(m.certificates[0]!.equals(certs[0]!) && m.certificates[1]!.equals(certs[1]!));
  assert.deepEqual(
    m.entries.map((e) => e.offset),
    [106, 106 + 700 + 3],
  );
  assert.ok(encodeCertificate(m, { tls13: false }).equals(body));
  assert.equal(parseCertificate(Buffer.from([0, 0, 0]), { tls13: false }).certificates.length, 0); // empty list is legal
  assert.throws(
    () => parseCertificate(Buffer.from([0, 0, 3, 0, 0, 0]), { tls13: false }),
    isCode('PARSE_MALFORMED'),
  ); // zero-length ASN.1Cert
  assert.throws(
    () => parseCertificate(Buffer.from([0, 0, 9, 0, 0, 1, 5]), { tls13: false }),
    isCode('PARSE_TRUNCATED'),
  );
  assert.throws(
    () => parseCertificate(Buffer.concat([body, Buffer.from([0])]), { tls13: false }),
    isCode('PARSE_TRAILING'),
  );
  fuzz((b) => parseCertificate(b, { tls13: false }), body.subarray(0, 60));
});

test('Certificate, TLS 1.3 form: request context and per-entry extensions', () => {
  const ocsp = { type: ExtensionType.status_request, data: Buffer.from('01000003aabbcc', 'hex') };
  const body = encodeCertificate(
    {
      requestContext: Buffer.from([7]),
      entries: [{ data: randomBytes(50), extensions: [ocsp] }, { data: randomBytes(20) }],
    },
    { tls13: true },
  );
  const m = parseCertificate(body, { tls13: true });
  assert.deepEqual([...m.requestContext!], [7]);
  assert.equal(m.entries[0]!.extensions![0]!.type, ExtensionType.status_request);
  assert.deepEqual(m.entries[1]!.extensions, []);
  assert.ok(encodeCertificate(m, { tls13: true }).equals(body));
  fuzz((b) => parseCertificate(b, { tls13: true }), body);
});

test('ServerKeyExchange ECDHE (TLS 1.2): named curve, point, signature algorithm', () => {
  const ske: ServerKeyExchange = {
    kind: 'ecdhe',
    curveType: 3,
    namedCurve: 29,
    point: randomBytes(32),
    params: Buffer.alloc(0),
    signed: { signatureAlgorithm: 0x0804, signature: randomBytes(256) },
  };
  const body = encodeServerKeyExchange(ske);
  const p = parseServerKeyExchange(body, { kind: 'ecdhe', version: 0x0303 });
  assert.ok(p.kind === 'ecdhe');
  assert.equal(p.namedCurve, 29);
  assert.equal(p.point!.length, 32);
  assert.equal(p.params.length, 1 + 2 + 1 + 32);
  assert.equal(p.signed?.signatureAlgorithm, 0x0804);
  assert.equal(p.signed?.signature.length, 256);
  assert.ok(encodeServerKeyExchange(p).equals(body));
  assert.equal(parseServerKeyExchange(body, { kind: 'auto', version: 0x0303 }).kind, 'ecdhe');
  // TLS 1.0: no signature algorithm field
  const old = encodeServerKeyExchange({ ...ske, signed: { signature: randomBytes(128) } });
  const q = parseServerKeyExchange(old, { kind: 'ecdhe', version: 0x0301 });
  assert.equal(q.signed?.signatureAlgorithm, undefined);
  assert.equal(q.signed?.signature.length, 128);
  // explicit curves are kept raw
  assert.equal(
    parseServerKeyExchange(Buffer.from([1, 9, 9, 9]), { kind: 'ecdhe', version: 0x0303 }).kind,
    'ecdhe',
  );
  assert.throws(
    () => parseServerKeyExchange(Buffer.from([3, 0, 29, 0]), { kind: 'ecdhe', version: 0x0303 }),
    isCode('PARSE_MALFORMED'),
  ); // empty point
  fuzz((b) => parseServerKeyExchange(b, { kind: 'auto', version: 0x0303 }), body);
});

test('ServerKeyExchange DHE: prime bits, g, Ys; anonymous without signature; RSA export', () => {
  const p = Buffer.concat([Buffer.from([0x00, 0xc3]), randomBytes(127)]); // leading zero byte, 1024-8-... bits
  const ske: ServerKeyExchange = {
    kind: 'dhe',
    p,
    g: Buffer.from([2]),
    Ys: randomBytes(128),
    primeBits: 0,
    params: Buffer.alloc(0),
    signed: { signatureAlgorithm: 0x0401, signature: randomBytes(256) },
  };
  const body = encodeServerKeyExchange(ske);
  const d = parseServerKeyExchange(body, { kind: 'dhe', version: 0x0303 });
  assert.ok(d.kind === 'dhe');
  assert.equal(d.primeBits, 127 * 8 + 8);
  assert.deepEqual([...d.g], [2]);
  assert.equal(d.signed?.signatureAlgorithm, 0x0401);
  assert.ok(encodeServerKeyExchange(d).equals(body));
  assert.equal(bitLength(Buffer.from([0, 0, 1])), 1);
  assert.equal(bitLength(Buffer.from([0x80, 0])), 16);
  // ffdhe6144-size prime: its length 0x0300 starts with 0x03, so 'auto' must fall back to DHE
  const big = encodeServerKeyExchange({
    ...ske,
    p: Buffer.concat([Buffer.from([0xff]), randomBytes(767)]),
    Ys: randomBytes(768),
  });
  const a = parseServerKeyExchange(big, { kind: 'auto', version: 0x0303 });
  assert.ok(a.kind === 'dhe' && a.primeBits === 6144);
  const anon = encodeServerKeyExchange({ ...ske, signed: undefined });
  assert.equal(parseServerKeyExchange(anon, { kind: 'dhe', version: 0x0303 }).signed, undefined);
  const rsa = encodeServerKeyExchange({
    kind: 'rsa',
    modulus: Buffer.concat([Buffer.from([0x80]), randomBytes(63)]),
    exponent: Buffer.from([1, 0, 1]),
    modulusBits: 0,
    params: Buffer.alloc(0),
    signed: { signature: randomBytes(64) },
  });
  const r = parseServerKeyExchange(rsa, { kind: 'rsa', version: 0x0300 });
  assert.ok(r.kind === 'rsa' && r.modulusBits === 512);
  assert.throws(
    () => parseServerKeyExchange(Buffer.concat([body, Buffer.from([1])]), { kind: 'dhe', version: 0x0303 }),
    (e: unknown) => e instanceof ParseError,
  );
  fuzz((b) => parseServerKeyExchange(b, { kind: 'dhe', version: 0x0303 }), body);
});

test('CertificateRequest in TLS 1.0, 1.2 and 1.3 forms', () => {
  const dn = [
    Buffer.from('3011310f300d06035504030c06526f6f744341', 'hex'),
    Buffer.from('300d310b300906035504030c024341', 'hex'),
  ];
  const b12 = encodeCertificateRequest(
    { certificateTypes: [1, 64], signatureAlgorithms: [0x0401, 0x0403], certificateAuthorities: dn },
    { version: 0x0303 },
  );
  const c12 = parseCertificateRequest(b12, { version: 0x0303 });
  assert.deepEqual(c12.certificateTypes, [1, 64]);
  assert.deepEqual(c12.signatureAlgorithms, [0x0401, 0x0403]);
  assert.equal(c12.certificateAuthorities.length, 2);
  assert.ok(c12.certificateAuthorities[0]!.equals(dn[0]!));
  assert.ok(encodeCertificateRequest(c12, { version: 0x0303 }).equals(b12));
  const b10 = encodeCertificateRequest(
    { certificateTypes: [1], certificateAuthorities: [] },
    { version: 0x0301 },
  );
  const c10 = parseCertificateRequest(b10, { version: 0x0301 });
  assert.equal(c10.signatureAlgorithms, undefined);
  assert.equal(c10.certificateAuthorities.length, 0);
  const exts = [
    { type: ExtensionType.signature_algorithms, data: encodeU16List([0x0804, 0x0403]) },
    { type: ExtensionType.certificate_authorities, data: encodeCertificateAuthorities(dn) },
  ];
  const b13 = encodeCertificateRequest(
    { requestContext: Buffer.alloc(0), extensions: exts, certificateAuthorities: [] },
    { version: 0x0304 },
  );
  const c13 = parseCertificateRequest(b13, { version: 0x0304 });
  assert.deepEqual(c13.signatureAlgorithms, [0x0804, 0x0403]);
  assert.equal(c13.certificateAuthorities.length, 2);
  assert.ok(encodeCertificateRequest(c13, { version: 0x0304 }).equals(b13));
  // TLS 1.3 without signature_algorithms is malformed; TLS 1.2 with an odd sigalg list too
  const noSig = encodeCertificateRequest(
    { requestContext: Buffer.alloc(0), extensions: [exts[1]!], certificateAuthorities: [] },
    { version: 0x0304 },
  );
  assert.throws(() => parseCertificateRequest(noSig, { version: 0x0304 }), isCode('PARSE_MALFORMED'));
  assert.throws(
    () => parseCertificateRequest(Buffer.from([1, 1, 0, 3, 4, 1, 5, 0, 0]), { version: 0x0303 }),
    isCode('PARSE_MALFORMED'),
  );
  fuzz((b) => parseCertificateRequest(b, { version: 0x0303 }), b12);
  fuzz((b) => parseCertificateRequest(b, { version: 0x0304 }), b13);
});

test('Alert: one or several per record; odd or empty fragments are malformed; ServerHelloDone is empty', () => {
  assert.deepEqual(parseAlert(encodeAlert(2, 40), 5), [{ level: 2, description: 40, offset: 5 }]);
  assert.deepEqual(
    parseAlert(Buffer.concat([encodeAlert(1, 0), encodeAlert(2, 70)])).map((a) => [a.level, a.description]),
    [
      [1, 0],
      [2, 70],
    ],
  );
  assert.throws(() => parseAlert(Buffer.from([2])), isCode('PARSE_MALFORMED'));
  assert.throws(() => parseAlert(Buffer.alloc(0)), isCode('PARSE_MALFORMED'));
  parseServerHelloDone(Buffer.alloc(0));
  assert.throws(() => parseServerHelloDone(Buffer.from([0])), isCode('PARSE_TRAILING'));
  fuzz((b) => parseAlert(b), Buffer.from([2, 40, 1, 0]));
});
