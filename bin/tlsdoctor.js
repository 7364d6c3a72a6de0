#!/usr/bin/env node
// CommonJS (bin/package.json): Node's ES module loader is not started for a command.
// The only place that sets process.exitCode (DESIGN convention 13).
'use strict';
require('../dist/launch.cjs')
  .launch(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
