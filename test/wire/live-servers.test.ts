// Real server flights: node:tls and openssl s_server on 127.0.0.1 answer our own built ClientHello
// over a raw socket; the TlsReader and the message parsers must make sense of every byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import fc from 'fast-check';
import { ParseError } from '../../src/errors.js';
import {
  HandshakeType,
  NamedGroup,
  TlsReader,
  buildClientHello,
  parseCertificate,
  parseCertificateRequest,
  parseServerHello,
  parseServerHelloDone,
  parseServerKeyExchange,
} from '../../src/wire/index.js';
import type { ClientHelloOptions, ServerHello, WireEvent } from '../../src/wire/index.js';
import { exchange, hasCommand, makeCert, startOpensslServer } from './helpers.js';
import type { TestCert } from './helpers.js';

const SIGALGS = [0x0804, 0x0805, 0x0806, 0x0403, 0x0503, 0x0603, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203];
const TLS12: ClientHelloOptions = {
  legacyVersion: 0x0303,
  cipherSuites: [0xc02f, 0xc030, 0xc013, 0xc014, 0x009e, 0x0033, 0x002f, 0x0035, 0x00ff],
  serverName: 'localhost',
  groups: [NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1],
  ecPointFormats: [0],
  signatureAlgorithms: SIGALGS,
  extendedMasterSecret: true,
  renegotiationInfo: true,
};
const TLS13: ClientHelloOptions = {
  legacyVersion: 0x0303,
  supportedVersions: [0x0304],
  cipherSuites: [0x1301, 0x1302, 0x1303],
  serverName: 'localhost',
  groups: [NamedGroup.x25519, NamedGroup.secp256r1],
  keyShareGroups: [NamedGroup.x25519],
  signatureAlgorithms: SIGALGS,
  pskKeyExchangeModes: [1],
  grease: true,
  padding: 'avoid-256-511',
};

let cert: TestCert;
before(() => {
  cert = makeCert();
});
after(() => cert?.cleanup());

async function nodeServer(opts: tls.TlsOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const server = tls.createServer({ key: cert.key, cert: cert.cert, ...opts }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
}

const handshakes = (ev: WireEvent[]) =>
  ev.filter((e): e is Extract<WireEvent, { type: 'handshake' }> => e.type === 'handshake');
const untilDone = (ev: WireEvent[]) =>
  ev.some(
    (e) => (e.type === 'handshake' && e.msgType === HandshakeType.server_hello_done) || e.type === 'alert',
  );
const untilEncrypted = (ev: WireEvent[]) =>
  ev.some((e) => e.type === 'application-data' || e.type === 'alert');

function serverHelloOf(ev: WireEvent[]): ServerHello {
  const m = handshakes(ev).find((e) => e.msgType === HandshakeType.server_hello);
  assert.ok(m, 'a ServerHello');
  return parseServerHello(m.body, m.offset + 4);
}

/** The TLS ≤ 1.2 flight: ServerHello, Certificate (= our DER), optional SKE, ServerHelloDone. */
function checkTls12Flight(ev: WireEvent[], version: number, offered: number[]): ServerHello {
  const sh = serverHelloOf(ev);
  assert.equal(sh.negotiatedVersion, version);
  assert.ok(offered.includes(sh.cipherSuite), `suite 0x${sh.cipherSuite.toString(16)} was offered`);
  const hs = handshakes(ev);
  const certMsg = hs.find((e) => e.msgType === HandshakeType.certificate)!;
  const chain = parseCertificate(certMsg.body, { tls13: false }, certMsg.offset + 4);
  assert.equal(chain.certificates.length, 1);
  assert.ok(chain.certificates[0]!.equals(cert.der), 'Certificate DER is the server certificate');
  const done = hs.at(-1)!;
  assert.equal(done.msgType, HandshakeType.server_hello_done);
  parseServerHelloDone(done.body);
  return sh;
}

for (const [name, version, minVersion] of [
  ['TLS 1.0', 0x0301, 'TLSv1'],
  ['TLS 1.1', 0x0302, 'TLSv1.1'],
  ['TLS 1.2', 0x0303, 'TLSv1.2'],
] as const) {
  test(`node:tls ${name} server flight`, async () => {
    const srv = await nodeServer({ minVersion, maxVersion: minVersion, ciphers: 'DEFAULT:@SECLEVEL=0' });
    try {
      const opts = {
        ...TLS12,
        legacyVersion: version,
        signatureAlgorithms: version === 0x0303 ? SIGALGS : undefined,
      };
      const { record } = buildClientHello(opts);
      const x = await exchange(srv.port, record, untilDone);
      assert.equal(x.error, undefined);
      const sh = checkTls12Flight(x.events, version, opts.cipherSuites);
      const ske = handshakes(x.events).find((e) => e.msgType === HandshakeType.server_key_exchange);
      assert.ok(ske, 'ECDHE suite → ServerKeyExchange');
      const p = parseServerKeyExchange(ske.body, { kind: 'ecdhe', version }, ske.offset + 4);
      assert.ok(p.kind === 'ecdhe' && p.namedCurve === NamedGroup.x25519 && p.point?.length === 32);
      if (version === 0x0303)
        assert.ok(
          p.signed?.signatureAlgorithm !== undefined && SIGALGS.includes(p.signed.signatureAlgorithm),
        );
      else assert.equal(p.signed?.signatureAlgorithm, undefined);
      assert.ok(p.signed && p.signed.signature.length >= 256);
      assert.equal(sh.extendedMasterSecret, true);
      assert.equal(sh.renegotiationInfo?.length, 0);
      // the real flight, re-fed in random chunkings, gives the same events
      const once = new TlsReader().push(x.bytes);
      fc.assert(
        fc.property(fc.array(fc.nat(x.bytes.length), { maxLength: 30 }), (cuts) => {
          const r = new TlsReader();
          const ev: WireEvent[] = [];
          let last = 0;
          for (const c of [...cuts].sort((a, b) => a - b).concat(x.bytes.length)) {
            ev.push(...r.push(x.bytes.subarray(last, c)));
            last = c;
          }
          assert.deepEqual(ev, once);
        }),
        { numRuns: 50 },
      );
    } finally {
      await srv.close();
    }
  });
}

test('node:tls TLS 1.3: ServerHello, then only encrypted records', async () => {
  const srv = await nodeServer({ minVersion: 'TLSv1.3' });
  try {
    const x = await exchange(srv.port, buildClientHello(TLS13).record, untilEncrypted);
    assert.equal(x.error, undefined);
    const sh = serverHelloOf(x.events);
    assert.equal(sh.negotiatedVersion, 0x0304);
    assert.equal(sh.isHelloRetryRequest, false);
    assert.ok([0x1301, 0x1302, 0x1303].includes(sh.cipherSuite));
    assert.equal(sh.keyShare?.group, NamedGroup.x25519);
    assert.equal(sh.keyShare?.keyExchange.length, 32);
    assert.equal(handshakes(x.events).length, 1, 'nothing after the ServerHello is parsed as a handshake');
    assert.ok(x.events.some((e) => e.type === 'application-data'));
  } finally {
    await srv.close();
  }
});

test('node:tls TLS 1.3: a group with no share (or X25519MLKEM768 only listed) gets a HelloRetryRequest', async () => {
  const srv = await nodeServer({ minVersion: 'TLSv1.3' });
  try {
    const x = await exchange(
      srv.port,
      buildClientHello({
        ...TLS13,
        grease: false,
        groups: [NamedGroup.X25519MLKEM768, NamedGroup.secp384r1],
        keyShareGroups: [NamedGroup.X25519MLKEM768],
      }).record,
      (ev) => ev.some((e) => e.type === 'handshake'),
    );
    const hrr = serverHelloOf(x.events);
    assert.equal(hrr.isHelloRetryRequest, true);
    assert.equal(hrr.requestedGroup, NamedGroup.secp384r1);
    assert.equal(hrr.negotiatedVersion, 0x0304);
  } finally {
    await srv.close();
  }
});

test('a TLS 1.2-only server answers a TLS 1.3-only hello with a protocol_version alert', async () => {
  const srv = await nodeServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
  try {
    const x = await exchange(srv.port, buildClientHello(TLS13).record, (ev) =>
      ev.some((e) => e.type === 'alert'),
    );
    const alert = x.events.find((e) => e.type === 'alert');
    assert.deepEqual(alert && alert.type === 'alert' ? [alert.level, alert.description] : undefined, [2, 70]);
  } finally {
    await srv.close();
  }
});

test('an HTTP server answering our hello is reported as not TLS', async () => {
  const server = net.createServer((s) => {
    s.on('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    s.on('error', () => undefined);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  try {
    const x = await exchange(
      (server.address() as net.AddressInfo).port,
      buildClientHello(TLS12).record,
      () => false,
    );
    assert.ok(x.error instanceof ParseError && x.error.code === 'PARSE_MALFORMED');
    assert.match(x.error.message, /"HTTP"/);
  } finally {
    await new Promise<void>((res) => server.close(() => res()));
  }
});

const openssl = hasCommand('openssl');

test(
  'openssl s_server TLS 1.2 with DHE and a client certificate request',
  { skip: !openssl && 'openssl not installed' },
  async () => {
    const srv = await startOpensslServer([
      '-cert',
      cert.certPath,
      '-key',
      cert.keyPath,
      '-tls1_2',
      '-cipher',
      'DHE-RSA-AES128-GCM-SHA256',
      '-verify',
      '1',
      '-CAfile',
      cert.certPath,
    ]);
    try {
      const opts = { ...TLS12, cipherSuites: [0x009e] };
      const x = await exchange(srv.port, buildClientHello(opts).record, untilDone);
      assert.equal(x.error, undefined);
      checkTls12Flight(x.events, 0x0303, [0x009e]);
      const hs = handshakes(x.events);
      const ske = hs.find((e) => e.msgType === HandshakeType.server_key_exchange)!;
      const p = parseServerKeyExchange(ske.body, { kind: 'auto', version: 0x0303 }, ske.offset + 4);
      assert.ok(p.kind === 'dhe' && p.primeBits >= 2048 && p.g.length >= 1 && p.Ys.length > 0);
      const crMsg = hs.find((e) => e.msgType === HandshakeType.certificate_request)!;
      const cr = parseCertificateRequest(crMsg.body, { version: 0x0303 }, crMsg.offset + 4);
      assert.ok(cr.certificateTypes!.includes(1)); // rsa_sign
      assert.ok(cr.signatureAlgorithms!.length > 0);
      assert.equal(cr.certificateAuthorities.length, 1); // our CA's subject, /CN=localhost
      assert.ok(cr.certificateAuthorities[0]!.includes(Buffer.from('localhost')));
    } finally {
      await srv.stop();
    }
  },
);

test(
  'openssl s_server TLS 1.3: HRR for secp384r1, then a ServerHello after a second hello',
  { skip: !openssl && 'openssl not installed' },
  async () => {
    const srv = await startOpensslServer([
      '-cert',
      cert.certPath,
      '-key',
      cert.keyPath,
      '-tls1_3',
      '-groups',
      'P-384',
    ]);
    try {
      const x = await exchange(
        srv.port,
        buildClientHello({ ...TLS13, groups: [NamedGroup.x25519, NamedGroup.secp384r1] }).record,
        (ev) => ev.some((e) => e.type === 'handshake'),
      );
      const hrr = serverHelloOf(x.events);
      assert.ok(hrr.isHelloRetryRequest);
      assert.equal(hrr.requestedGroup, NamedGroup.secp384r1);
      const y = await exchange(
        srv.port,
        buildClientHello({ ...TLS13, groups: [NamedGroup.secp384r1], keyShareGroups: [NamedGroup.secp384r1] })
          .record,
        untilEncrypted,
      );
      const sh = serverHelloOf(y.events);
      assert.equal(sh.negotiatedVersion, 0x0304);
      assert.equal(sh.keyShare?.group, NamedGroup.secp384r1);
      assert.equal(sh.keyShare?.keyExchange.length, 97);
    } finally {
      await srv.stop();
    }
  },
);
