// Real pairs on 127.0.0.1 (the demo lab's servers, started here and stopped after): each diff must
// name the deciding difference first. Then the history: the same target recorded working, then
// failing; diagnose says when it last worked and what changed, `history` lists the runs and
// `diff TARGET@last-ok TARGET@last` compares them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab } from '../../src/lab/index.js';
import { diagnose } from '../../src/app/diagnose.js';
import { diffReport, loadSide } from '../../src/app/diff.js';
import { fileURLToPath } from 'node:url';
import { keepInHistory } from '../../src/app/history.js';
import { renderJson } from '../../src/report/json.js';
import { main } from '../../src/cli/main.js';
import type { DiagnoseReport, DiffReport } from '../../src/model/report.js';

const IDS = [
  'healthy',
  'tls10-only',
  'expired',
  'missing-intermediate',
  'eku-client-auth-only',
  'sni-required',
  'twin-working',
  'twin-broken',
] as const;
let lab: Lab;
const reports = new Map<string, DiagnoseReport>();
let tmp: string;

before(async () => {
  lab = await startLab({ only: [...IDS], holdMs: 5_000 });
  tmp = mkdtempSync(join(tmpdir(), 'tlsdoctor-diff-live-'));
  for (const id of IDS) {
    const s = lab.get(id);
    reports.set(
      id,
      await diagnose(`https://${s.serverName}:${s.port}/`, {
        ip: s.host,
        httpPort: 0,
        caFiles: [lab.caFile],
      }),
    );
  }
});
after(async () => {
  await lab?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const diff = (a: string, b: string): DiffReport =>
  diffReport(
    { report: reports.get(a)!, kind: 'live', input: a },
    { report: reports.get(b)!, kind: 'live', input: b },
    { startedAt: new Date().toISOString(), durationMs: 0 },
  );
const deciding = (r: DiffReport) => r.data.differences.filter((d) => d.matters)[0];

test('healthy vs TLS 1.0 only: the versions accepted decide, and every client that fails is decided by them', () => {
  const r = diff('healthy', 'tls10-only');
  assert.equal(r.data.failing, 'b');
  const d = deciding(r)!;
  assert.equal(d.facet, 'protocol.versions');
  assert.equal(d.explains, 'protocol.no-common-version');
  assert.equal(d.a, 'TLS 1.2, TLS 1.3');
  assert.equal(d.b, 'TLS 1.0');
  // the server said nothing of its software: both nginx and Apache are given
  assert.deepEqual(d.fix?.commands, [
    { platform: 'nginx', command: 'ssl_protocols TLSv1.2 TLSv1.3;' },
    { platform: 'apache', command: 'SSLProtocol -all +TLSv1.2 +TLSv1.3' },
  ]);
  assert.ok(r.data.clients.length > 0, 'clients that work on A fail on B');
  for (const c of r.data.clients) assert.equal(c.decidedBy, 'protocol.versions', c.name);
});

test('certificate swaps: expired, missing intermediate, EKU clientAuth only', () => {
  assert.deepEqual(
    ['expired', 'missing-intermediate', 'eku-client-auth-only'].map((id) => {
      const d = deciding(diff('healthy', id))!;
      return [id, d.facet, d.explains];
    }),
    [
      ['expired', 'cert.validity', 'cert.expired'],
      ['missing-intermediate', 'chain.sent', 'chain.missing-intermediate'],
      ['eku-client-auth-only', 'cert.eku', 'cert.eku-no-server-auth'],
    ],
  );
});

test('a server that gained SNI-only vhosts: the handshake without SNI first', () => {
  const d = deciding(diff('healthy', 'sni-required'))!;
  assert.equal(d.facet, 'sni.none');
  assert.equal(d.explains, 'sni.required');
  assert.match(d.b, /alert 40 handshake_failure/);
});

test('the twins: the chain sent first, then the chain built, then TLS 1.3; the names and serials decide nothing', () => {
  const r = diff('twin-working', 'twin-broken');
  assert.deepEqual(
    r.data.differences.filter((d) => d.matters).map((d) => [d.facet, d.explains ?? null]),
    [
      ['chain.sent', 'chain.missing-intermediate'],
      ['chain.trust', 'chain.missing-intermediate'],
      ['protocol.versions', null],
    ],
  );
  for (const f of ['cert.serial', 'cert.subject', 'cert.san'])
    assert.equal(r.data.differences.find((d) => d.facet === f)?.matters, false, f);
});

test('a server against itself while it fails: equivalent, yet not healthy', () => {
  const r = diff('tls10-only', 'tls10-only');
  assert.equal(r.data.equivalent, true);
  assert.equal(r.verdict.status, 'problems');
  assert.match(r.verdict.summary, /both fail alike: The server only accepts TLS 1\.0/);
});

test('a mixed pair: the healthy server live against the broken Windows bundle compares the versions accepted', async () => {
  const bundle = fileURLToPath(new URL('../fixtures/diff/windows/broken', import.meta.url));
  const b = await loadSide(bundle, {}, 'B');
  const r = diffReport({ report: reports.get('healthy')!, kind: 'live', input: 'healthy' }, b, {
    startedAt: new Date().toISOString(),
    durationMs: 0,
  });
  assert.deepEqual(r.data.compared, ['protocol']);
  const d = deciding(r)!;
  assert.equal(d.facet, 'protocol.versions');
  assert.equal(d.b, 'TLS 1.0, TLS 1.3 (SCHANNEL server, effective)');
  // B is Windows: the fix is the SCHANNEL registry, TLS 1.0 off and TLS 1.2 on
  assert.deepEqual(
    d.fix?.registry?.map((c) => `${c.key.replace(/^.*Protocols\\/, '')} ${c.name}=${String(c.value)}`),
    [
      'TLS 1.0\\Server Enabled=0',
      'TLS 1.0\\Server DisabledByDefault=1',
      'TLS 1.2\\Server Enabled=1',
      'TLS 1.2\\Server DisabledByDefault=0',
    ],
  );
});

test('two healthy servers are equivalent (their own names and serials aside)', () => {
  const r = diff('healthy', 'twin-working');
  assert.equal(r.data.equivalent, true, JSON.stringify(r.data.differences.filter((d) => d.matters)));
  assert.equal(r.verdict.status, 'healthy');
});

test('history: a target recorded working, then failing; diagnose says when it last worked; history and diff @last-ok', async () => {
  const dir = join(tmp, 'history');
  const target = 'shop.example.test:443';
  const as = (id: string, at: string): DiagnoseReport =>
    JSON.parse(renderJson({ ...reports.get(id)!, target, startedAt: at })) as DiagnoseReport;
  keepInHistory(as('healthy', '2026-11-01T08:00:00.000Z'), dir);
  const now = keepInHistory(as('tls10-only', '2026-11-02T08:00:00.000Z'), dir);
  assert.equal(now.data?.lastWorked?.at, '2026-11-01T08:00:00.000Z');
  assert.equal(now.data?.lastWorked?.differences[0]?.facet, 'protocol.versions');

  const io = (out: string[], err: string[]) => ({
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { TLSDOCTOR_HISTORY_DIR: dir },
  });
  const out: string[] = [];
  assert.equal(await main(['history', target, '--json'], io(out, [])), 0);
  const h = JSON.parse(out.join(''));
  assert.deepEqual(
    h.data.runs.map((r: { startedAt: string; verdict: { status: string } }) => [
      r.startedAt,
      r.verdict.status,
    ]),
    [
      ['2026-11-02T08:00:00.000Z', 'problems'],
      ['2026-11-01T08:00:00.000Z', 'healthy'],
    ],
  );
  const out2: string[] = [];
  assert.equal(await main(['diff', `${target}@last-ok`, `${target}@last`, '--json'], io(out2, [])), 1);
  const d = JSON.parse(out2.join(''));
  assert.equal(d.data.differences[0].facet, 'protocol.versions');
  const out3: string[] = [];
  assert.equal(await main(['diff', `${target}@2026-11-01`, `${target}@last`, '--json'], io(out3, [])), 1);

  // bad input: one line naming the file and what was expected, exit 2
  const bad = join(tmp, 'not-a-report.json');
  writeFileSync(bad, '{"hello": 1}');
  const err: string[] = [];
  assert.equal(await main(['diff', bad, bad], io([], err)), 2);
  assert.equal(err.join(''), `tlsdoctor: ${bad}: not a tlsdoctor report: expected tool.name "tlsdoctor"\n`);
  const err2: string[] = [];
  assert.equal(await main(['diff', `${target}@last-ok`, `nowhere.test:443@last`], io([], err2)), 2);
  assert.match(
    err2.join(''),
    /^tlsdoctor: nowhere\.test:443@last: no recorded run of nowhere\.test:443 matches 'last'/,
  );
  assert.equal(err2.join('').split('\n').length, 2);
});
