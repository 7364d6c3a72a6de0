// The HTML page, checked as text: self-contained, one escaping helper, every part present.
// (test/report/chromium.test.ts renders it in a real browser.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { escapeHtml, renderHtml, renderHtmlTree } from '../../src/report/html.js';
import type { ReportTree } from '../../src/report/tree.js';
import { SAMPLES, TREES, diagnoseReport, hostileReport, hostileTree } from '../fixtures/report/samples.js';

// Each page twice: the report with the sections its builder makes, and the hand-made tree.
function pages(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, r] of Object.entries({ ...SAMPLES, hostile: hostileReport }))
    out.push([name, renderHtml(r)]);
  for (const [name, t] of Object.entries({ ...TREES, hostile: hostileTree }))
    out.push([`${name} (tree)`, renderHtmlTree(t)]);
  return out;
}

/** Every place a page could load something from elsewhere. */
/** a reference link the renderer makes: a navigation to a plain https URL, never a resource */
const REFERENCE_LINK = /^<a href="https:\/\/[A-Za-z0-9.-]+[A-Za-z0-9\-._~/%+:@!$,;=#]*" rel="noreferrer">$/;

function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<[a-z][^>]*>/gi)) {
    const tag = m[0];
    if (REFERENCE_LINK.test(tag)) continue;
    for (const a of tag.matchAll(
      /\s(src|href|action|formaction|poster|data|srcset|background|xlink:href)\s*=/gi,
    ))
      found.push(`${a[1]} in ${tag}`);
  }
  for (const m of html.matchAll(/url\(|@import|<link|<script|<iframe|<object|<embed|<img|<base/gi))
    found.push(m[0]);
  return found;
}

test('every page is self-contained: no script, no resource, no src/href but reference links, no url() or @import', () => {
  for (const [name, html] of pages()) {
    assert.deepEqual(externalReferences(html), [], name);
    assert.ok(html.startsWith('<!doctype html>'));
    assert.ok(
      html.includes(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`,
      ),
    );
  }
});

test('URLs in the report are escaped text; an https reference is also a link, nothing else is', () => {
  const html = renderHtmlTree(TREES.diagnose!);
  const urls = [...html.matchAll(/https?:\/\/[^\s<"']+/g)].map((m) => ({
    url: m[0],
    before: html.slice(Math.max(0, m.index! - 12), m.index),
  }));
  assert.ok(urls.length > 0, 'the sample has a reference URL');
  for (const u of urls) {
    if (/<a href="$/.test(u.before)) {
      assert.ok(u.url.startsWith('https://'), u.url);
      continue;
    }
    assert.ok(!/(=|\(|")\s*$/.test(u.before), `URL used as an attribute or resource: ${u.before}${u.url}`);
  }
  assert.ok(html.includes('<a href="https://'), 'a reference URL is a link');
  // a reference that only looks like a URL stays text
  const tricky = structuredClone(TREES.diagnose!);
  tricky.report.findings[0]!.references = ['https://x.test/"onmouseover=alert(1)', 'javascript:alert(1)'];
  const page = renderHtmlTree(tricky);
  assert.ok(!page.includes('<a href="https://x.test/'), 'a quote keeps it text');
  assert.ok(!page.includes('<a href="javascript'));
});

test('hostile text is escaped: no markup from the report survives as markup', () => {
  const html = renderHtmlTree(hostileTree);
  assert.ok(
    !/<script|<img|<iframe|<style>body|<th>|<b>bold/i.test(
      html.replace(/<style>\n:root[\s\S]*?<\/style>/, ''),
    ),
  );
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(html.includes('\\x1b[31mRED'), 'escape characters are shown visibly');
  assert.ok(html.includes('\\u202egnp.exe'), 'bidi overrides are shown visibly');
  assert.ok(!html.includes('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC') && html.includes('[private key redacted]'));
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(html));
});

test('one escaping helper: escapeHtml escapes the five characters and is the only one in the renderer', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const source = readFileSync(new URL('../../src/report/html.ts', import.meta.url), 'utf8');
  assert.equal(source.match(/&amp;/g)?.length, 1, 'the entity table appears once');
  assert.equal(source.match(/function escape/g)?.length, 1);
});

/** Every string in the report (except the closed vocabularies that pick a renderer branch) with markup appended. */
function inject(v: unknown, key = ''): unknown {
  if (typeof v === 'string')
    return ['type', 'who', 'tone', 'severity'].includes(key) ? v : `${v}<x-inj a="1">'&`;
  if (Array.isArray(v)) return v.map((x) => inject(x));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inject(x, k)]));
  return v;
}

test('every report string, in every field, is escaped (markup appended to all of them never survives)', () => {
  for (const [name, r] of Object.entries({ ...SAMPLES, hostile: hostileReport })) {
    const html = renderHtml(inject(r) as typeof r);
    assert.ok(!html.includes('<x-inj'), `${name}: a field reached the page unescaped`);
    assert.ok(html.includes('&lt;x-inj a=&quot;1&quot;&gt;&#39;&amp;'), name);
  }
  for (const [name, t] of Object.entries({ ...TREES, hostile: hostileTree })) {
    const html = renderHtmlTree(inject(t) as ReportTree);
    assert.ok(!html.includes('<x-inj'), `${name} (tree): a field reached the page unescaped`);
    assert.ok(html.includes('&lt;x-inj a=&quot;1&quot;&gt;&#39;&amp;'), name);
  }
});

test('the page has the verdict banner, one card per finding, the client matrix table and the timeline', () => {
  const html = renderHtmlTree(TREES.diagnose!);
  assert.ok(html.includes('<header class="verdict problems" role="banner">'));
  assert.ok(html.includes('<span class="label">3 problems</span> — shop.test:443 speaks only TLS 1.0'));
  assert.equal(html.match(/<article class="finding /g)?.length, diagnoseReport.findings.length);
  assert.ok(
    html.indexOf('finding blocker') < html.indexOf('finding high') &&
      html.indexOf('finding high') < html.indexOf('finding medium'),
  );
  assert.ok(
    html.includes('<pre class="cmd"><code>sudo nginx -t &amp;&amp; sudo systemctl reload nginx</code></pre>'),
  );
  assert.ok(html.includes('<h2>Client matrix</h2>'));
  assert.ok(html.includes('<td>Chrome 120 / Windows 11</td><td class="tone-bad">fails</td>'));
  assert.ok(html.includes('<table class="timeline">'));
  assert.ok(
    html.includes(
      '<td class="t mono">3.1 ms</td><td class="client"></td><td class="arrow">◀──────</td><td class="server tone-bad">Alert fatal protocol_version (70)</td>',
    ),
  );
  assert.ok(html.includes('<details class="probes"><summary>6 probes</summary>'));
  assert.ok(html.includes('IPv6 address ::1 was not probed'));
  assert.ok(renderHtml(SAMPLES.healthy!).includes('<header class="verdict healthy" role="banner">'));
  assert.ok(renderHtmlTree(TREES.healthy!).includes('<header class="verdict healthy" role="banner">'));
});

test(
  'regression: a table with 250 000 rows renders to HTML without overflowing the stack',
  { timeout: 30_000 },
  () => {
    const rows = Array.from({ length: 250_000 }, (_, i) => [{ text: String(i) }]);
    const html = renderHtmlTree({
      report: SAMPLES.healthy!,
      sections: [{ title: 'Handshakes', blocks: [{ type: 'table', columns: ['#'], rows }] }],
    });
    assert.ok(html.includes('<td>249999</td>'));
  },
);
