// Every golden case through the whole `windows analyze` path: the findings above info that its
// sidecar (<case>.source.md, `findings:` line) expects, no more, no fewer. Real outputs copied from
// public pages carry the defect the page describes; healthy ones must raise nothing above info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWindowsInputs } from '../../src/windows/index.js';
import { buildWindowsReport } from '../../src/app/windows-report.js';

const ROOT = 'test/fixtures/windows';
const SKIP_DIRS = new Set(['malformed', 'bundles', 'collect']);

interface Case {
  file: string;
  side: string;
  opts: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const dir of readdirSync(ROOT, { withFileTypes: true })) {
    if (!dir.isDirectory() || SKIP_DIRS.has(dir.name)) continue;
    for (const f of readdirSync(join(ROOT, dir.name)).sort()) {
      if (f.endsWith('.json') || f.endsWith('.source.md') || f === 'README.md') continue;
      const base = f.replace(/\.[^.]+$/, '');
      out.push({
        file: join(ROOT, dir.name, f),
        side: join(ROOT, dir.name, `${base}.source.md`),
        opts: join(ROOT, dir.name, `${base}.opts.json`),
      });
    }
  }
  return out;
}

for (const c of cases()) {
  test(`findings of ${c.file}`, async () => {
    const side = readFileSync(c.side, 'utf8');
    const line = /^findings: (.*)$/m.exec(side);
    assert.ok(line, `${c.side}: a 'findings:' line (ids above info, or 'none')`);
    const expected = line[1]!.trim() === 'none' ? [] : line[1]!.split(/,\s*/).map((s) => s.trim());
    const os = existsSync(c.opts)
      ? (JSON.parse(readFileSync(c.opts, 'utf8')) as { os?: string }).os
      : undefined;
    const a = await analyzeWindowsInputs([c.file], os ? { os } : {});
    const report = buildWindowsReport([c.file], a, { startedAt: '2026-01-01T00:00:00.000Z', durationMs: 0 });
    const got = [...new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.id))].sort();
    assert.deepEqual(got, [...expected].sort(), report.findings.map((f) => f.summary).join('\n'));
    const verdict = /^verdict: (\w+)$/m.exec(side)?.[1] ?? (expected.length > 0 ? 'problems' : 'healthy');
    assert.equal(report.verdict.status, verdict, report.verdict.summary);
  });
}
