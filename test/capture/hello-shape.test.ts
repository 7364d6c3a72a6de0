// The ClientHello shape under which the capture reader shares one parse among a client's hellos:
// hellos that differ only in their random, session id, key share values or session ticket share a
// shape; any other difference gives another shape; and one shape always means one report form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { once } from 'node:events';
import fc from 'fast-check';
import { clientHelloShape } from '../../src/capture/tracker.js';
import {
  buildClientHello,
  ja3,
  ja4,
  parseClientHello,
  type ClientHello,
} from '../../src/wire/client-hello.js';
import { NamedGroup } from '../../src/wire/constants.js';
import { hasCommand } from '../wire/helpers.js';

/** what a hello's report form and fingerprints are made of */
function form(h: ClientHello): unknown {
  return {
    legacyVersion: h.legacyVersion,
    supportedVersions: h.supportedVersions,
    cipherSuites: h.cipherSuites,
    serverName: h.serverName,
    alpn: h.alpn,
    groups: h.groups,
    signatureAlgorithms: h.signatureAlgorithms,
    keyShareGroups: h.keyShares?.map((k) => k.group),
    extensions: h.extensions?.map((e) => e.type),
    ja3: ja3(h),
    ja4: ja4(h),
  };
}

/** the ClientHello body a real client sends first, read by a local listener that then closes */
async function helloFrom(args: string[]): Promise<Buffer> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const got = new Promise<Buffer>((resolve, reject) => {
    server.on('connection', (sock) => {
      let buf = Buffer.alloc(0);
      sock.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 9 && buf.length >= 5 + buf.readUInt16BE(3)) {
          resolve(buf.subarray(9, 9 + buf.readUIntBE(6, 3)));
          sock.destroy();
        }
      });
      sock.on('error', reject);
    });
  });
  const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const timer = setTimeout(() => child.kill(), 10_000);
  try {
    return await got;
  } finally {
    clearTimeout(timer);
    child.kill();
    server.close();
  }
}

test(
  'real openssl hellos: two connections of one client share a shape, another SNI or version range does not',
  { skip: !hasCommand('openssl') },
  async () => {
    const a = await helloFrom(['-servername', 'a.example.test']);
    const b = await helloFrom(['-servername', 'a.example.test']);
    const c = await helloFrom(['-servername', 'b.example.test']);
    const d = await helloFrom(['-servername', 'a.example.test', '-no_tls1_3']);
    // the random and the key share differ between two runs of the same client
    assert.notDeepEqual(a.subarray(2, 34), b.subarray(2, 34));
    const shape = (x: Buffer): string | undefined => clientHelloShape(x.toString('latin1'));
    assert.ok(shape(a) !== undefined);
    assert.equal(shape(a), shape(b));
    assert.deepEqual(form(parseClientHello(a)), form(parseClientHello(b)));
    assert.notEqual(shape(a), shape(c));
    assert.notEqual(shape(a), shape(d));
  },
);

test('one shape, one report form: hellos mutated anywhere parse alike whenever their shapes agree (property)', () => {
  const base = buildClientHello({
    legacyVersion: 0x0303,
    supportedVersions: [0x0304, 0x0303],
    cipherSuites: [0x1301, 0x1302, 0xc02f, 0x00ff],
    compressionMethods: [0],
    serverName: 'x.test',
    groups: [NamedGroup.x25519, NamedGroup.secp256r1],
    keyShareGroups: [NamedGroup.x25519, NamedGroup.secp256r1],
    sessionId: Buffer.alloc(32, 7),
    sessionTicket: true,
  }).handshake.subarray(4);
  const parse = (b: Buffer): unknown => {
    try {
      return form(parseClientHello(b));
    } catch {
      return 'error';
    }
  };
  let same = 0;
  let differ = 0;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 3,
      }),
      (muts) => {
        const m = Buffer.from(base);
        for (const [i, v] of muts) m[i] = v;
        const s0 = clientHelloShape(base.toString('latin1'));
        const s1 = clientHelloShape(m.toString('latin1'));
        if (s1 !== undefined && s1 === s0) {
          same++;
          assert.deepEqual(parse(m), parse(base), `mutations ${JSON.stringify(muts)}`);
        } else differ++;
      },
    ),
    { numRuns: 4000 },
  );
  // both sides of the property were exercised: masked bytes (random, key shares) and the rest
  assert.ok(same > 200, `${same} mutated hellos kept the shape`);
  assert.ok(differ > 200, `${differ} mutated hellos changed it`);
});
