// `tlsdoctor explain` end to end through the CLI shell: exit codes, text, JSON Report, --file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { ExplainReport, Report } from '../../src/model/report.js';
import { SCHEMA_VERSION } from '../../src/model/report.js';
import { sectionsFor } from '../../src/report/index.js';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);
function schemaErrors(value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

interface Result {
  code: number;
  out: string;
  err: string;
}

async function cli(...argv: string[]): Promise<Result> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s), columns: 100 },
    stderr: { write: (s: string) => (err += s) },
    env: {},
  });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-explain-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a known code: exit 0, title, meaning, causes with finding ids, what to run', async () => {
  const r = await cli('explain', '0x80090326');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /SEC_E_ILLEGAL_MESSAGE/);
  assert.match(r.out, /Likely causes:/);
  assert.match(r.out, /cipher\.no-common-suite/);
  assert.match(r.out, /Run:\n\s+\$ tlsdoctor diagnose https:\/\/<host>/);
  assert.ok(!r.out.includes('\u001b['), 'no colour when not a TTY');
});

test('a negative decimal HRESULT is a code, not an option', async () => {
  const r = await cli('explain', '-2146893018');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /SEC_E_ILLEGAL_MESSAGE/);
});

test('several words are joined into one message', async () => {
  const r = await cli(
    'explain',
    'curl:',
    '(35)',
    'error:0A000410:SSL',
    'routines::sslv3',
    'alert',
    'handshake',
    'failure',
  );
  assert.equal(r.code, 0);
  const titles = r.out.split('\n').filter((l) => l && !l.startsWith(' '));
  assert.match(titles[0]!, /sslv3 alert handshake failure/);
  assert.ok(titles.some((t) => /TLS alert 40 handshake_failure/.test(t)));
});

test('inferred facts are labelled as such', async () => {
  const r = await cli('explain', 'The Windows SChannel error state is 1205.');
  assert.equal(r.code, 0);
  assert.match(r.out, /inferred — a hint from field reports, not documented/);
});

test('no match: exit 1 and a suggestion', async () => {
  const r = await cli('explain', 'the printer is on fire');
  assert.equal(r.code, 1);
  assert.match(r.out, /No match for: the printer is on fire/);
  assert.match(r.out, /Try the code exactly as printed/);
  const r2 = await cli('explain', '0x12345678');
  assert.equal(r2.code, 1);
  assert.match(r2.out, /The code 0x12345678 is not in the catalogue/);
});

test('usage errors: exit 2 (nothing to explain, unknown option, missing file)', async () => {
  const none = await cli('explain');
  assert.equal(none.code, 2);
  assert.match(none.err, /give a code or a message/);
  const bad = await cli('explain', '--bogus', '40');
  assert.equal(bad.code, 2);
  const missing = await cli('explain', '--file', join(dir, 'does-not-exist.txt'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /does-not-exist\.txt does not exist/);
  const isDir = await cli('explain', '--file', dir);
  assert.equal(isDir.code, 2);
});

test('--json follows the Report shape (command explain, data.matches; the sections are built from it)', async () => {
  const r = await cli(
    'explain',
    '--json',
    'The following fatal alert was generated: 40. The internal error state is 1205.',
  );
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out) as ExplainReport;
  assert.equal(schemaErrors(report), '');
  assert.equal(report.command, 'explain');
  assert.equal(report.schemaVersion, SCHEMA_VERSION);
  assert.ok(!('sections' in report), 'presentation is not part of the JSON contract');
  assert.equal(report.tool.name, 'tlsdoctor');
  assert.equal(report.verdict.status, 'healthy');
  assert.deepEqual(report.findings, []);
  assert.deepEqual(report.observations, []);
  assert.ok(typeof report.startedAt === 'string' && typeof report.durationMs === 'number');
  const matches = (
    report.data as { matches: Array<{ id: string; matchedBy: string; causes: Array<{ findingId: string }> }> }
  ).matches;
  assert.deepEqual(
    matches.map((m) => m.id),
    ['schannel-event.36888', 'tls-alert.handshake_failure', 'schannel-state.36888-1205'],
  );
  const sections = sectionsFor(report);
  assert.equal(sections.length, 3);
  for (const s of sections) {
    assert.ok(s.title.length > 0);
    assert.ok(s.blocks.some((b) => b.type === 'kv') && s.blocks.some((b) => b.type === 'text'));
  }
  const none = await cli('explain', '--json', 'nothing to see');
  assert.equal(none.code, 1);
  const nr = JSON.parse(none.out) as ExplainReport;
  assert.equal(schemaErrors(nr), '');
  assert.equal(nr.verdict.status, 'problems');
  assert.equal(sectionsFor(nr).length, 0);
  assert.equal(nr.warnings?.length, 1);
});

test('--file reads a saved event: UTF-16LE with BOM (PowerShell 5.1 / Event Viewer save), UTF-8 with BOM', async () => {
  const text =
    'Log Name:      System\r\nSource:        Schannel\r\nEvent ID:      36887\r\nDescription:\r\nThe following fatal alert was received: 48.\r\n';
  const u16 = join(dir, 'event-utf16.txt');
  writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const r = await cli('explain', '--json', '--file', u16);
  assert.equal(r.code, 0, r.err);
  const ids = ((JSON.parse(r.out) as Report).data as { matches: Array<{ id: string }> }).matches.map(
    (m) => m.id,
  );
  assert.deepEqual(ids.slice(0, 2), ['schannel-event.36887', 'tls-alert.unknown_ca']);
  assert.equal((JSON.parse(r.out) as Report).target, u16);

  const u8 = join(dir, 'event-utf8.txt');
  writeFileSync(u8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  const r8 = await cli('explain', '--file', u8);
  assert.equal(r8.code, 0);
  assert.match(r8.out, /SChannel event 36887/);

  const bomless = join(dir, 'event-utf16-nobom.txt');
  writeFileSync(bomless, Buffer.from(text, 'utf16le'));
  const rb = await cli('explain', '--file', bomless);
  assert.equal(rb.code, 0);
  assert.match(rb.out, /TLS alert 48 unknown_ca/);
});

test('--file refuses oversized input with exit 2 and one line', async () => {
  const big = join(dir, 'big.txt');
  writeFileSync(big, Buffer.alloc(4 * 1024 * 1024 + 1, 0x61));
  const r = await cli('explain', '--file', big);
  assert.equal(r.code, 2);
  assert.match(r.err, /^tlsdoctor: explain: .*big\.txt is \d+ bytes; at most \d+ are read/);
  assert.equal(r.err.trim().split('\n').length, 1);
});

test('--html writes a report file; --list prints the catalogue', async () => {
  const html = join(dir, 'explain.html');
  const r = await cli('explain', '--html', html, '48');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /TLS alert 48 unknown_ca/);
  assert.ok(existsSync(html));
  assert.match(readFileSync(html, 'utf8'), /unknown_ca/);
  assert.match(r.err, /HTML report written to/);
  const list = await cli('explain', '--list');
  assert.equal(list.code, 0);
  assert.match(list.out, /^tls-alert\.close_notify +TLS alert 0 close_notify$/m);
  assert.ok(list.out.split('\n').length > 150);
});
