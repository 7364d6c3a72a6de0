// `tlsdoctor fleet` end to end through main(): lab servers on 127.0.0.1 (healthy, broken, silent,
// resetting, a closed port), JSON Lines as results come in, --resume, the summary, the JSON report
// against the checked-in schema, and one-line errors for bad lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { freePort } from '../probe/servers.js';
import type { FleetReport, FleetTargetResult } from '../../src/model/report.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

async function cli(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1' },
    ...(stdin !== undefined
      ? {
          stdin: (async function* () {
            yield Buffer.from(stdin);
          })(),
        }
      : {}),
  });
  return { code, out, err };
}

let lab: Lab;
let dir: string;
let closedPort: number;
const IDS = ['healthy', 'tls10-only', 'expired', 'silent', 'reset'];
before(async () => {
  lab = await startLab({ only: IDS, holdMs: 3000 });
  dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-fleet-'));
  closedPort = await freePort();
});
after(async () => {
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const line = (id: string): string => {
  const s = lab.get(id);
  return `https://${s.serverName}:${s.port}/ --ip ${s.host}`;
};
const common = (): string[] => [
  '--ca',
  lab.caFile,
  '--http-port',
  '0',
  '--timeout',
  '1500',
  '--concurrency',
  '4',
];

test('fleet: every target gets its verdict; causes worst first; JSON Lines as they come; valid JSON', async () => {
  const list = join(dir, 'targets.txt');
  writeFileSync(list, ['# lab servers', ...IDS.map(line), `127.0.0.1:${closedPort}`, ''].join('\n'));
  const jsonl = join(dir, 'out.jsonl');
  const html = join(dir, 'fleet.html');
  const r = await cli([
    'fleet',
    list,
    ...common(),
    '--jsonl',
    jsonl,
    '--json',
    '--html',
    html,
    '--warn-days',
    '30',
  ]);
  assert.equal(r.code, 1, r.err);
  const doc = JSON.parse(r.out) as FleetReport;
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  const d = doc.data;
  assert.equal(d.input.targets, 6);
  assert.equal(d.done, 6);
  const by = new Map(d.results.map((x) => [x.target.replace(/ .*/, ''), x]));
  const of = (id: string): FleetTargetResult => d.results.find((x) => x.target.includes(`${id}.lab`))!;
  assert.equal(of('healthy').status, 'healthy');
  assert.equal(of('tls10-only').rootCause?.id, 'protocol.no-common-version');
  assert.deepEqual(of('tls10-only').protocols, ['TLS 1.0']);
  assert.equal(of('expired').rootCause?.id, 'cert.expired');
  assert.ok(of('expired').expiry!.find((e) => e.position === 'leaf')!.daysLeft < 0);
  assert.ok(of('healthy').expiry!.find((e) => e.position === 'leaf')!.daysLeft > 30);
  // silence is retried once, a reset is not
  assert.equal(of('silent').timedOut, true);
  assert.equal(of('silent').attempts, 2);
  assert.equal(of('reset').attempts, 1);
  assert.equal(by.get(`127.0.0.1:${closedPort}`)?.status, 'unreachable');
  // worst first: blockers before anything else
  assert.equal(d.causes[0]!.severity, 'blocker');
  assert.ok(d.causes.some((c) => c.id === 'handshake.no-server-hello' && c.count === 2));
  assert.ok(d.expiring.some((e) => e.target.includes('expired.lab') && e.daysLeft < 0));
  assert.ok(d.clients.length > 0 && d.clients[0]!.targets >= 2);
  // the JSON Lines file: one whole result per target
  const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
  assert.equal(lines.length, 6);
  assert.deepEqual(
    new Set(lines.map((l) => (JSON.parse(l) as FleetTargetResult).key)),
    new Set(d.results.map((x) => x.key)),
  );
  // the HTML page links each failing target to its own report
  const page = readFileSync(html, 'utf8');
  assert.match(page, /<a href="fleet-reports\/\d{5}-[^"]+\.html">/);
  const pages = readdirSync(join(dir, 'fleet-reports'));
  assert.equal(pages.length, 6);
  assert.match(readFileSync(join(dir, 'fleet-reports', pages[0]!), 'utf8'), /<!doctype html>/);
});

test('fleet --resume: targets already in the JSON Lines file are not diagnosed again; a cut last line is dropped', async () => {
  const list = join(dir, 'resume.txt');
  writeFileSync(list, ['healthy', 'tls10-only'].map(line).join('\n'));
  const jsonl = join(dir, 'resume.jsonl');
  const first = await cli(['fleet', list, ...common(), '--jsonl', jsonl, '--json']);
  assert.equal(first.code, 1, first.err);
  const kept = readFileSync(jsonl, 'utf8').split('\n')[0]!;
  // as after Ctrl-C in the middle of a write: one whole line, then half of the next
  writeFileSync(jsonl, kept + '\n' + '{"target":"half');
  const second = await cli(['fleet', list, ...common(), '--jsonl', jsonl, '--resume', '--json']);
  const doc = JSON.parse(second.out) as FleetReport;
  assert.equal(doc.data.resumed, 1);
  assert.equal(doc.data.done, 1);
  assert.equal(doc.data.results.length, 2);
  const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  for (const l of lines) JSON.parse(l);
});

test('fleet: CSV from stdin, text summary', async () => {
  const s = lab.get('tls10-only');
  const h = lab.get('healthy');
  const csv = `target,sni,ip,platform,tags\nhttps://${s.serverName}:${s.port}/,,127.0.0.1,iis,prod;eu\n${h.serverName}:${h.port},,127.0.0.1,nginx,\n`;
  const r = await cli(['fleet', '-', ...common()], csv);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /1 of 2 targets fail; first cause: protocol\.no-common-version/);
  assert.match(r.out, /Root causes/);
  assert.match(r.out, /protocol\.no-common-version/);
});

test('fleet: bad lists are one line naming the file and line, exit 2', async () => {
  const bad = join(dir, 'bad.txt');
  writeFileSync(bad, 'healthy.example:443\nnot a target at all\n');
  const r = await cli(['fleet', bad]);
  assert.equal(r.code, 2);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /bad\.txt:2: more than one target on a line/);
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'target,colour\nexample.test,red\n');
  const c = await cli(['fleet', csv]);
  assert.equal(c.code, 2);
  assert.match(c.err, /bad\.csv:1: unknown column "colour"/);
  const missing = await cli(['fleet', join(dir, 'nope.txt')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.txt: no such file/);
  const noJsonl = await cli(['fleet', bad, '--resume']);
  assert.equal(noJsonl.code, 2);
  assert.match(noJsonl.err, /--resume needs --jsonl/);
  assert.equal(existsSync(join(dir, 'nope.txt')), false);
});

test('fleet: Ctrl-C leaves whole JSON lines, and --resume finishes the run', async () => {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const entry = fileURLToPath(new URL('../cli/fixtures/cli-entry.ts', import.meta.url));
  const list = join(dir, 'interrupt.txt');
  const ids = ['healthy', 'tls10-only', 'expired', 'reset'];
  writeFileSync(list, ids.map(line).join('\n') + '\n');
  const jsonl = join(dir, 'interrupt.jsonl');
  const args = ['fleet', list, ...common(), '--concurrency', '1', '--jsonl', jsonl, '--quiet'];
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const end = Date.now() + 60_000;
    while (!(existsSync(jsonl) && readFileSync(jsonl, 'utf8').includes('\n'))) {
      if (Date.now() > end) assert.fail('no result line within 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const code = await exited;
    const text = readFileSync(jsonl, 'utf8');
    assert.ok(text.endsWith('\n'), 'the file ends with a whole line');
    const done = text.trim().split('\n');
    for (const l of done) JSON.parse(l);
    if (done.length < ids.length) assert.equal(code, 130);
    const resumed = await cli([...args.filter((a) => a !== '--quiet'), '--resume', '--json']);
    const doc = JSON.parse(resumed.out) as FleetReport;
    assert.equal(doc.data.resumed, done.length);
    assert.equal(doc.data.results.length, ids.length);
    assert.equal(readFileSync(jsonl, 'utf8').trim().split('\n').length, ids.length);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
