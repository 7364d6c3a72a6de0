// Renderers are pure and golden-tested (DESIGN convention 11). A golden changes only on an
// explicit update:  UPDATE_GOLDENS=1 node scripts/run-tests.mjs test/report/golden
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  renderHtmlTree,
  renderJson,
  renderText,
  renderHtml,
  renderTextTree,
} from '../../src/report/index.js';
import { TREES, diagnoseReport } from '../fixtures/report/samples.js';

const DIR = fileURLToPath(new URL('../fixtures/report/golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDENS === '1';

function golden(name: string, actual: string): void {
  const file = join(DIR, name);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(
    existsSync(file),
    `golden ${name} is missing: run UPDATE_GOLDENS=1 node scripts/run-tests.mjs test/report/golden`,
  );
  const expected = readFileSync(file, 'utf8');
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const i = a.findIndex((line, k) => line !== e[k]);
    assert.fail(
      `${name} differs from its golden at line ${i + 1}:\n  expected: ${JSON.stringify(e[i])}\n  actual:   ${JSON.stringify(a[i])}\n(update deliberately with UPDATE_GOLDENS=1)`,
    );
  }
}

// The text and HTML goldens render each sample's hand-made tree: they test the renderers apart
// from the section builders (test/report/sections.test.ts has those against real reports).
for (const [name, tree] of Object.entries(TREES)) {
  test(`${name}: text, JSON and HTML match their goldens`, () => {
    golden(`${name}.txt`, renderTextTree(tree, { color: false, width: 100 }));
    golden(`${name}.json`, renderJson(tree.report));
    golden(`${name}.html`, renderHtmlTree(tree));
  });
}

test('colour and narrow terminals match their goldens', () => {
  golden('diagnose.color.txt', renderTextTree(TREES.diagnose!, { color: true, width: 100 }));
  golden('diagnose.w60.txt', renderTextTree(TREES.diagnose!, { color: false, width: 60 }));
  golden('scan.w60.txt', renderTextTree(TREES.scan!, { color: false, width: 60 }));
  golden('cert.w200.txt', renderTextTree(TREES.cert!, { color: false, width: 200 }));
});

test('rendering is pure: the same report renders the same bytes twice and is not modified', () => {
  const before = JSON.stringify(diagnoseReport);
  const a = [
    renderText(diagnoseReport, { color: true }),
    renderJson(diagnoseReport),
    renderHtml(diagnoseReport),
  ];
  const b = [
    renderText(diagnoseReport, { color: true }),
    renderJson(diagnoseReport),
    renderHtml(diagnoseReport),
  ];
  assert.deepEqual(a, b);
  assert.equal(JSON.stringify(diagnoseReport), before);
});
