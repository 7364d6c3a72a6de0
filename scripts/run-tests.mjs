#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner (tsx transpiles TypeScript).
// Usage: node scripts/run-tests.mjs [--zoo] [substring-filter...]
// --zoo runs the zoo tier instead (test/**/*.zoo.ts: real Debian server implementations, minutes
// long, not part of the default run; `npm run test:zoo`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const zoo = args.includes('--zoo');
const suffix = zoo ? '.zoo.ts' : '.test.ts';

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures') walk(p, out);
    } else if (e.name.endsWith(suffix)) out.push(p);
  }
  return out;
}
const filters = args.filter((a) => a !== '--zoo');
const files = walk('test')
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(2);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${zoo ? 300000 : 120000}`, ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
