// Terminal layout helpers: width, wrap, table fitting, sanitising.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { displayWidth, fitColumns, longestWord, padEnd, truncate, wrap } from '../../src/report/layout.js';
import { redactSecrets, safeLine, safeMultiline } from '../../src/report/sanitize.js';
import { formatAtMs, formatDuration, formatSource } from '../../src/report/style.js';

test('display width counts wide characters as two columns and combining marks as none', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('証明書'), 6);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('─✔'), 2);
  assert.equal(padEnd('証明', 6), '証明  ');
});

test('wrap breaks at spaces, keeps inner runs of spaces, splits words longer than a line', () => {
  assert.deepEqual(wrap('the quick brown fox', 10), ['the quick', 'brown fox']);
  assert.deepEqual(wrap('Certificate Hash     : 0a1b', 40), ['Certificate Hash     : 0a1b']);
  assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  assert.deepEqual(wrap('one\n\ntwo', 10), ['one', '', 'two']);
  assert.deepEqual(wrap('', 10), ['']);
  assert.deepEqual(wrap('証明書を更新', 5), ['証明', '書を', '更新']);
});

test('property: wrapped lines fit and keep every non-space character in order', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (s, w) => {
      const clean = s.replace(/[\n\t]/g, ' ');
      const lines = wrap(clean, w);
      for (const l of lines) assert.ok(displayWidth(l) <= Math.max(w, 2), `${displayWidth(l)} > ${w}`);
      assert.equal(lines.join('').replace(/ /g, ''), clean.replace(/ /g, ''));
    }),
    { numRuns: 300, seed: 4 },
  );
});

// Speed is checked by benchmarks, never by timed unit tests: this one only checks the result.
test('wrap cuts a megabyte without spaces into full-width lines', () => {
  const lines = wrap('x'.repeat(1_000_000), 100);
  assert.equal(lines.length, 10_000);
  assert.ok(lines.every((l) => l.length === 100));
});

test('fitColumns keeps natural widths when they fit and shrinks only the widest otherwise', () => {
  assert.deepEqual(fitColumns([5, 10, 3], 30), [5, 10, 3]);
  const w = fitColumns([5, 60, 40], 60);
  assert.equal(
    w.reduce((a, b) => a + b, 0),
    60,
  );
  assert.equal(w[0], 5, 'the narrow column keeps its width');
  assert.deepEqual(fitColumns([30, 30], 10), [8, 8], 'below the minimums: the minimums');
  assert.deepEqual(fitColumns([10, 50], 45, 8, [10, 12]), [10, 35], 'word minimums respected');
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 0, max: 300 }),
      (nat, avail) => {
        const out = fitColumns(nat, avail);
        const sum = out.reduce((a, b) => a + b, 0);
        const mins = nat.reduce((a, n) => a + Math.min(n, 8), 0);
        assert.ok(sum <= Math.max(avail, mins));
        out.forEach((x, i) => assert.ok(x <= nat[i]! && x >= Math.min(nat[i]!, 8)));
      },
    ),
    { numRuns: 300, seed: 9 },
  );
  assert.equal(longestWord('a bb cccc\nddd'), 4);
});

test('truncate cuts to the width with an ellipsis', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
  assert.equal(truncate('証明書', 4), '証…');
});

test('sanitising makes control characters and bidi overrides visible and redacts private keys', () => {
  assert.equal(safeLine('a\u001b[2Jb\tc\nd'), 'a\\x1b[2Jb c d');
  assert.equal(safeMultiline('a\r\nb\rc\u202ed\u0085'), 'a\nb\\x0dc\\u202ed\\x85');
  assert.equal(
    redactSecrets('x -----BEGIN EC PRIVATE KEY-----\nAAA\n-----END EC PRIVATE KEY----- y'),
    'x [private key redacted] y',
  );
  assert.equal(
    redactSecrets('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAA (truncated'),
    '[private key redacted]',
  );
  assert.equal(
    redactSecrets('-----BEGIN CERTIFICATE-----'),
    '-----BEGIN CERTIFICATE-----',
    'certificates are public',
  );
});

test('sources read the way a user looks for them', () => {
  assert.equal(formatSource({ source: 'file', origin: 'nginx.conf', line: 14 }), 'nginx.conf:14');
  assert.equal(
    formatSource({ source: 'file', origin: 'server.pfx', offset: 418 }),
    'server.pfx @ offset 418 (0x1a2)',
  );
  assert.equal(
    formatSource({ source: 'capture', origin: 't.pcapng', frames: [6, 4, 5] }),
    't.pcapng frames 4–6',
  );
  assert.equal(formatSource({ source: 'capture', origin: 't.pcapng', frames: [7] }), 't.pcapng frame 7');
  assert.equal(
    formatSource({ source: 'capture', origin: 't.pcapng', frames: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19] }),
    't.pcapng frames 1, 3, 5, 7, 9, 11, 13, 15, … (10 in all)',
  );
  assert.equal(formatSource({ source: 'probe', origin: '127.0.0.1:443' }), '127.0.0.1:443');
  assert.equal(formatDuration(0.8), '0.8 ms');
  assert.equal(formatDuration(712.4), '712 ms');
  assert.equal(formatDuration(1843.7), '1.84 s');
  assert.equal(formatDuration(125_000), '2 min 05 s');
  assert.equal(formatAtMs(3.14159), '3.1 ms');
});
