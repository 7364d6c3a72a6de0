// Golden pairs (DESIGN convention 10): every test/fixtures/windows/<tool>/<case>.<ext> parses to
// <case>.json. `UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/windows/golden` rewrites them;
// goldens change only on an explicit update, and each was read by a human when written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseWindowsInput,
  osFamilyOf,
  type ParseOptions,
  type WindowsInputKind,
} from '../../src/windows/index.js';

const ROOT = 'test/fixtures/windows';
const SKIP_DIRS = new Set(['malformed', 'bundles', 'collect']);

function cases(): Array<{ dir: string; file: string; base: string }> {
  const out: Array<{ dir: string; file: string; base: string }> = [];
  for (const dir of readdirSync(ROOT, { withFileTypes: true })) {
    if (!dir.isDirectory() || SKIP_DIRS.has(dir.name)) continue;
    for (const f of readdirSync(join(ROOT, dir.name)).sort()) {
      if (f.endsWith('.json') || f.endsWith('.source.md') || f === 'README.md') continue;
      out.push({ dir: dir.name, file: f, base: f.replace(/\.[^.]+$/, '') });
    }
  }
  return out;
}

const all = cases();
test('there are golden cases for every parser', () => {
  const dirs = new Set(all.map((c) => c.dir));
  for (const d of [
    'netsh-sslcert',
    'netsh-iplisten',
    'netstat',
    'get-nettcpconnection',
    'tasklist',
    'registry',
    'get-tlsciphersuite',
    'applicationhost',
    'certutil-store',
    'events',
    'systeminfo',
  ]) {
    assert.ok(dirs.has(d), `fixtures for ${d}`);
  }
  assert.ok(all.length >= 30, `${all.length} cases`);
});

test('every golden case names where it comes from and its code page', () => {
  for (const c of all) {
    const side = join(ROOT, c.dir, `${c.base}.source.md`);
    assert.ok(existsSync(side), `${side} is missing`);
    const text = readFileSync(side, 'utf8');
    assert.match(text, /^source: \S/m, `${side}: a 'source:' line`);
    assert.match(text, /^code page: \S/m, `${side}: a 'code page:' line`);
  }
});

for (const c of all) {
  test(`golden ${c.dir}/${c.file}`, () => {
    const optsPath = join(ROOT, c.dir, `${c.base}.opts.json`);
    const raw = existsSync(optsPath)
      ? (JSON.parse(readFileSync(optsPath, 'utf8')) as { os?: string; kind?: WindowsInputKind })
      : {};
    const opts: ParseOptions = {};
    if (raw.os) opts.os = osFamilyOf(raw.os)!;
    if (raw.kind) opts.kind = raw.kind;
    const got = parseWindowsInput(readFileSync(join(ROOT, c.dir, c.file)), `${c.dir}/${c.file}`, opts);
    const json = JSON.stringify(got, null, 2) + '\n';
    const goldenPath = join(ROOT, c.dir, `${c.base}.json`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
      if (process.env.UPDATE_GOLDEN !== '1')
        assert.fail(`missing golden ${goldenPath} (run with UPDATE_GOLDEN=1)`);
      writeFileSync(goldenPath, json);
      return;
    }
    assert.equal(json, readFileSync(goldenPath, 'utf8'));
  });
}
