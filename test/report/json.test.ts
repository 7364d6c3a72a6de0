// The JSON renderer: the report as data, fields in contract order, every value JSON-safe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson, toJsonValue } from '../../src/report/json.js';
import type { Report } from '../../src/model/report.js';
import { SAMPLES, diagnoseReport, hostileReport, scanReport } from '../fixtures/report/samples.js';

test('every sample round-trips: JSON.parse(renderJson(r)) equals r', () => {
  for (const [name, r] of Object.entries(SAMPLES)) {
    const back = JSON.parse(renderJson(r)) as unknown;
    assert.deepEqual(back, JSON.parse(JSON.stringify(r)), name);
  }
});

test('top-level fields come in the documented order, whatever order the report was built in', () => {
  const full: Report = { ...scanReport, rules: diagnoseReport.rules!, warnings: ['one warning'] };
  const scrambled = Object.fromEntries(Object.entries(full).reverse()) as unknown as Report;
  const keys = Object.keys(JSON.parse(renderJson(scrambled)) as object);
  assert.deepEqual(keys, [
    'schemaVersion',
    'tool',
    'command',
    'target',
    'startedAt',
    'durationMs',
    'verdict',
    'findings',
    'rules',
    'observations',
    'probes',
    'data',
    'warnings',
  ]);
  assert.ok(renderJson(diagnoseReport).endsWith('}\n'));
});

test('values JSON cannot hold are converted, not lost or thrown on', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const shared = { n: 1 };
  // a command's data as a gatherer could leave it, whatever its declared type
  const r = {
    ...diagnoseReport,
    data: {
      der: Buffer.from([0x30, 0x82, 0x01, 0x0a]),
      random: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
      serial: 2n ** 70n,
      when: new Date('2026-11-22T02:14:07.512Z'),
      error: new Error('read ECONNRESET\n  at stack'),
      byGroup: new Map([['x25519', true]]),
      suites: new Set([0x1301, 0x1302]),
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      missing: undefined,
      cyclic,
      twice: [shared, shared],
      list: Object.assign(new (class List extends Array<number> {})(), [1, 2]),
      plainWithHole: { a: [1, 2], b: { c: 'x', d: undefined, e: [Number.NaN] } },
    },
  } as unknown as Report;
  const data = (JSON.parse(renderJson(r)) as { data: Record<string, unknown> }).data;
  assert.equal(data.der, '3082010a');
  assert.equal(data.random, 'deadbeef');
  assert.equal(data.serial, '1180591620717411303424');
  assert.equal(data.when, '2026-11-22T02:14:07.512Z');
  assert.equal(data.error, 'read ECONNRESET at stack');
  assert.deepEqual(data.byGroup, { x25519: true });
  assert.deepEqual(data.suites, [0x1301, 0x1302]);
  assert.equal(data.nan, null);
  assert.equal(data.inf, null);
  assert.ok(!('missing' in data));
  assert.deepEqual(data.cyclic, { name: 'loop', self: '[circular]' });
  assert.deepEqual(data.twice, [{ n: 1 }, { n: 1 }], 'a shared object is not a cycle');
  assert.deepEqual(data.list, [1, 2], 'an array of another class is still an array');
  assert.deepEqual(data.plainWithHole, { a: [1, 2], b: { c: 'x', e: [null] } });
});

test('runaway nesting is cut at a fixed depth instead of overflowing the stack', () => {
  let deep: Record<string, unknown> = {};
  const root = deep;
  for (let i = 0; i < 10_000; i++) {
    const next: Record<string, unknown> = {};
    deep.d = next;
    deep = next;
  }
  const out = renderJson({ ...diagnoseReport, data: root } as unknown as Report);
  assert.ok(out.includes('"[too deep]"'));
});

test('a private key never reaches the JSON; hostile strings stay data (JSON escapes them)', () => {
  const out = renderJson(hostileReport);
  assert.ok(!out.includes('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'));
  assert.ok(out.includes('[private key redacted]'));
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u001f]/.test(out.replace(/\n/g, '')), 'JSON.stringify escapes control characters');
  const back = JSON.parse(out) as { verdict: { summary: string } };
  assert.equal(back.verdict.summary, hostileReport.verdict.summary, 'everything but secrets is kept exactly');
});

test('toJsonValue returns a plain object with the same content as renderJson', () => {
  assert.deepEqual(toJsonValue(diagnoseReport), JSON.parse(renderJson(diagnoseReport)));
});
