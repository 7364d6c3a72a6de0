// The zoo, scanned: on every healthy zoo server `tlsdoctor scan --json` must find the versions,
// suites and order that sslscan and nmap's ssl-enum-ciphers find (differences where the reference
// tool cannot see are asserted explicitly); on broken ones scan judges instead of saying healthy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeZooPki, type ZooPki } from './pki.js';
import { httpBackend, opensslServer, nodeTls, type Started, type ZooContext } from './servers.js';
import { inNamespace, runCli, runProgram, type Namespace } from './harness.js';
import { cipherSuite } from '../../src/wire/registry/index.js';
import { ZOO_CASES } from './cases.js';
import { nmapEnumCiphers, opensslSuites, sslscan, type Enumeration } from './reference.js';

interface ScanDoc {
  verdict: { status: string; summary: string };
  findings: Array<{ id: string; severity: string }>;
  data: {
    scan: {
      versions: Array<{ version: number; accepted: boolean }>;
      suites: Array<{ version: number; suites: number[]; serverOrder: boolean | null }>;
      features: { alpn: string[]; encryptThenMac: boolean | null };
    };
  };
}

let pki: ZooPki;
let backend: { port: number; stop(): Promise<void> };
let ctx: ZooContext;
before(async () => {
  [pki, backend] = await Promise.all([makeZooPki(), httpBackend()]);
  ctx = { pki, backendPort: backend.port };
});
after(async () => {
  await backend?.stop();
  await pki?.cleanup();
});

async function scan(port: number, ns?: Namespace): Promise<{ code: number; doc: ScanDoc }> {
  const r = await runCli(
    ['scan', `localhost:${port}`, '--ip', '127.0.0.1', '--ca', pki.rootCert, '--json', '--no-history'],
    ns,
  );
  assert.ok(r.out.startsWith('{'), `no JSON report (exit ${r.code}): ${r.err}`);
  return { code: r.code, doc: JSON.parse(r.out) as ScanDoc };
}

async function withServer<T>(start: Promise<Started>, f: (s: Started) => Promise<T>): Promise<T> {
  const s = await start;
  try {
    return await f(s);
  } finally {
    await s.stop();
  }
}

const hex = (xs: readonly number[]): string[] => xs.map((x) => `0x${x.toString(16).padStart(4, '0')}`);
const TLS13 = 0x0304;

/** The suite openssl s_client negotiates when it offers `suites` in that order (OpenSSL names). */
async function negotiated(
  port: number,
  ns: Namespace | undefined,
  v: number,
  suites: number[],
): Promise<string> {
  const names = suites.map((c) => (v === TLS13 ? cipherSuite(c)!.name : cipherSuite(c)!.openssl!));
  const [cmd, args] = inNamespace(ns, 'openssl', [
    's_client',
    '-connect',
    `127.0.0.1:${port}`,
    v === TLS13 ? '-tls1_3' : '-tls1_2',
    v === TLS13 ? '-ciphersuites' : '-cipher',
    names.join(':'),
  ]);
  const r = await runProgram(cmd, args, 20_000);
  return /Cipher is (\S+)/.exec(r.out)?.[1] ?? `none (${r.err.split('\n')[0]})`;
}

const isChaCha = (c: number): boolean => /CHACHA20/.test(cipherSuite(c)?.cipher ?? '');

/** Ours against one reference tool, per version: same set, and the same order where order is defined. */
async function compare(
  tool: string,
  ours: ScanDoc['data']['scan'],
  ref: Enumeration,
  canOffer: (code: number, version: number) => boolean,
  server: { port: number; ns?: Namespace | undefined },
): Promise<void> {
  const ourVersions = ours.versions.filter((v) => v.accepted).map((v) => v.version);
  assert.deepEqual(hex(ourVersions), hex(ref.versions), `${tool}: accepted versions`);
  for (const v of ourVersions) {
    const mine = ours.suites.find((s) => s.version === v);
    assert.ok(mine, `scan lists no suites for 0x${v.toString(16)}`);
    // what the reference tool could have found: it only offers the suites it knows
    const visible = mine.suites.filter((c) => canOffer(c, v));
    const theirs = ref.suites.get(v) ?? [];
    assert.deepEqual(
      [...hex(visible)].sort(),
      [...hex(theirs)].sort(),
      `${tool}: suites of 0x${v.toString(16)} (scan found ${hex(mine.suites).join(' ')})`,
    );
    const pref = ref.preference?.get(v);
    if (pref === 'client' && mine.serverOrder === true && mine.suites.some(isChaCha)) {
      // Known difference: nmap offers its list forwards and backwards; a server with OpenSSL's
      // PRIORITIZE_CHACHA (HAProxy's default) keeps its own order but takes ChaCha20 when the
      // client lists it first, so the reversed list gets another answer and nmap says "client"
      // (and lists the suites by name). Shown here with openssl s_client: two other suites give
      // the same answer in both orders, and ChaCha20 listed first wins over the server's first.
      const [a, b] = mine.suites.filter((c) => !isChaCha(c));
      const chacha = mine.suites.find(isChaCha)!;
      const [ab, ba, chachaFirst] = await Promise.all([
        negotiated(server.port, server.ns, v, [a!, b!]),
        negotiated(server.port, server.ns, v, [b!, a!]),
        negotiated(server.port, server.ns, v, [chacha, a!]),
      ]);
      assert.equal(ab, ba, `${tool}: the server picks one of two suites whatever their order`);
      assert.equal(
        chachaFirst,
        v === TLS13 ? cipherSuite(chacha)!.name : cipherSuite(chacha)!.openssl,
        `${tool}: ChaCha20 listed first is taken`,
      );
      continue;
    }
    if (mine.serverOrder === true) {
      // a server that imposes its order: both tools list in that order
      assert.deepEqual(hex(theirs), hex(visible), `${tool}: server order of 0x${v.toString(16)}`);
    }
    if (pref !== undefined && mine.suites.length > 1) {
      // nmap says whether the server imposes its order
      assert.equal(
        pref,
        mine.serverOrder ? 'server' : 'client',
        `${tool}: cipher preference of 0x${v.toString(16)}`,
      );
    }
  }
}

for (const c of ZOO_CASES.filter((x) => x.compare)) {
  test(`scan ${c.id} matches sslscan and nmap ssl-enum-ciphers`, async () => {
    await withServer(c.start(ctx), async (s) => {
      const [{ doc }, ss, nm, openssl] = await Promise.all([
        scan(s.port, s.ns),
        sslscan(s.port, s.ns),
        nmapEnumCiphers(s.port, s.ns),
        opensslSuites(),
      ]);
      assert.notEqual(doc.verdict.status, 'error', doc.verdict.summary);
      // sslscan runs on the system's OpenSSL: up to TLS 1.2 it cannot offer a suite that library
      // lacks (`openssl ciphers -V ALL:COMPLEMENTOFALL`); for TLS 1.3 it sets all five RFC 8446 suites
      await compare(
        'sslscan',
        doc.data.scan,
        ss,
        (code, v) => (v === TLS13 ? code >= 0x1301 && code <= 0x1305 : openssl.has(code)),
        s,
      );
      // nmap offers every suite in its own table (nselib/tls.lua), so it can see all of them
      await compare('nmap', doc.data.scan, nm, () => true, s);
    });
  });
}

// scan judges: a server current clients cannot use is never "healthy"
for (const id of ['apache2/tls10-only', 'stunnel/camellia-only', 'lighttpd/expired']) {
  const c = ZOO_CASES.find((x) => x.id === id)!;
  test(`scan ${id} is judged: ${c.expect} first, exit 1`, async () => {
    await withServer(c.start(ctx), async (s) => {
      const { code, doc } = await scan(s.port, s.ns);
      assert.equal(doc.verdict.status, 'problems', doc.verdict.summary);
      assert.equal(code, 1);
      assert.equal(doc.findings[0]?.id, c.expect, doc.findings.map((f) => f.id).join(', '));
    });
  });
}

test('scan reads ALPN on a TLS 1.3-only server (it travels in EncryptedExtensions)', async () => {
  await withServer(nodeTls(ctx, { chain: 'full', protocols: 'tls13-only' }), async (s) => {
    const { doc } = await scan(s.port);
    assert.deepEqual(
      doc.data.scan.versions.filter((v) => v.accepted).map((v) => v.version),
      [TLS13],
    );
    assert.deepEqual(doc.data.scan.features.alpn, ['http/1.1']);
  });
});

test('scan sees Encrypt-then-MAC when a CBC suite is chosen, and its absence with -no_etm', async () => {
  const cbc = {
    chain: 'full',
    protocols: 'tls12-only',
    ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA',
  } as const;
  const [on, off] = await Promise.all([
    withServer(
      opensslServer(ctx, cbc),
      async (s) => (await scan(s.port)).doc.data.scan.features.encryptThenMac,
    ),
    withServer(
      opensslServer(ctx, { ...cbc, noEtm: true }),
      async (s) => (await scan(s.port)).doc.data.scan.features.encryptThenMac,
    ),
  ]);
  assert.equal(on, true);
  assert.equal(off, false);
});
