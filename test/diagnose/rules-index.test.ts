// The rule-coverage meta-test DESIGN convention 1 asks for: "a test fails when a rule lacks its
// index entry, test or doc". For EVERY area under src/diagnose/rules/:
//   - every rule file (a top-level .ts exporting `meta` and `evaluate` or `rule`; index.ts and helper
//     files/folders such as capture/shared/ are not rules) is in its area's index (RULES_BY_AREA),
//     and the index holds nothing else;
//   - each index is sorted by id; rule meta ids are unique across all areas;
//   - every meta is complete (title, description, references, fix steps, needs, a known scenario
//     and severity), and its file is named after its id;
//   - every id is mentioned in a test under test/diagnose/rules/<area>/ (or test/<area>/) and in a
//     doc under docs/ (network and tls: docs/rules.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES, RULES_BY_AREA } from '../../src/diagnose/rules/index.js';
import { SCENARIO_ORDER, type Rule, type RuleMeta } from '../../src/diagnose/rule.js';
import { SEVERITY_ORDER } from '../../src/model/finding.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULES_DIR = join(ROOT, 'src/diagnose/rules');
const DOCS_DIR = join(ROOT, 'docs');

interface RuleFile {
  area: string;
  file: string;
  meta: RuleMeta;
  rule: Rule | undefined;
}

const areas = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

async function loadArea(area: string): Promise<{ rules: RuleFile[]; helpers: string[] }> {
  const dir = join(RULES_DIR, area);
  const rules: RuleFile[] = [];
  const helpers: string[] = [];
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    if (!f.isFile() || !f.name.endsWith('.ts') || f.name === 'index.ts' || f.name.endsWith('.d.ts')) continue;
    const mod = (await import(pathToFileURL(join(dir, f.name)).href)) as { rule?: Rule };
    if (mod.rule?.meta && typeof mod.rule.evaluate === 'function')
      rules.push({ area, file: f.name, meta: mod.rule.meta, rule: mod.rule });
    else helpers.push(f.name);
  }
  return { rules: rules.sort((a, b) => (a.file < b.file ? -1 : 1)), helpers };
}

function filesUnder(dir: string, ext: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, ext, out);
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('rule index, tests and docs cover every rule', () => {
  it('every folder under src/diagnose/rules/ is an area of RULES_BY_AREA, and the reverse', () => {
    assert.deepEqual(Object.keys(RULES_BY_AREA).sort(), areas);
    assert.equal(
      RULES.length,
      Object.values(RULES_BY_AREA).reduce((n, l) => n + l.length, 0),
    );
  });

  for (const area of areas) {
    describe(`area ${area}`, () => {
      it('every rule file is in the index, and the index lists only rule files of this area', async () => {
        const { rules } = await loadArea(area);
        assert.ok(rules.length > 0, `no rule files in ${area}`);
        const index = RULES_BY_AREA[area] ?? [];
        const missing = rules.filter((r) => !index.includes(r.rule!)).map((r) => `${r.file} (${r.meta.id})`);
        assert.deepEqual(missing, [], `rule files missing from src/diagnose/rules/${area}/index.ts`);
        const foreign = index.filter((x) => !rules.some((r) => r.rule === x)).map((x) => x.meta.id);
        assert.deepEqual(foreign, [], `index entries with no rule file in src/diagnose/rules/${area}/`);
        assert.equal(new Set(index).size, index.length, 'a rule listed twice');
      });

      it('the index is sorted by id', () => {
        const ids = (RULES_BY_AREA[area] ?? []).map((r) => r.meta.id);
        assert.deepEqual(ids, [...ids].sort(byCodeUnit));
      });

      it('each file is named after its id (<id>.ts) and exports one rule made by defineRule; helpers live in shared/', async () => {
        const { rules, helpers } = await loadArea(area);
        assert.deepEqual(
          helpers,
          [],
          `non-rule files at the top of src/diagnose/rules/${area}/ (move them to shared/)`,
        );
        const bad = rules
          .filter((r) => basename(r.file, '.ts') !== r.meta.id)
          .map((r) => `${r.file}: ${r.meta.id}`);
        assert.deepEqual(bad, []);
        for (const r of rules) assert.ok(Object.isFrozen(r.rule), `${r.meta.id}: made with defineRule`);
      });

      it('every kind a rule file reads by name is one its meta needs or uses (the engine refuses the others at run time)', async () => {
        const { rules } = await loadArea(area);
        const problems: string[] = [];
        for (const r of rules) {
          const text = readFileSync(join(RULES_DIR, area, r.file), 'utf8');
          const declared = new Set([...r.meta.needs, ...(r.meta.uses ?? [])]);
          for (const m of text.matchAll(/\.(?:of<[^>]*>|of|has)\(\s*'([a-z0-9.-]+)'/g))
            if (!declared.has(m[1]!)) problems.push(`${r.meta.id} reads '${m[1]}'`);
        }
        assert.deepEqual(problems, []);
      });

      it('every meta is complete: title, description, references, fix steps, needs, known scenario and severity', () => {
        const problems: string[] = [];
        for (const { meta: m } of RULES_BY_AREA[area] ?? []) {
          const p = (what: string) => problems.push(`${m.id}: ${what}`);
          if (!/^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/.test(m.id))
            p(`id '${m.id}' is not <area-or-step>.<kebab-name>`);
          if (!m.title?.trim()) p('empty title');
          if (!m.description?.trim()) p('empty description');
          if (
            !Array.isArray(m.references) ||
            m.references.length === 0 ||
            m.references.some((r) => !r.trim())
          )
            p('no references');
          if (!m.fix || m.fix.steps.length === 0 || m.fix.steps.some((s) => !s.trim())) p('no fix steps');
          if (m.fix?.commands?.some((c) => !c.platform.trim() || !c.command.trim())) p('empty fix command');
          if (!Array.isArray(m.needs) || m.needs.length === 0) p('needs no observation kind');
          if (!SCENARIO_ORDER.includes(m.scenario)) p(`unknown scenario ${m.scenario}`);
          if (!SEVERITY_ORDER.includes(m.severity)) p(`unknown severity ${m.severity}`);
        }
        assert.deepEqual(problems, []);
      });

      it(`every rule is tested under test/diagnose/rules/${area}/ or test/${area}/ (its id mentioned or its module imported)`, async () => {
        const { rules } = await loadArea(area);
        const texts = [
          ...filesUnder(join(ROOT, 'test/diagnose/rules', area), '.ts'),
          ...filesUnder(join(ROOT, 'test', area), '.ts'),
        ].map((f) => readFileSync(f, 'utf8'));
        const untested = rules
          .filter(
            (r) =>
              !texts.some(
                (t) => t.includes(r.meta.id) || t.includes(`rules/${area}/${basename(r.file, '.ts')}.js`),
              ),
          )
          .map((r) => `${r.meta.id} (${r.file})`);
        assert.deepEqual(untested, [], `rules of ${area} no test mentions or imports`);
      });

      it('every rule id is documented under docs/', () => {
        const docs = filesUnder(DOCS_DIR, '.md');
        const wanted =
          area === 'network' || area === 'tls' ? docs.filter((d) => basename(d) === 'rules.md') : docs;
        const texts = wanted.map((f) => readFileSync(f, 'utf8'));
        const undocumented = (RULES_BY_AREA[area] ?? [])
          .map((r) => r.meta.id)
          .filter((id) => !texts.some((t) => t.includes(id)));
        assert.deepEqual(
          undocumented,
          [],
          `rules of ${area} no doc under docs/ mentions${area === 'network' || area === 'tls' ? ' (docs/rules.md)' : ''}`,
        );
      });
    });
  }

  it('rule meta ids are unique across all areas, capture included (capture rules may emit live finding ids, but their own ids are capture.*)', () => {
    const ids = RULES.map((r) => r.meta.id);
    const dups = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].sort();
    assert.deepEqual(dups, []);
  });

  it('the docs index (docs/rules.md) points to the docs of the other areas', () => {
    const text = readFileSync(join(DOCS_DIR, 'rules.md'), 'utf8');
    for (const doc of ['cert.md', 'windows.md', 'capture.md'])
      assert.ok(text.includes(`(${doc})`) || text.includes(`(./${doc})`), `docs/rules.md links ${doc}`);
  });
});
