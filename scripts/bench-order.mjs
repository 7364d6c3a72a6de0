#!/usr/bin/env node
// The cost of finding a server's cipher-suite preference order: probes (= connections) and dependent
// round trips, for the removal chain (offer the rest, note the winner, repeat) and for the parallel
// search of src/probe/scan-order.ts, as a function of the number n of accepted suites.
//
// The orders are real cipher strings expanded by `openssl ciphers -V` (what a server with that
// string and server preference answers), plus seeded random orders of n suites, which no trait
// guess can know (the worst case for the merge). The server is modelled by its order alone: each
// probe's answer is the first suite of that order among those offered, as OpenSSL, nginx, gnutls and
// SChannel choose with server preference on; the real servers are in test/probe/scan-order.test.ts.
//
// Usage: node scripts/bench-order.mjs [--seeds N]
import { execFileSync } from 'node:child_process';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('..', import.meta.url).pathname);
const seedsArg = process.argv.indexOf('--seeds');
const SEEDS = seedsArg > 0 ? Number(process.argv[seedsArg + 1]) : 30;
const { register } = await import('tsx/esm/api');
register();
const src = (rel) => import(pathToFileURL(join(root, rel)).href);
const { discoverSuiteOrder, DEFAULT_PARTS, DEFAULT_WIDTH } = await src('src/probe/scan-order.ts');
const { suitesByCommonness } = await src('src/probe/hellos.ts');
const { NGINX_CIPHERS } = await import('./bench-lib.mjs');

const TLS12 = 0x0303;
const candidates = suitesByCommonness(TLS12);

function opensslOrder(cipherString) {
  const out = execFileSync('openssl', ['ciphers', '-V', '-s', '-tls1_2', cipherString]).toString();
  return [...out.matchAll(/0x([0-9A-F]{2}),0x([0-9A-F]{2}) - \S+\s+(TLSv1\.2|SSLv3|TLSv1)\b/g)]
    .map((m) => parseInt(m[1] + m[2], 16))
    .filter((c) => candidates.includes(c));
}

async function cost(order, opts = {}) {
  const r = await discoverSuiteOrder(candidates, async (offer) => order.find((c) => offer.includes(c)), opts);
  if (r.suites.join() !== order.join()) throw new Error(`wrong order for ${order.length} suites`);
  return r;
}

const rows = [];
const configured = [
  ['bench nginx (NGINX_CIPHERS)', NGINX_CIPHERS.join(':')],
  [
    'Mozilla intermediate (ECDSA+RSA)',
    'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305',
  ],
  ['OpenSSL DEFAULT', 'DEFAULT'],
  [
    'ECDHE+AESGCM:DHE+AESGCM:ECDHE+AES:RSA+AES:@STRENGTH',
    'ECDHE+AESGCM:DHE+AESGCM:ECDHE+AES:RSA+AES:@STRENGTH',
  ],
  ['HIGH:!aNULL:!kRSA', 'HIGH:!aNULL:!kRSA'],
];
for (const [name, str] of configured) {
  const order = opensslOrder(str);
  const r = await cost(order);
  rows.push([name, order.length, order.length + 1, order.length + 1, r.probes, r.rounds]);
}
let seed = 1;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pool = candidates.slice(0, 120);
for (const n of [3, 5, 10, 22, 40]) {
  const rs = [];
  const ps = [];
  for (let t = 0; t < SEEDS; t++) {
    const p = [...pool];
    for (let i = p.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    const r = await cost(p.slice(0, n));
    rs.push(r.rounds);
    ps.push(r.probes);
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  rows.push([
    `random order, ${SEEDS} seeds (median / max)`,
    n,
    n + 1,
    n + 1,
    `${med(ps)} / ${Math.max(...ps)}`,
    `${med(rs)} / ${Math.max(...rs)}`,
  ]);
}
const head = ['order', 'n', 'chain probes', 'chain round trips', 'parallel probes', 'parallel round trips'];
const all = [head, ...rows].map((r) => r.map(String));
const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
console.log(
  `TLS 1.2, ${candidates.length} candidate suites, ${DEFAULT_PARTS} parts, merge width ${DEFAULT_WIDTH}; ` +
    'a probe is one connection and one dependent step (2 RTT: TCP + ClientHello)',
);
for (const [i, r] of all.entries()) {
  console.log(r.map((c, k) => (k === 0 ? c.padEnd(w[k]) : c.padStart(w[k]))).join('  '));
  if (i === 0) console.log(w.map((x) => '-'.repeat(x)).join('  '));
}
