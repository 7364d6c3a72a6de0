#!/usr/bin/env node
// Benchmark (not a test): `tlsdoctor capture` against tshark's hello filter on a capture made here
// from real loopback TLS traffic: many connections with bulk data, and a mix of failing handshakes
// (~2% of each kind: no common version, no common suite, client rejects the chain, plain-text
// answer, reset after the hello, silent server). Each capture is measured as recorded (64 KiB
// loopback segments) and resegmented to a 1500-byte-MTU path (MSS 1448), at two sizes: the
// recording, and the same recording written twice in a row (the copy's sequence numbers and times
// shifted, so it is new connections on the reused 4-tuples) — cost per connection and per packet
// should stay the same. Last, a SYN-only flood (--syn-flood N connections, generated) shows that
// memory stays bounded by live connections. Prints medians, ratios and peak RSS (GNU time -v).
//
// Usage: node scripts/bench-capture.mjs [--connections 15000] [--mb 300] [--runs 3] [--mss 1448 | --mss 0]
//                                       [--syn-flood 1500000 | --syn-flood 0] [--keep] [--no-tshark]
//                                       [--dir DIR]
// (--no-tshark measures tlsdoctor alone, for profiling; --keep leaves the recording in the temp dir;
// --dir DIR keeps every capture made in DIR and reuses those already there: the recording, its
// rewrites and the flood are made once, then each run only measures)
// Needs: dumpcap + tshark (Debian: tshark), openssl, /usr/bin/time; run as a user allowed to capture on lo.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { selfSignedCert } from './bench-lib.mjs';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const TOTAL_MB = opt('mb', 300);
const CONNECTIONS = opt('connections', 15000);
const RUNS = opt('runs', 3);
const SYN_FLOOD = opt('syn-flood', 1500000);
const KEEP = args.includes('--keep');
/** measure tlsdoctor alone (for profiling; the ratios need tshark) */
const NO_TSHARK = args.includes('--no-tshark');
const root = resolve(new URL('..', import.meta.url).pathname);
const dirArg = args.indexOf('--dir');
/** --dir: captures kept and reused there */
const REUSE = dirArg >= 0;
const dir = REUSE ? resolve(args[dirArg + 1]) : mkdtempSync(join(tmpdir(), 'tlsdoctor-bench-'));
if (REUSE) mkdirSync(dir, { recursive: true });
/** removes a generated capture unless captures are kept for reuse */
const drop = (path) => {
  if (!REUSE) rmSync(path, { force: true });
};
const file = join(dir, 'bench.pcapng');
const LOOPBACK = '127.0.0.1';

for (const tool of ['dumpcap', 'tshark', 'openssl', '/usr/bin/time']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench-capture: ${tool} is needed`);
    process.exit(2);
  }
}

/** records the benchmark capture from real loopback TLS traffic into `file` */
async function record() {
  selfSignedCert(join(dir, 'k.pem'), join(dir, 'c.pem'), 'localhost');
  const key = readFileSync(join(dir, 'k.pem'));
  const cert = readFileSync(join(dir, 'c.pem'));
  // the throwaway server key is not left on disk, even when the captures are kept (--dir)
  rmSync(join(dir, 'k.pem'), { force: true });
  const FAIL_KINDS = ['version', 'suite', 'untrusted', 'plain', 'reset', 'silent'];
  const perKind = Math.max(2, Math.round(CONNECTIONS * 0.02));
  const bulkCount = Math.max(1, CONNECTIONS - perKind * FAIL_KINDS.length);
  const perConn = Math.ceil((TOTAL_MB * 1024 * 1024) / bulkCount);
  const chunk = Buffer.alloc(256 * 1024, 0x61);

  // bulk: answers each request with perConn bytes; strict: TLS 1.2 with one suite only; plain: an HTTP
  // server on a TLS client's port; reset: RST after the ClientHello; silent: accepts and never answers
  const bulk = tls.createServer({ key, cert }, (s) => {
    s.on('error', () => undefined);
    let left = perConn;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!s.write(chunk.subarray(0, n))) return void s.once('drain', pump);
      }
      s.end();
    };
    s.once('data', pump);
  });
  const strict = tls.createServer(
    { key, cert, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
    (s) => s.end(),
  );
  const plain = net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
  const reset = net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => s.resetAndDestroy());
  });
  const silentSockets = new Set();
  const silent = net.createServer((s) => {
    s.on('error', () => undefined);
    silentSockets.add(s);
    s.on('close', () => silentSockets.delete(s));
  });
  const servers = { bulk, strict, plain, reset, silent };
  for (const s of [bulk, strict]) s.on('tlsClientError', () => undefined);
  for (const s of Object.values(servers)) s.listen(0, LOOPBACK);
  await Promise.all(Object.values(servers).map((s) => once(s, 'listening')));
  const port = Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.address().port]));

  const cap = spawn(
    'dumpcap',
    [
      '-q',
      '-B',
      '512',
      '-i',
      'lo',
      '-f',
      Object.values(port)
        .map((p) => `tcp port ${p}`)
        .join(' or '),
      '-w',
      file,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let capErr = '';
  await new Promise((res, rej) => {
    cap.stderr.on('data', (d) => {
      capErr += d;
      if (capErr.includes('Capturing on')) res();
    });
    cap.on('exit', (c) => rej(new Error(`dumpcap exited ${c}: ${capErr}`)));
  });
  await new Promise((r) => setTimeout(r, 1200));

  function client(p, options, giveUpMs = 5000) {
    return new Promise((res) => {
      const s = tls.connect({ host: LOOPBACK, port: p, rejectUnauthorized: false, ...options });
      const t = setTimeout(() => s.destroy(), giveUpMs);
      s.on('secureConnect', () => s.write('GET /bulk HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      s.on('data', () => undefined);
      s.on('error', () => undefined);
      s.on('close', () => {
        clearTimeout(t);
        res();
      });
    });
  }
  const FAIL = {
    version: () =>
      client(port.strict, { maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    suite: () => client(port.strict, { maxVersion: 'TLSv1.2', ciphers: 'AES256-SHA' }),
    untrusted: () => client(port.bulk, { rejectUnauthorized: true, servername: 'localhost' }),
    plain: () => client(port.plain, {}),
    reset: () => client(port.reset, {}),
    silent: () => client(port.silent, {}, 200),
  };
  const t0 = Date.now();
  // the failures spread among the successes, in a fixed order
  const jobs = [];
  for (let i = 0; i < bulkCount; i++) jobs.push(() => client(port.bulk, {}));
  for (let k = 0; k < perKind; k++)
    for (const [j, kind] of FAIL_KINDS.entries())
      jobs.splice(
        Math.floor(((k * FAIL_KINDS.length + j + 1) * jobs.length) / (perKind * FAIL_KINDS.length + 1)),
        0,
        FAIL[kind],
      );
  let next = 0;
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  await new Promise((r) => setTimeout(r, 500));
  cap.removeAllListeners('exit');
  cap.kill('SIGINT');
  await once(cap, 'exit');
  for (const s of silentSockets) s.destroy();
  for (const s of Object.values(servers)) s.close();
  console.log(
    `capture: ${file}, ${(statSync(file).size / 1048576).toFixed(1)} MiB, ${jobs.length} connections: ${bulkCount} with ${(perConn / 1024).toFixed(0)} KiB of data each, ${perKind} of each failure (${FAIL_KINDS.join(', ')}), made in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
if (REUSE && existsSync(file))
  console.log(`capture: ${file} (reused), ${(statSync(file).size / 1048576).toFixed(1)} MiB`);
else await record();

/** runs a command under GNU time; returns wall and cpu seconds and peak RSS in MiB */
function timed(cmd, cmdArgs) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...cmdArgs], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  if (!wall || !rss) throw new Error(`could not time ${cmd}: ${r.stderr.slice(-500)}`);
  const secs = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return {
    secs,
    cpu: Number(user?.[1] ?? 0) + Number(sys?.[1] ?? 0),
    rssMiB: Number(rss[1]) / 1024,
    status: r.status,
    stdout: r.stdout,
  };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// bundled JavaScript, as an installed tlsdoctor runs (the compiled modules in .bench/dist — tsc
// emits them even when unrelated files have type errors — rewrite the captures); BENCH_TSX=1 runs
// the TypeScript sources through tsx instead
const runner = join(dir, 'run-capture.mjs');
let mainPath = join(root, 'src/cli/main.ts');
if (process.env.BENCH_TSX !== '1') {
  spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(root, 'tsconfig.build.json'),
      '--outDir',
      join(root, '.bench/dist'),
    ],
    { cwd: root, stdio: 'ignore' },
  );
  if (existsSync(join(root, '.bench/dist/cli/main.js'))) mainPath = join(root, '.bench/dist/cli/main.js');
  // and the program as `npm run build` makes it for bin/tlsdoctor.js (scripts/bundle.mjs: one
  // CommonJS script; loaded here without the launcher's code cache, so start-up is the cold one)
  if (!existsSync(join(root, 'dist/tlsdoctor.cjs')))
    spawnSync(process.execPath, [join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'ignore' });
  if (existsSync(join(root, 'dist/tlsdoctor.cjs'))) mainPath = join(root, 'dist/tlsdoctor.cjs');
  else
    console.error('bench-capture: no bundle (npm run build failed); timing the unbundled compiled modules');
}
const useTsx = mainPath.endsWith('.ts');
// the built command as users run it (bin/tlsdoctor.js: the launcher, with the code cache a first,
// untimed run leaves) when the bundle is there
const viaCli = mainPath.endsWith('tlsdoctor.cjs');
const flavour = useTsx ? 'tsx, from source' : viaCli ? 'bin/tlsdoctor.js, code cache warm' : 'compiled';
/** one timed capture run of tlsdoctor; stdout: {"code":…,"out":…} */
function timedOurs(capture) {
  if (!viaCli)
    return timed(process.execPath, [...(useTsx ? ['--import', 'tsx'] : []), runner, capture, reportFile]);
  return timed('sh', [
    '-c',
    `"$0" bin/tlsdoctor.js capture "$1" --json --no-chain-check > "$2"; echo "{\\"code\\":$?,\\"out\\":$(wc -c < "$2")}"`,
    process.execPath,
    capture,
    reportFile,
  ]);
}
let warmedUp = !viaCli;
execFileSync('sh', [
  '-c',
  `cat > ${runner} <<'EOF'
const program = await import(${JSON.stringify(mainPath)});
const main = program.main ?? program.default.main;
const { openSync, writeSync, closeSync } = await import('node:fs');
const fd = openSync(process.argv[3], 'w');
let out = 0;
const code = await main(['capture', process.argv[2], '--json', '--no-chain-check'], { stdout: { write: (s) => { out += s.length; writeSync(fd, s); } }, stderr: { write: (s) => process.stderr.write(s) }, env: {} });
closeSync(fd);
process.stdout.write(JSON.stringify({ code, out }) + '\\n');
EOF`,
]);

const reportFile = join(dir, 'report.json');
/** what the last report said: packets, connections, handshakes ok/failed, findings */
function reportCounts() {
  try {
    const j = JSON.parse(readFileSync(reportFile, 'utf8'));
    const sum = j.observations.find((o) => o.kind === 'capture.summary');
    return {
      packets: sum.packets,
      connections: sum.tcpConnections,
      tls: sum.tlsConnections,
      ok: j.data.ok,
      failed: j.data.failed,
      unfinished: j.data.unfinished,
      findings: j.findings.map((f) => f.id),
      reportBytes: statSync(reportFile).size,
    };
  } catch (e) {
    return { reportError: String(e) };
  }
}

function measure(label, path) {
  const size = statSync(path).size;
  const ours = [];
  const theirs = [];
  const oursCpu = [];
  const theirsCpu = [];
  let oursRss = 0;
  let theirsRss = 0;
  let oursResult = '';
  let tsharkLines = 0;
  const loadBefore = loadavg();
  for (let i = 0; i < RUNS; i++) {
    if (!warmedUp) {
      timedOurs(path);
      warmedUp = true;
    }
    const a = timedOurs(path);
    ours.push(a.secs);
    oursCpu.push(a.cpu);
    oursRss = Math.max(oursRss, a.rssMiB);
    oursResult = a.stdout.trim();
    if (NO_TSHARK) continue;
    const b = timed('tshark', [
      '-r',
      path,
      '-Y',
      'tls.handshake.type==1 || tls.handshake.type==2',
      '-T',
      'fields',
      '-e',
      'tcp.stream',
      '-e',
      'tls.handshake.type',
    ]);
    theirs.push(b.secs);
    theirsCpu.push(b.cpu);
    theirsRss = Math.max(theirsRss, b.rssMiB);
    tsharkLines = b.stdout.split('\n').filter(Boolean).length;
  }
  const mo = median(ours);
  const mt = NO_TSHARK ? NaN : median(theirs);
  const co = median(oursCpu);
  const ct = NO_TSHARK ? NaN : median(theirsCpu);
  const mib = size / 1048576;
  const loadAfter = loadavg();
  const la = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\n== ${label}: ${path} (${mib.toFixed(1)} MiB)`);
  console.log(`load average (1, 5, 15 min): before ${la(loadBefore)}, after ${la(loadAfter)}`);
  console.log(
    `tlsdoctor capture (${flavour}): wall ${ours.map((x) => x.toFixed(2)).join(', ')} s (median ${mo.toFixed(2)}); cpu median ${co.toFixed(2)} s; peak RSS ${oursRss.toFixed(0)} MiB; result ${oursResult}`,
  );
  console.log(
    `tshark -Y hello -T fields:  wall ${theirs.map((x) => x.toFixed(2)).join(', ')} s (median ${mt.toFixed(2)}); cpu median ${ct.toFixed(2)} s; peak RSS ${theirsRss.toFixed(0)} MiB; ${tsharkLines} hello lines`,
  );
  console.log(
    `ratio (tshark / tlsdoctor): wall ${(mt / mo).toFixed(1)}x, cpu ${(ct / co).toFixed(1)}x; throughput ${(mib / mo).toFixed(0)} vs ${(mib / mt).toFixed(0)} MiB/s`,
  );
  const res = { ...JSON.parse(oursResult || '{}'), ...reportCounts() };
  return {
    label,
    mib,
    wall: mo,
    cpu: co,
    rss: oursRss,
    ...(NO_TSHARK ? {} : { tsharkWall: mt, tsharkCpu: ct, tsharkRss: theirsRss }),
    loadBefore: la(loadBefore),
    loadAfter: la(loadAfter),
    ...res,
  };
}

/**
 * Rewrites a capture as classic pcap (Ethernet). `mss` > 0: every TCP segment longer than mss is
 * split into mss-sized segments (sequence numbers, IP lengths adjusted), as a 1500-byte-MTU path
 * would carry it — loopback's 64 KiB segments make a capture with few, huge packets. `copies` > 1:
 * the traffic is written that many times in a row, each copy's times shifted past the previous one
 * and its sequence numbers moved, so each copy is new connections on the same 4-tuples.
 */
async function rewrite(input, output, mss, copies = 1) {
  const distDir = useTsx ? null : join(root, '.bench/dist');
  if (!distDir) throw new Error('rewriting needs the compiled modules (unset BENCH_TSX)');
  const { readCaptureFile } = await import(join(distDir, 'capture/formats/index.js'));
  const { decodeFrame, newSegment } = await import(join(distDir, 'capture/decode.js'));
  const fd = openSync(output, 'w');
  const buf = Buffer.alloc(8 << 20);
  let len = 0;
  const flush = () => {
    writeSync(fd, buf, 0, len);
    len = 0;
  };
  const put = (b) => {
    if (len + b.length > buf.length) flush();
    b.copy(buf, len);
    len += b.length;
  };
  const fh = Buffer.alloc(24);
  fh.writeUInt32LE(0xa1b2c3d4, 0);
  fh.writeUInt16LE(2, 4);
  fh.writeUInt16LE(4, 6);
  fh.writeUInt32LE(262144, 16);
  fh.writeUInt32LE(1, 20);
  put(fh);
  const seg = newSegment();
  let shiftSec = 0;
  const rec = (p, data) => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(p.tsSec + shiftSec, 0);
    h.writeUInt32LE(Math.floor(p.tsNs / 1000), 4);
    h.writeUInt32LE(data.length, 8);
    h.writeUInt32LE(data.length, 12);
    put(h);
    put(data);
  };
  const ip4 = (s) => Buffer.from(s.split('.').map(Number));
  let packets = 0;
  let span = 0;
  for (let copy = 0; copy < copies; copy++) {
    const seqShift = copy * 0x01000000;
    let first = -1;
    await readCaptureFile(input, (p) => {
      if (first < 0) first = p.tsSec;
      if (copy === 0) span = Math.max(span, p.tsSec - first);
      const r = decodeFrame(p.linkType, p.data, seg);
      if (
        r.status !== 'tcp' ||
        seg.ipVersion !== 4 ||
        p.linkType !== 1 ||
        (copy === 0 && (mss === 0 || seg.payload.length <= mss))
      ) {
        rec(p, p.data);
        packets++;
        return;
      }
      const step = mss > 0 ? mss : Math.max(1, seg.payload.length);
      for (let off = 0; off === 0 || off < seg.payload.length; off += step) {
        const part = seg.payload.subarray(off, off + step);
        const f = Buffer.alloc(14 + 20 + 20 + part.length);
        f.writeUInt16BE(0x0800, 12);
        f.writeUInt8(0x45, 14);
        f.writeUInt16BE(40 + part.length, 16);
        f.writeUInt16BE(0x4000, 20);
        f.writeUInt8(seg.ttl, 22);
        f.writeUInt8(6, 23);
        ip4(seg.src).copy(f, 26);
        ip4(seg.dst).copy(f, 30);
        f.writeUInt16BE(seg.srcPort, 34);
        f.writeUInt16BE(seg.dstPort, 36);
        f.writeUInt32BE((seg.seq + off + seqShift) >>> 0, 38);
        f.writeUInt32BE((seg.flags & 0x10 ? seg.ack + seqShift : 0) >>> 0, 42);
        const last = off + step >= seg.payload.length;
        f.writeUInt16BE((5 << 12) | (seg.flags & (last ? 0x1ff : ~0x09 & 0x1ff)), 46);
        f.writeUInt16BE(seg.window, 48);
        part.copy(f, 54);
        rec(p, f);
        packets++;
      }
    });
    shiftSec += span + 2;
  }
  flush();
  closeSync(fd);
  return packets;
}

/**
 * A SYN flood: n connections of one unanswered SYN each, 127.0.0.1 to 127.0.0.1, every one on its
 * own 4-tuple (source port 1024–65535, then the next destination port from 443 up), 1 µs apart —
 * what a busy server's capture or a flood holds. Classic pcap, raw IPv4 link type.
 */
function synFlood(output, n) {
  const fd = openSync(output, 'w');
  const fh = Buffer.alloc(24);
  fh.writeUInt32LE(0xa1b2c3d4, 0);
  fh.writeUInt16LE(2, 4);
  fh.writeUInt16LE(4, 6);
  fh.writeUInt32LE(65535, 16);
  fh.writeUInt32LE(228, 20);
  writeSync(fd, fh);
  const rec = Buffer.alloc(16 + 40);
  const batch = Buffer.alloc(rec.length * 4096);
  let b = 0;
  for (let i = 0; i < n; i++) {
    rec.fill(0);
    rec.writeUInt32LE(1700000000 + Math.floor(i / 1e6), 0);
    rec.writeUInt32LE(i % 1e6, 4);
    rec.writeUInt32LE(40, 8);
    rec.writeUInt32LE(40, 12);
    const ip = 16;
    rec.writeUInt8(0x45, ip);
    rec.writeUInt16BE(40, ip + 2);
    rec.writeUInt16BE(i & 0xffff, ip + 4);
    rec.writeUInt8(64, ip + 8);
    rec.writeUInt8(6, ip + 9);
    rec.writeUInt32BE(0x7f000001, ip + 12);
    rec.writeUInt32BE(0x7f000001, ip + 16);
    rec.writeUInt16BE(1024 + (i % 64512), ip + 20);
    rec.writeUInt16BE(443 + Math.floor(i / 64512), ip + 22);
    rec.writeUInt32BE((i * 2654435761) >>> 0, ip + 24);
    rec.writeUInt16BE((5 << 12) | 0x02, ip + 32);
    rec.writeUInt16BE(64240, ip + 34);
    rec.copy(batch, b);
    b += rec.length;
    if (b === batch.length) {
      writeSync(fd, batch, 0, b);
      b = 0;
    }
  }
  writeSync(fd, batch, 0, b);
  closeSync(fd);
}

const results = [];
results.push(measure('size 1, as recorded (64 KiB loopback segments)', file));
const MSS = opt('mss', 1448);
const twice = join(dir, 'bench-x2.pcap');
const n2 = REUSE && existsSync(twice) ? 'reused' : await rewrite(file, twice, 0, 2);
console.log(`\nsize 2: the recording twice in a row: ${n2 === 'reused' ? 'reused' : `${n2} packets`}`);
results.push(measure('size 2, as recorded', twice));
if (MSS > 0) {
  const small = join(dir, 'bench-mss.pcap');
  const n = REUSE && existsSync(small) ? 'reused' : await rewrite(file, small, MSS, 1);
  console.log(`\nsize 1 resegmented to MSS ${MSS}: ${n === 'reused' ? 'reused' : `${n} packets`}`);
  results.push(measure(`size 1 at MSS ${MSS}`, small));
  drop(twice);
  const small2 = join(dir, 'bench-mss-x2.pcap');
  const n3 = REUSE && existsSync(small2) ? 'reused' : await rewrite(file, small2, MSS, 2);
  console.log(`\nsize 2 resegmented to MSS ${MSS}: ${n3 === 'reused' ? 'reused' : `${n3} packets`}`);
  results.push(measure(`size 2 at MSS ${MSS}`, small2));
  drop(small);
  drop(small2);
}
if (SYN_FLOOD > 0) {
  const flood = join(dir, 'syn-flood.pcap');
  if (!(REUSE && existsSync(flood) && statSync(flood).size === 24 + 56 * SYN_FLOOD))
    synFlood(flood, SYN_FLOOD);
  const a = timedOurs(flood);
  const c = reportCounts();
  console.log(
    `\n== SYN flood: ${SYN_FLOOD} SYN-only connections, ${(statSync(flood).size / 1048576).toFixed(1)} MiB: tlsdoctor wall ${a.secs.toFixed(2)} s, cpu ${a.cpu.toFixed(2)} s, peak RSS ${a.rssMiB.toFixed(0)} MiB, exit ${JSON.parse(a.stdout.trim() || '{}').code}; ${c.connections} connections counted`,
  );
  results.push({
    label: `SYN flood ${SYN_FLOOD}`,
    mib: statSync(flood).size / 1048576,
    wall: a.secs,
    cpu: a.cpu,
    rss: a.rssMiB,
    ...c,
  });
  drop(flood);
}
console.log('\n== summary (per size: tlsdoctor wall/cpu, per 1000 connections and per 100k packets)');
for (const r of results) {
  const perK = r.connections ? (r.cpu / r.connections) * 1000 : NaN;
  const perP = r.packets ? (r.cpu / r.packets) * 1e5 : NaN;
  console.log(
    `${r.label}: ${r.mib.toFixed(0)} MiB, ${r.packets} packets, ${r.connections} connections (${r.ok} ok, ${r.failed} failed); tlsdoctor ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s cpu (${perK.toFixed(3)} s/1000 conns, ${perP.toFixed(3)} s/100k packets), RSS ${r.rss.toFixed(0)} MiB${r.loadBefore ? ` (load ${r.loadBefore} → ${r.loadAfter})` : ''}${r.tsharkWall ? `; tshark ${r.tsharkWall.toFixed(2)} s, ${r.tsharkRss.toFixed(0)} MiB; ratio ${(r.tsharkWall / r.wall).toFixed(1)}x wall, ${(r.tsharkCpu / r.cpu).toFixed(1)}x cpu` : ''}`,
  );
}
console.log(
  '\nresolution: GNU time -v — wall clock 10 ms, user+sys 10 ms, max RSS 1 KiB; whole processes including start-up',
);
if (!KEEP && !REUSE) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
