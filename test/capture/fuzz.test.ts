// Hostile input (DESIGN convention 14): random bytes, random truncations and random corruptions of
// valid pcap, pcapng and Network Monitor files give a result or a TlsDoctorError — never another
// exception, never a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/capture/analyze.js';
import { TlsDoctorError } from '../../src/errors.js';
import {
  buildClientHello,
  encodeAlertRecord,
  encodeHandshake,
  encodeRecord,
  encodeServerHello,
} from '../../src/wire/index.js';
import { ethernet, Flow, pcapFile, pcapngFile, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
const seeds: Record<string, Buffer> = {};

before(() => {
  tmp = tempDir('tlsdoctor-fuzz-');
  const hello = buildClientHello({
    legacyVersion: 0x0303,
    cipherSuites: [0xc02f, 0x1301],
    serverName: 'fuzz.test',
    supportedVersions: [0x0304, 0x0303],
    groups: [29],
    keyShareGroups: [29],
  });
  const sh = encodeRecord(
    22,
    0x0303,
    encodeHandshake(
      2,
      encodeServerHello({
        legacyVersion: 0x0303,
        random: Buffer.alloc(32, 7),
        sessionId: Buffer.alloc(0),
        cipherSuite: 0xc02f,
        compressionMethod: 0,
        extensions: [],
      }),
    ),
  );
  const f = new Flow();
  f.handshake();
  f.data('c', hello.record, 90);
  f.data('s', Buffer.concat([sh, encodeAlertRecord(80)]), 40);
  f.fin('c');
  f.rst('s');
  const recs = f.packets.map((p, i) => ({ tsSec: 1700000000, tsFrac: i, data: ethernet(p) }));
  seeds['pcap'] = pcapFile(1, recs);
  seeds['pcapng'] = pcapngFile(
    [{ linkType: 1 }, { linkType: 101, tsresol: 9 }],
    recs.map((r, i) => ({ iface: i % 2, ts: BigInt(i), data: i % 2 ? r.data.subarray(14) : r.data })),
  );
});
after(() => tmp.cleanup());

let n = 0;
async function outcome(bytes: Buffer): Promise<boolean> {
  const path = join(tmp.dir, `f${n++ % 8}.bin`);
  writeFileSync(path, bytes);
  try {
    const a = await analyzeCapture(path);
    return a.summary.packets >= 0;
  } catch (e) {
    if (e instanceof TlsDoctorError) return typeof e.code === 'string' && !/\n/.test(e.message);
    throw e;
  }
}

test('the seeds themselves are read fully', async () => {
  for (const [name, buf] of Object.entries(seeds)) {
    const path = join(tmp.dir, `seed.${name}`);
    writeFileSync(path, buf);
    const a = await analyzeCapture(path);
    assert.equal(a.summary.stopped, undefined, name);
    assert.equal(a.connections.length, 1, name);
    assert.equal(a.connections[0]!.serverHello?.cipherSuite, 0xc02f, name);
  }
});

test('property: random bytes (with and without a capture magic)', async () => {
  const magics = [
    Buffer.alloc(0),
    Buffer.from('d4c3b2a1', 'hex'),
    Buffer.from('a1b2c3d4', 'hex'),
    Buffer.from('0a0d0d0a', 'hex'),
    Buffer.from('GMBU\x00\x02', 'latin1'),
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: magics.length - 1 }),
      fc.uint8Array({ maxLength: 600 }),
      async (m, bytes) => outcome(Buffer.concat([magics[m]!, Buffer.from(bytes)])),
    ),
    { numRuns: 300 },
  );
});

test('property: random truncations and corruptions of valid files', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('pcap', 'pcapng'),
      fc.nat(),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      async (kind, cut, flips) => {
        const seed = Buffer.from(seeds[kind]!);
        for (const [at, v] of flips) seed[at % seed.length] = v;
        return outcome(seed.subarray(0, cut % (seed.length + 1)));
      },
    ),
    { numRuns: 400 },
  );
});
