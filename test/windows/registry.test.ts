// The Windows parser registry (DESIGN convention 17): adding a parser touches its module, its
// fixtures and one line of src/windows/parsers/index.ts — and these tests say when one is missing.
// Detection must not depend on the order of the list, every parser has golden pairs, every
// fixture folder names a parser, and the places that list tools (collect, CLI help, the tables in
// docs/windows.md) are derived from the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Command } from 'commander';
import * as registered from '../../src/windows/parsers/index.js';
import {
  WINDOWS_PARSERS,
  defineParser,
  detectWith,
  parseWindowsInput,
  parserForKind,
  type WindowsParser,
} from '../../src/windows/index.js';
import { collectPlan } from '../../src/windows/collect.js';
import { isCopyStep, matchesFileGlob, type CollectStep } from '../../src/windows/define-parser.js';
import { linesOf } from '../../src/windows/text.js';
import { defineWindows } from '../../src/cli/commands/windows.js';
import type { CommandContext } from '../../src/cli/context.js';
import { TlsDoctorError } from '../../src/errors.js';

const PARSERS_DIR = 'src/windows/parsers';
const FIX = 'test/fixtures/windows';
/** fixture folders that are not one parser's golden pairs */
const NOT_PARSER_DIRS = new Set(['malformed', 'bundles', 'collect']);

const camel = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

test('parsers/index.ts: one sorted line per parser module, each exporting its definition', () => {
  const src = readFileSync(join(PARSERS_DIR, 'index.ts'), 'utf8');
  const lines = src.split('\n').filter((l) => l.startsWith('export'));
  const files = lines.map((l) => {
    const m = /^export \{ parser as (\w+) \} from '\.\/([a-z0-9-]+)\.js';$/.exec(l);
    assert.ok(m, `index line has the one shape: ${l}`);
    assert.equal(m[1], camel(m[2]!), `export name is the file name in camelCase: ${l}`);
    return m[2]!;
  });
  assert.deepEqual(files, [...files].sort(), 'sorted by file name');
  assert.equal(new Set(files).size, files.length, 'no duplicates');
  const modules = readdirSync(PARSERS_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(files, modules, 'every module in parsers/ is registered, and nothing else');
  assert.deepEqual(
    WINDOWS_PARSERS.map((p) => p.id),
    files,
    'a parser id is its file name',
  );
  assert.equal(Object.keys(registered).length, WINDOWS_PARSERS.length);
});

test('each parser module exports exactly one definition', async () => {
  for (const p of WINDOWS_PARSERS) {
    const mod = (await import(`../../src/windows/parsers/${p.id}.js`)) as Record<string, unknown>;
    const defs = Object.entries(mod).filter(
      ([, v]) =>
        v !== null &&
        typeof v === 'object' &&
        typeof (v as { detect?: unknown }).detect === 'function' &&
        typeof (v as { parse?: unknown }).parse === 'function',
    );
    assert.deepEqual(
      defs.map(([k]) => k),
      ['parser'],
      p.id,
    );
    assert.equal(defs[0]![1], p);
  }
});

test('declarations are complete and kinds belong to one parser each', () => {
  const kinds = new Map<string, string>();
  for (const p of WINDOWS_PARSERS) {
    assert.ok(p.title.trim() !== '', `${p.id}: title`);
    assert.ok(p.detectedBy.trim() !== '', `${p.id}: detectedBy`);
    assert.ok(p.kinds.length >= 1, `${p.id}: kinds`);
    assert.ok(p.files.length >= 1, `${p.id}: bundle file names`);
    for (const k of p.kinds) {
      assert.ok(!kinds.has(k), `kind ${k} of ${p.id} is also read by ${kinds.get(k)}`);
      assert.ok(!['manifest', 'empty', 'unknown'].includes(k), `${k} is reserved`);
      kinds.set(k, p.id);
      assert.equal(parserForKind(k), p);
    }
  }
});

interface Fixture {
  dir: string;
  file: string;
  path: string;
  forcedKind?: string;
}

function goldenFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of readdirSync(FIX, { withFileTypes: true })) {
    if (!dir.isDirectory() || NOT_PARSER_DIRS.has(dir.name)) continue;
    for (const f of readdirSync(join(FIX, dir.name)).sort()) {
      if (f.endsWith('.json') || f.endsWith('.source.md') || f === 'README.md') continue;
      const base = f.replace(/\.[^.]+$/, '');
      const optsPath = join(FIX, dir.name, `${base}.opts.json`);
      const opts = existsSync(optsPath)
        ? (JSON.parse(readFileSync(optsPath, 'utf8')) as { kind?: string })
        : {};
      out.push({
        dir: dir.name,
        file: f,
        path: join(FIX, dir.name, f),
        ...(opts.kind ? { forcedKind: opts.kind } : {}),
      });
    }
  }
  return out;
}

function allFixtureFiles(dir = FIX, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) allFixtureFiles(p, out);
    else if (!p.endsWith('README.md')) out.push(p);
  }
  return out;
}

test('every registered parser has at least one golden pair; every fixture folder names a parser', () => {
  const fixtures = goldenFixtures();
  const ids = new Set(WINDOWS_PARSERS.map((p) => p.id));
  for (const dir of readdirSync(FIX, { withFileTypes: true })) {
    if (!dir.isDirectory() || NOT_PARSER_DIRS.has(dir.name)) continue;
    assert.ok(ids.has(dir.name), `test/fixtures/windows/${dir.name}/ names no registered parser`);
  }
  for (const p of WINDOWS_PARSERS) {
    const mine = fixtures.filter((f) => f.dir === p.id);
    const pairs = mine.filter((f) => existsSync(f.path.replace(/\.[^.]+$/, '.json')));
    assert.ok(pairs.length >= 1, `${p.id}: no golden pair in test/fixtures/windows/${p.id}/`);
    assert.equal(pairs.length, mine.length, `${p.id}: every input has its .json`);
  }
  for (const f of fixtures) {
    const p = WINDOWS_PARSERS.find((x) => x.id === f.dir)!;
    if (f.forcedKind) {
      assert.ok((p.kinds as readonly string[]).includes(f.forcedKind), `${f.path}: forced kind`);
      continue;
    }
    const d = detectWith(WINDOWS_PARSERS, linesOf(readFileSync(f.path), f.path).text);
    // an empty output is a valid sample of a tool ('netsh http show sslcert' with no bindings)
    if (d.kind === 'empty') continue;
    assert.ok(d.parser === p, `${f.path} is detected as ${d.kind}, not as ${p.id}`);
  }
});

function detectAll(parsers: readonly WindowsParser[]): string[] {
  return allFixtureFiles().map((f) => {
    try {
      return detectWith(parsers, linesOf(readFileSync(f), f).text).kind;
    } catch (e) {
      return `error ${(e as TlsDoctorError).code}`;
    }
  });
}

test('reordering the registry does not change any detection over all fixtures', () => {
  const files = allFixtureFiles();
  assert.ok(files.length >= 100, `${files.length} fixture files`);
  const want = detectAll(WINDOWS_PARSERS);
  assert.deepEqual(detectAll([...WINDOWS_PARSERS].reverse()), want, 'reversed');
  fc.assert(
    fc.property(fc.shuffledSubarray([...WINDOWS_PARSERS], { minLength: WINDOWS_PARSERS.length }), (order) => {
      assert.deepEqual(detectAll(order), want);
    }),
    { numRuns: 20, seed: 17 },
  );
});

test('equal scores: the tie-break is by kind, not by list position', () => {
  const make = (kind: string, score: number): WindowsParser =>
    defineParser({
      id: kind,
      title: kind,
      kinds: [kind],
      files: ['*'],
      collect: [],
      detectedBy: 'anything',
      detect: () => score,
      raw: () => ({ notes: [] }),
      observe: () => [],
    });
  const a = make('zz-one', 50);
  const b = make('aa-two', 50);
  assert.equal(detectWith([a, b], 'x').kind, 'aa-two');
  assert.equal(detectWith([b, a], 'x').kind, 'aa-two');
  // and a higher score wins wherever it stands
  const c = make('mm', 51);
  assert.equal(detectWith([a, b, c], 'x').kind, 'mm');
  assert.equal(detectWith([c, b, a], 'x').kind, 'mm');
  assert.equal(detectWith([make('none', 0)], 'x').kind, 'unknown');
});

test('every kind of every parser: random bytes give a value or a typed error', () => {
  const kinds = WINDOWS_PARSERS.flatMap((p) => [...p.kinds]);
  fc.assert(
    fc.property(fc.constantFrom(...kinds), fc.uint8Array({ maxLength: 2000 }), (kind, bytes) => {
      try {
        parseWindowsInput(Buffer.from(bytes), 'random', { kind: kind as never });
      } catch (e) {
        assert.ok(e instanceof TlsDoctorError, `${kind}: ${String(e)}`);
      }
    }),
    { numRuns: 300, seed: 17 },
  );
});

const stepFiles = (steps: readonly CollectStep[]): string[] => steps.map((s) => s.file);

test('collect runs what the parsers declare, and writes files their own parser claims', () => {
  const plan = collectPlan();
  assert.deepEqual(
    plan.map((x) => x.step.file).sort(),
    WINDOWS_PARSERS.flatMap((p) => stepFiles(p.collect)).sort(),
  );
  assert.equal(new Set(plan.map((x) => x.step.file)).size, plan.length, 'one file per step');
  assert.ok(plan[0]!.parser.readsOs, 'the Windows version is collected first');
  for (const { parser, step } of plan)
    assert.ok(
      parser.files.some((g) => matchesFileGlob(step.file, g)),
      `${step.file} matches a file name ${parser.id} declares`,
    );
  assert.ok(plan.some((x) => isCopyStep(x.step)));
});

test('every file of the bundle fixtures is read by a parser that declares its name', () => {
  for (const b of readdirSync(join(FIX, 'bundles'))) {
    for (const f of readdirSync(join(FIX, 'bundles', b))) {
      const path = join(FIX, 'bundles', b, f);
      const d = detectWith(WINDOWS_PARSERS, linesOf(readFileSync(path), path).text);
      // the manifest is tlsdoctor's own; an empty output (no events) says nothing about its tool
      if (d.kind === 'manifest' || d.kind === 'empty') continue;
      assert.ok(d.parser, `${path}: ${d.kind}`);
      assert.ok(
        d.parser.files.some((g) => matchesFileGlob(f, g)),
        `${path} is read by ${d.parser.id}, whose file names do not include it`,
      );
    }
  }
});

test('the windows CLI help names every parser and every collected command', () => {
  const ctx: CommandContext = {
    io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {} },
    color: () => false,
    setExit: () => undefined,
  };
  const cmd: Command = defineWindows(ctx);
  const analyze = cmd.commands.find((c) => c.name() === 'analyze')!.description();
  const collect = cmd.commands.find((c) => c.name() === 'collect')!.description();
  for (const p of WINDOWS_PARSERS) {
    assert.ok(analyze.includes(p.title.replace(/`/g, '')), `analyze help names ${p.id}`);
    for (const s of p.collect)
      assert.ok(
        collect.includes(isCopyStep(s) ? s.file : s.cmd.replace(/\.exe$/i, '')),
        `collect help names ${s.file}`,
      );
  }
});

// docs/windows.md: the two tables are generated from the registry between markers. A parser
// without a row yet is reported, not failed (adding a parser touches its own files only); a row
// that no longer matches its parser fails. `UPDATE_DOCS=1` rewrites the tables.
const DOCS = 'docs/windows.md';
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const showCmd = (cmd: string, args: readonly string[]): string =>
  [cmd, ...args.map((a) => (/\s|\*/.test(a) ? `"${a}"` : a))].join(' ');

function collectRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const { parser, step } of collectPlan()) {
    const how = isCopyStep(step)
      ? `copy of \`${step.source({ windir: '%windir%' })}\``
      : `\`${showCmd(step.cmd, step.args)}\`${step.fallback ? ` (if that fails: \`${showCmd(step.cmd, step.fallback.args)}\`)` : ''}`;
    const why = isCopyStep(step) && step.transform ? `${step.what} (${step.transform.says})` : step.what;
    rows.set(`${parser.id}/${step.file}`, `| \`${step.file}\` | ${cell(how)} | ${cell(why)} |`);
  }
  return rows;
}

function analyzeRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const p of WINDOWS_PARSERS)
    rows.set(
      p.id,
      `| ${cell(p.title)} | ${cell(p.detectedBy)} | ${cell(p.details ?? '')} | ${p.files.map((f) => `\`${f}\``).join(', ')} |`,
    );
  return rows;
}

const TABLES = [
  {
    name: 'collect',
    head: ['| File | Command | Why |', '|---|---|---|'],
    rows: collectRows,
  },
  {
    name: 'analyze',
    head: ['| Kind | Detected by | Notes | Usual file names |', '|---|---|---|---|'],
    rows: analyzeRows,
  },
] as const;

test('docs/windows.md: the tool tables are the registry', (t) => {
  let doc = readFileSync(DOCS, 'utf8');
  for (const table of TABLES) {
    const begin = `<!-- generated from the parser registry: ${table.name} (test/windows/registry.test.ts, UPDATE_DOCS=1) -->`;
    const end = `<!-- end of generated ${table.name} table -->`;
    const i = doc.indexOf(begin);
    const j = doc.indexOf(end);
    assert.ok(i >= 0 && j > i, `${DOCS} has the ${table.name} markers`);
    const want = table.rows();
    if (process.env.UPDATE_DOCS === '1') {
      doc = `${doc.slice(0, i + begin.length)}\n${[...table.head, ...want.values()].join('\n')}\n${doc.slice(j)}`;
      continue;
    }
    const have = doc
      .slice(i + begin.length, j)
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .slice(table.head.length);
    const wanted = [...want.values()];
    for (const row of have) assert.ok(wanted.includes(row), `${DOCS} ${table.name}: stale row ${row}`);
    const missing = [...want].filter(([, row]) => !have.includes(row)).map(([k]) => k);
    if (missing.length > 0)
      t.diagnostic(`${DOCS} ${table.name} table lacks ${missing.join(', ')}: run with UPDATE_DOCS=1`);
    // the order of the rows is the registry's
    assert.deepEqual(
      have,
      wanted.filter((r) => have.includes(r)),
      `${DOCS} ${table.name}: rows in registry order`,
    );
  }
  if (process.env.UPDATE_DOCS === '1') writeFileSync(DOCS, doc);
});
