#!/usr/bin/env node
// Prints the folder-level import graph of src/ (static and type imports, dynamic import()s) and
// marks every edge the layer table (scripts/lint/layers.mjs) forbids. Exit 1 when there is one.
// Usage: node scripts/import-graph.mjs [--dot]
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOWED, layerOf, violation } from './lint/layers.mjs';

const srcRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const files = [];
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.ts')) files.push(p);
  }
})(srcRoot);

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const edges = new Map();
const bad = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const from = layerOf(srcRoot, f);
    const to = layerOf(srcRoot, resolve(dirname(f), spec));
    if (from === to || to === undefined) continue;
    const key = `${from} -> ${to}`;
    edges.set(key, (edges.get(key) ?? 0) + 1);
    const why = violation(srcRoot, f, spec);
    if (why) bad.push(`${f.slice(srcRoot.length + 1)}: ${spec}: ${why}`);
  }
}
const order = Object.keys(ALLOWED);
const sorted = [...edges].sort(([a], [b]) => {
  const [af, at] = a.split(' -> ');
  const [bf, bt] = b.split(' -> ');
  return order.indexOf(bf) - order.indexOf(af) || order.indexOf(bt) - order.indexOf(at);
});
if (process.argv.includes('--dot')) {
  console.log('digraph layers {\n  rankdir=TB;');
  for (const [k, n] of sorted) {
    const [a, b] = k.split(' -> ');
    console.log(`  "${a}" -> "${b}" [label=${n}];`);
  }
  console.log('}');
} else {
  for (const [k, n] of sorted) console.log(`${k.padEnd(24)} ${String(n).padStart(4)} import(s)`);
  console.log(bad.length === 0 ? '\nno upward edge' : `\n${bad.length} upward import(s):\n${bad.join('\n')}`);
}
process.exit(bad.length === 0 ? 0 : 1);
