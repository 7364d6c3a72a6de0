// DESIGN convention 1: the cert index is explicit and sorted; every rule file is in it, has its tests
// (a describe block in cert-rules.test.ts / chain-rules.test.ts) and is documented in docs/cert.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { rules } from '../../../../src/diagnose/rules/cert/index.js';
import { RULES_BY_AREA } from '../../../../src/diagnose/rules/index.js';

const dir = new URL('../../../../src/diagnose/rules/cert/', import.meta.url);
const testDir = new URL('./', import.meta.url);
const doc = readFileSync(new URL('../../../../docs/cert.md', import.meta.url), 'utf8');

const REQUIRED = [
  'cert.no-private-key',
  'cert.key-mismatch',
  'cert.eku-no-server-auth',
  'cert.expired',
  'cert.not-yet-valid',
  'cert.expiring-soon',
  'cert.lifetime-too-long',
  'cert.host-mismatch',
  'cert.cn-only',
  'cert.weak-signature',
  'cert.weak-key',
  'cert.self-signed',
  'chain.untrusted-root',
  'chain.missing-intermediate',
  'chain.wrong-order',
  'chain.extra-certificates',
  'chain.issuer-not-ca',
  'chain.path-length',
  'chain.name-constraints',
];

test('index is sorted by id, complete, and every rule has its file, test and doc entry', () => {
  const ids = rules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort());
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.slice(0, -3))
    .sort();
  assert.deepEqual(files, ids);
  for (const id of ids) {
    const testFile = new URL(`${id.split('.')[0]}-rules.test.ts`, testDir);
    assert.ok(
      existsSync(testFile) && readFileSync(testFile, 'utf8').includes(`describe('${id}'`),
      `tests for ${id}`,
    );
    assert.ok(doc.includes(`### \`${id}\``), `docs/cert.md entry for ${id}`);
  }
  for (const id of REQUIRED) assert.ok(ids.includes(id), `required id ${id}`);
  assert.equal(RULES_BY_AREA.cert, rules);
});

test('every rule meta is complete', () => {
  for (const r of rules) {
    assert.ok(r.meta.title && r.meta.description.length > 80, r.meta.id);
    assert.ok(r.meta.needs.length > 0 && r.meta.needs.every((n) => n.startsWith('x509.')), r.meta.id);
    assert.ok(r.meta.references.length > 0 && r.meta.fix.steps.length > 0, r.meta.id);
  }
});
