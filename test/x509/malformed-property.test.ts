// Property (DESIGN 14): 2,000 random one-byte mutations of a real certificate's DER through the whole
// `tlsdoctor cert` path (load, facts, chain, rules, JSON report) give a report (exit 0/1) or a typed
// error (exit 2, one line naming the problem), never "internal error"; bounded in time.
// The generator is seeded, so a failure names the seed and the mutation that reproduce it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { main } from '../../src/cli/main.js';
import { openssl, p, tempDir } from './helpers.js';

const tmp = tempDir('tlsdoctor-mutate-');
const d = tmp.dir;
after(() => tmp.cleanup());

/** mulberry32: a small seeded PRNG (deterministic runs) */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUTATIONS = 2000;
const BUDGET_MS = 240_000;

test(
  `${MUTATIONS} one-byte mutations of a real certificate → a report or a typed error`,
  { timeout: BUDGET_MS + 60_000 },
  async () => {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'k.pem',
        '-out',
        'c.pem',
        '-subj',
        '/CN=shop.test/O=tlsdoctor',
        '-days',
        '30',
        '-addext',
        'subjectAltName=DNS:shop.test,IP:127.0.0.1',
        '-addext',
        'extendedKeyUsage=serverAuth',
        '-addext',
        'crlDistributionPoints=URI:http://127.0.0.1/ca.crl',
        '-addext',
        'authorityInfoAccess=caIssuers;URI:http://127.0.0.1/ca.cer',
      ],
      d,
    );
    const der = Buffer.from(new X509Certificate(readFileSync(p(d, 'c.pem'))).raw);
    const seed = Number(process.env.TLSDOCTOR_SEED ?? 0x5eed);
    const rnd = prng(seed);
    const started = Date.now();
    const tally = { report: 0, typed: 0 };
    const file = p(d, 'm.der');
    for (let i = 0; i < MUTATIONS; i++) {
      const at = Math.floor(rnd() * der.length);
      const value = (der[at]! + 1 + Math.floor(rnd() * 255)) & 0xff; // never the byte it was
      const m = Buffer.from(der);
      m[at] = value;
      writeFileSync(file, m);
      let out = '';
      let err = '';
      const code = await main(['cert', file, '--no-system-store', '--json'], {
        stdout: { write: (s: string) => (out += s) },
        stderr: { write: (s: string) => (err += s) },
        env: { NO_COLOR: '1' },
      });
      const where = `seed ${seed}, mutation ${i}: byte ${at} → 0x${value.toString(16)}`;
      assert.doesNotMatch(err, /internal error/, `${where}: ${err}`);
      if (code === 0 || code === 1) {
        const json = JSON.parse(out) as { command: string; findings: unknown[] };
        assert.equal(json.command, 'cert', where);
        tally.report++;
      } else {
        assert.equal(code, 2, `${where}: exit ${code}`);
        assert.match(err, /^tlsdoctor: .+\n$/, where); // one line: a TlsDoctorError
        tally.typed++;
      }
      assert.ok(Date.now() - started < BUDGET_MS, `over ${BUDGET_MS} ms after ${i} mutations`);
    }
    assert.equal(tally.report + tally.typed, MUTATIONS);
    assert.ok(tally.report > 0, 'some mutations must still load (a damaged extension, key or time)');
  },
);
