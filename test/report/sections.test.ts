// The section builders (src/report/sections) over reports the real commands build from checked-in
// inputs: the text and HTML they render match their goldens, so moving presentation out of the
// JSON contract changed no output. Update deliberately:
//   UPDATE_GOLDENS=1 node scripts/run-tests.mjs test/report/sections
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { captureReport } from '../../src/app/capture-report.js';
import { buildWindowsReport } from '../../src/app/windows-report.js';
import { analyzeWindowsInputs } from '../../src/windows/index.js';
import type { CommandName, Report } from '../../src/model/report.js';
import { SECTIONS, renderHtml, renderJson, renderText, sectionsFor } from '../../src/report/index.js';
import { SAMPLES } from '../fixtures/report/samples.js';
import { judgeDiagnosis } from '../../src/app/diagnose.js';
import { readFixture } from '../support/observation-scenarios.js';
import type { HelloObservation } from '../../src/model/observations/probe.js';

const DIR = fileURLToPath(new URL('../fixtures/report/golden/built/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDENS === '1';
const STARTED = '2026-12-01T08:00:00.000Z';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function golden(name: string, actual: string): void {
  const file = join(DIR, name);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(
    existsSync(file),
    `golden ${name} is missing: run UPDATE_GOLDENS=1 node scripts/run-tests.mjs test/report/sections`,
  );
  const expected = readFileSync(file, 'utf8');
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const i = a.findIndex((line, k) => line !== e[k]);
    assert.fail(
      `${name} differs from its golden at line ${i + 1}:\n  expected: ${JSON.stringify(e[i])}\n  actual:   ${JSON.stringify(a[i])}`,
    );
  }
}

function goldens(name: string, report: Report, valid = true): void {
  golden(`${name}.txt`, renderText(report, { color: false, width: 100 }));
  golden(`${name}.html`, renderHtml(report));
  if (valid) {
    const json = JSON.parse(renderJson(report)) as unknown;
    assert.ok(validate(json), ajv.errorsText(validate.errors, { separator: '\n' }));
  }
}

test('every command has a section builder', () => {
  const commands: CommandName[] = [
    'capture',
    'cert',
    'demo',
    'diagnose',
    'diff',
    'explain',
    'fleet',
    'history',
    'scan',
    'windows-analyze',
    'windows-collect',
  ];
  assert.deepEqual(Object.keys(SECTIONS).sort(), commands);
  for (const r of Object.values(SAMPLES)) assert.ok(Array.isArray(sectionsFor(r)), r.command);
});

test('fleet: the summary of a real lab run (test/fixtures/fleet/lab.jsonl) renders as before', async () => {
  const { readJsonl } = await import('../../src/app/fleet.js');
  const { summarize } = await import('../../src/fleet/result.js');
  const { buildReport } = await import('../../src/app/command-report.js');
  const results = readJsonl('test/fixtures/fleet/lab.jsonl');
  const data = summarize(results, {
    mode: 'diagnose',
    input: { origin: 'lab.txt', format: 'lines', targets: results.length },
    done: results.length,
    resumed: 0,
    interrupted: false,
    warnDays: 30,
  });
  const report = buildReport(
    'fleet',
    'lab.txt',
    { startedAt: STARTED, durationMs: 0 },
    { findings: [], observations: [], data },
  );
  assert.ok(sectionsFor(report).some((s) => s.title === 'Root causes'));
  goldens('fleet', report);
});

test('capture: a real capture report renders as before', async () => {
  const report = await captureReport('test/fixtures/capture/lab-curl.pcapng');
  assert.ok(sectionsFor(report).some((s) => s.title === 'Failed handshakes'));
  goldens('capture-lab-curl', { ...report, startedAt: STARTED, durationMs: 0 });
});

// the recorded lab diagnoses, judged as diagnose judges them: the certificate shown (healthy or not)
// and the fixes ordered for the server platform (--platform nginx: no registry key first)
for (const [fixture, platform] of [
  ['expired', 'nginx'],
  ['healthy', undefined],
  ['tls10-only', 'nginx'],
  ['tls10-only', 'iis'],
] as const) {
  test(`diagnose: the recorded ${fixture} diagnosis${platform ? ` for ${platform}` : ''} renders as before`, () => {
    const obs = readFixture(fixture);
    const hellos = obs.filter((o): o is HelloObservation => o.kind === 'probe.hello');
    const report = judgeDiagnosis(
      `${fixture}.lab.tlsdoctor.test:443`,
      obs,
      hellos,
      {
        startedAt: STARTED,
        durationMs: 0,
      },
      platform,
    );
    const cert = sectionsFor(report).find((s) => s.title === 'Certificate');
    assert.ok(cert, 'a Certificate section');
    goldens(`diagnose-${fixture}${platform ? `-${platform}` : ''}`, report);
  });
}

for (const bundle of ['broken-iis', 'healthy', 'legacy-2008r2']) {
  test(`windows analyze: the ${bundle} bundle renders as before`, async () => {
    const paths = [`test/fixtures/windows/bundles/${bundle}`];
    const report = buildWindowsReport(paths, await analyzeWindowsInputs(paths), {
      startedAt: STARTED,
      durationMs: 0,
    });
    assert.equal(sectionsFor(report)[0]?.title, 'Inputs');
    // legacy-2008r2: its SChannel events carry local times without an offset (not RFC 3339)
    goldens(`windows-${bundle}`, report, bundle !== 'legacy-2008r2');
  });
}

test('scan: Encrypt-then-MAC is n/a when no CBC suite was accepted, yes/no otherwise', () => {
  const scan = SAMPLES.scan as Extract<Report, { command: 'scan' }>;
  const etm = (encryptThenMac: boolean | null): string | undefined => {
    const report = {
      ...scan,
      data: { scan: { ...scan.data.scan, features: { ...scan.data.scan.features, encryptThenMac } } },
    };
    const features = sectionsFor(report).find((s) => s.title === 'Features');
    const kv = features?.blocks.find((b) => b.type === 'kv');
    return kv?.type === 'kv' ? kv.rows.find((r) => r.key === 'Encrypt-then-MAC')?.value : undefined;
  };
  assert.equal(etm(null), 'n/a (no CBC suite accepted)');
  assert.equal(etm(true), 'yes');
  assert.equal(etm(false), 'no');
});
