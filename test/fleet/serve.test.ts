// The exporter in-process against lab servers on 127.0.0.1: the metrics of a broken and a healthy
// server, the deadline from X-Prometheus-Scrape-Timeout-Seconds, its own /metrics, and the allow
// list: 403 before any connection, link-local and metadata targets always refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startLab, type Lab } from '../../src/lab/index.js';
import { startExporter, type Exporter } from '../../src/app/serve.js';
import { parseAllow } from '../../src/fleet/allow.js';
import { defaultConfig, parseExporterConfig } from '../../src/fleet/modules.js';
import { CLIENT_PROFILES } from '../../src/probe/profiles/index.js';

let lab: Lab;
let exporter: Exporter;
let trap: net.Server;
let trapPort: number;
let trapConnections = 0;

before(async () => {
  lab = await startLab({ only: ['healthy', 'tls10-only', 'silent'], holdMs: 4000 });
  trap = net.createServer((s) => {
    trapConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
  trapPort = (trap.address() as net.AddressInfo).port;
  const config = parseExporterConfig(
    readFileSync(new URL('../../examples/prometheus/tlsdoctor.yml', import.meta.url), 'utf8'),
    'tlsdoctor.yml',
    CLIENT_PROFILES.map((p) => p.id),
  );
  // only the lab's ports (the example allows 127.0.0.0/8): the trap's port is not among them
  config.allow = lab.scenarios.map((s) => parseAllow(`127.0.0.1:${s.port}`));
  // every address of IPv6, and names under the lab's domain (resolved by the stub below)
  config.allow.push(parseAllow('[::/0]'), parseAllow('*.lab.tlsdoctor.test'));
  exporter = await startExporter({
    config,
    port: 0,
    resolve: async (host) => (host === 'evil.lab.tlsdoctor.test' ? ['169.254.169.254'] : ['127.0.0.1']),
  });
});
after(async () => {
  await exporter?.close();
  await new Promise((r) => trap?.close(r));
  await lab?.stop();
});

const get = async (
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> => {
  const r = await fetch(exporter.url + path, { headers });
  return { status: r.status, body: await r.text() };
};
const target = (id: string): string => `127.0.0.1:${lab.get(id).port}`;

test('probe: a broken server answers with its root cause as labels, and the protocols it accepts', async () => {
  const r = await get(`/probe?target=${target('tls10-only')}&module=diagnose`);
  assert.equal(r.status, 200);
  assert.match(r.body, /^# HELP tlsdoctor_probe_success /m);
  assert.match(r.body, /^tlsdoctor_probe_success 0$/m);
  assert.match(
    r.body,
    /^tlsdoctor_root_cause\{id="protocol\.no-common-version",severity="blocker",title="[^"]+"\} 1$/m,
  );
  assert.match(
    r.body,
    /^tlsdoctor_finding\{id="protocol\.no-common-version",severity="blocker",root_cause="true"\} 1$/m,
  );
  assert.match(r.body, /^tlsdoctor_protocol_accepted\{version="TLS 1\.0"\} 1$/m);
  assert.match(r.body, /^tlsdoctor_protocol_accepted\{version="TLS 1\.2"\} 0$/m);
  assert.match(r.body, /^tlsdoctor_client_fails\{profile="chrome-current"\} 1$/m);
  assert.match(r.body, /^tlsdoctor_probe_timed_out 0$/m);
});

test('probe: a healthy server by name (allowed by *.domain, resolved and pinned): expiry of the leaf and the chain', async () => {
  const s = lab.get('healthy');
  const r = await get(
    `/probe?target=${encodeURIComponent(`https://${s.serverName}:${s.port}/`)}&module=diagnose`,
  );
  assert.equal(r.status, 200);
  const days = /^tlsdoctor_cert_days_left\{position="leaf",subject="[^"]*"\} (-?\d+)$/m.exec(r.body);
  assert.ok(days && Number(days[1]) > 30, r.body);
  assert.match(r.body, /^tlsdoctor_cert_not_after_seconds\{position="chain",subject="[^"]*"\} \d{10}$/m);
  assert.match(r.body, /^tlsdoctor_protocol_accepted\{version="TLS 1\.2"\} 1$/m);
  assert.match(r.body, /^tlsdoctor_handshake_success 1$/m);
});

test('probe: the legacy-clients module counts only its client profiles', async () => {
  const r = await get(`/probe?target=${target('tls10-only')}&module=legacy-clients`);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.body, /profile="chrome-current"/);
  assert.match(r.body, /^tlsdoctor_clients_failing \d+$/m);
});

test('probe: the deadline follows X-Prometheus-Scrape-Timeout-Seconds; a silent server answers in time, from a timeout', async () => {
  const t0 = performance.now();
  const r = await get(`/probe?target=${target('silent')}&module=diagnose`, {
    'X-Prometheus-Scrape-Timeout-Seconds': '1.5',
  });
  const ms = performance.now() - t0;
  assert.equal(r.status, 200);
  assert.match(r.body, /^tlsdoctor_probe_timed_out 1$/m);
  assert.match(r.body, /^tlsdoctor_probe_success 0$/m);
  // 1.5 s less the 0.5 s offset; generous bounds for a loaded machine
  assert.ok(ms < 1400 + 2000, `answered after ${Math.round(ms)} ms`);
});

test('allow list: anything not allowed is 403 before any connection; link-local and metadata always', async () => {
  const before = trapConnections;
  for (const t of [
    `127.0.0.1:${trapPort}`,
    '169.254.169.254:80',
    '[fd00:ec2::254]:80',
    '[fe80::1]:443',
    'metadata.google.internal:80',
    'evil.lab.tlsdoctor.test:443',
    '10.0.0.1:443',
  ]) {
    const r = await get(`/probe?target=${encodeURIComponent(t)}`);
    assert.equal(r.status, 403, `${t}: ${r.body}`);
    assert.equal(r.body.trim().split('\n').length, 1);
  }
  assert.equal(trapConnections, before, 'a refused target was connected to');
  assert.equal((await get('/probe')).status, 400);
  assert.equal((await get(`/probe?target=${target('healthy')}&module=nope`)).status, 400);
  assert.equal((await get('/probe?target=not%20a%20target')).status, 400);
  const own = await get('/metrics');
  assert.match(own.body, /^tlsdoctor_exporter_refused_total\{reason="not-allowed"\} 7$/m);
  assert.match(own.body, /^tlsdoctor_exporter_probes_total\{module="diagnose",result="failure"\} \d+$/m);
  assert.match(own.body, /^tlsdoctor_exporter_probes_in_flight 0$/m);
});

test('allow entries and the config file: bad values are one line naming the file and key', () => {
  assert.deepEqual(parseAllow('10.1.0.0/16:443,8000-8100').ports, [
    [443, 443],
    [8000, 8100],
  ]);
  assert.equal(parseAllow('[2001:db8::/32]:443').net?.family, 'ipv6');
  assert.throws(() => parseAllow('10.0.0.0/33'), /prefix length/);
  assert.throws(() => parseAllow('host:99999'), /not a port/);
  const known = CLIENT_PROFILES.map((p) => p.id);
  assert.throws(() => parseExporterConfig('modules:\n  x:\n    timeout_seconds: fast\n', 'c.yml', known), {
    message: 'c.yml: modules.x.timeout_seconds: expected a number from 1 to 600',
  });
  assert.throws(() => parseExporterConfig('modules: [', 'c.yml', known), /c\.yml:\d+:\d+: not valid YAML/);
  assert.throws(
    () => parseExporterConfig('modules:\n  x:\n    clients: [netscape]\n', 'c.yml', known),
    /unknown client profile netscape/,
  );
  assert.throws(
    () => parseExporterConfig('allow: 10.0.0.0/8\n', 'c.yml', known),
    /c\.yml: allow: expected a list/,
  );
  assert.equal(defaultConfig().modules.size, 2);
});

test('probe ip=: the target is probed at that address (its name in SNI), and the address must be allowed', async () => {
  const s = lab.get('healthy');
  const name = encodeURIComponent(`https://${s.serverName}:${s.port}/`);
  const r = await get(`/probe?target=${name}&ip=127.0.0.1`);
  assert.equal(r.status, 200, r.body);
  assert.match(r.body, /^tlsdoctor_handshake_success 1$/m);
  // the name went in SNI: the lab's certificate for it, and no name mismatch
  assert.match(
    r.body,
    /^tlsdoctor_cert_days_left\{position="leaf",subject="CN=healthy\.lab\.tlsdoctor\.test[^"]*"\} \d+$/m,
  );
  assert.doesNotMatch(r.body, /id="cert\.host-mismatch"/);
  const before = trapConnections;
  for (const [t, ip, status] of [
    [name, '169.254.169.254', 403],
    [name, '[fe80::1]', 403],
    [encodeURIComponent(`trap.lab.tlsdoctor.test:${trapPort}`), '127.0.0.1', 403],
    [name, 'not-an-address', 400],
  ] as const) {
    const x = await get(`/probe?target=${t}&ip=${encodeURIComponent(ip)}`);
    assert.equal(x.status, status, `${ip}: ${x.body}`);
    assert.equal(x.body.trim().split('\n').length, 1);
  }
  assert.equal(trapConnections, before, 'a refused target was connected to');
});
