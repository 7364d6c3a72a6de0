// scripts/new-rule.mjs in a temp copy of the tree (--root): the files it writes type-check, the
// rule is found by its area index in sorted position with a complete meta, its id is in a test and
// in the area's doc (what test/diagnose/rules-index.test.ts checks), the test skeleton fails until
// filled in, and an existing or malformed id is refused with one line and nothing written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { Rule } from '../../src/diagnose/rule.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AREA = 'tls';
const ID = 'tls.example-check';

function generate(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/new-rule.mjs'), '--root', root, ...args], {
    encoding: 'utf8',
  });
}

/** the environment without NODE_TEST_CONTEXT: a child of a test run otherwise reports to its parent */
function standaloneEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

describe('npm run new:rule', () => {
  let tmp: string;
  const at = (p: string) => join(tmp, p);
  let generated: ReturnType<typeof generate>;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tlsdoctor-new-rule-'));
    for (const p of [
      'src',
      'docs',
      'tsconfig.json',
      'package.json',
      'test/support',
      'test/diagnose/rule-tester.ts',
    ])
      cpSync(join(ROOT, p), at(p), { recursive: true });
    mkdirSync(at(`test/diagnose/rules/${AREA}`), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), at('node_modules'), 'dir');
    generated = generate(tmp, AREA, ID);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes the rule, its test, its index entry and its doc stub (4 files)', () => {
    assert.equal(generated.status, 0, generated.stderr);
    assert.deepEqual(generated.stdout.trim().split('\n'), [
      `src/diagnose/rules/${AREA}/${ID}.ts`,
      `test/diagnose/rules/${AREA}/${ID}.test.ts`,
      `src/diagnose/rules/${AREA}/index.ts`,
      'docs/rules.md',
    ]);
  });

  it('the files it writes type-check', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      at('tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) =>
          assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      },
    )!;
    const files = [
      `src/diagnose/rules/${AREA}/${ID}.ts`,
      `src/diagnose/rules/${AREA}/index.ts`,
      `test/diagnose/rules/${AREA}/${ID}.test.ts`,
    ];
    const program = ts.createProgram(files.map(at), { ...config.options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    assert.deepEqual(problems, []);
  });

  it('the area index lists the new rule, sorted by id, and its meta is complete', async () => {
    const { rules } = (await import(pathToFileURL(at(`src/diagnose/rules/${AREA}/index.ts`)).href)) as {
      rules: readonly Rule[];
    };
    const ids = rules.map((r) => r.meta.id);
    assert.ok(ids.includes(ID));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const files = readdirSync(at(`src/diagnose/rules/${AREA}`)).filter(
      (f) => f.endsWith('.ts') && f !== 'index.ts',
    );
    assert.deepEqual(
      files.map((f) => f.replace(/\.ts$/, '')).sort(),
      [...ids].sort(),
      'one rule per file, all listed',
    );
    const { meta } = rules.find((r) => r.meta.id === ID)!;
    assert.ok(Object.isFrozen(rules.find((r) => r.meta.id === ID)), 'made with defineRule');
    for (const field of [
      'id',
      'emits',
      'title',
      'scenario',
      'severity',
      'needs',
      'uses',
      'references',
      'fix',
      'confidence',
      'description',
    ])
      assert.ok(field in meta, `meta.${field}`);
    assert.ok(meta.needs.length > 0 && meta.fix.steps.length > 0 && meta.references.length > 0);
    assert.ok(
      readFileSync(at(`test/diagnose/rules/${AREA}/${ID}.test.ts`), 'utf8').includes(ID),
      'mentioned in its test',
    );
    assert.ok(readFileSync(at('docs/rules.md'), 'utf8').includes(`### \`${ID}\``), 'documented');
  });

  it('its test skeleton fails loudly until the cases are filled in', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', at(`test/diagnose/rules/${AREA}/${ID}.test.ts`)],
      { encoding: 'utf8', cwd: tmp, env: standaloneEnv() },
    );
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stdout, /the case has no observations/);
    assert.match(r.stdout, /an invalid case expects at least one finding/);
  });

  it('refuses an existing id or a malformed one with one line, and writes nothing', () => {
    const index = readFileSync(at(`src/diagnose/rules/${AREA}/index.ts`), 'utf8');
    const doc = readFileSync(at('docs/rules.md'), 'utf8');
    for (const [args, why] of [
      [[AREA, ID], /exists/],
      [['network', 'sni.required'], /exists/],
      [[AREA, 'Tls.Bad_Id'], /malformed rule id/],
      [[AREA, 'nodot'], /malformed rule id/],
      [['nope', 'nope.rule'], /unknown area/],
    ] as const) {
      const r = generate(tmp, ...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, why);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.equal(readFileSync(at(`src/diagnose/rules/${AREA}/index.ts`), 'utf8'), index);
    assert.equal(readFileSync(at('docs/rules.md'), 'utf8'), doc);
  });
});
