import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { rules, connectionExplainers } from '../../../../src/diagnose/rules/capture/index.js';

test('the capture index lists every rule file, sorted, each with a test; explainers name finding ids', async () => {
  const dir = 'src/diagnose/rules/capture';
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''));
  const ids = rules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort(), 'index is sorted');
  assert.ok(
    ids.every((id) => id.startsWith('capture.')),
    "capture rule ids are the area's own",
  );
  const named = ids.map((id) =>
    files.includes(id.slice('capture.'.length)) ? id.slice('capture.'.length) : id.replace('.', '-'),
  );
  assert.deepEqual([...named].sort(), [...files].sort());
  const tests = readdirSync('test/diagnose/rules/capture');
  for (const f of files) assert.ok(tests.includes(`${f}.test.ts`), `${f} has a test`);
  // every explainer's id is the finding id its rule reports
  for (const e of connectionExplainers) {
    const mods = await Promise.all(
      files.map(
        (f) =>
          import(`../../../../src/diagnose/rules/capture/${f}.js`) as Promise<{
            FINDING_ID?: string;
            explain?: unknown;
          }>,
      ),
    );
    assert.ok(
      mods.some((m) => m.FINDING_ID === e.id && m.explain === e.explain),
      e.id,
    );
  }
});
