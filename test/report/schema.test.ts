// The JSON contract (DESIGN convention 12): every command shape, rendered by renderJson, validates
// against the checked-in schema; the schema rejects what the contract forbids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderJson } from '../../src/report/json.js';
import { spawnSync } from 'node:child_process';
import { SCHEMA_VERSION, type Report } from '../../src/model/report.js';
import type { ObservationKind } from '../../src/model/observations/index.js';
import type { CaptureObservation } from '../../src/model/observations/capture.js';
import type { ContextObservation } from '../../src/model/observations/diagnose.js';
import type { ProbeObservation } from '../../src/model/observations/probe.js';
import type { WindowsObservation } from '../../src/model/observations/windows.js';
import type { X509Observation } from '../../src/model/observations/x509.js';
import { SAMPLES, hostileReport, diagnoseReport, unreachableReport } from '../fixtures/report/samples.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

for (const [name, report] of Object.entries({ ...SAMPLES, hostile: hostileReport })) {
  test(`the ${name} report validates against schema/report.schema.json`, () => {
    const json = JSON.parse(renderJson(report)) as unknown;
    assert.equal(errorsOf(json), '');
  });
}

test('the samples cover every command shape the issue names', () => {
  const commands = new Set(Object.values(SAMPLES).map((r) => r.command));
  for (const c of ['diagnose', 'scan', 'cert', 'capture']) assert.ok(commands.has(c as Report['command']), c);
});

test('the model and the schema agree on the schema version', () => {
  assert.match(SCHEMA_VERSION, /^2\.\d+\.\d+$/);
  assert.equal(errorsOf({ ...JSON.parse(renderJson(diagnoseReport)), schemaVersion: SCHEMA_VERSION }), '');
  assert.equal(diagnoseReport.schemaVersion, SCHEMA_VERSION);
});

test('the schema rejects what the contract forbids', () => {
  const base = JSON.parse(renderJson(diagnoseReport)) as Record<string, unknown>;
  const bad: Array<[string, Record<string, unknown>]> = [
    ['a major version it does not describe', { ...base, schemaVersion: '3.0.0' }],
    ['the previous major version', { ...base, schemaVersion: '1.0.0' }],
    ['a missing verdict', Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'verdict'))],
    ['an unknown verdict status', { ...base, verdict: { status: 'fine', summary: 'x' } }],
    ['an unknown top-level field', { ...base, extra: 1 }],
    [
      'a finding with an unknown severity',
      { ...base, findings: [{ ...(base.findings as object[])[0], severity: 'critical' }] },
    ],
    [
      'a finding without a fix',
      {
        ...base,
        findings: [{ ...(base.findings as Record<string, unknown>[])[0], fix: undefined }].map(
          (f) => JSON.parse(JSON.stringify(f)) as unknown,
        ),
      },
    ],
    [
      'an evidence source of an unknown kind',
      {
        ...base,
        findings: [
          {
            ...(base.findings as object[])[0],
            evidence: [{ from: { source: 'psychic', origin: 'x' }, text: 'y' }],
          },
        ],
      },
    ],
    ['a probe without a status', { ...base, probes: [{ id: 'p', description: 'd' }] }],
    ['a negative duration', { ...base, durationMs: -1 }],
    ['a start time that is not RFC 3339', { ...base, startedAt: '22/11/2026 02:14' }],
    [
      'sections (presentation is built by the renderers, not part of the contract)',
      { ...base, sections: [{ title: 't', blocks: [{ type: 'text', text: 'x' }] }] },
    ],
  ];
  for (const [what, value] of bad) assert.notEqual(errorsOf(value), '', `accepted ${what}`);
});

test('observations keep their gatherer-specific fields (additive by design)', () => {
  const base = JSON.parse(renderJson(diagnoseReport)) as { observations: Array<Record<string, unknown>> };
  const handshake = base.observations.find((o) => o.kind === 'probe.handshake');
  assert.ok(handshake && typeof handshake.outcome === 'object');
  assert.equal(
    errorsOf({
      ...base,
      observations: [{ kind: 'x509.new-kind', from: { source: 'file', origin: 'a.pem' }, anything: [1, 2] }],
    }),
    '',
  );
});

test('an observation of a kind the map lists is held to its interface', () => {
  const base = JSON.parse(renderJson(unreachableReport)) as { observations: Array<Record<string, unknown>> };
  const tcp = base.observations.find((o) => o.kind === 'probe.tcp')!;
  assert.equal(errorsOf(base), '');
  const without = (k: string): Record<string, unknown> =>
    Object.fromEntries(Object.entries(tcp).filter(([key]) => key !== k));
  const bad: Array<[string, Record<string, unknown>]> = [
    ['a required field missing', without('state')],
    ['a value outside its closed vocabulary', { ...tcp, state: 'half-open' }],
    ['a field of the wrong type', { ...tcp, port: '443' }],
    ['a field the interface does not have', { ...tcp, rtt: 1 }],
    ['a source of an unknown kind', { ...tcp, from: { source: 'psychic', origin: 'x' } }],
  ];
  for (const [what, o] of bad)
    assert.notEqual(errorsOf({ ...base, observations: [o] }), '', `accepted a probe.tcp with ${what}`);
});

test('the checked-in schema is what scripts/gen-report-schema.mjs generates from the map of observation kinds', () => {
  const r = spawnSync(process.execPath, ['scripts/gen-report-schema.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every observation a gatherer module declares has its kind in the map', () => {
  // compile-time: a kind missing from ObservationKinds makes one of these types not `true`
  type Covered<T extends { kind: string }> = Exclude<T['kind'], ObservationKind> extends never ? true : false;
  const covered: [
    Covered<CaptureObservation>,
    Covered<ContextObservation>,
    Covered<ProbeObservation>,
    Covered<WindowsObservation>,
    Covered<X509Observation>,
  ] = [true, true, true, true, true];
  assert.deepEqual(covered, [true, true, true, true, true]);
});
