// The windows rule index contract: sorted, complete (every rule file listed), every rule has a
// table in cases.ts and a test file, every finding id documented in docs/windows.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { runRules } from '../../../../src/diagnose/engine.js';
import { rules } from '../../../../src/diagnose/rules/windows/index.js';
import { CASES, helpers } from './cases.js';

test('every windows rule has table cases and a test file', () => {
  const testFiles = new Set(readdirSync('test/diagnose/rules/windows'));
  for (const r of rules) {
    assert.ok(CASES[r.meta.id] && CASES[r.meta.id]!.length >= 2, `cases for ${r.meta.id}`);
    assert.ok(testFiles.has(`${r.meta.id}.test.ts`), `test file for ${r.meta.id}`);
  }
  for (const id of Object.keys(CASES))
    assert.ok(
      rules.some((r) => r.meta.id === id),
      `rule ${id} exists`,
    );
});

test('every windows rule needs only windows observations; only the bundle check reads probes too', () => {
  for (const r of rules) {
    assert.ok(
      r.meta.needs.every((k) => k.startsWith('windows.')),
      r.meta.id,
    );
    const other = (r.meta.uses ?? []).filter((k) => !k.startsWith('windows.'));
    if (r.meta.id === 'windows.bundle-mismatch')
      assert.deepEqual(other.sort(), ['handshake.attempt', 'x509.certificate']);
    else assert.deepEqual(other, [], r.meta.id);
  }
});

test('every finding id is documented in docs/windows.md', () => {
  const doc = readFileSync('docs/windows.md', 'utf8');
  for (const r of rules) assert.ok(doc.includes(`\`${r.meta.id}\``), `docs/windows.md mentions ${r.meta.id}`);
});

test('the engine runs the windows rules over unrelated observations without errors', () => {
  const r = runRules(rules, [
    helpers.ssl('0.0.0.0:443'),
    helpers.event('Schannel', 36887, { AlertDesc: '48' }),
    helpers.owner('0.0.0.0', 443, 4),
  ]);
  assert.ok(
    r.results.every((x) => x.status !== 'error'),
    JSON.stringify(r.results.filter((x) => x.status === 'error')),
  );
});
