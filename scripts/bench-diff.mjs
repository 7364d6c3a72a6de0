#!/usr/bin/env node
// Benchmark (not a test) of `tlsdoctor diff` and `tlsdoctor history`, as a user runs them: the CLI
// as a child process (wall time including Node start-up), medians of N runs.
//
//   reports:  `diff a.json b.json` of two saved diagnose reports of the lab's twins
//   bundles:  `diff` of the two Windows twin bundles in test/fixtures/diff/windows
//   live:     `diff` of the two twins live (two diagnoses, then the comparison)
//   history:  a target with the most runs the history keeps (200); `history TARGET` and
//             `diff TARGET@last-ok TARGET@last`
//
// Usage: npm run build && node scripts/bench-diff.mjs [--runs N]
// Loopback only: the lab listens on 127.0.0.1.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'tlsdoctor.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// asynchronous: the lab runs in this process and must keep answering while the CLI runs
function cli(args, env = {}) {
  const t0 = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) =>
        done({ ms: performance.now() - t0, code: err ? (err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function measure(label, args, env, expectCode) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await cli(args, env);
    if (r.code !== expectCode)
      throw new Error(`${label}: exit ${r.code}, expected ${expectCode}: ${r.stderr}`);
    times.push(r.ms);
  }
  console.log(`${label.padEnd(48)} median ${median(times).toFixed(0).padStart(6)} ms  (${RUNS} runs)`);
}

const { startLab } = await import(pathToFileURL(join(root, 'dist', 'lab', 'index.js')).href);
const work = mkdtempSync(join(tmpdir(), 'tlsdoctor-bench-diff-'));
const lab = await startLab({ only: ['twin-working', 'twin-broken'], holdMs: 5_000 });
try {
  const live = (id) => {
    const s = lab.get(id);
    return [`https://${s.serverName}:${s.port}/`, '--ip', s.host, '--http-port', '0', '--ca', lab.caFile];
  };
  const saved = {};
  for (const id of ['twin-working', 'twin-broken']) {
    const r = await cli(['diagnose', ...live(id), '--json', '--no-history']);
    saved[id] = join(work, `${id}.json`);
    writeFileSync(saved[id], r.stdout);
  }
  console.log(`tlsdoctor diff / history — ${RUNS} runs each, CLI as a child process\n`);
  await measure('baseline: tlsdoctor --version (start-up)', ['--version'], {}, 0);
  await measure(
    'diff of two saved diagnose reports',
    ['diff', saved['twin-working'], saved['twin-broken'], '--json'],
    {},
    1,
  );
  const bundles = join(root, 'test', 'fixtures', 'diff', 'windows');
  await measure(
    'diff of two Windows bundles',
    ['diff', join(bundles, 'working'), join(bundles, 'broken'), '--json'],
    {},
    1,
  );
  const s = lab.get('twin-broken');
  const w = lab.get('twin-working');
  await measure(
    'diff of the twins live (two diagnoses)',
    [
      'diff',
      `https://${w.serverName}:${w.port}/`,
      `https://${s.serverName}:${s.port}/`,
      '--ip',
      '127.0.0.1',
      '--http-port',
      '0',
      '--ca',
      lab.caFile,
      '--json',
    ],
    {},
    1,
  );

  // a target with 200 runs (the most the history keeps): the working report, then the broken one last
  const dir = join(work, 'history');
  const target = 'shop.example.test:443';
  const folder = join(dir, 'shop.example.test_443');
  mkdirSync(folder, { recursive: true });
  const base = Date.parse('2026-01-01T00:00:00Z');
  const ok = JSON.parse(readFileSync(saved['twin-working'], 'utf8'));
  const bad = JSON.parse(readFileSync(saved['twin-broken'], 'utf8'));
  for (let i = 0; i < 200; i++) {
    const at = new Date(base + i * 3_600_000);
    const r = { ...(i === 199 ? bad : ok), target, startedAt: at.toISOString() };
    const name = `${at.toISOString().replace(/[-:]/g, '').replace('.', '')}-diagnose.json`;
    writeFileSync(join(folder, name), JSON.stringify(r));
  }
  const env = { TLSDOCTOR_HISTORY_DIR: dir };
  await measure('history of a target with 200 runs', ['history', target, '--json'], env, 0);
  await measure(
    'diff TARGET@last-ok TARGET@last (200 runs)',
    ['diff', `${target}@last-ok`, `${target}@last`, '--json'],
    env,
    1,
  );
} finally {
  await lab.stop();
  rmSync(work, { recursive: true, force: true });
}
