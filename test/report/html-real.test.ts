// The HTML page of a real diagnosis (the lab's TLS 1.0-only server, recorded in
// test/fixtures/observations/): what a reader sees, not how the page is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runRules } from '../../src/diagnose/engine.js';
import { RULES } from '../../src/diagnose/rules/index.js';
import { buildReport, startStopwatch } from '../../src/app/command-report.js';
import { renderHtml } from '../../src/report/html.js';
import type { ObservationBase } from '../../src/model/observation.js';

function page(fixture: string): string {
  const observations = JSON.parse(
    readFileSync(new URL(`../fixtures/observations/${fixture}.json`, import.meta.url), 'utf8'),
  ) as ObservationBase[];
  const engine = runRules(RULES, observations);
  const report = buildReport('diagnose', `${fixture}.lab.tlsdoctor.test:443`, startStopwatch(), {
    findings: engine.findings,
    rules: engine.results,
    observations,
    probes: [],
  });
  return renderHtml(report);
}

test('a TLS 1.0 answer is never green; probes and clients are named in words, not internal ids', () => {
  const html = page('tls10-only');
  const cells = [...html.matchAll(/<td class="tone-(\w+)">([^<]*)<\/td>/g)].map((m) => ({
    tone: m[1],
    text: m[2]!,
  }));
  const tls10 = cells.filter((c) => /^TLS 1\.0 TLS_/.test(c.text));
  assert.ok(tls10.length > 0, 'the page shows TLS 1.0 answers');
  for (const c of tls10) assert.notEqual(c.tone, 'good', c.text);
  assert.doesNotMatch(html, /version:30\d:\d|sni:none|size:small|chrome-current/);
  assert.match(html, /<td>TLS 1\.0 alone<\/td>/);
  assert.match(html, /Handshake timeline \(Chrome/);
});

test('a restart is flagged before its command, which is not select-all; header cells never wrap', () => {
  const html = page('tls10-only');
  assert.match(
    html,
    /<div class="cmd-warning">⚠ restarts the server[^<]*<\/div><pre class="cmd disruptive"><code>shutdown \/r \/t 0<\/code><\/pre>/,
  );
  // header cells never wrap inside a word
  assert.match(html, /th\{[^}]*white-space:nowrap/);
});
