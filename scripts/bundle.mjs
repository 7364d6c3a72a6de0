#!/usr/bin/env node
// Builds what the package ships, straight from the TypeScript sources:
//   dist/tlsdoctor.mjs  the CLI (bin/tlsdoctor.js loads it)
//   dist/api.mjs        the library API (package.json "exports")
//   dist/chunks/*.mjs   the code both share, split per command: `tlsdoctor --version` and
//                       `--help` load the small entry only; a command loads its own chunks when it
//                       runs (dynamic import()), so no command pays for another's X.509, capture,
//                       Windows or lab code (docs/benchmarks.md, start-up).
// Every runtime dependency is bundled: the package has no runtime dependencies to install.
// No source maps are shipped; `npm run build -- --sourcemap` writes them for debugging.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const sourcemap = process.argv.includes('--sourcemap');
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { tlsdoctor: 'src/cli/index.ts', api: 'src/api/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: sourcemap ? 'linked' : false,
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // CommonJS dependencies (node-forge, tsyringe) call require(): give each ES module one.
  banner: {
    js: "import { createRequire as __tlsdoctorCreateRequire } from 'node:module'; const require = __tlsdoctorCreateRequire(import.meta.url);",
  },
});
