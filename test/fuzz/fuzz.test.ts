// The fuzzing harness in CI: every kept defect input (test/fuzz/regressions/<target>/) stays fixed,
// and every target runs for a few seconds from its seeds with no crash and no hang. Longer runs and
// the linear-time check: npm run fuzz -- --target all --time 600 --linear.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGRESSION_DIR, TARGETS, TARGET_NAMES, classify } from './targets.js';
import { fuzz } from './harness.js';

describe('fuzz regressions: every kept input now gives a result or a one-line error', () => {
  for (const name of TARGET_NAMES) {
    let files: string[] = [];
    try {
      files = readdirSync(join(REGRESSION_DIR, name)).filter((f) => !f.endsWith('.txt'));
    } catch {
      // no regressions for this target yet
    }
    for (const f of files) {
      test(`${name}/${f}`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-fuzz-regression-'));
        let err: unknown;
        try {
          await TARGETS[name].run(readFileSync(join(REGRESSION_DIR, name, f)), join(dir, 'input'));
        } catch (e) {
          err = e;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        const v = classify(err);
        assert.ok(v.ok, v.ok ? '' : v.problem);
      });
    }
  }
});

describe('fuzz smoke: each target, a few seconds from its seeds', () => {
  for (const name of TARGET_NAMES) {
    test(name, async () => {
      const s = await fuzz({ target: name, seconds: 3, seed: 20261203, hangMs: 20_000 });
      assert.ok(s.inputs > 0, 'inputs ran');
      assert.deepEqual(
        s.problems.map((p) => `${p.kind}: ${p.problem}`),
        [],
      );
    });
  }
});
