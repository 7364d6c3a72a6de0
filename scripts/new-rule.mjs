#!/usr/bin/env node
// Adds a rule: `npm run new:rule -- <area> <id> [--root <dir>]`. Writes
//   src/diagnose/rules/<area>/<id>.ts          a defineRule skeleton with every meta field
//   test/diagnose/rules/<area>/<id>.test.ts    a rule-tester skeleton whose two cases fail until filled in
// inserts the import and the entry into src/diagnose/rules/<area>/index.ts (sorted by id) and a doc
// stub into the area's doc (network, tls: docs/rules.md; cert: docs/cert.md; windows:
// docs/windows.md; capture: docs/capture.md). Refuses a malformed id or one that exists, with one
// line on stderr and exit code 2; nothing is written then.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** the same pattern src/diagnose/rule.ts checks when a rule module loads */
const RULE_ID = /^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/;

/** where each area documents its rules, and how: a `### id` section, or a row of the findings table */
const DOCS = {
  network: { file: 'docs/rules.md', section: '## Network rules', style: 'section' },
  tls: { file: 'docs/rules.md', section: '## TLS rules', style: 'section' },
  cert: { file: 'docs/cert.md', section: '## Findings', style: 'cert-section' },
  windows: { file: 'docs/windows.md', section: '## Findings', style: 'windows-row' },
  capture: { file: 'docs/capture.md', section: '## Findings', style: 'capture-row' },
};

class Refusal extends Error {}

function parseArgs(argv) {
  const rest = [];
  let root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') {
      if (!argv[i + 1]) throw new Refusal('--root needs a directory');
      root = resolve(argv[++i]);
    } else rest.push(argv[i]);
  }
  if (rest.length !== 2)
    throw new Refusal('usage: npm run new:rule -- <area> <id>  (e.g. tls tls.session-resumption)');
  return { area: rest[0], id: rest[1], root };
}

const camel = (id) => id.replace(/[.-]([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The most frequent match of `re` (group 1) over the area's rule files: its usual `needs` and `scenario`. */
function usual(ruleFiles, re, fallback) {
  const counts = new Map();
  for (const text of ruleFiles) {
    const m = re.exec(text);
    if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? fallback;
}

function ruleSource(id, { needs, scenario }) {
  return `// ${id}: TODO — what this rule concludes, from which observations.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationBase, ObservationSet } from '../../../model/observation.js';

const meta: RuleMeta = {
  id: '${id}',
  /** the finding ids this rule may emit (another source's id when it reaches the same conclusion) */
  emits: ['${id}'],
  title: 'TODO: the problem in a few words',
  scenario: '${scenario}',
  severity: 'medium',
  /** every kind listed here must be present, or the rule is not applicable */
  needs: ['${needs}'],
  /** kinds read when present (corroboration) */
  uses: [],
  references: ['TODO: RFC, Microsoft doc or error code'],
  fix: {
    steps: ['TODO: what to do, in order'],
    commands: [],
  },
  confidence: 'certain',
  description: 'TODO: one paragraph for the docs.',
};

function evaluate(set: ObservationSet): Finding[] {
  const seen = set.of<ObservationBase>('${needs}');
  // TODO: judge what was seen (select by typed fields, never by probe id strings); one finding per
  // conclusion, with the facts that show it as evidence
  return seen
    .filter(() => false)
    .map((o) => finding(meta, { summary: 'TODO', evidence: [{ from: o.from, text: 'TODO' }] }));
}

export const rule = defineRule({ meta, evaluate });
`;
}

function testSource(area, id) {
  return `// ${id}: TODO — which recorded scenarios or observations make it fire, and its neighbours that must not.
import { rule } from '../../../../src/diagnose/rules/${area}/${id}.js';
import { ruleTester } from '../../rule-tester.js';

// Each case needs observations: a recording from test/fixtures/observations/ ({ fixture: 'healthy' },
// with an \`edit\` for a derived case) or inline ones. Until they are filled in, both cases fail.
ruleTester(rule, {
  valid: [{ name: 'TODO: observations on which ${id} stays quiet', observations: [] }],
  invalid: [
    {
      name: 'TODO: observations on which ${id} fires',
      observations: [],
      // id, severity, subject (omit when none) and the sources of the evidence
      findings: [],
    },
  ],
});
`;
}

function docStub(style, id) {
  if (style === 'windows-row') return `| \`${id}\` | TODO | TODO: what it means, and the fix. |`;
  if (style === 'capture-row') return `| \`${id}\` | \`${id}\` | TODO | TODO: when. |`;
  if (style === 'cert-section')
    return [
      `### \`${id}\` — TODO: title`,
      '',
      'Severity: **TODO** · scenario: TODO · reads: `TODO`',
      '',
      'TODO: what it means, and what clients say.',
      '',
      'Fix: TODO.',
      '',
      'References: TODO',
      '',
    ].join('\n');
  return [
    `### \`${id}\` — TODO: title`,
    '',
    '- **Severity:** TODO. **Step:** TODO.',
    '- **Means:** TODO.',
    '- **Evidence:** TODO.',
    '- **Fix:** TODO.',
    '',
  ].join('\n');
}

/** Inserts the stub into its section: a `###` section before the first one with a greater id, a table row at the end of the table. */
function insertDoc(text, { section, style }, id, docFile) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === section);
  if (start < 0) throw new Refusal(`${docFile} has no '${section}' heading`);
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  if (style === 'section' || style === 'cert-section') {
    let at = end;
    for (let i = start + 1; i < end; i++) {
      const m = /^### `([^`]+)`/.exec(lines[i]);
      if (m && m[1] > id) {
        at = i;
        break;
      }
    }
    const stub = docStub(style, id).split('\n');
    if (at === end && lines[at - 1] !== '') stub.unshift('');
    lines.splice(at, 0, ...stub);
  } else {
    let last = -1;
    for (let i = start + 1; i < end; i++) if (lines[i].startsWith('|')) last = i;
    if (last < 0) throw new Refusal(`${docFile}: no findings table under '${section}'`);
    lines.splice(last + 1, 0, docStub(style, id));
  }
  return lines.join('\n');
}

/** Adds `import { rule as x } from './<id>.js';` and `  x,` in id order. */
function insertIndex(text, id, indexFile) {
  const lines = text.split('\n');
  const imports = [];
  lines.forEach((l, i) => {
    const m = /^import \{ rule as (\w+) \} from '\.\/(.+)\.js';$/.exec(l);
    if (m) imports.push({ line: i, name: m[1], id: m[2] });
  });
  const open = lines.findIndex((l) => /^export const rules: readonly Rule\[\] = \[$/.test(l));
  const close = lines.findIndex((l, i) => i > open && l === '];');
  if (imports.length === 0 || open < 0 || close < 0)
    throw new Refusal(
      `${indexFile} is not in the expected shape (imports, then \`export const rules: readonly Rule[] = [ … ];\`)`,
    );
  let name = camel(id);
  if (imports.some((x) => x.name === name)) name += 'Rule';
  const next = imports.find((x) => x.id > id);
  let entryAt = close;
  if (next) {
    const k = lines.findIndex((l, i) => i > open && i < close && l.trim() === `${next.name},`);
    if (k >= 0) entryAt = k;
  }
  lines.splice(entryAt, 0, `  ${name},`);
  const importAt = next ? next.line : imports.at(-1).line + 1;
  lines.splice(importAt, 0, `import { rule as ${name} } from './${id}.js';`);
  return lines.join('\n');
}

function main(argv) {
  const { area, id, root } = parseArgs(argv);
  const rulesDir = join(root, 'src/diagnose/rules');
  const areas = readdirSync(rulesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (!areas.includes(area)) throw new Refusal(`unknown area '${area}' (areas: ${areas.join(', ')})`);
  const doc = DOCS[area];
  if (!doc) throw new Refusal(`area '${area}' has no doc file known to new-rule (scripts/new-rule.mjs DOCS)`);
  if (!RULE_ID.test(id))
    throw new Refusal(
      `malformed rule id '${id}': <step>.<kebab-name>, lower case, e.g. tls.session-resumption`,
    );
  for (const a of areas) {
    const file = join(rulesDir, a, `${id}.ts`);
    if (existsSync(file)) throw new Refusal(`rule '${id}' exists: ${relative(root, file)}`);
    const index = join(rulesDir, a, 'index.ts');
    if (existsSync(index) && readFileSync(index, 'utf8').includes(`'./${id}.js'`))
      throw new Refusal(`rule '${id}' is already listed in ${relative(root, index)}`);
  }
  const ruleFile = join(rulesDir, area, `${id}.ts`);
  const testFile = join(root, 'test/diagnose/rules', area, `${id}.test.ts`);
  if (existsSync(testFile)) throw new Refusal(`a test for '${id}' exists: ${relative(root, testFile)}`);
  const indexFile = join(rulesDir, area, 'index.ts');
  const docFile = join(root, doc.file);

  // compute every change first, so a refusal leaves the tree as it was
  const ruleTexts = readdirSync(join(rulesDir, area))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => readFileSync(join(rulesDir, area, f), 'utf8'));
  const defaults = {
    needs: usual(ruleTexts, /needs: \['([^']+)'/, 'probe.hello'),
    scenario: usual(ruleTexts, /scenario: '([^']+)'/, 'handshake'),
  };
  const indexText = insertIndex(readFileSync(indexFile, 'utf8'), id, relative(root, indexFile));
  const docText = insertDoc(readFileSync(docFile, 'utf8'), doc, id, doc.file);

  writeFileSync(ruleFile, ruleSource(id, defaults));
  writeFileSync(testFile, testSource(area, id));
  writeFileSync(indexFile, indexText);
  writeFileSync(docFile, docText);
  for (const f of [ruleFile, testFile, indexFile, docFile]) console.log(relative(root, f));
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof Refusal)) throw e;
  console.error(`new-rule: ${e.message}`);
  process.exit(2);
}
