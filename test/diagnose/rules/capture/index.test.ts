// The capture area beyond the uniform index contract (test/diagnose/rules-index.test.ts): rule ids are
// the area's own, each rule file has its test, and the per-connection explainers of the capture
// report name finding ids the capture rules declare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { rules, connectionExplainers } from '../../../../src/diagnose/rules/capture/index.js';
import { emittedIds } from '../../../../src/diagnose/rule.js';
import { RULES } from '../../../../src/diagnose/rules/index.js';
import type { Conn } from '../../../../src/diagnose/rules/capture/shared/describe.js';

test('capture rule ids are the area’s own and each rule file has its test', () => {
  const ids = rules.map((r) => r.meta.id);
  assert.ok(
    ids.every((id) => id.startsWith('capture.')),
    ids.join(' '),
  );
  const tests = readdirSync('test/diagnose/rules/capture');
  for (const id of ids) assert.ok(tests.includes(`${id}.test.ts`), `${id} has a test`);
});

test('every explainer names a finding id a rule that reads captures declares', () => {
  const readsCaptures = RULES.filter((r) =>
    [...r.meta.needs, ...(r.meta.uses ?? [])].some(
      (k) => k.startsWith('capture.') || k === 'handshake.attempt',
    ),
  );
  const declared = new Set(readsCaptures.flatMap((r) => emittedIds(r.meta)));
  for (const e of connectionExplainers) assert.ok(declared.has(e.id), e.id);
});

test('an explainer never throws into the report: damaged observations explain nothing', () => {
  const damaged = { clientHello: {}, alerts: null, tcp: null } as unknown as Conn;
  for (const e of connectionExplainers)
    assert.doesNotThrow(() => e.explain(damaged, { all: [damaged], summary: undefined }), e.id);
});
