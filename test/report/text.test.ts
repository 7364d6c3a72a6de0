// The terminal renderer: verdict first, findings most blocking first with evidence and fix,
// commands copyable, sections fitted to the width, colour only when asked, hostile text defused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderText, renderTextTree } from '../../src/report/text.js';
import { displayWidth } from '../../src/report/layout.js';
import type { Report } from '../../src/model/report.js';
import type { ReportTree } from '../../src/report/tree.js';
import type { Finding } from '../../src/model/finding.js';
import {
  TREES,
  diagnoseReport,
  healthyReport,
  hostileTree,
  windowsReport,
} from '../fixtures/report/samples.js';

// The renderer proper is tested over hand-made trees (a sample report and its sections).
const diagnoseTree = TREES.diagnose!;
const healthyTree = TREES.healthy!;
const scanTree = TREES.scan!;

// eslint-disable-next-line no-control-regex
const ANY_ESCAPE = /[\u001b\u009b]/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function commandLines(r: Report): Set<string> {
  const set = new Set<string>();
  for (const f of r.findings)
    for (const c of f.fix.commands ?? []) for (const l of c.command.split('\n')) set.add(l);
  return set;
}

test('the first line is the verdict: symbol, problem count and the root cause', () => {
  const lines = renderTextTree(diagnoseTree, { color: false }).split('\n');
  assert.match(lines[0]!, /^✘ 3 problems — shop\.test:443 speaks only TLS 1\.0/);
  assert.match(renderTextTree(healthyTree, { color: false }), /^✔ healthy — No problems found/);
  assert.match(
    renderTextTree(TREES.unreachable!, { color: false }),
    /^✘ unreachable — Nothing listens on 127\.0\.0\.1:9/,
  );
  assert.match(renderTextTree(scanTree, { color: false }), /^✘ 1 problem — /);
});

test('findings come most blocking first, whatever order the report holds them in', () => {
  const shuffled: Report = { ...diagnoseReport, findings: [...diagnoseReport.findings].reverse() };
  const out = renderTextTree({ ...diagnoseTree, report: shuffled }, { color: false });
  const positions = ['[BLOCKER]', '[HIGH]', '[MEDIUM]', '[INFO]'].map((b) => out.indexOf(b));
  assert.ok(
    positions.every((p) => p > 0),
    String(positions),
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
  );
});

test('each finding shows badge, id, title, summary, evidence with its source, fix steps, commands, references', () => {
  const out = renderTextTree(diagnoseTree, { color: false, width: 120 });
  const block = out.slice(out.indexOf('[BLOCKER]'), out.indexOf('[HIGH]'));
  for (const needle of [
    '[BLOCKER] protocol.no-common-version — The server speaks only TLS 1.0',
    'The server answered TLS 1.3 and TLS 1.2 ClientHellos',
    'Evidence',
    '• 127.0.0.1:443 (shop.test) — TLS 1.2 ClientHello → alert fatal protocol_version (70)',
    '• /etc/nginx/sites-enabled/shop:14 — ssl_protocols TLSv1;',
    '1. Allow TLS 1.2 and TLS 1.3',
    'Run (shell):',
    'References RFC 8996',
    'Codes ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
  ]) {
    assert.ok(block.includes(needle), `missing ${needle}`);
  }
  // capture evidence names its frames
  assert.ok(
    renderTextTree(TREES.capture!, { color: false }).includes(
      '/tmp/trace.pcapng frames 21–24 — connection 3',
    ),
  );
});

test('commands stand alone on their lines, unwrapped and without prompts, even in a narrow terminal', () => {
  for (const r of [diagnoseReport, windowsReport]) {
    const lines = renderText(r, { color: false, width: 40 }).split('\n');
    for (const f of r.findings) {
      for (const c of f.fix.commands ?? []) {
        for (const cl of c.command.split('\n')) {
          if (cl === '') continue;
          assert.ok(
            lines.some((l) => l.trim() === cl.trim() && l === `      ${cl}`),
            `command line not set apart: ${cl}`,
          );
        }
      }
    }
  }
});

test('with color=false there is no escape sequence; with color=true the text is the same once colours are removed', () => {
  for (const [name, t] of Object.entries({ ...TREES, hostile: hostileTree })) {
    const plain = renderTextTree(t, { color: false, width: 100 });
    assert.ok(!ANY_ESCAPE.test(plain), `${name}: escape in uncoloured output`);
    const coloured = renderTextTree(t, { color: true, width: 100 });
    assert.ok(SGR.test(coloured), `${name}: no colour with color=true`);
    assert.equal(coloured.replace(SGR, ''), plain, name);
  }
});

test('every line fits the width, except command lines and URLs, which are never broken', () => {
  for (const width of [40, 60, 80, 100, 132]) {
    for (const [name, t] of Object.entries(TREES)) {
      const cmds = commandLines(t.report);
      for (const line of renderTextTree(t, { color: false, width }).split('\n')) {
        if (cmds.has(line.trim())) continue;
        // a URL is never split: it may run past the width on a line of its own
        if (displayWidth(line.replace(/https?:\/\/\S+/g, '')) <= width) continue;
        assert.ok(displayWidth(line) <= width, `${name} at ${width}: ${displayWidth(line)} columns: ${line}`);
      }
    }
  }
});

test('tables: columns aligned, cells wrapped within their column; too narrow becomes one record per row', () => {
  const wide = renderTextTree(diagnoseTree, { color: false, width: 100 });
  const header = wide.split('\n').find((l) => l.includes('Client') && l.includes('Cipher suite'))!;
  const chrome = wide.split('\n').find((l) => l.includes('Chrome 120'))!;
  assert.equal(chrome.indexOf('fails'), header.indexOf('Result'));
  assert.ok(wide.includes('TLS_RSA_WITH_AES_128_CBC_SHA'), 'a suite name is not split when it can fit');
  const narrow = renderTextTree(scanTree, { color: false, width: 60 });
  assert.ok(narrow.includes('  ▪ 0xc030\n    IANA name     TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'));
});

test('kv rows align their values; the timeline shows ms and who sent what', () => {
  const out = renderTextTree(diagnoseTree, { color: false });
  assert.ok(out.includes('  Address      127.0.0.1:443 (shop.test)\n  Protocols    TLS 1.0 only'));
  assert.ok(out.includes('  0.6 ms  client → ClientHello TLS 1.2'));
  assert.ok(out.includes('  3.1 ms  server ← Alert fatal protocol_version (70)'));
  assert.ok(out.includes('  3.3 ms         · connection closed by the server (FIN)'));
});

test('warnings and rules that could not run are reported, not hidden', () => {
  const out = renderTextTree(diagnoseTree, { color: false });
  assert.ok(out.includes('⚠ IPv6 address ::1 was not probed'));
  assert.ok(out.includes('8 checks: 4 with findings · 2 passed · 1 incomplete · 1 not applicable'));
  assert.ok(out.includes('http.redirect-loop incomplete: http.response: no TLS 1.2+ handshake succeeded'));
  assert.ok(renderTextTree(healthyTree, { color: false }).includes('tls.ocsp failed to run: TypeError'));
});

test('hostile text cannot drive the terminal, reorder text or leak a private key', () => {
  for (const color of [false, true]) {
    const out = renderTextTree(hostileTree, { color, width: 80 }).replace(SGR, '');
    assert.ok(!CONTROL.test(out), `a control or bidi character got through (color=${color})`);
    assert.ok(out.includes('\\x1b[2J'), 'an escape is shown, visibly');
    assert.ok(out.includes('\\u202egnp.exe'), 'a bidi override is shown, visibly');
    assert.ok(!out.includes('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'), 'the key body never appears');
    assert.ok(out.includes('[private key redacted]'));
  }
});

test('property: any report text renders without throwing, within the width, with no raw control characters', () => {
  const str = fc.string({ unit: 'binary', maxLength: 120 });
  const finding = fc.record({
    id: str,
    severity: fc.constantFrom('blocker', 'high', 'medium', 'low', 'info'),
    confidence: fc.constantFrom('certain', 'likely', 'possible'),
    title: str,
    summary: str,
    evidence: fc.array(
      fc.record({
        from: fc.record({
          source: fc.constantFrom('probe', 'file', 'capture'),
          origin: str,
          line: fc.option(fc.nat(), { nil: undefined }),
          frames: fc.option(fc.array(fc.nat(), { maxLength: 12 }), { nil: undefined }),
        }),
        text: str,
      }),
      { maxLength: 3 },
    ),
    fix: fc.record({ steps: fc.array(str, { maxLength: 3 }) }),
    references: fc.option(fc.array(str, { maxLength: 3 }), { nil: undefined }),
  }) as fc.Arbitrary<Finding>;
  const cell = fc.record({ text: str });
  fc.assert(
    fc.property(
      fc.array(finding, { maxLength: 3 }),
      str,
      fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 4 }),
      fc.integer({ min: 20, max: 220 }),
      (findings, title, rows, width) => {
        const r: ReportTree = {
          report: {
            ...diagnoseReport,
            findings,
            verdict: { status: 'problems', summary: title },
            warnings: [title],
          },
          sections: [
            {
              title,
              blocks: [
                { type: 'table', columns: ['a', title], rows },
                { type: 'kv', rows: [{ key: title, value: title }] },
                { type: 'timeline', events: [{ atMs: 1.5, who: 'server', text: title }] },
              ],
            },
          ],
        };
        const out = renderTextTree(r, { color: false, width });
        assert.ok(!CONTROL.test(out));
        const w = Math.min(200, Math.max(40, width));
        for (const line of out.split('\n'))
          assert.ok(displayWidth(line) <= w, `${displayWidth(line)} > ${w}: ${JSON.stringify(line)}`);
      },
    ),
    { numRuns: 150, seed: 20261122 },
  );
});

test(
  'regression: a table with 250 000 rows (a hostile capture) renders; no argument spread overflows the stack',
  { timeout: 30_000 },
  () => {
    const rows = Array.from({ length: 250_000 }, (_, i) => [{ text: String(i) }, { text: 'reset' }]);
    const r: ReportTree = {
      report: healthyReport,
      sections: [{ title: 'Handshakes', blocks: [{ type: 'table', columns: ['#', 'Result'], rows }] }],
    };
    const out = renderTextTree(r, { color: false, width: 80 });
    assert.ok(out.includes('249999  reset'));
    // and one 300 000-character word in a narrow column
    const word: ReportTree = {
      report: healthyReport,
      sections: [
        {
          title: 'W',
          blocks: [
            {
              type: 'table',
              columns: ['a', 'b', 'c', 'd', 'e'],
              rows: [
                [{ text: 'x'.repeat(300_000) }, { text: 'y' }, { text: 'z' }, { text: 'w' }, { text: 'v' }],
              ],
            },
          ],
        },
      ],
    };
    assert.ok(renderTextTree(word, { color: false, width: 40 }).length > 300_000);
  },
);
