// Helpers for the per-format tests: a temp folder, and what every format must do through the registry.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CAPTURE_FORMATS, detectCaptureFormat, readCaptureFile } from '../../../src/capture/formats/index.js';
import type { CaptureFormatEntry } from '../../../src/capture/formats/index.js';
import { tempDir, writeFile } from '../helpers.js';

export { tempDir };

/** writes `data` under `dir` and returns the path */
export function file(dir: string, name: string, data: Buffer): string {
  return writeFile(join(dir, name), data);
}

/** Each magic of `format` is detected as `format` and by no other format; other formats' magics are not. */
export function assertDetection(format: CaptureFormatEntry, sampleFile: Buffer): void {
  assert.ok(CAPTURE_FORMATS.includes(format), `${format.name} is in the registry`);
  for (const m of format.magic) assert.equal(detectCaptureFormat(m)?.name, format.name);
  assert.equal(detectCaptureFormat(sampleFile)?.name, format.name, 'a real file of the format is detected');
  for (const other of CAPTURE_FORMATS.filter((f) => f !== format))
    for (const m of other.magic) assert.notEqual(detectCaptureFormat(m)?.name, format.name);
  assert.equal(detectCaptureFormat(Buffer.from('GET / HTTP/1.1\r\n')), undefined);
  assert.equal(detectCaptureFormat(sampleFile.subarray(0, 1)), undefined, 'one byte is never enough');
}

/** Reads a file through the registry, plain and gzipped; returns the plain read's summary and frames. */
export async function readBoth(
  dir: string,
  name: string,
  data: Buffer,
  opts: { gzip: boolean },
): Promise<{ summary: Awaited<ReturnType<typeof readCaptureFile>>; frames: number[] }> {
  const frames: number[] = [];
  const summary = await readCaptureFile(file(dir, name, data), (p) => frames.push(p.frame));
  assert.equal(summary.compressed, false);
  if (opts.gzip) {
    const zFrames: number[] = [];
    const z = await readCaptureFile(file(dir, `${name}.gz`, gzipSync(data)), (p) => zFrames.push(p.frame));
    assert.equal(z.compressed, true);
    assert.deepEqual(zFrames, frames, 'gzip gives the same frames');
  }
  return { summary, frames };
}
