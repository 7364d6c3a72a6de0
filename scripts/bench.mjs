#!/usr/bin/env node
// Benchmark (not a test) for issues 2 and 4 — `npm run bench`.
//
//  scan:     one local nginx (TLS 1.2 + 1.3, 25 suites, ffdhe2048, server order) scanned by
//            `tlsdoctor scan`, `sslscan` and `testssl.sh` (Debian packages), runs interleaved;
//            medians of wall and CPU time, ratios, TCP connections per tool (nginx's counter), and the
//            versions/suites each tool found compared with tlsdoctor's.
//  start-up: `node -e 0` against `tlsdoctor --version`, `explain 0x80090016` and `--help`, runs
//            interleaved, median of 10 (at least), as ratios to bare Node (target: 1.5×).
//  diagnose: the demo lab (from the sources, through tsx) in this process; `tlsdoctor diagnose` as a child process per
//            scenario (wall time including Node start-up, and the report's in-process durationMs),
//            medians; a default testssl.sh run on the healthy server and a few failing ones.
//
// Usage: node scripts/bench.mjs [--runs N] [--testssl-runs N] [--quick] [--only scan|diagnose|startup|fleet]
//          [--scenarios a,b,c] [--testssl-scenarios a,b] [--no-testssl] [--rtt MS] [--client-order] [--json FILE] [--capture]
//   --runs N           runs per tlsdoctor/sslscan measurement (default 5; --quick: 1)
//   --testssl-runs N   testssl.sh runs against nginx (default 3; --quick: 1)
//   --quick            1 run each, testssl.sh on nginx and on the healthy lab server only
//   --json FILE        also write every measurement as JSON
//   --capture          afterwards run scripts/bench-capture.mjs (the capture benchmark)
//
// Loopback only: nginx and the lab listen on 127.0.0.1 and every tool is pointed there; testssl.sh
// runs with --nodns none (no DNS at all) and without --phone-out (no CRL/OCSP fetches).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  LOOPBACK,
  NGINX_CIPHERS,
  commandExists,
  countSuites,
  diffOrder,
  diffResults,
  killAll,
  median,
  parseNmapXml,
  parseSslscanXml,
  parseTestsslJson,
  parseTlsdoctorScan,
  run,
  startNginx,
} from './bench-lib.mjs';
import { startDelayProxy } from './delay-proxy.mjs';

// ---- options ----
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(`--${n}`);
const value = (n) => {
  const i = argv.indexOf(`--${n}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`--${n} needs a value`);
  return v;
};
const intValue = (n, def, min, max) => {
  const v = value(n);
  if (v === undefined) return def;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min || x > max) usage(`--${n} must be an integer ${min}..${max}`);
  return x;
};
function usage(msg) {
  process.stderr.write(
    `${msg ? `bench: ${msg}\n` : ''}usage: node scripts/bench.mjs [--runs N] [--testssl-runs N] [--quick] [--only scan|diagnose|startup|fleet] [--scenarios a,b] [--testssl-scenarios a,b] [--no-testssl] [--rtt MS] [--client-order] [--json FILE] [--capture]\n`,
  );
  process.exit(msg ? 2 : 0);
}
const KNOWN = new Set([
  'runs',
  'testssl-runs',
  'quick',
  'only',
  'scenarios',
  'testssl-scenarios',
  'no-testssl',
  'json',
  'capture',
  'help',
  'rtt',
  'client-order',
]);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (!a.startsWith('--') || !KNOWN.has(a.slice(2))) usage(`unknown argument '${a}'`);
  if (['runs', 'testssl-runs', 'only', 'scenarios', 'testssl-scenarios', 'json', 'rtt'].includes(a.slice(2)))
    i++;
}
if (flag('help')) usage('');
const QUICK = flag('quick');
const RUNS = intValue('runs', QUICK ? 1 : 5, 1, 100);
const TESTSSL_RUNS = intValue('testssl-runs', QUICK ? 1 : 3, 0, 20);
const ONLY = value('only');
if (ONLY && !['scan', 'diagnose', 'startup', 'fleet'].includes(ONLY))
  usage('--only is scan, diagnose, startup or fleet');
// --only fleet: the fleet benchmark (scripts/bench-fleet.mjs, 1,000 loopback endpoints) on its own
if (ONLY === 'fleet')
  process.exit(
    spawnSync(process.execPath, [join(resolve(import.meta.dirname), 'bench-fleet.mjs')], { stdio: 'inherit' })
      .status ?? 1,
  );
// --rtt MS: the scan comparison through a relay that adds MS of round-trip time (a WAN-like path;
// loopback has none, and this machine has no netem): sequential scanners pay it per handshake
const RTT = intValue('rtt', 0, 0, 1000);
const NO_TESTSSL = flag('no-testssl');
// --client-order: nginx with ssl_prefer_server_ciphers off (its default) instead of on
const CLIENT_ORDER = flag('client-order');
const JSON_FILE = value('json');
const SCENARIO_FILTER = value('scenarios')?.split(',').filter(Boolean);
const TESTSSL_SCENARIOS = (value('testssl-scenarios') ?? (QUICK ? 'healthy' : 'healthy,tls10-only,expired'))
  .split(',')
  .filter(Boolean);
const TESTSSL_TIMEOUT_MS = 300_000;
const TLSDOCTOR_TIMEOUT_MS = 120_000;
const TARGET = {
  // on loopback 5× sslscan; at a distance (--rtt), where round trips dominate, 10×
  scanVsSslscan: RTT > 0 ? 10 : 5,
  scanVsTestssl: 100,
  healthyMs: 250,
  // TLS 1.0-only and no-common-cipher; other failing scenarios are reported against failingMs
  quickFailMs: 300,
  failingMs: 2000,
  diagnoseVsTestssl: 50,
};
/**
 * Waits a correct diagnosis cannot skip, on top of failingMs: a silent server is confirmed by one
 * hello that waits the whole --timeout (10 s by default); the slow-handshake server answers after
 * 3 s, and the probes that gave up sooner are asked again (3 s more), beside the full handshake.
 */
const PATIENT_WAIT_MS = { silent: 10_000, 'slow-handshake': 6_000 };

const root = resolve(new URL('..', import.meta.url).pathname);
const BIN = join(root, 'bin', 'tlsdoctor.js');
const work = mkdtempSync(join(tmpdir(), 'tlsdoctor-benchmark-run-'));
// something on a shared machine may sweep /tmp while a long testssl.sh run goes on: recreate, and say so
function ensureWork() {
  if (existsSync(work)) return;
  log(`warning: ${work} disappeared (removed by another process?); recreating it`);
  mkdirSync(work, { recursive: true });
}
const log = (s) => process.stderr.write(`bench: ${s}\n`);
const out = (s = '') => process.stdout.write(`${s}\n`);

// ---- cleanup on every way out ----
const cleanups = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  killAll();
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch (e) {
      log(`cleanup: ${e?.message ?? e}`);
    }
  }
  rmSync(work, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- environment ----
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const TESTSSL = commandExists('testssl') ? 'testssl' : commandExists('testssl.sh') ? 'testssl.sh' : null;
const SSLSCAN = commandExists('sslscan') ? 'sslscan' : null;
const NMAP = commandExists('nmap') ? 'nmap' : null;

function toolVersion(cmd, args, re) {
  try {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
    const esc = String.fromCharCode(27);
    const m = re.exec(
      `${r.stdout}${r.stderr}`
        .split(esc)
        .map((p) => p.replace(/^\[[0-9;]*m/, ''))
        .join(''),
    );
    return m ? m[1] : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Times one command. With GNU time, also the CPU seconds (user+sys, children included: testssl's
 * openssl processes count) — less sensitive to a loaded machine than wall time.
 */
async function timed(cmd, args, opts = {}) {
  ensureWork();
  if (!TIME) return { ...(await run(cmd, args, opts)), cpuMs: NaN, rssMb: NaN };
  const tf = join(work, `time-${process.hrtime.bigint()}.txt`);
  // %M: the peak resident set of the command (the largest of it and its children), in KiB
  const r = await run(TIME, ['-f', '%U %S %M', '-o', tf, cmd, ...args], opts);
  let cpuMs = NaN;
  let rssMb = NaN;
  try {
    const m = /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(readFileSync(tf, 'utf8').trim());
    if (m) {
      cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
      rssMb = Number(m[3]) / 1024;
    }
    rmSync(tf, { force: true });
  } catch {
    /* killed before time wrote */
  }
  return { ...r, cpuMs, rssMb };
}

const fmtMs = (ms) =>
  Number.isFinite(ms) ? (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`) : 'n/a';
const fmtMb = (med, max) =>
  Number.isFinite(med) ? `${med.toFixed(0)}/${Number.isFinite(max) ? max.toFixed(0) : '?'} MB` : 'n/a';
const fmtX = (x) => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×` : 'n/a');
function table(rows, head) {
  const all = [head, ...rows].map((r) => r.map(String));
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(all[0]), w.map((n) => '-'.repeat(n)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** What bin/tlsdoctor.js runs (scripts/bundle.mjs: the launcher and the program) must exist. */
function builtFiles() {
  return [join(root, 'dist', 'launch.cjs'), join(root, 'dist', 'tlsdoctor.cjs')];
}

/** A module of the sources (TypeScript, through tsx): the lab and the names run in this process. */
let tsxRegistered = false;
async function importSource(rel) {
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return import(pathToFileURL(join(root, rel)).href);
}

async function ensureBuilt() {
  if (builtFiles().every((f) => existsSync(f))) return;
  log('dist/ incomplete: running npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0 || !builtFiles().every((f) => existsSync(f))) throw new Error('npm run build failed');
}

// cipher names for the diff lines (IANA via tlsdoctor's own registry, if built)
let suiteName = (c) => c;
let suiteCode = () => undefined;
async function loadNames() {
  try {
    const reg = await importSource('src/wire/registry/index.ts');
    if (Array.isArray(reg.CIPHER_SUITES)) {
      const byName = new Map(reg.CIPHER_SUITES.map((c) => [c.name, c.code]));
      suiteCode = (name) => byName.get(name);
    }
    if (typeof reg.cipherSuite === 'function') {
      suiteName = (c) => {
        const s = reg.cipherSuite(parseInt(c, 16));
        return s?.name ? `${s.name} (${c})` : c;
      };
    }
  } catch {
    /* names are cosmetic */
  }
}

// ---- 0. start-up cost: bare Node vs tlsdoctor's quick commands (what every child run pays) ----
// Interleaved (node, --version, explain, --help, node, …) so that load on a shared machine hits
// every command alike; the ratios to bare Node in the same run are what the target is about.
const STARTUP_TARGET = 1.5;
const STARTUP_COMMANDS = [
  ['--version', ['--version']],
  ['explain 0x80090016', ['explain', '0x80090016']],
  ['--help', ['--help']],
];
async function startupBench(results) {
  const runs = Math.max(RUNS, 10);
  const bare = [];
  const per = STARTUP_COMMANDS.map(() => []);
  for (let i = 0; i < runs; i++) {
    const a = await timed(process.execPath, ['-e', '0'], { timeoutMs: 60_000 });
    bare.push({ wallMs: a.ms, cpuMs: a.cpuMs });
    for (const [k, [, args]] of STARTUP_COMMANDS.entries()) {
      const b = await timed(process.execPath, [BIN, ...args], {
        cwd: root,
        timeoutMs: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      if (b.code !== 0) throw new Error(`tlsdoctor ${args.join(' ')} exited ${b.code}`);
      per[k].push({ wallMs: b.ms, cpuMs: b.cpuMs });
    }
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  const node = { wallMs: m(bare, 'wallMs'), cpuMs: m(bare, 'cpuMs') };
  results.startup = {
    runs,
    target: STARTUP_TARGET,
    nodeBare: node,
    commands: STARTUP_COMMANDS.map(([name], k) => {
      const wallMs = m(per[k], 'wallMs');
      return { command: name, wallMs, cpuMs: m(per[k], 'cpuMs'), ratio: wallMs / node.wallMs };
    }),
  };
  out(`\n== start-up (${runs} runs each, interleaved; target ≤ ${STARTUP_TARGET}× node -e 0) ==`);
  out(
    table(
      [
        ['node -e 0', fmtMs(node.wallMs), fmtMs(node.cpuMs), '1.00×', ''],
        ...results.startup.commands.map((c) => [
          `tlsdoctor ${c.command}`,
          fmtMs(c.wallMs),
          fmtMs(c.cpuMs),
          `${c.ratio.toFixed(2)}×`,
          c.ratio <= STARTUP_TARGET ? 'met' : 'MISSED',
        ]),
      ],
      ['command', 'median wall', 'median cpu', 'ratio', 'target'],
    ),
  );
}

// ---- 1. scan benchmark ----
async function scanBench(results) {
  log('scan: starting nginx');
  const ng = await startNginx({ log, serverOrder: !CLIENT_ORDER });
  cleanups.push(() => ng.stop());
  let target = `${LOOPBACK}:${ng.port}`;
  if (RTT > 0) {
    const px = await startDelayProxy(ng.port, RTT);
    cleanups.push(() => px.close());
    target = `${LOOPBACK}:${px.port}`;
    log(
      `scan: every tool goes through a relay adding ${RTT} ms of round-trip time (${target} → nginx ${ng.port})`,
    );
  }
  const res = {
    target,
    rttMs: RTT,
    nginx: {
      protocols: 'TLSv1.2 TLSv1.3',
      ciphers: NGINX_CIPHERS,
      tls13: 'OpenSSL default (3 suites)',
      dhparam: 'ffdhe2048',
      preferServerCiphers: !CLIENT_ORDER,
    },
    runs: {
      tlsdoctor: RUNS,
      sslscan: SSLSCAN ? RUNS : 0,
      nmap: NMAP ? RUNS : 0,
      testssl: TESTSSL && !NO_TESTSSL ? TESTSSL_RUNS : 0,
    },
    tlsdoctor: [],
    sslscan: [],
    nmap: [],
    testssl: [],
  };
  results.scan = res;

  const tdArgs = [BIN, 'scan', target, '--json', '-q', '--no-color'];
  const ssArgs = ['--xml=-', '--no-colour', target];
  const nmArgs = [
    '-Pn',
    '-n',
    '--script',
    'ssl-enum-ciphers',
    '-p',
    target.split(':')[1],
    LOOPBACK,
    '-oX',
    '-',
  ];
  const tsJson = join(work, 'testssl-scan.json');
  const tsArgs = [
    '--warnings',
    'off',
    '--quiet',
    '--color',
    '0',
    '--nodns',
    'none',
    '--jsonfile',
    tsJson,
    target,
  ];

  // one untimed warm-up of each fast tool (page cache, nginx workers)
  await run(process.execPath, tdArgs, { cwd: root, timeoutMs: TLSDOCTOR_TIMEOUT_MS });
  if (SSLSCAN) await run(SSLSCAN, ssArgs, { timeoutMs: TLSDOCTOR_TIMEOUT_MS });
  if (NMAP) await run(NMAP, nmArgs, { timeoutMs: TESTSSL_TIMEOUT_MS });

  // TCP connections each run opened, as nginx counted them (its status page's own request excluded)
  const counted = async (fn) => {
    const before = await ng.accepts().catch(() => NaN);
    const r = await fn();
    const after = await ng.accepts().catch(() => NaN);
    return { r, conns: after - before - 1 };
  };
  let tdRef, ssRef, nmRef, tsRef;
  const maxRuns = Math.max(res.runs.tlsdoctor, res.runs.sslscan, res.runs.testssl);
  for (let i = 0; i < maxRuns; i++) {
    // interleaved, so a change of machine load hits every tool alike
    if (i < res.runs.tlsdoctor) {
      const { r, conns } = await counted(() =>
        timed(process.execPath, tdArgs, { cwd: root, timeoutMs: TLSDOCTOR_TIMEOUT_MS }),
      );
      const m = {
        wallMs: r.ms,
        cpuMs: r.cpuMs,
        rssMb: r.rssMb,
        exit: r.code,
        timedOut: r.timedOut,
        nginxConnections: conns,
      };
      try {
        const p = parseTlsdoctorScan(r.stdout);
        m.connections = p.connections;
        m.inProcessMs = p.inProcessMs;
        m.suites = countSuites(p);
        m.versions = [...p.versions];
        if (!tdRef) tdRef = p;
        else if (diffResults(tdRef, p, 'run 1', `run ${i + 1}`).length)
          m.differsFromFirstRun = diffResults(tdRef, p, 'run 1', `run ${i + 1}`);
      } catch (e) {
        m.error = `${e.message}; stderr: ${r.stderr.trim().slice(0, 300)}`;
      }
      res.tlsdoctor.push(m);
      log(
        `scan: tlsdoctor run ${i + 1}: ${fmtMs(r.ms)} wall, ${fmtMs(r.cpuMs)} cpu, ${m.connections ?? '?'} connections${m.error ? `, ERROR ${m.error}` : ''}`,
      );
    }
    if (i < res.runs.sslscan) {
      const { r, conns } = await counted(() => timed(SSLSCAN, ssArgs, { timeoutMs: TESTSSL_TIMEOUT_MS }));
      const m = {
        wallMs: r.ms,
        cpuMs: r.cpuMs,
        rssMb: r.rssMb,
        exit: r.code,
        timedOut: r.timedOut,
        nginxConnections: conns,
      };
      try {
        const p = parseSslscanXml(r.stdout);
        m.suites = countSuites(p);
        m.versions = [...p.versions];
        if (!ssRef) ssRef = p;
      } catch (e) {
        m.error = e.message;
      }
      res.sslscan.push(m);
      log(`scan: sslscan run ${i + 1}: ${fmtMs(r.ms)} wall, ${fmtMs(r.cpuMs)} cpu`);
    }
    if (i < res.runs.nmap) {
      const { r, conns } = await counted(() => timed(NMAP, nmArgs, { timeoutMs: TESTSSL_TIMEOUT_MS }));
      const m = {
        wallMs: r.ms,
        cpuMs: r.cpuMs,
        rssMb: r.rssMb,
        exit: r.code,
        timedOut: r.timedOut,
        nginxConnections: conns,
      };
      try {
        const p = parseNmapXml(r.stdout, suiteCode);
        m.suites = countSuites(p);
        m.versions = [...p.versions];
        if (!nmRef) nmRef = p;
      } catch (e) {
        m.error = e.message;
      }
      res.nmap.push(m);
      log(`scan: nmap run ${i + 1}: ${fmtMs(r.ms)} wall, ${fmtMs(r.cpuMs)} cpu`);
    }
    if (i < res.runs.testssl) {
      rmSync(tsJson, { force: true });
      ensureWork();
      const { r, conns } = await counted(() =>
        timed(TESTSSL, tsArgs, { cwd: work, timeoutMs: TESTSSL_TIMEOUT_MS }),
      );
      const m = {
        wallMs: r.ms,
        cpuMs: r.cpuMs,
        rssMb: r.rssMb,
        exit: r.code,
        timedOut: r.timedOut,
        nginxConnections: conns,
      };
      if (r.timedOut) log(`scan: testssl.sh run ${i + 1} hit the ${TESTSSL_TIMEOUT_MS / 1000} s timeout`);
      try {
        const p = parseTestsslJson(readFileSync(tsJson, 'utf8'));
        m.suites = countSuites(p);
        m.versions = [...p.versions];
        if (!tsRef) tsRef = p;
      } catch (e) {
        m.error = e.message;
      }
      res.testssl.push(m);
      log(
        `scan: testssl.sh run ${i + 1}: ${fmtMs(r.ms)} wall, ${fmtMs(r.cpuMs)} cpu${r.timedOut ? ' (TIMEOUT)' : ''}`,
      );
    }
  }
  await ng.stop();

  const med = (xs, k) => median(xs.filter((m) => !m.timedOut && !m.error).map((m) => m[k]));
  res.median = {};
  for (const t of ['tlsdoctor', 'sslscan', 'nmap', 'testssl'])
    res.median[t] = {
      wallMs: med(res[t], 'wallMs'),
      cpuMs: med(res[t], 'cpuMs'),
      rssMb: med(res[t], 'rssMb'),
      maxRssMb: Math.max(...res[t].map((m) => m.rssMb).filter(Number.isFinite)),
      nginxConnections: med(res[t], 'nginxConnections'),
    };
  res.median.tlsdoctor.inProcessMs = med(res.tlsdoctor, 'inProcessMs');
  res.median.tlsdoctor.connections = med(res.tlsdoctor, 'connections');
  const td = res.median.tlsdoctor;
  res.ratio = {
    sslscanWall: res.median.sslscan.wallMs / td.wallMs,
    sslscanCpu: res.median.sslscan.cpuMs / td.cpuMs,
    sslscanVsInProcess: res.median.sslscan.wallMs / td.inProcessMs,
    nmapWall: res.median.nmap.wallMs / td.wallMs,
    nmapCpu: res.median.nmap.cpuMs / td.cpuMs,
    testsslWall: res.median.testssl.wallMs / td.wallMs,
    testsslCpu: res.median.testssl.cpuMs / td.cpuMs,
    testsslVsInProcess: res.median.testssl.wallMs / td.inProcessMs,
  };
  res.found = {};
  res.diff = {};
  if (tdRef) res.found.tlsdoctor = { versions: [...tdRef.versions], suites: countSuites(tdRef) };
  if (ssRef) {
    res.found.sslscan = { versions: [...ssRef.versions], suites: countSuites(ssRef) };
    res.diff.sslscan = tdRef
      ? diffResults(tdRef, ssRef, 'tlsdoctor', 'sslscan', suiteName)
      : ['(no tlsdoctor result)'];
  }
  if (nmRef) {
    res.found.nmap = { versions: [...nmRef.versions], suites: countSuites(nmRef) };
    res.diff.nmap = tdRef
      ? diffResults(tdRef, nmRef, 'tlsdoctor', 'nmap', suiteName)
      : ['(no tlsdoctor result)'];
  }
  // the order too, where the server enforces one (sslscan and nmap list the server's order then,
  // testssl.sh its cipherorder_* lists)
  res.orderDiff = {};
  if (tdRef && !CLIENT_ORDER)
    for (const [tool, ref] of [
      ['sslscan', ssRef],
      ['nmap', nmRef],
      ['testssl.sh', tsRef],
    ])
      if (ref) res.orderDiff[tool] = diffOrder(tdRef, ref, 'tlsdoctor', tool, suiteName);
  if (tsRef) {
    res.found.testssl = { versions: [...tsRef.versions], suites: countSuites(tsRef) };
    res.diff.testssl = tdRef
      ? diffResults(tdRef, tsRef, 'tlsdoctor', 'testssl.sh', suiteName)
      : ['(no tlsdoctor result)'];
  }
  res.differentRuns = res.tlsdoctor.filter((m) => m.differsFromFirstRun).length;

  out(
    `\n== scan: ${target} (nginx, TLS 1.2 + 1.3, ${NGINX_CIPHERS.length} + 3 suites configured${RTT ? `; +${RTT} ms round trip through a relay` : ''}) ==`,
  );
  const conns = (t) =>
    Number.isFinite(res.median[t].nginxConnections) ? String(res.median[t].nginxConnections) : 'n/a';
  const row = (name, t, ratio) => [
    name,
    String(res[t].length),
    fmtMs(res.median[t].wallMs),
    fmtMs(res.median[t].cpuMs),
    fmtMb(res.median[t].rssMb, res.median[t].maxRssMb),
    ratio,
    conns(t),
    res.found[t] ? `${res.found[t].versions.join(' ')}; ${res.found[t].suites} suites` : 'n/a',
  ];
  out(
    table(
      [
        [
          ...row('tlsdoctor scan', 'tlsdoctor', '1×'),
          `reports ${td.connections} connections; in-process ${fmtMs(td.inProcessMs)}`,
        ],
        [
          ...row('sslscan', 'sslscan', `${fmtX(res.ratio.sslscanWall)} (cpu ${fmtX(res.ratio.sslscanCpu)})`),
          '',
        ],
        [
          ...row(
            'nmap ssl-enum-ciphers',
            'nmap',
            `${fmtX(res.ratio.nmapWall)} (cpu ${fmtX(res.ratio.nmapCpu)})`,
          ),
          '',
        ],
        [
          ...row(
            'testssl.sh',
            'testssl',
            `${fmtX(res.ratio.testsslWall)} (cpu ${fmtX(res.ratio.testsslCpu)})`,
          ),
          res.testssl.some((m) => m.timedOut) ? 'TIMEOUT hit' : '',
        ],
      ],
      [
        'tool',
        'runs',
        'median wall',
        'median cpu',
        'peak RSS (median/max)',
        'time ÷ tlsdoctor',
        'TCP conns',
        'found',
        'notes',
      ],
    ),
  );
  const verdict = (x, want) =>
    Number.isFinite(x)
      ? x >= want
        ? `met (${fmtX(x)} ≥ ${want}×)`
        : `MISSED (${fmtX(x)} < ${want}×)`
      : 'not measured';
  out(
    `target ≥${TARGET.scanVsSslscan}× faster than sslscan (wall, incl. Node start-up): ${verdict(res.ratio.sslscanWall, TARGET.scanVsSslscan)}; vs tlsdoctor in-process time: ${fmtX(res.ratio.sslscanVsInProcess)}`,
  );
  out(
    `target ≥${TARGET.scanVsTestssl}× faster than testssl.sh (wall): ${verdict(res.ratio.testsslWall, TARGET.scanVsTestssl)}; vs tlsdoctor in-process time: ${fmtX(res.ratio.testsslVsInProcess)}`,
  );
  if (res.differentRuns)
    out(`WARNING: ${res.differentRuns} tlsdoctor run(s) found other versions/suites than run 1`);
  for (const [tool, lines] of Object.entries(res.diff)) {
    out(`versions/suites ${tool} vs tlsdoctor: ${lines.length ? '' : 'identical'}`);
    for (const l of lines) out(`  ${l}`);
  }
  for (const [tool, lines] of Object.entries(res.orderDiff)) {
    out(`server order ${tool} vs tlsdoctor: ${lines.length ? '' : 'identical'}`);
    for (const l of lines) out(`  ${l}`);
  }
}

// ---- 2. diagnose benchmark ----
async function diagnoseBench(results) {
  const { startLab } = await importSource('src/lab/index.ts');
  log('diagnose: starting the lab');
  const lab = await startLab(SCENARIO_FILTER ? { only: SCENARIO_FILTER } : {});
  cleanups.push(() => lab.stop());
  const res = { runs: RUNS, scenarios: [], testssl: [] };
  results.diagnose = res;

  const argsFor = (s) => [
    BIN,
    'diagnose',
    `https://${s.serverName}:${s.port}/`,
    '--ip',
    s.host,
    '--http-port',
    String(s.httpPort ?? 0),
    '--ca',
    lab.caFile,
    '--json',
    '-q',
    '--no-color',
  ];
  // warm-up (page cache) on the healthy one
  await run(process.execPath, argsFor(lab.scenarios[0]), { cwd: root, timeoutMs: TLSDOCTOR_TIMEOUT_MS });

  const per = new Map(lab.scenarios.map((s) => [s.id, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const s of lab.scenarios) {
      const r = await timed(process.execPath, argsFor(s), { cwd: root, timeoutMs: TLSDOCTOR_TIMEOUT_MS });
      const m = { wallMs: r.ms, cpuMs: r.cpuMs, rssMb: r.rssMb, exit: r.code, timedOut: r.timedOut };
      try {
        const rep = JSON.parse(r.stdout);
        m.inProcessMs = rep.durationMs;
        m.got = rep.findings.find((f) => f.severity !== 'info')?.id ?? null;
        m.probes = rep.probes?.length ?? 0;
      } catch (e) {
        m.error = `no JSON report (${e.message}); stderr: ${r.stderr.trim().slice(0, 300)}`;
      }
      per.get(s.id).push(m);
    }
    log(`diagnose: round ${i + 1}/${RUNS} done`);
  }
  for (const s of lab.scenarios) {
    const all = per.get(s.id);
    // a run without a JSON report (crash, timeout) is not a measurement: counted apart
    const ms = all.filter((m) => !m.error && !m.timedOut);
    const wall = median(ms.map((m) => m.wallMs));
    const limit =
      s.id === 'healthy'
        ? TARGET.healthyMs
        : s.id === 'tls10-only' || s.id === 'no-common-cipher'
          ? TARGET.quickFailMs
          : TARGET.failingMs + (PATIENT_WAIT_MS[s.id] ?? 0);
    res.scenarios.push({
      id: s.id,
      expected: s.spec.expectedRootCause,
      got: ms[0]?.got ?? null,
      rootCauseOk: ms.length > 0 && ms.every((m) => m.got === s.spec.expectedRootCause),
      medianWallMs: wall,
      medianCpuMs: median(ms.map((m) => m.cpuMs)),
      medianInProcessMs: median(ms.map((m) => m.inProcessMs)),
      maxRssMb: Math.max(...ms.map((m) => m.rssMb).filter(Number.isFinite)),
      probes: ms[0]?.probes,
      targetMs: limit,
      meetsTarget: ms.length > 0 && wall < limit,
      meetsTargetInProcess: ms.length > 0 && median(ms.map((m) => m.inProcessMs)) < limit,
      failedRuns: all.length - ms.length,
      runs: all,
    });
  }

  // testssl.sh default runs on the same targets (the name as SNI, connecting to 127.0.0.1)
  if (TESTSSL && !NO_TESTSSL) {
    for (const id of TESTSSL_SCENARIOS) {
      const s = lab.scenarios.find((x) => x.id === id);
      if (!s) continue;
      const jf = join(work, `testssl-${id}.json`);
      rmSync(jf, { force: true });
      log(`diagnose: testssl.sh on ${id} (timeout ${TESTSSL_TIMEOUT_MS / 1000} s)`);
      const r = await timed(
        TESTSSL,
        [
          '--warnings',
          'off',
          '--quiet',
          '--color',
          '0',
          '--nodns',
          'none',
          '--ip',
          LOOPBACK,
          '--jsonfile',
          jf,
          `https://${s.serverName}:${s.port}/`,
        ],
        { cwd: work, timeoutMs: TESTSSL_TIMEOUT_MS },
      );
      const row = res.scenarios.find((x) => x.id === id);
      res.testssl.push({
        id,
        wallMs: r.ms,
        cpuMs: r.cpuMs,
        rssMb: r.rssMb,
        exit: r.code,
        timedOut: r.timedOut,
        ratioWall: r.ms / row.medianWallMs,
        ratioInProcess: r.ms / row.medianInProcessMs,
      });
      log(`diagnose: testssl.sh on ${id}: ${fmtMs(r.ms)}${r.timedOut ? ' (TIMEOUT)' : ''}`);
    }
  }
  await lab.stop();

  out(`\n== diagnose: demo lab on ${LOOPBACK}, ${RUNS} run(s) per scenario, child process per run ==`);
  out(
    table(
      res.scenarios.map((r) => {
        const t = res.testssl.find((x) => x.id === r.id);
        return [
          r.id,
          fmtMs(r.medianWallMs),
          fmtMs(r.medianCpuMs),
          fmtMs(r.medianInProcessMs),
          fmtMb(r.maxRssMb, r.maxRssMb).replace(/\/.*/, ' MB'),
          `< ${fmtMs(r.targetMs)}`,
          r.meetsTarget ? 'pass' : r.meetsTargetInProcess ? 'FAIL (in-process ok)' : 'FAIL',
          `${r.rootCauseOk ? 'ok' : `WRONG: ${r.got}`}${r.failedRuns ? ` (${r.failedRuns} run(s) failed)` : ''}`,
          t ? `${fmtMs(t.wallMs)}${t.timedOut ? ' TIMEOUT' : ''}` : '',
          t ? fmtX(t.ratioWall) : '',
        ];
      }),
      [
        'scenario',
        'wall',
        'cpu',
        'in-process',
        'peak RSS (max)',
        'target',
        'wall vs target',
        'root cause',
        'testssl.sh',
        'ratio',
      ],
    ),
  );
  const pass = res.scenarios.filter((r) => r.meetsTarget).length;
  out(
    `targets (wall incl. Node start-up): ${pass}/${res.scenarios.length} scenarios met; in-process: ${res.scenarios.filter((r) => r.meetsTargetInProcess).length}/${res.scenarios.length}`,
  );
  for (const t of res.testssl)
    out(
      `testssl.sh/tlsdoctor on ${t.id}: ${fmtX(t.ratioWall)} wall (target ≥${TARGET.diagnoseVsTestssl}×: ${t.ratioWall >= TARGET.diagnoseVsTestssl ? 'met' : 'MISSED'}), ${fmtX(t.ratioInProcess)} vs in-process${t.timedOut ? ' — testssl.sh hit the 300 s timeout (ratio is a lower bound)' : ''}`,
    );
}

// ---- main ----
const results = {
  startedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadavgStart: loadavg(),
    node: process.version,
  },
  tools: {},
  options: { runs: RUNS, testsslRuns: TESTSSL_RUNS, quick: QUICK, only: ONLY ?? null, noTestssl: NO_TESTSSL },
};
let failed = false;
try {
  if (!commandExists('nginx') || !commandExists('openssl'))
    throw new Error('nginx and openssl are needed (Debian: nginx-light, openssl)');
  if (!SSLSCAN) log('sslscan not found: skipped');
  if (!TESTSSL) log('testssl.sh not found: skipped');
  await ensureBuilt();
  await loadNames();
  results.tools = {
    tlsdoctor: readJsonVersion(),
    sslscan: SSLSCAN ? toolVersion(SSLSCAN, ['--version'], /(\d+\.\d+\.\d+)/) : null,
    testssl: TESTSSL ? toolVersion(TESTSSL, ['--version'], /testssl(?:\.sh)?\s+(\d[\w.-]*)/) : null,
    nginx: toolVersion('nginx', ['-v'], /nginx\/([\d.]+)/),
    openssl: toolVersion('openssl', ['version'], /OpenSSL ([\w.]+)/),
  };
  const t0 = performance.now();
  out(
    `tlsdoctor benchmark — ${results.machine.cpus} CPU(s), load average ${results.machine.loadavgStart.map((x) => x.toFixed(2)).join(' ')}, node ${process.version}; sslscan ${results.tools.sslscan ?? '-'}, testssl.sh ${results.tools.testssl ?? '-'}, nginx ${results.tools.nginx}, OpenSSL ${results.tools.openssl}`,
  );
  await startupBench(results);
  if (ONLY !== 'diagnose' && ONLY !== 'startup') await scanBench(results);
  if (ONLY !== 'scan' && ONLY !== 'startup') await diagnoseBench(results);
  results.machine.loadavgEnd = loadavg();
  results.totalMs = performance.now() - t0;
  out(
    `\ntotal ${fmtMs(results.totalMs)}; load average at the end ${results.machine.loadavgEnd.map((x) => x.toFixed(2)).join(' ')}`,
  );
} catch (e) {
  failed = true;
  log(`failed: ${e?.code ? `${e.code}: ${e.message}` : (e?.stack ?? e)}`);
} finally {
  await cleanup();
}
if (JSON_FILE) {
  writeFileSync(
    JSON_FILE,
    `${JSON.stringify(results, (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 10) / 10 : v), 2)}\n`,
  );
  log(`results written to ${JSON_FILE}`);
}
if (!failed && flag('capture')) {
  log('running scripts/bench-capture.mjs');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench-capture.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

function readJsonVersion() {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
