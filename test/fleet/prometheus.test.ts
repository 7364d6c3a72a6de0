// Prometheus for real (Debian's `prometheus` package, scripts/install-system-deps.sh): the shipped
// examples/prometheus configuration, pointed at two `tlsdoctor serve` processes and lab servers on
// 127.0.0.1, scrapes through the hashmod shards; the test reads the series back from Prometheus'
// HTTP API. Also `promtool check config` and `promtool check rules` on the shipped files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, type Lab } from '../../src/lab/index.js';
import { freePort } from '../probe/servers.js';

const run = promisify(execFile);
const EXAMPLES = fileURLToPath(new URL('../../examples/prometheus/', import.meta.url));
const ENTRY = fileURLToPath(new URL('../cli/fixtures/cli-entry.ts', import.meta.url));
const IDS = ['healthy', 'tls10-only', 'expired', 'tls13-only'];

let lab: Lab;
let dir: string;
const children: ChildProcess[] = [];

/** a child that is killed when the test ends, whatever happens */
function child(cmd: string, args: string[]): ChildProcess {
  const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(c);
  return c;
}

/** starts `tlsdoctor serve` and resolves with its URL, from the line it prints when listening */
function serve(port: number): Promise<string> {
  const c = child(process.execPath, [
    '--import',
    'tsx',
    ENTRY,
    'serve',
    '--config',
    join(dir, 'tlsdoctor.yml'),
    '--port',
    String(port),
    '--quiet',
  ]);
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`tlsdoctor serve did not start: ${err}`)), 30_000);
    c.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    c.once('exit', (code) => reject(new Error(`tlsdoctor serve exited (${code}): ${err}`)));
  });
}

before(async () => {
  lab = await startLab({ only: IDS, holdMs: 3000 });
  dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-prometheus-'));
  cpSync(EXAMPLES, dir, { recursive: true });
});
after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('promtool accepts the shipped configuration and rules', async () => {
  const config = await run('promtool', ['check', 'config', join(EXAMPLES, 'prometheus.yml')]);
  assert.match(config.stdout + config.stderr, /SUCCESS/);
  const rules = await run('promtool', ['check', 'rules', join(EXAMPLES, 'tlsdoctor-rules.yml')]);
  assert.match(rules.stdout + rules.stderr, /SUCCESS: 4 rules found/);
});

test('Prometheus scrapes two sharded exporters: root cause of a broken server, expiry of a healthy one', async () => {
  const [p1, p2, web] = [await freePort(), await freePort(), await freePort()];
  // the shipped config with the test's ports and a short interval; everything else as shipped
  const yml = readFileSync(join(EXAMPLES, 'prometheus.yml'), 'utf8')
    .replaceAll('127.0.0.1:9219', `127.0.0.1:${p1}`)
    .replaceAll('127.0.0.1:9220', `127.0.0.1:${p2}`)
    .replace(/scrape_interval: .*/, 'scrape_interval: 2s')
    .replace(/scrape_timeout: .*/, 'scrape_timeout: 2s')
    .replace(/evaluation_interval: .*/, 'evaluation_interval: 1s');
  assert.notEqual(yml, readFileSync(join(EXAMPLES, 'prometheus.yml'), 'utf8'));
  writeFileSync(join(dir, 'prometheus.yml'), yml);
  const targets = IDS.map((id) => `127.0.0.1:${lab.get(id).port}`);
  writeFileSync(join(dir, 'targets', 'lab.yml'), `- targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`);
  await Promise.all([serve(p1), serve(p2)]);
  const prom = child('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${web}`,
    '--log.level=warn',
  ]);
  let promErr = '';
  prom.stderr!.on('data', (d: Buffer) => (promErr += d.toString()));

  const query = async (
    q: string,
  ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const r = await fetch(`http://127.0.0.1:${web}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await r.json()) as {
      status: string;
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    assert.equal(body.status, 'success');
    return body.data.result;
  };
  const until = async <T>(what: string, f: () => Promise<T | undefined>): Promise<T> => {
    const end = Date.now() + 60_000;
    for (;;) {
      try {
        const v = await f();
        if (v !== undefined) return v;
      } catch {
        // Prometheus not up yet
      }
      if (Date.now() > end || prom.exitCode !== null)
        assert.fail(`${what}: not seen within 60 s. prometheus: ${promErr.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  const broken = `127.0.0.1:${lab.get('tls10-only').port}`;
  const rc = await until('root cause of the TLS 1.0-only server', async () => {
    const r = await query(`tlsdoctor_root_cause{instance="${broken}"}`);
    return r[0];
  });
  assert.equal(rc.metric.id, 'protocol.no-common-version');
  assert.equal(rc.metric.severity, 'blocker');
  assert.match(rc.metric.job!, /^tlsdoctor-shard-[01]$/);

  const healthy = `127.0.0.1:${lab.get('healthy').port}`;
  const days = await until('expiry of the healthy server', async () => {
    const r = await query(`tlsdoctor_cert_days_left{instance="${healthy}",position="leaf"}`);
    return r[0];
  });
  assert.ok(Number(days.value[1]) > 30);

  // every target in exactly one shard, and both exporters' own metrics scraped
  const all = await until('every target scraped', async () => {
    const r = await query('count by (instance) (tlsdoctor_probe_success)');
    return r.length === targets.length ? r : undefined;
  });
  for (const r of all) assert.equal(r.value[1], '1', `${r.metric.instance} scraped by one shard only`);
  const up = await until('both exporters up', async () => {
    const r = await query('up{job="tlsdoctor-exporters"} == 1');
    return r.length === 2 ? r : undefined;
  });
  assert.equal(up.length, 2);
  const expired = `127.0.0.1:${lab.get('expired').port}`;
  const exp = await query(`tlsdoctor_cert_days_left{instance="${expired}",position="leaf"}`);
  assert.ok(exp.length === 1 && Number(exp[0]!.value[1]) < 0);
});
