// Hostile input against every lab listener: random bytes, lying length fields, SSLv2, HTTP, floods,
// truncated and corrupted hellos, abrupt resets. The lab must not crash, hang or stop answering;
// afterwards every scenario still behaves. Then the SNI middlebox's reassembly under random splits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fc from 'fast-check';
import { startLab } from '../../src/lab/index.js';
import type { Lab } from '../../src/lab/index.js';
import { ByteWriter } from '../../src/wire/byte-writer.js';
import { captureClientHello, httpGet, rawExchange, tlsAttempt } from './helpers.js';

let lab: Lab;
let blockedHello: Buffer;
let otherHello: Buffer;

before(async () => {
  lab = await startLab({ holdMs: 5_000 });
  [blockedHello, otherHello] = await Promise.all([
    captureClientHello({ servername: lab.get('middlebox-sni').serverName }),
    captureClientHello({ servername: 'other.lab.tlsdoctor.test' }),
  ]);
});
after(async () => {
  await lab?.stop();
});

/** record header + body, composed (never index-patched) */
const record = (type: number, version: number, body: Buffer) =>
  new ByteWriter().u8(type).u16(version).vector(2, body).toBuffer();
const handshakeHeader = (msgType: number, length: number) =>
  new ByteWriter().u8(msgType).u24(length).toBuffer();

/**
 * An SSLv2-format CLIENT-HELLO offering TLS 1.0 (RFC 5246 Appendix E.2): 2-byte header with the
 * high bit, msg_type 1, version, cipher_spec_length, session_id_length, challenge_length, specs, challenge.
 */
function sslv2Hello(): Buffer {
  const body = new ByteWriter()
    .u8(1)
    .u16(0x0301)
    .u16(3)
    .u16(0)
    .u16(16)
    .u24(0x00002f)
    .bytes(Buffer.alloc(16, 0x5a))
    .toBuffer();
  return Buffer.concat([new ByteWriter().u16(0x8000 | body.length).toBuffer(), body]);
}

function hostilePayloads(): Array<[string, Buffer | Buffer[]]> {
  // deterministic "random" bytes: fast-check with a fixed seed
  const random = fc
    .sample(fc.uint8Array({ minLength: 1, maxLength: 2048 }), { seed: 20261122, numRuns: 3 })
    .map((u) => Buffer.from(u));
  const big = Buffer.from(
    fc.sample(fc.uint8Array({ minLength: 65536, maxLength: 65536 }), { seed: 7, numRuns: 1 })[0]!,
  );
  return [
    ...random.map((b, i): [string, Buffer] => [`random bytes #${i}`, b]),
    ['64 KiB of random bytes', big],
    [
      'record header claiming 65535 bytes, then 10',
      Buffer.concat([new ByteWriter().u8(22).u16(0x0301).u16(0xffff).toBuffer(), Buffer.alloc(10, 0x41)]),
    ],
    ['handshake header claiming 2^24-1 bytes', record(22, 0x0301, handshakeHeader(1, 0xffffff))],
    ['zero-length handshake record', new ByteWriter().u8(22).u16(0x0301).u16(0).toBuffer()],
    ['record version 0x0200', record(22, 0x0200, Buffer.from([1, 0, 0, 0]))],
    [
      'a ServerHello where a ClientHello belongs',
      record(22, 0x0303, Buffer.concat([handshakeHeader(2, 2), Buffer.from([3, 3])])),
    ],
    ['SSLv2-format hello', sslv2Hello()],
    [
      'SSLv2 header with a lying length',
      Buffer.from([0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10]),
    ],
    ['HTTP request', Buffer.from('GET / HTTP/1.1\r\nHost: healthy.lab.tlsdoctor.test\r\n\r\n')],
    ['1 MiB of zeros', Buffer.alloc(1 << 20)],
    ['truncated real hello', otherHello.subarray(0, Math.floor(otherHello.length / 2))],
    ['real hello + garbage', Buffer.concat([otherHello, Buffer.alloc(300, 0xff)])],
    ['real hello in 1-byte writes', [...otherHello.subarray(0, 64)].map((b) => Buffer.from([b]))],
  ];
}

/** runs fn over items with at most `limit` in flight */
async function pool<T>(items: T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

function resetRightAway(port: number): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => {
      s.resetAndDestroy();
      resolve();
    });
    s.on('error', () => resolve());
  });
}

test('every listener survives hostile bytes and abrupt resets, and every scenario still behaves after', async () => {
  const ports = [...new Set(lab.scenarios.flatMap((s) => [s.port, s.httpPort!]))];
  const jobs = ports.flatMap((port) => hostilePayloads().map(([name, payload]) => ({ port, name, payload })));
  let refusedCount = 0;
  await pool(jobs, 24, async ({ port, payload }) => {
    try {
      await rawExchange(port, payload, 150);
    } catch {
      refusedCount++;
    }
  });
  await Promise.all(ports.map((p) => resetRightAway(p)));
  assert.equal(refusedCount, 0, 'a listener stopped accepting');

  // still behaving: a verified handshake, the blocked/unblocked middlebox, SNI, an alert, plain HTTP
  const healthy = lab.get('healthy');
  const ok = await tlsAttempt({
    host: healthy.host,
    port: healthy.port,
    servername: healthy.serverName,
    ca: lab.caPem,
  });
  assert.ok(ok.ok && ok.authorized, JSON.stringify(ok));
  const sni = lab.get('sni-required');
  const sniOk = await tlsAttempt({
    host: sni.host,
    port: sni.port,
    servername: sni.serverName,
    ca: lab.caPem,
  });
  assert.ok(sniOk.ok && sniOk.authorized);
  const box = lab.get('middlebox-sni');
  const [blocked, passed] = await Promise.all([
    rawExchange(box.port, blockedHello, 400),
    rawExchange(box.port, otherHello, 400),
  ]);
  assert.equal(blocked.bytes.length, 0);
  assert.equal(passed.bytes[0], 22, 'no ServerHello through the box');
  const alert = await rawExchange(lab.get('alert-40').port, otherHello, 1000);
  assert.deepEqual([...alert.bytes], [21, 3, 3, 0, 2, 2, 40]);
  for (const s of lab.scenarios) assert.equal((await httpGet(s.httpPort!)).status, 200, s.id);
});

/** sends the chunks with a pause between them, so the box really receives them apart */
function sendSplit(
  port: number,
  chunks: Buffer[],
  waitMs: number,
): Promise<{ bytes: Buffer; ending: string }> {
  return new Promise((resolve) => {
    const got: Buffer[] = [];
    let done = false;
    const s = net.connect({ port, host: '127.0.0.1' });
    s.setNoDelay(true);
    const finish = (ending: string) => {
      if (done) return;
      done = true;
      s.destroy();
      resolve({ bytes: Buffer.concat(got), ending });
    };
    s.on('data', (d) => {
      got.push(d);
      finish('data');
    });
    s.on('end', () => finish('fin'));
    s.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'error'));
    s.on('connect', async () => {
      for (const c of chunks) {
        if (done) return;
        s.write(c);
        await new Promise((r) => setTimeout(r, 3));
      }
      setTimeout(() => finish('open'), waitMs);
    });
  });
}

function split(b: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % b.length).filter((c) => c > 0))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    out.push(b.subarray(at, p));
    at = p;
  }
  out.push(b.subarray(at));
  return out;
}

test('middlebox: a hello split anywhere is reassembled — another name is forwarded, the blocked name is held', async () => {
  const port = lab.get('middlebox-sni').port;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), async (cuts) => {
      const fwd = await sendSplit(port, split(otherHello, cuts), 2000);
      assert.equal(fwd.ending, 'data');
      assert.equal(fwd.bytes[0], 22); // the backend's ServerHello record
      const held = await sendSplit(port, split(blockedHello, cuts), 150);
      assert.equal(held.ending, 'open');
      assert.equal(held.bytes.length, 0);
    }),
    { seed: 4, numRuns: 8 },
  );
});

test('middlebox: what it cannot inspect it forwards (not TLS, a hello over the 64 KiB cap, SSLv2)', async () => {
  const port = lab.get('middlebox-sni').port;
  // plain HTTP reaches the HTTPS backend, which rejects it and closes: the box did not swallow it
  const http = await rawExchange(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 2000);
  assert.notEqual(http.ending, 'open');
  // a handshake header claiming 16 MiB: forwarded at once, the backend answers or closes
  const huge = await rawExchange(
    port,
    record(22, 0x0301, Buffer.concat([handshakeHeader(1, 0xffffff), Buffer.alloc(64, 1)])),
    2000,
  );
  assert.ok(huge.ending !== 'open' || huge.bytes.length > 0, 'oversized hello was held');
  const v2 = await rawExchange(port, sslv2Hello(), 2000);
  assert.ok(v2.ending !== 'open' || v2.bytes.length > 0, 'SSLv2 hello was held');
});
