import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { rules, connectionExplainers } from '../../../../src/diagnose/rules/capture/index.js';

test('the capture index lists every rule file, sorted, each with a test', () => {
  const dir = 'src/diagnose/rules/capture';
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  const ids = rules.map((r) => r.meta.id.replace('.', '-'));
  assert.deepEqual([...ids].sort(), [...files].sort());
  assert.deepEqual(ids, [...ids].sort(), 'index is sorted');
  const tests = readdirSync('test/diagnose/rules/capture');
  for (const f of files) assert.ok(tests.includes(`${f}.test.ts`), `${f} has a test`);
  for (const r of rules) {
    assert.ok(r.meta.description.length > 40 && r.meta.fix.steps.length > 0 && r.meta.references.length > 0, r.meta.id);
  }
  // every explainer belongs to a listed rule
  for (const e of connectionExplainers) assert.ok(rules.some((r) => r.meta.id === e.id), e.id);
});
