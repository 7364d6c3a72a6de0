// pcap through the registry: its four magics (µs/ns × either byte order) and a read of each variant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pcap } from '../../../src/capture/formats/pcap.js';
import { pcapFile } from '../helpers.js';
import { assertDetection, readBoth, tempDir } from './shared.js';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('tlsdoctor-fmt-pcap-');
});
after(() => tmp.cleanup());

const records = [1, 2, 3].map((i) => ({ tsSec: 1700000000 + i, tsFrac: i, data: Buffer.alloc(60, i) }));

test('pcap: declared magics are a1b2c3d4 and a1b23c4d in both byte orders', () => {
  assert.equal(pcap.name, 'pcap');
  assert.deepEqual(pcap.magic.map((m) => m.toString('hex')).sort(), [
    '4d3cb2a1',
    'a1b23c4d',
    'a1b2c3d4',
    'd4c3b2a1',
  ]);
  assertDetection(pcap, pcapFile(1, records));
});

test('pcap: every variant is read through the registry, plain and gzipped', async () => {
  const variants = [
    { opts: {}, format: 'pcap', order: 'little' },
    { opts: { bigEndian: true }, format: 'pcap', order: 'big' },
    { opts: { nano: true }, format: 'pcap-ns', order: 'little' },
    { opts: { nano: true, bigEndian: true }, format: 'pcap-ns', order: 'big' },
  ] as const;
  for (const [i, v] of variants.entries()) {
    const { summary, frames } = await readBoth(tmp.dir, `v${i}.pcap`, pcapFile(1, records, v.opts), {
      gzip: true,
    });
    assert.equal(summary.format, v.format);
    assert.equal(summary.byteOrder, v.order);
    assert.deepEqual(frames, [1, 2, 3]);
  }
});
