#!/usr/bin/env node
// Records the observation fixtures the rule tests read (test/fixtures/observations/<scenario>.json):
// starts the demo lab and the test servers on 127.0.0.1, runs the real diagnose flow against each
// scenario and writes the normalised observations. Re-running on an unchanged tree rewrites the
// same bytes. Usage: npm run record:observations [-- <scenario>...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const s = await tsImport('../test/support/observation-scenarios.ts', import.meta.url);
const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !s.ALL_SCENARIOS.includes(id));
if (unknown.length > 0) {
  console.error(`unknown scenario: ${unknown.join(', ')} (known: ${s.ALL_SCENARIOS.join(', ')})`);
  process.exit(2);
}
const started = Date.now();
const recorded = await s.recordScenarios(wanted.length > 0 ? wanted : s.ALL_SCENARIOS);
mkdirSync(s.FIXTURE_DIR, { recursive: true });
for (const [id, raw] of [...recorded].sort(([a], [b]) => (a < b ? -1 : 1))) {
  writeFileSync(s.fixturePath(id), s.fixtureText(s.normalise(raw)));
  console.log(`${id}: ${raw.observations.length} observations`);
}
console.log(`recorded ${recorded.size} scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s`);
