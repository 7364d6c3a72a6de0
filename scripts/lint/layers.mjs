// The layers of src/ and the direction of imports (README "Contributing"): a folder may import
// only the folders listed for it (and itself). Read by the ESLint rule `layers/direction` and by
// scripts/import-graph.mjs, so the lint and the graph can never disagree.
import { dirname, relative, resolve, sep } from 'node:path';

/** folder -> the folders it may import; `.` is the files at the root of src (errors, version) */
export const ALLOWED = {
  '.': [],
  model: [],
  wire: ['.', 'model'],
  knowledge: ['.', 'model', 'wire'],
  probe: ['.', 'model', 'wire'],
  x509: ['.', 'model', 'wire'],
  capture: ['.', 'model', 'wire'],
  windows: ['.', 'model', 'wire'],
  diagnose: ['.', 'model', 'wire', 'knowledge', 'probe', 'x509', 'capture', 'windows'],
  report: ['.', 'model', 'wire', 'knowledge', 'probe', 'x509', 'capture', 'windows'],
  diff: ['.', 'model', 'wire', 'knowledge', 'probe', 'x509', 'capture', 'windows'],
  history: ['.', 'model'],
  lab: ['.', 'model', 'wire', 'x509'],
  // fleets: target lists, scheduling, summaries, the exporter's allow list and metrics
  fleet: ['.', 'model', 'wire', 'probe'],
  app: [
    '.',
    'model',
    'wire',
    'knowledge',
    'probe',
    'x509',
    'capture',
    'windows',
    'diagnose',
    'report',
    'diff',
    'history',
    'lab',
    'fleet',
  ],
  cli: [
    '.',
    'model',
    'wire',
    'knowledge',
    'probe',
    'x509',
    'capture',
    'windows',
    'diagnose',
    'report',
    'diff',
    'history',
    'lab',
    'fleet',
    'app',
  ],
  // the library API (package.json "exports"): the top layer beside cli, which nothing imports
  api: [
    '.',
    'model',
    'wire',
    'knowledge',
    'probe',
    'x509',
    'capture',
    'windows',
    'diagnose',
    'report',
    'lab',
    'app',
  ],
};

/** the layer (top folder under src/) of an absolute path, or undefined outside src/ */
export function layerOf(srcRoot, file) {
  const rel = relative(srcRoot, file);
  if (rel.startsWith('..') || rel === '') return undefined;
  const parts = rel.split(sep);
  return parts.length === 1 ? '.' : parts[0];
}

/** why an import from `file` of `specifier` breaks the direction, or undefined when it does not */
export function violation(srcRoot, file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const from = layerOf(srcRoot, file);
  const to = layerOf(srcRoot, resolve(dirname(file), specifier));
  if (from === undefined || to === undefined || from === to) return undefined;
  const allowed = ALLOWED[from];
  if (!allowed) return `src/${from}/ is not a known layer: add it to scripts/lint/layers.mjs`;
  if (allowed.includes(to)) return undefined;
  return `src/${from === '.' ? '' : from + '/'} may not import src/${to === '.' ? '' : to + '/'} (layers go down only: see scripts/lint/layers.mjs)`;
}
