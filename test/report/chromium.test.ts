// The HTML page in a real browser (issue 4): headless Chromium (Debian's `chromium`) loads the
// file, we check the DOM it built and that it paints a screenshot. Each run is killed after 30 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtmlTree } from '../../src/report/html.js';
import { TREES, hostileTree } from '../fixtures/report/samples.js';

const TIMEOUT_MS = 30_000;

function findChromium(): string | undefined {
  const names = process.env.CHROMIUM ? [process.env.CHROMIUM] : ['chromium', 'chromium-browser'];
  for (const name of names) {
    const candidates = name.includes('/')
      ? [name]
      : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, name));
    for (const c of candidates) {
      try {
        accessSync(c, constants.X_OK);
        return c;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

const chromium = findChromium();
const skip = chromium
  ? false
  : 'chromium is not installed (Debian: apt-get install chromium; CI installs it)';

/** Runs chromium headless on one file; resolves with its stdout. Kills its whole process group on timeout. */
function runChromium(args: string[], file: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'tlsdoctor-chromium-'));
  const argv = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${profile}`,
    ...args,
    pathToFileURL(file).href,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(chromium!, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`chromium did not finish within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(new Error(`chromium exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(-500)}`));
    });
  });
}

/** The visible text of a serialised DOM, roughly: tags removed, entities decoded, spaces collapsed. */
function textOf(dom: string): string {
  return dom
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

test(
  'headless Chromium builds the page: verdict, findings, evidence, fix, client matrix, timeline',
  { skip, timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-html-'));
    try {
      const file = join(dir, 'diagnose.html');
      writeFileSync(file, renderHtmlTree(TREES.diagnose!));
      const dom = await runChromium(['--dump-dom'], file);
      const text = textOf(dom);
      assert.ok(
        dom.includes('<header class="verdict problems" role="banner">'),
        'the verdict banner is in the DOM',
      );
      for (const needle of [
        '3 problems — shop.test:443 speaks only TLS 1.0',
        'BLOCKER The server speaks only TLS 1.0 protocol.no-common-version',
        '/etc/nginx/sites-enabled/shop:14 — ssl_protocols TLSv1;',
        'sudo nginx -t && sudo systemctl reload nginx',
        'Chrome 120 / Windows 11 fails — — no common protocol version',
        'IE 11 / Windows 7 connects TLS 1.0 TLS_RSA_WITH_AES_128_CBC_SHA',
        '3.1 ms ◀────── Alert fatal protocol_version (70)',
        '0.6 ms ClientHello TLS 1.2, 48 suites, SNI shop.test, ALPN h2,http/1.1 ──────▶',
      ]) {
        assert.ok(text.includes(needle), `the page does not show: ${needle}`);
      }
      assert.equal(dom.match(/<article class="finding /g)?.length, 4);
      assert.equal(dom.match(/<tr>/g)!.length >= 6, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'headless Chromium paints the page: a PNG screenshot of non-trivial size',
  { skip, timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-html-'));
    try {
      const file = join(dir, 'diagnose.html');
      const png = join(dir, 'out.png');
      writeFileSync(file, renderHtmlTree(TREES.diagnose!));
      await runChromium([`--screenshot=${png}`, '--window-size=1200,1600', '--hide-scrollbars'], file);
      const bytes = readFileSync(png);
      assert.deepEqual(
        [...bytes.subarray(0, 8)],
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        'PNG signature',
      );
      assert.equal(bytes.readUInt32BE(16), 1200, 'width from IHDR');
      assert.equal(bytes.readUInt32BE(20), 1600, 'height from IHDR');
      assert.ok(
        statSync(png).size > 20_000,
        `screenshot too small to hold the page: ${statSync(png).size} bytes`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'in Chromium, hostile report text stays text: no element comes from it',
  { skip, timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-html-'));
    try {
      const file = join(dir, 'hostile.html');
      writeFileSync(file, renderHtmlTree(hostileTree));
      const dom = await runChromium(['--dump-dom'], file);
      assert.ok(!/<(script|img|iframe|b)[\s>]/i.test(dom), 'an element was created from report text');
      assert.equal(dom.match(/<style>/g)?.length, 1, "only the page's own style element");
      const text = textOf(dom);
      assert.ok(text.includes('<script>alert(1)</script>'), 'the markup is shown as text');
      assert.ok(text.includes('[private key redacted]'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
