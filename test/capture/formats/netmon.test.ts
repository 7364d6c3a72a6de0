// Network Monitor 2.x through the registry: the "GMBU" signature, a read of a plain file, and the
// clear error for a gzipped one (its frame table is at the end: it cannot be read as a stream).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { netmon } from '../../../src/capture/formats/netmon.js';
import { readCaptureFile } from '../../../src/capture/formats/index.js';
import { TlsDoctorError } from '../../../src/errors.js';
import { assertDetection, file, readBoth, tempDir } from './shared.js';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('tlsdoctor-fmt-netmon-');
});
after(() => tmp.cleanup());

/** a Network Monitor 2.0 file: 128-byte header, 2.0 frames (no trailer), the frame table last */
function netmonFile(frames: Buffer[]): Buffer {
  const header = Buffer.alloc(128);
  header.write('GMBU', 0, 'latin1');
  header.writeUInt8(0, 4);
  header.writeUInt8(2, 5);
  header.writeUInt16LE(1, 6); // Ethernet
  [2024, 3, 5, 9, 13, 14, 15, 250].forEach((v, i) => header.writeUInt16LE(v, 8 + i * 2));
  const body: Buffer[] = [];
  const offsets: number[] = [];
  let pos = 128;
  frames.forEach((d, i) => {
    const h = Buffer.alloc(16);
    h.writeBigUInt64LE(BigInt(i * 1000), 0);
    h.writeUInt32LE(d.length, 8);
    h.writeUInt32LE(d.length, 12);
    offsets.push(pos);
    body.push(h, d);
    pos += h.length + d.length;
  });
  const table = Buffer.alloc(offsets.length * 4);
  offsets.forEach((o, i) => table.writeUInt32LE(o, i * 4));
  header.writeUInt32LE(pos, 24);
  header.writeUInt32LE(table.length, 28);
  return Buffer.concat([header, ...body, table]);
}

const sample = netmonFile([Buffer.alloc(60, 1), Buffer.alloc(70, 2)]);

test('netmon: declared magic is the "GMBU" signature', () => {
  assert.equal(netmon.name, 'netmon');
  assert.deepEqual(
    netmon.magic.map((m) => m.toString('latin1')),
    ['GMBU'],
  );
  assertDetection(netmon, sample);
});

test('netmon: a plain file is read through the registry; a gzipped one is a clear INPUT_FORMAT error', async () => {
  const { summary, frames } = await readBoth(tmp.dir, 'a.cap', sample, { gzip: false });
  assert.equal(summary.format, 'netmon2');
  assert.deepEqual(frames, [1, 2]);
  await assert.rejects(
    readCaptureFile(file(tmp.dir, 'a.cap.gz', gzipSync(sample)), () => {}),
    (e: unknown) =>
      e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT' && /gunzip it first/.test(e.message),
  );
});
