#!/usr/bin/env node
// The only place that sets process.exitCode (DESIGN convention 13).
import { main, processIO, clearProgress } from '../dist/tlsdoctor.mjs';

// Ctrl-C: erase the progress line, then exit through 'exit' so the lab and temp files are cleaned
// up by their exit hooks.
process.once('SIGINT', () => {
  clearProgress();
  process.exit(130);
});

process.exitCode = await main(process.argv.slice(2), processIO());
