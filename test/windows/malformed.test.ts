// Hostile and broken inputs (DESIGN convention 14): a typed error or a value with notes — never a
// crash, a hang or unbounded memory. Plus property tests over random bytes and mutated fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseWindowsInput } from '../../src/windows/index.js';
import { TlsDoctorError } from '../../src/errors.js';

const M = 'test/fixtures/windows/malformed';
const read = (f: string): Buffer => readFileSync(join(M, f));

function expectTyped(buf: Buffer, origin: string): void {
  try {
    parseWindowsInput(buf, origin);
  } catch (e) {
    assert.ok(e instanceof TlsDoctorError, `untyped error for ${origin}: ${String(e)}`);
    assert.ok(!(e as Error).message.includes('\n'), 'one line');
  }
}

test('binary junk, a screenshot and unrelated text are INPUT_FORMAT errors naming the file', () => {
  for (const f of ['binary-junk.bin', 'screenshot.png', 'unrelated.txt']) {
    assert.throws(
      () => parseWindowsInput(read(f), `malformed/${f}`),
      (e: unknown) =>
        e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT' && e.message.startsWith(`malformed/${f}:`),
      f,
    );
  }
});

test('a DTD with entities is refused before any expansion', () => {
  assert.throws(
    () => parseWindowsInput(read('billion-laughs.xml'), 'bl.xml'),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT' && /DOCTYPE/.test(e.message),
  );
});

test('truncated event XML: INPUT_FORMAT with a line number', () => {
  assert.throws(
    () => parseWindowsInput(read('truncated-events.xml'), 'ev.xml'),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT' && /line \d+/.test(e.message),
  );
});

test('a .reg file cut in the middle of a hex(7) continuation keeps what it read and says so', () => {
  const p = parseWindowsInput(read('truncated-utf16.reg'), 'cut.reg');
  assert.equal(p.kind, 'reg-export');
  assert.equal(p.encoding, 'utf-16le');
  const order = p.observations.find((o) => o.kind === 'windows.cipher-suite-order');
  assert.ok(order, 'the complete policy value before the cut is kept');
});

test('bad dword values become notes with line numbers, not crashes', () => {
  const p = parseWindowsInput(read('bad-dword.reg'), 'bad.reg');
  assert.ok(
    p.notes.some((n) => /^line 4: bad dword/.test(n)),
    p.notes.join('|'),
  );
  assert.ok(
    p.notes.some((n) => /^line 5: bad dword/.test(n)),
    p.notes.join('|'),
  );
  assert.ok(
    p.notes.some((n) => /^line 6: /.test(n)),
    p.notes.join('|'),
  );
  const t12 = p.observations.find((o) => o.kind === 'windows.schannel-protocol');
  assert.ok(t12 && 'enabledValue' in t12 && t12.enabledValue === null);
});

test('property: random bytes give a value or a typed error', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
      expectTyped(Buffer.from(bytes), 'random');
    }),
    { numRuns: 300, seed: 6 },
  );
});

const FIXTURES = [
  'netsh-sslcert/ws2019-broken.out',
  'netstat/anob-conflict.out',
  'registry/cipher-policy-hex7-utf16.reg',
  'registry/reg-query-schannel.out',
  'applicationhost/iis10-sites.config',
  'certutil-store/my-mixed.out',
  'events/wevtutil-text.out',
  'events/schannel.xml',
  'events/eventviewer-copy.out',
  'tasklist/svc.out',
  'get-tlsciphersuite/list.out',
].map((f) => readFileSync(join('test/fixtures/windows', f)));

test('property: truncations and byte flips of real fixtures give a value or a typed error', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: FIXTURES.length - 1 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      (i, cut, flips) => {
        const src = FIXTURES[i]!;
        const b = Buffer.from(src.subarray(0, Math.floor(src.length * cut)));
        for (const [pos, v] of flips) if (b.length > 0) b[pos % b.length] = v;
        expectTyped(b, `mutated-${i}`);
      },
    ),
    { numRuns: 400, seed: 66 },
  );
});

test('property: text made of Windows-looking lines in random order never throws untyped errors', () => {
  const piece = fc.constantFrom(
    '    IP:port                      : 0.0.0.0:443',
    '    Certificate Hash             : ',
    '    Application ID               : {00000000-0000-0000-0000-000000000000}',
    '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       4',
    ' [httpd.exe]',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server]',
    '"Enabled"=dword:ffffffff',
    '"EccCurves"=hex(7):63,00,\\',
    'Windows Registry Editor Version 5.00',
    '================ Certificate 0 ================',
    'Event[0]:',
    '  Event ID: 36870',
    '<Event><System><EventID>36874</EventID></System></Event>',
    'HKEY_LOCAL_MACHINE\\SOFTWARE',
    '    Functions    REG_MULTI_SZ    TLS_AES_128_GCM_SHA256\\0TLS_RSA_WITH_AES_128_CBC_SHA',
    '',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (lines) => {
      expectTyped(Buffer.from(lines.join('\r\n'), 'utf8'), 'shuffled');
    }),
    { numRuns: 400, seed: 7 },
  );
});

test('every malformed fixture is handled within a time bound', () => {
  const t0 = Date.now();
  for (const f of readdirSync(M)) expectTyped(read(f), f);
  assert.ok(Date.now() - t0 < 30_000, 'hang guard only');
});

test('regression: long blank runs and blank-line floods stay linear (no regex backtracking blow-up)', () => {
  const kinds = [
    'netsh-sslcert',
    'netstat',
    'reg-query',
    'events-text',
    'certutil-store',
    'tasklist',
    'get-nettcpconnection',
    'get-tlsciphersuite',
    'systeminfo',
    'netsh-iplisten',
    'reg-export',
  ] as const;
  // 100k-character cases: a quadratic regex would need ~10^10 steps here, a linear one a few ms
  const bodies = [
    'a' + ' '.repeat(100_000) + 'b',
    'IP:port : 0.0.0.0:443\n' + 'a' + '\t'.repeat(100_000) + ':',
    '\n'.repeat(100_000) + 'x',
    ('a :' + ' '.repeat(250)).repeat(400),
  ];
  for (const body of bodies) {
    const buf = Buffer.from(body);
    let t0 = Date.now();
    expectTyped(buf, 'detect');
    assert.ok(Date.now() - t0 < 15_000, `detect+parse took ${Date.now() - t0} ms`);
    if (body.startsWith('\n')) continue; // the blank-line flood matters for detection only
    for (const kind of kinds) {
      t0 = Date.now();
      try {
        parseWindowsInput(buf, 'x', { kind });
      } catch (e) {
        assert.ok(e instanceof TlsDoctorError);
      }
      assert.ok(Date.now() - t0 < 15_000, `${kind} took ${Date.now() - t0} ms`);
    }
  }
});
