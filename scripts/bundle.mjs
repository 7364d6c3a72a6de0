#!/usr/bin/env node
// Builds what the package ships, straight from the TypeScript sources:
//   dist/tlsdoctor.cjs  the program: the CLI (main) and the library API, every runtime dependency
//                       bundled, as one CommonJS script. A command's modules are initialised when it
//                       runs (esbuild keeps each dynamic import() a lazy module), so no command pays
//                       for another's X.509, capture, Windows or lab code.
//   dist/launch.cjs     the launcher bin/tlsdoctor.js calls (src/cli/launch.ts): `--version` at once,
//                       otherwise the program compiled with the command's V8 code cache — Node 20
//                       caches compiled code only for scripts compiled through node:vm, not for ES
//                       modules (docs/benchmarks.md, start-up). bin/ and the launcher are CommonJS
//                       (bin/package.json): Node's ES module loader alone costs ~20 ms to start.
//   dist/api.mjs        the library API as an ES module (package.json "exports"): the API's names
//                       re-exported from the program.
// The package has no runtime dependencies to install.
// No source maps are shipped; `npm run build -- --sourcemap` writes them for debugging.
// Identifiers are minified (a smaller script to read and compile at every start).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const sourcemap = process.argv.includes('--sourcemap');
// `--keep-names`: identifiers and lines as written, for CPU profiles (node --cpu-prof bin/tlsdoctor.js …)
const keepNames = process.argv.includes('--keep-names');
rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: sourcemap ? 'linked' : false,
  legalComments: 'none',
  minifyWhitespace: !keepNames,
  minifySyntax: true,
  minifyIdentifiers: !keepNames,
  logLevel: 'warning',
};

// the CLI's names, beside the API's
const CLI_EXPORTS = ['main', 'processIO', 'clearProgress'];

await build({
  ...common,
  stdin: {
    contents: [
      "export * from './src/api/index.ts';",
      `export { ${CLI_EXPORTS.join(', ')} } from './src/cli/index.ts';`,
    ].join('\n'),
    resolveDir: resolve('.'),
    sourcefile: 'program.ts',
    loader: 'ts',
  },
  outfile: 'dist/tlsdoctor.cjs',
  format: 'cjs',
  // src/version.ts finds package.json from its own file
  define: { 'import.meta.url': '__tlsdoctorUrl' },
  banner: { js: "const __tlsdoctorUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  entryPoints: ['src/cli/launch.ts'],
  outfile: 'dist/launch.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__tlsdoctorUrl' },
  banner: { js: "const __tlsdoctorUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The program as ASCII (esbuild leaves non-ASCII characters in regular expression literals): the
// launcher reads it as Latin-1, a one-byte string V8 takes without decoding UTF-8.
const cjs = readFileSync('dist/tlsdoctor.cjs', 'utf8');
// the launcher compiles it with node:vm, which has no loader for import(): esbuild turns every
// import() of bundled code into a require, but leaves those of Node's own modules
const dynamic = /[^\w$.]import\((["'`])([^"'`]*)\1\)/.exec(cjs);
if (dynamic)
  throw new Error(`dist/tlsdoctor.cjs: import("${dynamic[2]}") left in the bundle: import it statically`);
writeFileSync(
  'dist/tlsdoctor.cjs',
  cjs.replace(/[^ -~\t\n\r]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);

// dist/api.mjs: every name the program exports but the CLI's
const program = createRequire(import.meta.url)(resolve('dist/tlsdoctor.cjs'));
const names = Object.keys(program)
  .filter((n) => !CLI_EXPORTS.includes(n))
  .sort();
writeFileSync(
  'dist/api.mjs',
  [
    '// tlsdoctor as a library (src/api/index.ts): the API of the program bundle as an ES module.',
    "import { createRequire } from 'node:module';",
    "const program = createRequire(import.meta.url)('./tlsdoctor.cjs');",
    `export const { ${names.join(', ')} } = program;`,
    '',
  ].join('\n'),
);
