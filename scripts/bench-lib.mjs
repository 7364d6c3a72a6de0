// Helpers for scripts/bench.mjs (benchmark, not a test): timing child processes, a throw-away
// nginx on 127.0.0.1, and parsers that turn tlsdoctor / sslscan / testssl.sh output into the same
// shape ({ versions: Set<name>, suites: Map<version name, Set<0xhhhh>> }) so they can be compared.
//
// Loopback only: every target these helpers build is 127.0.0.1.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export const LOOPBACK = '127.0.0.1';

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function commandExists(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Children still running (killed by killAll on exit/SIGINT). */
const children = new Set();

export function killAll(signal = 'SIGKILL') {
  for (const c of children) {
    try {
      // each child leads its own process group (detached): kill the group (testssl forks openssl)
      process.kill(-c.pid, signal);
    } catch {
      try {
        c.kill(signal);
      } catch {
        /* gone */
      }
    }
  }
  children.clear();
}

/**
 * Runs a command, returns { code, signal, ms, stdout, stderr, timedOut }. Wall time from spawn
 * to exit (hrtime). The child leads its own process group so a timeout kills its descendants too.
 */
export function run(cmd, args, { timeoutMs = 300_000, cwd, env, input } = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    const out = [];
    const err = [];
    let timedOut = false;
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code: -1, signal: null, ms: NaN, stdout: '', stderr: String(e), timedOut: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      resolve({
        code,
        signal,
        ms,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
  });
}

export async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, LOOPBACK, r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitForPort(port, deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: LOOPBACK, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nginx did not listen on ${LOOPBACK}:${port} within ${deadlineMs} ms`);
}

/**
 * A Mozilla-"intermediate"-like TLS 1.2 list widened with the CBC, plain-RSA and CAMELLIA suites
 * older configs still carry: 22 TLS 1.2 suites usable with an RSA key, plus OpenSSL's 3 default
 * TLS 1.3 suites = 25 suites.
 */
export const NGINX_CIPHERS = [
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-RSA-AES256-SHA',
  'DHE-RSA-AES128-SHA256',
  'DHE-RSA-AES256-SHA256',
  'DHE-RSA-AES128-SHA',
  'DHE-RSA-AES256-SHA',
  'DHE-RSA-CAMELLIA128-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA256',
  'AES256-SHA256',
  'AES128-SHA',
  'AES256-SHA',
  'CAMELLIA256-SHA',
];

/** A throwaway RSA-2048 self-signed certificate made by openssl, valid 2 days (extra: more `req` options). */
export function selfSignedCert(keyFile, certFile, cn, extra = []) {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      ...extra,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/**
 * Starts nginx (Debian nginx-light) from a temp dir: RSA-2048 certificate made by openssl, ffdhe2048
 * DH parameters, TLS 1.2 + 1.3, NGINX_CIPHERS with server preference. Returns { port, dir, stop }.
 */
export async function startNginx({ log = () => undefined, serverOrder = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-bench-nginx-'));
  const q = { stdio: ['ignore', 'ignore', 'pipe'] };
  selfSignedCert(join(dir, 'key.pem'), join(dir, 'cert.pem'), 'bench.localhost', [
    '-addext',
    'subjectAltName=DNS:bench.localhost,IP:127.0.0.1',
  ]);
  execFileSync(
    'openssl',
    [
      'genpkey',
      '-genparam',
      '-algorithm',
      'DH',
      '-pkeyopt',
      'group:ffdhe2048',
      '-out',
      join(dir, 'dhparam.pem'),
    ],
    q,
  );
  const port = await freePort();
  const statusPort = await freePort();
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs'])
    execFileSync('mkdir', ['-p', join(dir, d)]);
  const conf = `# written by scripts/bench.mjs; removed when the benchmark ends
daemon off;
master_process on;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen ${LOOPBACK}:${port} ssl;
    server_name bench.localhost;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    ssl_dhparam ${dir}/dhparam.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ${NGINX_CIPHERS.join(':')};
    ssl_prefer_server_ciphers ${serverOrder ? 'on' : 'off'};
    ssl_session_cache shared:bench:1m;
    ssl_session_timeout 10m;
    location / { default_type text/plain; return 200 "bench\\n"; }
  }
  # plain-HTTP status page: its "accepts" counter tells how many TCP connections a tool opened
  server {
    listen ${LOOPBACK}:${statusPort};
    location = /status { stub_status; }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = spawn(
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs', 'error.log')],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = false;
  const exitedP = new Promise((r) =>
    child.on('exit', () => {
      exited = true;
      children.delete(child);
      r();
    }),
  );
  try {
    await Promise.race([
      waitForPort(port, 10_000),
      exitedP.then(() => {
        throw new Error(`nginx exited at start: ${stderr.trim() || readLog(dir)}`);
      }),
    ]);
  } catch (e) {
    stopNow();
    throw e;
  }
  log(`nginx ${LOOPBACK}:${port} (pid ${child.pid}, config ${dir}/nginx.conf)`);
  function stopNow() {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    port,
    dir,
    /** nginx's accepted-connections counter (this request's own connection included) */
    accepts: () => nginxAccepts(statusPort),
    async stop() {
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGQUIT');
        } catch {
          /* gone */
        }
        await Promise.race([exitedP, sleep(5000)]);
        if (!exited) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
    stopNow,
  };
}

function nginxAccepts(statusPort) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: LOOPBACK,
        port: statusPort,
        path: '/status',
        agent: false,
        headers: { connection: 'close' },
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          // "Active connections: 1 \nserver accepts handled requests\n 12 12 30 \n..."
          const m = /accepts handled requests\s+(\d+)/.exec(body);
          if (m) resolve(Number(m[1]));
          else reject(new Error(`nginx status page: unexpected body ${JSON.stringify(body.slice(0, 80))}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('nginx status page timed out')));
    req.on('error', reject);
  });
}

function readLog(dir) {
  try {
    return readFileSync(join(dir, 'logs', 'error.log'), 'utf8')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
  } catch {
    return '(no log)';
  }
}

// ---- comparable shape ----

const VERSION_NAMES = {
  0x0002: 'SSLv2',
  0x0300: 'SSLv3',
  0x0301: 'TLSv1.0',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
};
export const versionName = (v) => VERSION_NAMES[v] ?? `0x${v.toString(16)}`;
export const hex = (n) => `0x${n.toString(16).padStart(4, '0').toUpperCase()}`;

function emptyResult() {
  return { versions: new Set(), suites: new Map() };
}
function addSuite(r, version, code) {
  if (!r.suites.has(version)) r.suites.set(version, new Set());
  r.suites.get(version).add(hex(code));
}

/** tlsdoctor `scan --json`: report.data.scan is the ScanResult of src/probe/scan.ts */
export function parseTlsdoctorScan(json) {
  const report = JSON.parse(json);
  const scan = report?.data?.scan;
  if (!scan) throw new Error('tlsdoctor --json has no data.scan');
  const r = emptyResult();
  for (const v of scan.versions ?? []) if (v.accepted) r.versions.add(versionName(v.version));
  for (const s of scan.suites ?? []) for (const c of s.suites) addSuite(r, versionName(s.version), c);
  r.connections = scan.connections;
  r.inProcessMs = scan.durationMs ?? report.durationMs;
  return r;
}

/** sslscan --xml=-: <protocol type="tls" version="1.2" enabled="1"/>, <cipher sslversion="TLSv1.2" id="0xC030" .../> */
export function parseSslscanXml(xml) {
  const r = emptyResult();
  for (const m of xml.matchAll(/<protocol\s+type="(\w+)"\s+version="([\d.]+)"\s+enabled="(\d)"/g)) {
    if (m[3] !== '1') continue;
    const name = m[1] === 'ssl' ? `SSLv${m[2].replace(/\.0$/, '')}` : `TLSv${m[2]}`;
    r.versions.add(name);
  }
  for (const m of xml.matchAll(/<cipher\s+([^>]*)\/>/g)) {
    const attrs = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    if (attrs.status !== 'accepted' && attrs.status !== 'preferred') continue;
    const ver = attrs.sslversion === 'TLSv1.0' || attrs.sslversion === 'TLSv1' ? 'TLSv1.0' : attrs.sslversion;
    if (attrs.id) addSuite(r, ver, parseInt(attrs.id, 16));
  }
  return r;
}

/**
 * nmap --script ssl-enum-ciphers -oX -: the script's output text, per version "TLSv1.2:", the ciphers
 * by IANA name ("TLS_AKE_WITH_…" for TLS 1.3) in the order it lists them, and "cipher preference".
 * `codeOf` maps an IANA name to its code point.
 */
export function parseNmapXml(xml, codeOf) {
  const r = emptyResult();
  r.unmapped = [];
  r.preference = {};
  const m = /<script id="ssl-enum-ciphers" output="([^"]*)"/.exec(xml);
  if (!m) throw new Error('nmap output has no ssl-enum-ciphers result');
  const text = m[1]
    .replace(/&#xa;/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  let ver;
  for (const line of text.split('\n')) {
    const v = /^ {2}(SSLv3|TLSv1\.[0-3]):/.exec(line);
    if (v) {
      ver = v[1] === 'TLSv1.0' ? 'TLSv1.0' : v[1];
      r.versions.add(ver);
      continue;
    }
    const c = /^ {6}(TLS_\w+|SSL_\w+)\s/.exec(line);
    if (c && ver) {
      const name = c[1].replace(/^TLS_AKE_WITH_/, 'TLS_');
      const code = codeOf(name);
      if (code === undefined) r.unmapped.push(name);
      else addSuite(r, ver, code);
      continue;
    }
    const p = /^ {4}cipher preference: (\w+)/.exec(line);
    if (p && ver) r.preference[ver] = p[1];
  }
  return r;
}

/**
 * Order differences, per version, between two results whose lists are in the server's preference
 * order (the sets are compared by diffResults). Lists that hold different suites are not compared.
 */
export function diffOrder(ref, other, refName, otherName, nameOf = (c) => c) {
  const lines = [];
  for (const [v, a] of ref.suites) {
    const b = other.suites.get(v);
    if (!b || a.size !== b.size || [...a].some((c) => !b.has(c))) continue;
    const la = [...a];
    const lb = [...b];
    const i = la.findIndex((c, k) => c !== lb[k]);
    if (i >= 0)
      lines.push(
        `${v}: order differs from place ${i + 1}: ${refName} ${nameOf(la[i])}, ${otherName} ${nameOf(lb[i])}`,
      );
  }
  return lines;
}

/** OpenSSL and IANA names → code, from testssl.sh's own table (it lists suites OpenSSL lacks too). */
let testsslNames;
function testsslNameMap() {
  if (testsslNames) return testsslNames;
  testsslNames = new Map();
  for (const f of [
    '/etc/testssl/cipher-mapping.txt',
    '/usr/share/testssl/etc/cipher-mapping.txt',
    '/usr/share/testssl.sh/etc/cipher-mapping.txt',
  ]) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const m = /^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+(\S+)\s+(\S+)/i.exec(line);
      if (!m) continue;
      const code = parseInt(m[1] + m[2], 16);
      for (const n of [m[3], m[4]]) if (!testsslNames.has(n)) testsslNames.set(n, code);
    }
    break;
  }
  return testsslNames;
}

/**
 * testssl.sh --jsonfile (flat list of {id, finding}): ids SSLv2..TLS1_3 say "offered"/"not offered";
 * cipherorder_TLSv1_2 (server order) or supportedciphers_TLSv1_2 list the suites per protocol by
 * OpenSSL name; the -e list has one cipher_x<hex> entry per accepted suite (no protocol).
 */
export function parseTestsslJson(text) {
  let entries;
  try {
    entries = JSON.parse(text);
  } catch {
    // a run cut short leaves an unterminated array
    entries = JSON.parse(`${text.trim().replace(/,\s*$/, '')}\n]`);
  }
  const list = Array.isArray(entries) ? entries : flattenPretty(entries);
  const r = emptyResult();
  r.union = new Set();
  const names = testsslNameMap();
  const protoIds = {
    SSLv2: 'SSLv2',
    SSLv3: 'SSLv3',
    TLS1: 'TLSv1.0',
    TLS1_1: 'TLSv1.1',
    TLS1_2: 'TLSv1.2',
    TLS1_3: 'TLSv1.3',
  };
  r.unmapped = [];
  for (const e of list) {
    const id = e.id ?? '';
    const finding = e.finding ?? '';
    if (protoIds[id] && /^offered/.test(finding)) r.versions.add(protoIds[id]);
    const per = /^(?:cipherorder|supportedciphers)_(SSLv[23]|TLSv1(?:\.\d|_\d)?)$/.exec(id);
    if (per) {
      const v = per[1].replace('_', '.').replace(/^TLSv1$/, 'TLSv1.0');
      for (const n of finding.split(/\s+/).filter(Boolean)) {
        const code = names.get(n);
        if (code === undefined) r.unmapped.push(n);
        else addSuite(r, v, code);
      }
    }
    const one = /^cipher_x([0-9a-f]{1,4})$/i.exec(id);
    if (one) r.union.add(hex(parseInt(one[1], 16)));
  }
  r.raw = list;
  return r;
}

function flattenPretty(p) {
  const out = [];
  for (const t of p.scanResult ?? [])
    for (const [k, v] of Object.entries(t))
      if (Array.isArray(v)) out.push(...v.map((e) => ({ ...e, section: k })));
  return out;
}

/** Differences of `other` against `ref` (tlsdoctor): lines like "TLSv1.2: only sslscan: 0xC030". */
export function diffResults(ref, other, refName, otherName, nameOf = (c) => c) {
  const lines = [];
  const onlyA = [...ref.versions].filter((v) => !other.versions.has(v));
  const onlyB = [...other.versions].filter((v) => !ref.versions.has(v));
  if (onlyA.length) lines.push(`versions only ${refName}: ${onlyA.join(', ')}`);
  if (onlyB.length) lines.push(`versions only ${otherName}: ${onlyB.join(', ')}`);
  const vers = new Set([...ref.suites.keys(), ...other.suites.keys()]);
  for (const v of [...vers].sort()) {
    const a = ref.suites.get(v) ?? new Set();
    const b = other.suites.get(v) ?? new Set();
    const oa = [...a].filter((c) => !b.has(c));
    const ob = [...b].filter((c) => !a.has(c));
    if (oa.length) lines.push(`${v}: only ${refName}: ${oa.map(nameOf).join(', ')}`);
    if (ob.length) lines.push(`${v}: only ${otherName}: ${ob.map(nameOf).join(', ')}`);
  }
  if (other.union) {
    // the tool's version-less list (testssl.sh -e) against the union of ours
    const all = new Set([...ref.suites.values()].flatMap((x) => [...x]));
    const oa = [...all].filter((c) => !other.union.has(c));
    const ob = [...other.union].filter((c) => !all.has(c));
    if (oa.length)
      lines.push(
        `any version: only ${refName}: ${oa.map(nameOf).join(', ')} (not in ${otherName}'s per-suite list)`,
      );
    if (ob.length)
      lines.push(`any version: only ${otherName}'s per-suite list: ${ob.map(nameOf).join(', ')}`);
  }
  if (other.unmapped?.length)
    lines.push(`${otherName} names not in its mapping table: ${other.unmapped.join(', ')}`);
  return lines;
}

export function countSuites(r) {
  let n = 0;
  for (const s of r.suites.values()) n += s.size;
  return n;
}

export function fileExists(p) {
  return existsSync(p);
}
