// Run by lifecycle.test.ts in a fresh process: starts the whole lab, reports how long that took
// (PKI generation included), then exits WITHOUT calling stop() — the lab must clean up after itself.
import { startLab } from '../../src/lab/index.js';

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const lab = await startLab();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const ports = lab.scenarios.map((s) => s.port);
process.stdout.write(`${JSON.stringify({ ms, cpuMs, caFile: lab.caFile, ports })}\n`);
process.exit(0);
