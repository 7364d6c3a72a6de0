// `tlsdoctor diagnose` and `tlsdoctor scan` through main() with a capturing io (the CLI's I/O seam):
// exit codes, JSON validated against the checked-in schema, HTML written, one-line errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { freePort } from '../probe/servers.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

interface Run {
  code: number;
  out: string;
  err: string;
}
async function cli(args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1' },
  });
  return { code, out, err };
}

let lab: Lab;
let dir: string;
before(async () => {
  lab = await startLab({ only: ['healthy', 'tls10-only'], holdMs: 5000 });
  dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-cli-'));
});
after(async () => {
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});
const args = (id: string): string[] => {
  const s = lab.get(id);
  return [
    `https://${s.serverName}:${s.port}/`,
    '--ip',
    s.host,
    '--http-port',
    String(s.httpPort ?? 0),
    '--ca',
    lab.caFile,
  ];
};

test('diagnose: healthy → exit 0, verdict line first, valid JSON', async () => {
  const text = await cli(['diagnose', ...args('healthy')]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out.split('\n')[0]!, /healthy/);
  const json = await cli(['diagnose', ...args('healthy'), '--json']);
  assert.equal(json.code, 0);
  const doc = JSON.parse(json.out) as { command: string; verdict: { status: string } };
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  assert.equal(doc.command, 'diagnose');
  assert.equal(doc.verdict.status, 'healthy');
});

test('diagnose: a broken server → exit 1, root cause first, fix commands, HTML report', async () => {
  const html = join(dir, 'r.html');
  const r = await cli(['diagnose', ...args('tls10-only'), '--html', html]);
  assert.equal(r.code, 1);
  assert.match(r.out, /protocol\.no-common-version/);
  assert.match(r.out, /only accepts TLS 1\.0/);
  assert.match(r.out, /SCHANNEL\\Protocols\\TLS 1\.2\\Server/);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /protocol\.no-common-version/);
  assert.match(page, /<table/);
});

test('diagnose: nothing listening → exit 3 (unreachable)', async () => {
  const port = await freePort();
  const r = await cli(['diagnose', `127.0.0.1:${port}`, '--http-port', '0']);
  assert.equal(r.code, 3);
  assert.match(r.out, /tcp\.port-closed/);
});

test('usage errors → exit 2 with one line, no stack trace', async () => {
  for (const bad of [
    ['diagnose', 'https://exa mple/'],
    ['scan', 'host:99999'],
    ['diagnose', 'ftp://x/'],
    ['scan', 'h', '--timeout', 'abc'],
    ['nosuchcommand'],
  ]) {
    const r = await cli(bad);
    assert.equal(r.code, 2, `${bad.join(' ')} → ${r.code}`);
    assert.ok(r.err.trim().length > 0);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});

test('scan: JSON with versions, suites and connection count, valid against the schema', async () => {
  const s = lab.get('tls10-only');
  const r = await cli(['scan', `${s.serverName}:${s.port}`, '--ip', s.host, '--json']);
  // a TLS 1.0-only server is judged, not called healthy: no current client gets in
  assert.equal(r.code, 1, r.err);
  const doc = JSON.parse(r.out) as {
    verdict: { status: string };
    findings: Array<{ id: string }>;
    data: { scan: { versions: Array<{ version: number; accepted: boolean }>; connections: number } };
  };
  assert.equal(doc.verdict.status, 'problems');
  assert.equal(doc.findings[0]?.id, 'protocol.no-common-version');
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  assert.deepEqual(
    doc.data.scan.versions.filter((v) => v.accepted).map((v) => v.version),
    [0x0301],
  );
  assert.ok(doc.data.scan.connections > 5);
});

test('scan: refused port → exit 3 with a one-line error', async () => {
  const port = await freePort();
  const r = await cli(['scan', `127.0.0.1:${port}`]);
  assert.equal(r.code, 3);
  assert.match(r.err, /^tlsdoctor: 127\.0\.0\.1:\d+: connection refused/);
});
