// Run by lifecycle.test.ts in a fresh process: starts the whole lab, reports how long that took
// (PKI generation included), then exits WITHOUT calling stop() — the lab must clean up after itself.
import { startLab } from '../../src/lab/index.js';

const t0 = performance.now();
const lab = await startLab();
const ms = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({ ms, caFile: lab.caFile, ports: lab.scenarios.map((s) => s.port) })}\n`,
);
process.exit(0);
