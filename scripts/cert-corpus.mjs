#!/usr/bin/env node
// Runs `tlsdoctor cert` (the code the command uses: src/app/cert-report.ts) over public certificate
// corpora and tabulates agreement with each corpus's documented outcome (not a test; the checked-in
// sample is test/x509/corpus.test.ts). Every disagreement is printed with our findings.
//
// Usage: node scripts/cert-corpus.mjs [--limbo limbo.json] [--zlint ZLINT_DIR] [--pyca X509_DIR]
//                                     [--json out.json] [--only SUBSTRING] [--verbose]
//   --limbo  the compiled x509-limbo suite (C2SP/x509-limbo: limbo.json, or `limbo compile` output)
//   --zlint  a zmap/zlint checkout (reads v3/lints/**/*_test.go and v3/testdata/): the lints with a
//            tlsdoctor equivalent, and every test certificate loaded (zlint-files)
//   --pyca   a folder of pyca/cryptography X.509 vectors (vectors/cryptography_vectors/x509)
// Counts per corpus: cases run, agree, disagree-explained (a documented exception), disagree (a defect).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
const CASE_MS = 20_000;
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
      results.push(await bounded(lib.runLimboCase(tc, join(work, 'limbo')), { corpus: 'limbo', id: tc.id }));
    }
  }
  const zlint = arg('--zlint');
  if (zlint) {
    const now = new Date('2026-01-01T00:00:00Z');
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
    const now = new Date('2026-01-01T00:00:00Z');
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
const out = arg('--json');
if (out) writeFileSync(out, JSON.stringify(results, null, 1));
process.exitCode = [...byCorpus.values()].some((c) => c.disagree > 0) ? 1 : 0;
