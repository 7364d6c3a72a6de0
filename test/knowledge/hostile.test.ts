// Hostile input: whatever is pasted gives matches or nothing — never a crash, a hang or
// quadratic time — and oversized input is refused with a stable error code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CATALOGUE,
  MAX_QUERY_CHARS,
  explain,
  explainCode,
  normalizeCode,
} from '../../src/knowledge/index.js';
import { TlsDoctorError } from '../../src/errors.js';

const WORDS = [
  'alert',
  'fatal',
  'state',
  'is',
  '40',
  '0x',
  '80090326',
  'curl:',
  '(35)',
  'error:',
  '0A000410',
  ':',
  'event',
  'id',
  '36888',
  'sslv3',
  'tlsv1',
  'handshake',
  'failure',
  'verify error:num=',
  '20',
  '-2146893018',
  'ERR_',
  'net::',
  '\n',
  '\t',
  '"',
  "'",
  '>',
  '<Data Name="AlertDesc">',
];

function assertValid(q: string): void {
  const ms = explain(q);
  assert.ok(Array.isArray(ms));
  const seen = new Set<string>();
  for (const m of ms) {
    assert.ok(CATALOGUE.includes(m.entry));
    assert.ok(['code', 'name', 'message'].includes(m.matchedBy));
    assert.ok(m.matched.length <= 120);
    assert.ok(Number.isFinite(m.score));
    assert.ok(!seen.has(m.entry.id), 'one match per entry');
    seen.add(m.entry.id);
  }
  for (let i = 1; i < ms.length; i++) assert.ok(ms[i - 1]!.score >= ms[i]!.score, 'sorted best first');
}

test('random text and random unicode: valid result, never a throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (s) => {
      assertValid(s);
      assert.ok(Array.isArray(normalizeCode(s)));
      assert.ok(Array.isArray(explainCode(s)));
    }),
    { numRuns: 400, seed: 4242 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => assertValid(s)),
    { numRuns: 200, seed: 7 },
  );
});

test('random sequences of the words the matcher looks for: valid result', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }),
      fc.constantFrom(' ', '', '  ', '\r\n'),
      (ws, sep) => assertValid(ws.join(sep)),
    ),
    { numRuns: 500, seed: 99 },
  );
});

test('adversarial 256 KiB inputs finish quickly (linear matching; 1 MiB measured ~0.35 s)', () => {
  const near = 256 * 1024;
  const inputs = [
    'alert '.repeat(near / 6),
    'a'.repeat(near),
    ':'.repeat(near),
    '0x'.repeat(near / 2),
    'state '.repeat(near / 6),
    'error:'.repeat(near / 6),
    ('curl ' + ' '.repeat(50)).repeat(near / 55),
    'The following fatal alert was received: '.repeat(near / 41),
    'sslv3 alert '.repeat(near / 12),
    '9'.repeat(near),
  ];
  for (const q of inputs) {
    const t0 = performance.now();
    assertValid(q);
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `${JSON.stringify(q.slice(0, 20))}… took ${ms.toFixed(0)} ms`);
  }
});

test('oversized input is refused with INPUT_TOO_LARGE, not processed', () => {
  assert.throws(
    () => explain('x'.repeat(MAX_QUERY_CHARS + 1)),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_TOO_LARGE' && /at most/.test(e.message),
  );
  assert.throws(
    () => explain(42 as unknown as string),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'USAGE',
  );
});

test('regression: numbers inside longer tokens are not codes', () => {
  // a GUID, an IPv4-like run, a port, a version string, a 16-digit Keywords mask
  const text =
    '{1F678132-5938-4686-9FDC-C8FF68F15C85} 127.0.0.1:36888 v36888.1 0x8000000000000000 PID 36870a build 10.0.20348';
  assert.deepEqual(explain(text), []);
});
