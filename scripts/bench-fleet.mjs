#!/usr/bin/env node
// Benchmark (not a test) of `tlsdoctor fleet`: N loopback endpoints (default 1,000), each on its own
// 127.x.y.z address so the per-address cap does not serialise them, served by a child process:
// healthy sites and broken ones (TLS 1.0 only, TLS 1.3 only, expired, untrusted root, wrong name),
// 10 % silent after the ClientHello and 10 % resetting it. The CLI (dist/, as a user runs it) runs
// `fleet` over the list as a child process under /usr/bin/time: wall time and peak RSS. Then every
// target is diagnosed once more on its own through the library API, and each verdict (status and
// root cause) must equal the fleet's for that target.
//
// Usage: npm run build && node scripts/bench-fleet.mjs [--endpoints N] [--concurrency N] [--json FILE]
//   --endpoints N     endpoints to start (default 1000; multiples of 10 keep the mix exact)
//   --concurrency N   the fleet's --concurrency (default 16, the fleet's own default)
//   --waiting N       the fleet's --waiting (default: the fleet's own)
//   --timeout MS      the fleet's --timeout, and the single diagnoses' (default: the fleet's own)
//   --ref-concurrency N  single diagnoses run side by side for the check (default 8)
// The fleet runs with NODE_DEBUG=tlsdoctor-fleet: its line per attempt (queued, running, quiet ms)
// gives where the time went per kind of endpoint, and its line for the run the CPU time, the event
// loop's busy share and the peak targets working and waiting.
// Targets: wall < 60 s and peak RSS < 300 MB for 1,000 endpoints on this machine.
// Loopback only: every server listens on 127.0.0.0/8 and every probe goes there.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import net from 'node:net';
import tls from 'node:tls';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < (name === 'waiting' ? 0 : 1)) {
    process.stderr.write(`bench-fleet: --${name} takes a whole number\n`);
    process.exit(2);
  }
  return v;
};

/** the mix, per 10 endpoints */
const MIX = [
  'healthy',
  'healthy',
  'healthy',
  'tls10-only',
  'tls13-only',
  'expired',
  'untrusted-root',
  'host-mismatch',
  'silent',
  'reset',
];

/** 127.1.0.1, 127.1.0.2, … : distinct loopback addresses (Linux routes all of 127.0.0.0/8 to lo) */
const addressOf = (i) => `127.1.${(i + 1) >> 8}.${(i + 1) & 255}`;

// ---- the servers (child process: `bench-fleet.mjs --servers N`) ----
async function servers(n) {
  const { register } = await import('tsx/esm/api');
  register();
  const { labPki } = await import(pathToFileURL(join(root, 'src/lab/pki.ts')).href);
  const pki = await labPki();
  const contexts = new Map();
  const optionsFor = async (kind) => {
    const leaf = await pki.leaf(kind);
    const issuer = kind === 'untrusted-root' ? pki.untrustedRoot : pki.intermediate;
    const base = { key: leaf.keyPem, cert: leaf.certPem + issuer.certPem };
    if (kind === 'tls10-only')
      return { ...base, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' };
    if (kind === 'tls13-only') return { ...base, minVersion: 'TLSv1.3' };
    return base;
  };
  const held = new Set();
  const endpoints = [];
  for (let i = 0; i < n; i++) {
    const kind = MIX[i % MIX.length];
    const address = addressOf(i);
    let server;
    if (kind === 'silent') {
      server = net.createServer((s) => {
        held.add(s);
        s.on('error', () => {});
        s.on('close', () => held.delete(s));
        s.setTimeout(30_000, () => s.destroy());
      });
    } else if (kind === 'reset') {
      server = net.createServer((s) => {
        s.on('error', () => {});
        s.once('data', () => s.resetAndDestroy());
      });
    } else {
      if (!contexts.has(kind)) contexts.set(kind, await optionsFor(kind));
      server = tls.createServer(contexts.get(kind), (s) =>
        s.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'),
      );
      server.on('tlsClientError', () => {});
    }
    server.on('error', (e) => {
      process.stderr.write(`bench-fleet servers: ${address}: ${e.message}\n`);
      process.exit(1);
    });
    await new Promise((r) => server.listen(0, address, r));
    const serverName =
      kind === 'silent' || kind === 'reset' ? 'healthy.lab.tlsdoctor.test' : `${kind}.lab.tlsdoctor.test`;
    endpoints.push({ kind, address, port: server.address().port, serverName });
  }
  process.stdout.write(JSON.stringify({ caPem: pki.root.certPem, endpoints }) + '\n');
  // stop with the parent (stdin closes), and in any case after 30 minutes
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  setTimeout(() => process.exit(0), 30 * 60_000).unref();
}

// ---- the benchmark ----
function startServers(n) {
  const child = spawn(process.execPath, [import.meta.filename, '--servers', String(n)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveStart({ child, ...JSON.parse(out.slice(0, nl)) });
    });
    child.once('exit', (code) => reject(new Error(`the servers exited (${code})`)));
  });
}

/** CPU seconds (user + system) a process used so far: /proc/PID/stat fields 14 and 15, in clock ticks (proc(5)) */
function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // after "pid (comm) ", field 14 (utime) is at index 11 and field 15 (stime) at 12
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Math.round((ticks / CLOCK_TICKS) * 10) / 10;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** the fleet's default --timeout, as `tlsdoctor fleet --help` gives it */
function fleetDefaultTimeout() {
  const help = execFileSync(process.execPath, [join(root, 'bin/tlsdoctor.js'), 'fleet', '--help'], {
    encoding: 'utf8',
  });
  const m = /--timeout <ms>[^]*?\(default:\s+(\d+)\)/.exec(help);
  if (!m) throw new Error('no --timeout default in tlsdoctor fleet --help');
  return Number(m[1]);
}

function run(cmd, args, env = process.env) {
  return new Promise((done) => {
    // a run that hangs is stopped after 10 minutes (and fails the benchmark: no report)
    execFile(
      cmd,
      args,
      { maxBuffer: 256 * 1024 * 1024, env, timeout: 10 * 60_000 },
      (error, stdout, stderr) => done({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function bench() {
  const n = opt('endpoints', 1000);
  const concurrency = opt('concurrency', 16);
  const refConcurrency = opt('ref-concurrency', 8);
  const waiting = opt('waiting', undefined);
  const timeout = opt('timeout', undefined);
  const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  const jsonIdx = argv.indexOf('--json');
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-bench-fleet-'));
  const t0 = performance.now();
  const { child, caPem, endpoints } = await startServers(n);
  try {
    const startMs = Math.round(performance.now() - t0);
    const ca = join(dir, 'lab-root.pem');
    writeFileSync(ca, caPem);
    const list = join(dir, 'targets.txt');
    const targetOf = (e) => `https://${e.serverName}:${e.port}/`;
    writeFileSync(list, endpoints.map((e) => `${targetOf(e)} --ip ${e.address}`).join('\n') + '\n');
    const jsonl = join(dir, 'fleet.jsonl');
    const fleetArgs = [
      'fleet',
      list,
      '--ca',
      ca,
      '--http-port',
      '0',
      '--concurrency',
      String(concurrency),
      ...(waiting !== undefined ? ['--waiting', String(waiting)] : []),
      ...(timeout !== undefined ? ['--timeout', String(timeout)] : []),
      '--jsonl',
      jsonl,
      '--json',
    ];
    process.stderr.write(
      `bench-fleet: ${n} endpoints up in ${startMs} ms; running tlsdoctor ${fleetArgs.join(' ')}\n`,
    );
    const serversCpu0 = cpuSecondsOf(child.pid);
    const w0 = performance.now();
    const r = await run(
      '/usr/bin/time',
      [
        '-f',
        'maxrss_kb=%M cpu_user_s=%U cpu_sys_s=%S',
        process.execPath,
        join(root, 'bin/tlsdoctor.js'),
        ...fleetArgs,
      ],
      { ...process.env, NODE_DEBUG: 'tlsdoctor-fleet' },
    );
    const wallMs = Math.round(performance.now() - w0);
    const loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);
    const debugLines = r.stderr.split('\n').filter((l) => l.startsWith('TLSDOCTOR-FLEET'));
    const m = /maxrss_kb=(\d+) cpu_user_s=([\d.]+) cpu_sys_s=([\d.]+)/.exec(r.stderr);
    if (!m) throw new Error(`no figures from /usr/bin/time: ${r.stderr.slice(-500)}`);
    const report = JSON.parse(r.stdout);
    const serversCpuS = Math.round((cpuSecondsOf(child.pid) - serversCpu0) * 10) / 10;
    const results = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

    // where the time went, per kind of endpoint: the fleet's line per attempt
    const kindOf = new Map(endpoints.map((e) => [`${targetOf(e)} --ip ${e.address}`, e.kind]));
    const timing = {};
    for (const l of debugLines) {
      const a = / \d+: (.*) attempt (\d+): queued (\d+) ms, running (\d+) ms, quiet (\d+) ms$/.exec(l);
      if (!a) continue;
      const k = (timing[kindOf.get(a[1]) ?? 'other'] ??= { attempts: 0, queuedS: 0, runningS: 0, quietS: 0 });
      k.attempts++;
      k.queuedS += Number(a[3]) / 1000;
      k.runningS += Number(a[4]) / 1000;
      k.quietS += Number(a[5]) / 1000;
    }
    for (const k of Object.values(timing))
      for (const f of ['queuedS', 'runningS', 'quietS']) k[f] = Math.round(k[f] * 10) / 10;
    const runLine = debugLines.find((l) => / run: /.test(l))?.replace(/^.* run: /, '');
    // when the last target of each kind was done, s from the first start: the silent ones' two
    // attempts of --timeout each make the tail of the run
    const firstStart = Math.min(...results.map((x) => Date.parse(x.startedAt)));
    const doneAtS = {};
    for (const x of results) {
      const kind = kindOf.get(`${x.target} --ip ${x.ip}`) ?? 'other';
      const at = (Date.parse(x.startedAt) + x.durationMs - firstStart) / 1000;
      doneAtS[kind] = Math.max(doneAtS[kind] ?? 0, Math.round(at * 10) / 10);
    }

    // every target once more, on its own, through the library API, with the fleet's options
    const { diagnose } = await import(pathToFileURL(join(root, 'dist/api.mjs')).href);
    // the fleet's --timeout default (src/cli/options.ts timeoutOption) unless one was given
    const refTimeout = timeout ?? fleetDefaultTimeout();
    const byKey = new Map(results.map((x) => [x.key, x]));
    const mismatches = [];
    let next = 0;
    const c0 = performance.now();
    await Promise.all(
      Array.from({ length: refConcurrency }, async () => {
        while (next < endpoints.length) {
          const e = endpoints[next++];
          const single = await diagnose(targetOf(e), {
            ip: e.address,
            caFiles: [ca],
            httpPort: 0,
            timeoutMs: refTimeout,
          });
          const root = single.findings.find((f) => f.severity !== 'info')?.id ?? null;
          const got = byKey.get(`${targetOf(e)}||${e.address}`);
          if (!got || got.status !== single.verdict.status || (got.rootCause?.id ?? null) !== root)
            mismatches.push({
              kind: e.kind,
              target: targetOf(e),
              fleet: got ? `${got.status} ${got.rootCause?.id ?? ''}` : 'missing',
              single: `${single.verdict.status} ${root ?? ''}`,
            });
        }
      }),
    );
    const checkMs = Math.round(performance.now() - c0);
    const kinds = {};
    for (const e of endpoints) {
      const got = byKey.get(`${targetOf(e)}||${e.address}`);
      const k = (kinds[e.kind] ??= {});
      const v = got ? `${got.status}${got.rootCause ? ` ${got.rootCause.id}` : ''}` : 'missing';
      k[v] = (k[v] ?? 0) + 1;
    }
    const figures = {
      endpoints: n,
      concurrency,
      waiting: waiting ?? 'default',
      timeoutMs: refTimeout,
      wallMs,
      peakRssMb: Math.round(Number(m[1]) / 1024),
      cpuS: Math.round((Number(m[2]) + Number(m[3])) * 10) / 10,
      serversCpuS,
      exit: r.code,
      done: report.data.done,
      byStatus: report.data.byStatus,
      retried: results.filter((x) => x.attempts > 1).length,
      run: runLine,
      timing,
      doneAtS,
      verdictsChecked: endpoints.length,
      mismatches: mismatches.length,
      checkMs,
      kinds,
      machine: { cpus: cpus().length, loadBefore, loadAfter },
      targets: { wallMs: 60_000, peakRssMb: 300 },
    };
    process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
    if (mismatches.length)
      process.stderr.write(
        `bench-fleet: verdicts differ:\n${mismatches
          .slice(0, 20)
          .map((x) => JSON.stringify(x))
          .join('\n')}\n`,
      );
    if (jsonIdx >= 0 && argv[jsonIdx + 1])
      writeFileSync(argv[jsonIdx + 1], JSON.stringify({ ...figures, mismatchList: mismatches }, null, 2));
    const ok =
      mismatches.length === 0 && report.data.done === n && wallMs < 60_000 && Number(m[1]) / 1024 < 300;
    process.stderr.write(
      `bench-fleet: ${ok ? 'within targets' : 'NOT within targets'}: ${n} endpoints in ${(wallMs / 1000).toFixed(1)} s, peak RSS ${figures.peakRssMb} MB, ${mismatches.length} verdict(s) differ from a single diagnose\n`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.stdin.end();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (argv[0] === '--servers') await servers(Number(argv[1]));
else await bench();
