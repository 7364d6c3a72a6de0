#!/usr/bin/env node
// Runs `tlsdoctor cert` (the code the command uses: src/app/cert-report.ts) over public certificate
// corpora and tabulates agreement with each corpus's documented outcome (not a test; the checked-in
// sample is test/x509/corpus.test.ts). Every disagreement is printed with our findings.
//
// Usage: node scripts/cert-corpus.mjs [--limbo limbo.json] [--zlint ZLINT_DIR] [--pyca X509_DIR]
//                                     [--json out.json] [--only SUBSTRING] [--verbose]
//                                     [--sample DIR [--manifest FILE]]
//   --limbo  the compiled x509-limbo suite (C2SP/x509-limbo: limbo.json, or `limbo compile` output)
//   --zlint  a zmap/zlint checkout (reads v3/lints/**/*_test.go and v3/testdata/): the lints with a
//            tlsdoctor equivalent, and every test certificate loaded (zlint-files)
//   --pyca   a folder of pyca/cryptography X.509 vectors (vectors/cryptography_vectors/x509)
//   --sample   copy a selection of the cases (every fixed disagreement, one case per documented
//              exception, a spread of agreeing cases) into DIR and write their manifest
//              (default test/fixtures/x509-corpus/manifest.json): what test/x509/corpus.test.ts checks
// Counts per corpus: cases run, agree, disagree-explained (a documented exception), disagree (a defect).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

if (!process.env.CERT_CORPUS_TSX) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CERT_CORPUS_TSX: '1' },
    cwd: resolve(import.meta.dirname, '..'),
  });
  process.exit(r.status ?? 1);
}

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const verbose = process.argv.includes('--verbose');
const only = arg('--only');
const lib = await import(pathToFileURL(resolve(import.meta.dirname, '../test/x509/corpus-lib.ts')).href);
const results = [];
const work = mkdtempSync(join(tmpdir(), 'tlsdoctor-corpus-'));
const sampleDir = arg('--sample') ? resolve(arg('--sample')) : undefined;
const CASE_MS = 20_000;
/** zlint and pyca cases are judged at one fixed time, so expiry does not change them */
const ZLINT_TIME = new Date('2026-01-01T00:00:00Z');
const bounded = (p, what) =>
  Promise.race([
    p,
    new Promise((resolveTimeout) =>
      setTimeout(
        () => resolveTimeout({ ...what, agree: false, ours: 'hang', crash: `over ${CASE_MS} ms` }),
        CASE_MS,
      ).unref(),
    ),
  ]);

try {
  const limbo = arg('--limbo');
  if (limbo) {
    const suite = JSON.parse(readFileSync(limbo, 'utf8'));
    for (const tc of suite.testcases) {
      if (only && !tc.id.includes(only)) continue;
      results.push(
        await bounded(lib.runLimboCase(tc, join(sampleDir ?? work, 'limbo')), { corpus: 'limbo', id: tc.id }),
      );
    }
  }
  const zlint = arg('--zlint');
  if (zlint) {
    const now = ZLINT_TIME;
    for (const e of lib.zlintExpectations(zlint)) {
      if (only && !`${e.lint} ${e.file}`.includes(only)) continue;
      const r = await bounded(lib.runZlintCase(zlint, e, now), {
        corpus: 'zlint',
        id: `${e.lint} ${e.file}`,
      });
      if (r) results.push(r);
    }
    // every test certificate, whatever its lint: loaded, or refused in one line
    const data = join(zlint, 'v3', 'testdata');
    for (const f of lib.walk(data)) {
      if (only && !f.includes(only)) continue;
      results.push(
        await bounded(lib.runFileCase('zlint-files', data, f, now), { corpus: 'zlint-files', id: f }),
      );
    }
  }
  const pyca = arg('--pyca');
  if (pyca) {
    const now = ZLINT_TIME;
    for (const f of lib.walk(pyca)) {
      if (only && !f.includes(only)) continue;
      results.push(await bounded(lib.runFileCase('pyca', pyca, f, now), { corpus: 'pyca', id: f }));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const byCorpus = new Map();
for (const r of results) {
  const c = byCorpus.get(r.corpus) ?? { run: 0, agree: 0, explained: 0, disagree: 0 };
  c.run++;
  if (r.agree) c.agree++;
  else if (r.explained && !r.open) c.explained++;
  else c.disagree++;
  byCorpus.set(r.corpus, c);
  if (!r.agree && (verbose || !r.explained || r.open))
    console.log(
      `${r.explained && !r.open ? 'explained' : 'DISAGREE '} ${r.corpus} ${r.id}: expected ${r.expected}, ours ${r.ours}` +
        `${r.findings.length ? ` [${r.findings.join(', ')}]` : ''}${r.error ? ` (${r.error})` : ''}${r.crash ? ` CRASH ${r.crash}` : ''}` +
        `${r.explained ? ` — ${r.explained}` : ''}${r.open ? ' — known defect' : ''}`,
    );
}
console.log('\ncorpus  cases  agree  disagree-explained  disagree');
for (const [name, c] of byCorpus)
  console.log(
    `${name.padEnd(7)} ${String(c.run).padStart(5)}  ${String(c.agree).padStart(5)}  ${String(c.explained).padStart(18)}  ${String(c.disagree).padStart(8)}`,
  );
if (sampleDir)
  writeSample(sampleDir, resolve(arg('--manifest') ?? 'test/fixtures/x509-corpus/manifest.json'));

const out = arg('--json');
if (out) writeFileSync(out, JSON.stringify(results, null, 1));
process.exitCode = [...byCorpus.values()].some((c) => c.disagree > 0) ? 1 : 0;

function writeSample(dir, manifestFile) {
  const entries = [];
  const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');
  const keepLimbo = new Set();
  const limbo = results.filter((r) => r.corpus === 'limbo');
  for (const r of limbo) if (lib.FIXED_LIMBO.includes(r.id)) keepLimbo.add(r.id);
  const reasons = new Set();
  for (const r of limbo)
    if (!r.agree && r.explained && !reasons.has(r.explained)) {
      reasons.add(r.explained);
      keepLimbo.add(r.id);
    }
  limbo.filter((r) => r.agree).forEach((r, i) => i % 5 === 0 && keepLimbo.add(r.id));
  for (const r of limbo) {
    const rel = (f) => relative(dir, f);
    if (!keepLimbo.has(r.id)) {
      for (const f of Object.values(r.inputs?.files ?? {})) rmSync(f, { force: true });
      continue;
    }
    entries.push({
      id: `limbo:${r.id}`,
      corpus: 'limbo',
      source: { ...lib.SOURCES.limbo, path: lib.limboSourcePath(r.id) },
      files: Object.fromEntries(Object.entries(r.inputs.files).map(([k, f]) => [k, rel(f)])),
      sha256: Object.fromEntries(Object.entries(r.inputs.files).map(([k, f]) => [k, sha(f)])),
      ...(r.inputs.host ? { host: r.inputs.host } : {}),
      time: r.inputs.time,
      expected: r.expected,
      ...(r.agree ? {} : { exception: r.explained ?? 'unexplained', ours: r.ours }),
    });
  }
  const copy = (corpus, root, file) => {
    const to = join(dir, corpus, relative(root, file));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(file, to);
    return relative(dir, to);
  };
  const zlint = arg('--zlint');
  for (const r of results.filter((x) => x.corpus === 'zlint')) {
    const [lint, file] = r.id.split(' ');
    const src = join(zlint, 'v3', 'testdata', file);
    const test = lib.zlintExpectations(zlint).find((e) => e.lint === lint && e.file === file)?.test;
    entries.push({
      id: `zlint:${r.id}`,
      corpus: 'zlint',
      source: { ...lib.SOURCES.zlint, path: `v3/testdata/${file}`, ...(test ? { test } : {}) },
      files: { cert: copy('zlint', join(zlint, 'v3', 'testdata'), src) },
      sha256: { cert: sha(src) },
      time: ZLINT_TIME.toISOString(),
      lint,
      expected: r.expected,
      ...(r.agree ? {} : { exception: r.explained ?? 'unexplained', ours: r.ours }),
    });
  }
  const files = results.filter((x) => x.corpus === 'zlint-files');
  const pick = [
    ...files.filter((r) => /aiaCrit|utcNotZulu|siaNotCrit/.test(r.id)),
    ...files.filter((r) => r.error?.includes('binary garbage')).slice(0, 3),
    ...files.filter((r) => r.error?.includes('contains no certificate')).slice(0, 2),
  ];
  for (const r of pick) {
    const root = join(zlint, 'v3', 'testdata');
    entries.push({
      id: `zlint-files:${r.id}`,
      corpus: 'zlint-files',
      source: { ...lib.SOURCES.zlint, path: `v3/testdata/${r.id}` },
      files: { cert: copy('zlint', root, join(root, r.id)) },
      sha256: { cert: sha(join(root, r.id)) },
      time: ZLINT_TIME.toISOString(),
      expected: r.ours,
    });
  }
  const pyca = arg('--pyca');
  for (const r of results.filter((x) => x.corpus === 'pyca')) {
    const src = join(pyca, r.id);
    entries.push({
      id: `pyca:${r.id}`,
      corpus: 'pyca',
      source: { ...lib.SOURCES.pyca, path: `vectors/cryptography_vectors/x509/${r.id}` },
      files: { cert: copy('pyca', pyca, src) },
      sha256: { cert: sha(src) },
      time: ZLINT_TIME.toISOString(),
      expected: r.ours === 'crash' ? 'loaded or one-line error' : r.ours,
      ...(lib.PYCA_FINDINGS[r.id] ? { finding: lib.PYCA_FINDINGS[r.id] } : {}),
    });
  }
  mkdirSync(dirname(manifestFile), { recursive: true });
  writeFileSync(manifestFile, JSON.stringify({ version: 1, entries }, null, 1) + '\n');
  console.log(`sample: ${entries.length} cases in ${dir}, manifest ${manifestFile}`);
}
