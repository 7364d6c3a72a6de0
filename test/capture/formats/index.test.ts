// The capture format registry's own rules: one explicit list sorted by name, each name its file's
// name, each format with its own test file, magics that never overlap, and an unknown-format error
// that names the file and every format the registry knows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CAPTURE_FORMATS, readCaptureFile } from '../../../src/capture/formats/index.js';
import { ParseError } from '../../../src/errors.js';
import { file, tempDir } from './shared.js';

const SRC = fileURLToPath(new URL('../../../src/capture/formats/', import.meta.url));
const TESTS = fileURLToPath(new URL('./', import.meta.url));
/** files in src/capture/formats/ that are the registry's machinery, not formats */
const NOT_FORMATS = new Set(['define.ts', 'index.ts', 'types.ts']);

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('tlsdoctor-fmt-index-');
});
after(() => tmp.cleanup());

test('the registry is sorted by name, without duplicates', () => {
  const names = CAPTURE_FORMATS.map((f) => f.name);
  assert.deepEqual(names, [...names].sort(), 'src/capture/formats/index.ts lists formats sorted by name');
  assert.equal(new Set(names).size, names.length, 'format names are unique');
});

test('every format file is in the registry, and every format has its file and its test', () => {
  const names = CAPTURE_FORMATS.map((f) => f.name);
  const files = readdirSync(SRC)
    .filter((f) => f.endsWith('.ts') && !NOT_FORMATS.has(f))
    .map((f) => f.slice(0, -3))
    .sort();
  assert.deepEqual(
    files,
    [...names].sort(),
    'one file per format in src/capture/formats/, named as the format',
  );
  for (const n of names)
    assert.ok(existsSync(`${TESTS}${n}.test.ts`), `test/capture/formats/${n}.test.ts exists for format ${n}`);
});

test('no magic of one format is a prefix of another format’s magic', () => {
  const all = CAPTURE_FORMATS.flatMap((f) => f.magic.map((m) => ({ name: f.name, m })));
  for (const a of all)
    for (const b of all) {
      if (a === b) continue;
      const n = Math.min(a.m.length, b.m.length);
      assert.ok(
        !a.m.subarray(0, n).equals(b.m.subarray(0, n)),
        `${a.name} ${a.m.toString('hex')} and ${b.name} ${b.m.toString('hex')} overlap`,
      );
    }
});

test('an unknown format names the file, its first bytes and every registered format', async () => {
  const path = file(tmp.dir, 'notes.cap', Buffer.from('hello, world'));
  await assert.rejects(
    readCaptureFile(path, () => {}),
    (e: unknown) => {
      assert.ok(e instanceof ParseError);
      assert.equal(e.code, 'PARSE_MALFORMED');
      assert.equal(e.offset, 0);
      assert.ok(e.message.startsWith(`${path}: not a capture file (first bytes 68 65 6c 6c)`), e.message);
      for (const f of CAPTURE_FORMATS) assert.ok(e.message.includes(f.expected), `names ${f.name}`);
      assert.match(e.message, /optionally gzip-compressed/);
      return true;
    },
  );
});
