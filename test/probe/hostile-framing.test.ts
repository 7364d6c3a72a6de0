// Hostile framing from raw loopback servers: a flight in 1-byte records (reassembly must stay
// linear) and floods of HelloRequests (the outcome must stay small). Regression tests.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { MAX_MESSAGE_SAMPLE, probeHello, prepareHello, type Endpoint } from '../../src/probe/hello-probe.js';
import { DEFAULT_DEADLINES } from '../../src/probe/connection.js';
import { wideHello, suitesByCommonness } from '../../src/probe/hellos.js';
import { ContentType, HandshakeType, Version, encodeRecords } from '../../src/wire/index.js';
import { FLIGHT_SUITE, certificate, serverHello, serverHelloDone } from './flights.js';
import { makePki, startRaw, type TestPki, type Running } from './servers.js';

const deadlines = DEFAULT_DEADLINES; // connect 3 s, read 2 s, total 8 s
const ep = (port: number): Endpoint => ({ address: '127.0.0.1', port });
const tls12 = () =>
  prepareHello(
    wideHello(Version.TLS12, suitesByCommonness(Version.TLS12).slice(0, 128), { serverName: 'localhost' }),
  );

let pki: TestPki;
let der: Buffer;
const running: Running[] = [];
before(() => {
  pki = makePki();
  der = Buffer.from(new X509Certificate(pki.certPem).raw);
});
after(async () => {
  await Promise.all(running.map((r) => r.stop()));
  pki.cleanup();
});
async function raw(h: (s: Socket) => void): Promise<number> {
  const r = await startRaw(h);
  running.push(r);
  return r.port;
}

/** RFC 5246 §7.4.1.1: `struct { } HelloRequest;` — a 4-byte message */
const helloRequests = (n: number): Buffer =>
  Buffer.alloc(4 * n).fill(Buffer.from([HandshakeType.hello_request, 0, 0, 0]));
const handshakeRecords = (data: Buffer, maxFragment = 16384): Buffer =>
  encodeRecords(ContentType.handshake, Version.TLS12, data, maxFragment);

test('a ServerHello and a 70 KB Certificate in 1-byte records are parsed, within the normal timeout', async () => {
  const filler = randomBytes(68_000); // with the real leaf: ~70,000 records, ~420 KB on the wire
  const flight = Buffer.concat([serverHello(), certificate([der, filler]), serverHelloDone()]);
  const wire = handshakeRecords(flight, 1);
  assert.ok(wire.length > 400_000 && wire.length < 512 * 1024, `${wire.length} bytes on the wire`);
  const port = await raw((s) => s.once('data', () => s.write(wire)));
  const o = await probeHello(ep(port), tls12(), { deadlines, until: 'flight' });
  assert.equal(o.status, 'server-hello', o.error);
  assert.equal(o.error, undefined);
  assert.equal(o.serverHello!.version, Version.TLS12);
  assert.equal(o.serverHello!.cipherSuite, FLIGHT_SUITE);
  // the real leaf is kept; the 68 KB filler is counted, not copied (a chain's first 24 KiB is kept)
  assert.deepEqual(o.certificates, [der.toString('base64')]);
  assert.deepEqual(o.certificateList, { count: 2, bytes: der.length + filler.length });
  assert.deepEqual(o.messages, [
    HandshakeType.server_hello,
    HandshakeType.certificate,
    HandshakeType.server_hello_done,
  ]);
  assert.equal(o.messageCounts, undefined);
  assert.equal(o.bytesReceived, wire.length);
});

test('HelloRequests before and after the ServerHello: a sample of 64 types and counts, a small outcome', async () => {
  const before = 10_000;
  const afterSh = 40_000;
  const wire = Buffer.concat([
    handshakeRecords(helloRequests(before)),
    handshakeRecords(serverHello()),
    handshakeRecords(helloRequests(afterSh)),
    handshakeRecords(Buffer.concat([certificate([der]), serverHelloDone()])),
  ]);
  const port = await raw((s) => s.once('data', () => s.write(wire)));
  const o = await probeHello(ep(port), tls12(), { deadlines, until: 'flight' });
  assert.equal(o.status, 'server-hello', o.error);
  assert.equal(o.serverHello!.cipherSuite, FLIGHT_SUITE);
  assert.deepEqual(o.certificates, [der.toString('base64')]);
  assert.equal(o.messages!.length, MAX_MESSAGE_SAMPLE);
  assert.ok(o.messages!.every((t) => t === HandshakeType.hello_request));
  assert.deepEqual(o.messageCounts, [
    { type: HandshakeType.hello_request, count: before + afterSh },
    { type: HandshakeType.server_hello, count: 1 },
    { type: HandshakeType.certificate, count: 1 },
    { type: HandshakeType.server_hello_done, count: 1 },
  ]);
  const size = JSON.stringify(o).length;
  assert.ok(size < 4096, `outcome JSON is ${size} bytes`);
});

test('endless HelloRequests after the ServerHello: the byte cap ends the probe, the outcome stays small', async () => {
  const port = await raw((s) =>
    s.once('data', () => {
      s.write(handshakeRecords(serverHello()));
      const chunk = handshakeRecords(helloRequests(4096));
      const t = setInterval(() => (s.writable ? s.write(chunk) : clearInterval(t)), 1);
      s.on('close', () => clearInterval(t));
    }),
  );
  const o = await probeHello(ep(port), tls12(), { deadlines, until: 'flight' });
  assert.equal(o.status, 'server-hello');
  assert.equal(o.serverHello!.cipherSuite, FLIGHT_SUITE);
  assert.match(o.error!, /more than \d+ bytes/);
  assert.equal(o.messages!.length, MAX_MESSAGE_SAMPLE);
  assert.deepEqual(o.messages!.slice(0, 2), [HandshakeType.server_hello, HandshakeType.hello_request]);
  const requests = o.messageCounts!.find((c) => c.type === HandshakeType.hello_request)!.count;
  assert.ok(requests > 100_000, `${requests} HelloRequests counted`);
  const size = JSON.stringify(o).length;
  assert.ok(size < 2048, `outcome JSON is ${size} bytes`);
});
