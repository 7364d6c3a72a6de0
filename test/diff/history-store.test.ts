// The run history on disk: where it lives, one file per run (a second run in the same millisecond
// gets its own file), at most MAX_RUNS_PER_TARGET runs per target, run selectors, and files that are
// not reports refused with one line naming the file and what was expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_RUNS_PER_TARGET,
  findRun,
  historyDir,
  listRuns,
  parseReport,
  recordRun,
  targetKey,
} from '../../src/history/store.js';
import { isTlsDoctorError } from '../../src/errors.js';

const run = (target: string, startedAt: string, status: 'healthy' | 'problems') =>
  JSON.stringify({
    schemaVersion: '2.0.0',
    tool: { name: 'tlsdoctor', version: '0.1.0' },
    command: 'diagnose',
    target,
    startedAt,
    durationMs: 1,
    verdict: { status, summary: status },
    findings: [],
    observations: [],
  });

test('the history directory: the override, then XDG, then HOME; LOCALAPPDATA on Windows; none without any', () => {
  assert.equal(
    historyDir({ TLSDOCTOR_HISTORY_DIR: '/h', XDG_DATA_HOME: '/x', HOME: '/home/u' }, 'linux'),
    '/h',
  );
  assert.equal(
    historyDir({ XDG_DATA_HOME: '/x', HOME: '/home/u' }, 'linux'),
    join('/x', 'tlsdoctor', 'history'),
  );
  assert.equal(
    historyDir({ HOME: '/home/u' }, 'linux'),
    join('/home/u', '.local', 'share', 'tlsdoctor', 'history'),
  );
  assert.equal(
    historyDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', HOME: '/home/u' }, 'win32'),
    join('C:\\Users\\u\\AppData\\Local', 'tlsdoctor', 'history'),
  );
  assert.equal(historyDir({}, 'linux'), undefined);
  assert.equal(historyDir({ HOME: '' }, 'linux'), undefined);
});

test('a target is one folder whatever its spelling', () => {
  assert.equal(targetKey('https://Shop.Example/path'), 'shop.example_443');
  assert.equal(targetKey('shop.example:443'), 'shop.example_443');
  assert.equal(targetKey('[2001:db8::1]:8443'), '_2001_db8__1__8443');
});

test('runs: one file each, newest first, at most MAX_RUNS_PER_TARGET kept, selectors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-history-'));
  try {
    const t = 'shop.example.test:443';
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    recordRun(dir, { target: t, startedAt: at(0), command: 'diagnose' }, run(t, at(0), 'healthy'));
    recordRun(dir, { target: t, startedAt: at(0), command: 'diagnose' }, run(t, at(0), 'healthy'));
    assert.equal(readdirSync(join(dir, targetKey(t))).length, 2, 'same millisecond, two files');
    for (let i = 1; i <= MAX_RUNS_PER_TARGET; i++)
      recordRun(
        dir,
        {
          target: t,
          startedAt: at(i),
          command: 'diagnose',
          verdict: { status: i % 7 === 0 ? 'healthy' : 'problems' },
        },
        run(t, at(i), i % 7 === 0 ? 'healthy' : 'problems'),
      );
    const { runs, skipped } = listRuns(dir, t);
    assert.equal(runs.length, MAX_RUNS_PER_TARGET);
    assert.deepEqual(skipped, []);
    assert.equal(runs[0]!.startedAt, at(MAX_RUNS_PER_TARGET));
    assert.equal(findRun(dir, t, 'last')!.startedAt, at(MAX_RUNS_PER_TARGET));
    // the newest healthy run: the largest multiple of 7
    assert.equal(findRun(dir, t, 'last-ok')!.startedAt, at(Math.floor(MAX_RUNS_PER_TARGET / 7) * 7));
    assert.equal(findRun(dir, t, 'last-ok', at(10))!.startedAt, at(7));
    assert.equal(findRun(dir, t, at(100).slice(0, 16) + 'Z')!.startedAt, at(100));
    assert.equal(findRun(dir, 'other.test:443', 'last'), undefined);
    // the verdict in a run's file name decides which runs 'last-ok' opens: a newer run named
    // "problems" is not opened, whatever it holds; a run written before names carried a verdict is
    const folder = join(dir, targetKey(t));
    const newest = readdirSync(folder).sort().at(-1)!;
    assert.match(newest, /\.(healthy|problems)\.json$/);
    writeFileSync(
      join(folder, '20980101T000000000Z-diagnose.problems.json'),
      run(t, '2098-01-01T00:00:00.000Z', 'healthy'),
    );
    assert.equal(findRun(dir, t, 'last-ok')!.startedAt, at(Math.floor(MAX_RUNS_PER_TARGET / 7) * 7));
    writeFileSync(
      join(folder, '20980101T000000001Z-diagnose.json'),
      run(t, '2098-01-01T00:00:00.001Z', 'healthy'),
    );
    assert.equal(findRun(dir, t, 'last-ok')!.startedAt, '2098-01-01T00:00:00.001Z');
    rmSync(join(folder, '20980101T000000000Z-diagnose.problems.json'));
    rmSync(join(folder, '20980101T000000001Z-diagnose.json'));
    // a damaged run is skipped and named
    writeFileSync(join(dir, targetKey(t), '20991231T000000000Z-diagnose.json'), '{"truncated":');
    assert.equal(listRuns(dir, t).skipped.length, 1);
    assert.equal(findRun(dir, t, 'last')!.startedAt, at(MAX_RUNS_PER_TARGET));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what is not a report: one line naming the file and what was expected', () => {
  const cases: Array<[string, RegExp]> = [
    ['{"truncated":', /^x\.json: not a JSON report \(/],
    ['[1,2]', /^x\.json: not a tlsdoctor report: expected a JSON object$/],
    ['{"tool":{"name":"other"}}', /^x\.json: not a tlsdoctor report: expected tool.name "tlsdoctor"$/],
    [
      run('a', '2026-01-01T00:00:00Z', 'healthy').replace('"2.0.0"', '"1.4.0"'),
      /expected schemaVersion 2\.x \(this is 1\.4\.0\)$/,
    ],
    [
      run('a', '2026-01-01T00:00:00Z', 'healthy').replace(
        '"observations":[]',
        '"observations":[{"from":{}}]',
      ),
      /an observation without a "kind"$/,
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseReport(text, 'x.json'),
      (e: unknown) =>
        isTlsDoctorError(e) &&
        e.code === 'INPUT_FORMAT' &&
        message.test(e.message) &&
        !e.message.includes('\n'),
      text,
    );
  }
  assert.throws(
    () => findRun('/nonexistent', 'a:443', 'yesterday'),
    (e: unknown) => isTlsDoctorError(e) && e.code === 'USAGE',
  );
});
