#!/usr/bin/env node
// Benchmark (not a test): `tlsdoctor capture` vs `tshark -Y 'tls.handshake.type==1 || tls.handshake.type==2'`
// on a large capture made here from real loopback TLS traffic (many connections with bulk data,
// plus failing handshakes). Prints medians, the ratio and peak RSS (GNU time -v).
//
// Usage: node scripts/bench-capture.mjs [--mb 400] [--connections 200] [--runs 3] [--mss 1448 | --mss 0] [--keep]
// Needs: dumpcap + tshark (Debian: tshark), openssl, /usr/bin/time; run as a user allowed to capture on lo.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tls from 'node:tls';
import { once } from 'node:events';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const TOTAL_MB = opt('mb', 400);
const CONNECTIONS = opt('connections', 200);
const RUNS = opt('runs', 3);
const KEEP = args.includes('--keep');
const root = resolve(new URL('..', import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-bench-'));
const file = join(dir, 'bench.pcapng');

for (const tool of ['dumpcap', 'tshark', 'openssl', '/usr/bin/time']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench-capture: ${tool} is needed`);
    process.exit(2);
  }
}

execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    join(dir, 'k.pem'),
    '-out',
    join(dir, 'c.pem'),
    '-days',
    '2',
  ],
  { stdio: 'ignore' },
);
const key = readFileSync(join(dir, 'k.pem'));
const cert = readFileSync(join(dir, 'c.pem'));
const perConn = Math.ceil((TOTAL_MB * 1024 * 1024) / CONNECTIONS);
const chunk = Buffer.alloc(256 * 1024, 0x61);

// one server sends bulk data on every connection; another only speaks TLS 1.2 with one suite (failures)
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
  // like an HTTPS server: the bulk answer follows the client's request
  s.once('data', pump);
});
const strict = tls.createServer(
  { key, cert, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
  (s) => s.end(),
);
for (const s of [bulk, strict]) s.on('tlsClientError', () => undefined);
bulk.listen(0, '127.0.0.1');
strict.listen(0, '127.0.0.1');
await Promise.all([once(bulk, 'listening'), once(strict, 'listening')]);
const bulkPort = bulk.address().port;
const strictPort = strict.address().port;

const cap = spawn(
  'dumpcap',
  ['-q', '-B', '512', '-i', 'lo', '-f', `tcp port ${bulkPort} or tcp port ${strictPort}`, '-w', file],
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

function client(port, options) {
  return new Promise((res) => {
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options });
    s.on('secureConnect', () => s.write('GET /bulk HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    s.on('data', () => undefined);
    s.on('error', () => res());
    s.on('close', () => res());
  });
}
const t0 = Date.now();
const queue = Array.from({ length: CONNECTIONS }, (_, i) => i);
const failing = Math.max(4, Math.floor(CONNECTIONS / 20));
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (queue.length > 0) {
      queue.pop();
      await client(bulkPort, {});
    }
  }),
);
for (let i = 0; i < failing; i++) {
  await client(
    strictPort,
    i % 2
      ? { maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }
      : { maxVersion: 'TLSv1.2', ciphers: 'AES256-SHA' },
  );
}
await new Promise((r) => setTimeout(r, 500));
cap.removeAllListeners('exit');
cap.kill('SIGINT');
await once(cap, 'exit');
bulk.close();
strict.close();
console.log(
  `capture: ${file}, ${(statSync(file).size / 1048576).toFixed(1)} MiB, ${CONNECTIONS} bulk connections + ${failing} failing handshakes, made in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

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

// compiled JavaScript, as an installed tlsdoctor runs (tsc emits into .bench/dist even when
// unrelated files have type errors); BENCH_TSX=1 runs the TypeScript sources through tsx instead
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
  // and bundled into one module as `npm run build` does for bin/tlsdoctor.js (scripts/bundle.mjs)
  try {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(root, '.bench/dist/cli/main.js')],
      outfile: join(root, '.bench/tlsdoctor.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      banner: {
        js: "import { createRequire as __tlsdoctorCreateRequire } from 'node:module'; const require = __tlsdoctorCreateRequire(import.meta.url);",
      },
    });
    mainPath = join(root, '.bench/tlsdoctor.mjs');
  } catch (e) {
    console.error(`bench-capture: no bundle (${e.message}); timing the unbundled compiled modules`);
  }
}
const useTsx = mainPath.endsWith('.ts');
const flavour = useTsx
  ? 'tsx, from source'
  : mainPath.endsWith('tlsdoctor.mjs')
    ? 'compiled, bundled'
    : 'compiled';
execFileSync('sh', [
  '-c',
  `cat > ${runner} <<'EOF'
const { main } = await import(${JSON.stringify(mainPath)});
let out = 0;
const code = await main(['capture', process.argv[2], '--json', '--no-chain-check'], { stdout: { write: (s) => (out += s.length) }, stderr: { write: (s) => process.stderr.write(s) }, env: {} });
process.stdout.write(JSON.stringify({ code, out }) + '\\n');
EOF`,
]);

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
  for (let i = 0; i < RUNS; i++) {
    const a = timed(process.execPath, [...(useTsx ? ['--import', 'tsx'] : []), runner, path]);
    ours.push(a.secs);
    oursCpu.push(a.cpu);
    oursRss = Math.max(oursRss, a.rssMiB);
    oursResult = a.stdout.trim();
    const b = timed('tshark', ['-r', path, '-Y', 'tls.handshake.type==1 || tls.handshake.type==2']);
    theirs.push(b.secs);
    theirsCpu.push(b.cpu);
    theirsRss = Math.max(theirsRss, b.rssMiB);
    tsharkLines = b.stdout.split('\n').filter(Boolean).length;
  }
  const mo = median(ours);
  const mt = median(theirs);
  const co = median(oursCpu);
  const ct = median(theirsCpu);
  const mib = size / 1048576;
  console.log(`\n== ${label}: ${path} (${mib.toFixed(1)} MiB)`);
  console.log(
    `tlsdoctor capture (${flavour}): wall ${ours.map((x) => x.toFixed(2)).join(', ')} s (median ${mo.toFixed(2)}); cpu median ${co.toFixed(2)} s; peak RSS ${oursRss.toFixed(0)} MiB; result ${oursResult}`,
  );
  console.log(
    `tshark -Y hello filter:     wall ${theirs.map((x) => x.toFixed(2)).join(', ')} s (median ${mt.toFixed(2)}); cpu median ${ct.toFixed(2)} s; peak RSS ${theirsRss.toFixed(0)} MiB; ${tsharkLines} hello lines`,
  );
  console.log(
    `ratio (tshark / tlsdoctor): wall ${(mt / mo).toFixed(1)}x, cpu ${(ct / co).toFixed(1)}x; throughput ${(mib / mo).toFixed(0)} vs ${(mib / mt).toFixed(0)} MiB/s`,
  );
}

/**
 * The same traffic as a 1500-byte-MTU path would carry it: every TCP segment longer than MSS is
 * split into MSS-sized segments (sequence numbers, IP lengths adjusted). Loopback's 64 KiB segments
 * make a capture with few, huge packets; real networks have ~30 times more packets for the same bytes.
 */
async function resegment(input, output, mss) {
  const distDir = useTsx ? null : join(root, '.bench/dist');
  if (!distDir) throw new Error('resegmenting needs the compiled modules (unset BENCH_TSX)');
  const { readCaptureFile } = await import(join(distDir, 'capture/formats/index.js'));
  const { decodeFrame, newSegment } = await import(join(distDir, 'capture/decode.js'));
  const fd = openSync(output, 'w');
  let buf = Buffer.alloc(8 << 20);
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
  const rec = (p, data) => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(p.tsSec, 0);
    h.writeUInt32LE(Math.floor(p.tsNs / 1000), 4);
    h.writeUInt32LE(data.length, 8);
    h.writeUInt32LE(data.length, 12);
    put(h);
    put(data);
  };
  const ip4 = (s) => Buffer.from(s.split('.').map(Number));
  let packets = 0;
  await readCaptureFile(input, (p) => {
    const r = decodeFrame(p.linkType, p.data, seg);
    if (r.status !== 'tcp' || seg.ipVersion !== 4 || seg.payload.length <= mss || p.linkType !== 1) {
      rec(p, p.data);
      packets++;
      return;
    }
    for (let off = 0; off < seg.payload.length; off += mss) {
      const part = seg.payload.subarray(off, off + mss);
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
      f.writeUInt32BE((seg.seq + off) >>> 0, 38);
      f.writeUInt32BE(seg.ack >>> 0, 42);
      const last = off + mss >= seg.payload.length;
      f.writeUInt16BE((5 << 12) | (seg.flags & (last ? 0x1ff : ~0x09 & 0x1ff)), 46);
      f.writeUInt16BE(seg.window, 48);
      part.copy(f, 54);
      rec(p, f);
      packets++;
    }
  });
  flush();
  closeSync(fd);
  return packets;
}

measure('loopback capture as recorded (64 KiB segments)', file);
const MSS = opt('mss', 1448);
if (MSS > 0) {
  const small = join(dir, 'bench-mtu1500.pcap');
  const n = await resegment(file, small, MSS);
  console.log(`\nresegmented to MSS ${MSS}: ${n} packets`);
  measure(`same traffic at MSS ${MSS}`, small);
}
console.log(
  '\nresolution: GNU time -v — wall clock 10 ms, user+sys 10 ms, max RSS 1 KiB; whole processes including start-up (tlsdoctor loads every command module at start)',
);
if (!KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
