// pcapng through the registry: the Section Header Block magic and a read, plain and gzipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pcapng } from '../../../src/capture/formats/pcapng.js';
import { pcapngFile } from '../helpers.js';
import { assertDetection, readBoth, tempDir } from './shared.js';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('tlsdoctor-fmt-pcapng-');
});
after(() => tmp.cleanup());

const sample = pcapngFile(
  [{ linkType: 1 }],
  [1, 2].map((i) => ({ iface: 0, ts: BigInt(i), data: Buffer.alloc(60, i) })),
);

test('pcapng: declared magic is the Section Header Block type 0a0d0d0a', () => {
  assert.equal(pcapng.name, 'pcapng');
  assert.deepEqual(
    pcapng.magic.map((m) => m.toString('hex')),
    ['0a0d0d0a'],
  );
  assertDetection(pcapng, sample);
});

test('pcapng: read through the registry, plain and gzipped', async () => {
  const { summary, frames } = await readBoth(tmp.dir, 'a.pcapng', sample, { gzip: true });
  assert.equal(summary.format, 'pcapng');
  assert.equal(summary.byteOrder, 'little');
  assert.deepEqual(frames, [1, 2]);
});
