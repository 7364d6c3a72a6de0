#!/usr/bin/env node
// The only place that sets process.exitCode (DESIGN convention 13).
import { main } from '../dist/tlsdoctor.mjs';

// Ctrl-C: exit through 'exit' so the lab and temp files are cleaned up by their exit hooks.
process.once('SIGINT', () => process.exit(130));

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
