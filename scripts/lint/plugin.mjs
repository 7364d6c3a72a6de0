// A local ESLint plugin: `layers/direction` reports an import (static, type-only, re-export or
// dynamic import()) that goes up the layer table of scripts/lint/layers.mjs.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { violation } from './layers.mjs';

const srcRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

const direction = {
  meta: { type: 'problem', docs: { description: 'imports point down the layers of src/ only' }, schema: [] },
  create(context) {
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const why = violation(srcRoot, context.filename, source.value);
      if (why) context.report({ node: source, message: why });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
    };
  },
};

export default { rules: { direction } };
