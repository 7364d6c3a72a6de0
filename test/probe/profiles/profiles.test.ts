import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import fc from 'fast-check';
import {
  CLIENT_PROFILES,
  clientProfile,
  loadClientProfiles,
  profileFromJson,
  helloForProfile,
  offeredVersions,
} from '../../../src/probe/profiles/index.js';
import type { ClientProfileJson } from '../../../src/probe/profiles/index.js';
import {
  parseClientSimulationFile,
  parseClientHelloRecord,
  deriveFromTestssl,
  helloOptionsFromClientHello,
} from '../../../src/probe/profiles/testssl.js';
import type { TestsslClient } from '../../../src/probe/profiles/testssl.js';
import {
  cipherSuite,
  cipherSuiteByName,
  isGrease,
  namedGroup,
  TLS10,
  TLS12,
  TLS13,
  SSL3,
} from '../../../src/wire/registry/index.js';
import { TlsDoctorError, ParseError } from '../../../src/errors.js';
import { buildClientHello } from '../../../src/wire/client-hello.js';
import { parseServerHello } from '../../../src/wire/server-hello.js';
import { ByteReader } from '../../../src/wire/byte-reader.js';

const SIM = '/etc/testssl/client-simulation.txt';
const clientsJson = JSON.parse(
  readFileSync(new URL('../../../src/probe/profiles/clients.json', import.meta.url), 'utf8'),
) as {
  profiles: ClientProfileJson[];
};

const REQUIRED_IDS = [
  'chrome-current',
  'firefox-current',
  'safari-17',
  'curl-8-openssl-3',
  'ie11-win7-tls10',
  'ie11-win7',
  'ie11-win81',
  'schannel-2012r2',
  'schannel-2016',
  'dotnet-45-default',
  'dotnet-47-os-default',
  'java-8u',
  'java-11',
  'java-17',
  'android-4.4.2',
  'android-7.0',
  'openssl-1.0.2',
  'openssl-1.1.1',
];

test('profiles: the built-in set loads, ids are unique, the required clients are there', () => {
  const ids = CLIENT_PROFILES.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of REQUIRED_IDS) assert.ok(clientProfile(id), `missing profile ${id}`);
  assert.equal(clientProfile('no-such-client'), undefined);
  assert.equal(CLIENT_PROFILES.length, clientsJson.profiles.length);
});

test('profiles: every profile validates against the registries', () => {
  clientsJson.profiles.forEach((j, i) => {
    const { problems, profile } = profileFromJson(j, i);
    assert.deepEqual(problems, [], j.id);
    // suites, groups known; versions consistent
    for (const c of profile.hello.cipherSuites)
      assert.ok(cipherSuite(c) && !isGrease(c), `${j.id} 0x${c.toString(16)}`);
    for (const g of profile.hello.groups ?? []) assert.ok(namedGroup(g), `${j.id} group 0x${g.toString(16)}`);
    const offered = offeredVersions(profile.hello);
    for (const v of profile.acceptsVersions)
      assert.ok(offered.includes(v), `${j.id} accepts 0x${v.toString(16)} without offering it`);
    if (offered.includes(TLS13)) assert.equal(profile.hello.legacyVersion, TLS12, j.id);
    assert.equal('serverName' in profile.hello, false, j.id);
  });
});

test('profiles: the modelled facts the matrix relies on', () => {
  const p = (id: string) => clientProfile(id)!;
  assert.deepEqual(p('chrome-current').hello.keyShareGroups, [0x11ec, 0x001d]);
  assert.equal(p('chrome-current').hello.grease, true);
  assert.deepEqual(p('chrome-current').hello.alpn, ['h2', 'http/1.1']);
  assert.ok(p('firefox-current').hello.groups!.includes(0x11ec));
  assert.deepEqual(p('ie11-win7-tls10').acceptsVersions, [TLS10]);
  assert.equal(p('ie11-win7-tls10').hello.legacyVersion, TLS10);
  assert.equal(p('ie11-win7-tls10').hello.signatureAlgorithms, undefined);
  assert.equal(p('ie11-win7').hello.legacyVersion, TLS12);
  assert.deepEqual(p('dotnet-45-default').acceptsVersions, [SSL3, TLS10]);
  for (const id of [
    'ie11-win7',
    'ie11-win7-tls10',
    'ie11-win81',
    'schannel-2012r2',
    'schannel-2016',
    'dotnet-45-default',
    'dotnet-47-os-default',
  ]) {
    assert.equal(p(id).usesWindowsTrust, true, id);
  }
  assert.equal(p('schannel-2012r2').hello.alpn, undefined);
  assert.equal(p('openssl-1.0.2').verifiesChain, false);
  assert.equal(p('java-8u').acceptsVersions.includes(TLS13), false);
  assert.ok(p('java-17').acceptsVersions.includes(TLS13));
  // a TLS 1.0-only client cannot use TLS 1.2-only suites
  for (const c of p('ie11-win7-tls10').hello.cipherSuites)
    assert.ok(cipherSuite(c)!.versions.includes(TLS10), c.toString(16));
});

const sim: TestsslClient[] | undefined = existsSync(SIM)
  ? parseClientSimulationFile(readFileSync(SIM, 'utf8'), SIM)
  : undefined;

/** The suites of a captured hello, GREASE removed, read straight off the record with the ByteReader. */
function suitesInCapture(hex: string): number[] {
  const r = new ByteReader(Buffer.from(hex, 'hex'));
  r.skip(5 + 4 + 2 + 32, 'headers, version, random');
  r.vector(1, { max: 32 }, 'session_id');
  const s = r.subVector(2, { min: 2 }, 'cipher_suites');
  const out: number[] = [];
  while (!s.atEnd()) out.push(s.u16('suite'));
  return out.filter((c) => !isGrease(c));
}

test(
  'profiles derived from testssl: hello equals a fresh derivation, suite list equals the capture',
  { skip: !sim && 'testssl.sh not installed' },
  () => {
    const derived = clientsJson.profiles.filter((p) => p.source.kind === 'testssl');
    assert.ok(derived.length >= 12);
    for (const j of derived) {
      if (j.source.kind !== 'testssl') continue;
      const client = sim!.find((c) => c.name === (j.source as { client: string }).client);
      assert.ok(client, `${j.id}: client "${j.source.client}" not in ${SIM}`);
      assert.deepEqual(
        j.hello,
        deriveFromTestssl(client, j.source.transform),
        `${j.id}: clients.json differs from its source`,
      );
      assert.equal(j.sni, client.sni, j.id);
      const captured = suitesInCapture(client.handshakeBytes);
      const mine = clientProfile(j.id)!.hello.cipherSuites;
      if (j.source.transform?.maxVersion === undefined) {
        assert.deepEqual(mine, captured, `${j.id}: suites differ from the capture`);
      } else {
        // capped: the capture's suites, in order, minus those unusable at or below the cap
        const cap = parseInt(j.source.transform.maxVersion, 16);
        assert.deepEqual(
          mine,
          captured.filter((c) => cipherSuite(c)!.versions.some((v) => v <= cap)),
          j.id,
        );
        assert.ok(mine.length < captured.length, j.id);
      }
      // testssl's OpenSSL cipher string for this client names (a subset of) the same suites
      for (const name of client.ciphers.split(':').filter(Boolean)) {
        const s = cipherSuiteByName(name);
        if (s && j.source.transform?.maxVersion === undefined)
          assert.ok(
            mine.includes(s.code),
            `${j.id}: ${name} in testssl's cipher string but not in the hello`,
          );
      }
      for (const name of client.ciphersuites.split(':').filter(Boolean)) {
        assert.ok(mine.includes(cipherSuiteByName(name)!.code), `${j.id}: TLS 1.3 suite ${name}`);
      }
    }
  },
);

test(
  'testssl derivation: every client of the file parses (or fails with a typed error for SSLv2-format hellos)',
  { skip: !sim && 'testssl.sh not installed' },
  () => {
    let ok = 0;
    for (const c of sim!) {
      try {
        const d = deriveFromTestssl(c);
        assert.ok((d.cipherSuites ?? []).length > 0, c.name);
        ok++;
      } catch (e) {
        assert.ok(e instanceof ParseError, `${c.name}: ${String(e)}`);
        assert.ok(
          c.handshakeBytes.startsWith('80') || c.handshakeBytes === '',
          `${c.name}: ${(e as Error).message}`,
        );
      }
    }
    assert.ok(ok > 150, `only ${ok} clients derived`);
  },
);

test('loader rejects bad profiles with INPUT_FORMAT naming the profile and field', () => {
  const base = structuredClone(clientsJson.profiles.find((p) => p.id === 'java-17')!);
  const bad = (mut: (p: ClientProfileJson) => void, expect: RegExp): void => {
    const p = structuredClone(base);
    mut(p);
    assert.throws(
      () => loadClientProfiles({ profiles: [p] }, 'test.json'),
      (e: unknown) =>
        e instanceof TlsDoctorError &&
        e.code === 'INPUT_FORMAT' &&
        /test\.json: client profile "java-17"/.test(e.message) &&
        expect.test(e.message),
    );
  };
  bad((p) => (p.hello.cipherSuites = ['0x1a2b']), /cipherSuites: 0x1a2b is not a known cipher suite/);
  bad((p) => (p.hello.cipherSuites = ['0x0a0a', '0x1301']), /GREASE/);
  bad((p) => (p.hello.cipherSuites = ['0x13011']), /cipherSuites\[0\]/);
  bad((p) => (p.hello.cipherSuites = ['0x1301', '0x1301']), /duplicate 0x1301/);
  bad((p) => (p.hello.keyShareGroups = ['0x11ec']), /keyShareGroups: 0x11ec is not in groups/);
  bad((p) => (p.hello.groups = ['0x7777']), /not a known named group/);
  bad((p) => (p.hello.legacyVersion = '0x0304'), /legacyVersion/);
  bad((p) => (p.acceptsVersions = ['0x0301']), /acceptsVersions: 0x0301 is not offered/);
  bad(
    (p) => ((p.hello as unknown as Record<string, unknown>).serverName = 'x.test'),
    /serverName is filled in at probe time/,
  );
  bad((p) => (p.hello.extraExtensions = [{ type: '0x0011', data: 'zz' }]), /extraExtensions\[0\]\.data/);
  bad((p) => ((p as unknown as Record<string, unknown>).verifiesChain = 'yes'), /verifiesChain/);
  assert.throws(() => loadClientProfiles({ profiles: [base, base] }), /duplicate id/);
  assert.throws(
    () => loadClientProfiles([]),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT',
  );
  assert.throws(
    () => loadClientProfiles(null),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT',
  );
});

test('helloForProfile: SNI only for host names, no aliasing of the profile', () => {
  const p = clientProfile('firefox-current')!;
  const h = helloForProfile(p, 'www.example.test');
  assert.equal(h.serverName, 'www.example.test');
  assert.equal(helloForProfile(p, '127.0.0.1').serverName, undefined);
  assert.equal(helloForProfile(p, '::1').serverName, undefined);
  h.cipherSuites.push(0x0005);
  h.extraExtensions![0]!.data[0] = 0xff;
  assert.ok(!p.hello.cipherSuites.includes(0x0005));
  assert.notEqual(p.hello.extraExtensions![0]!.data[0], 0xff);
  assert.ok(Buffer.isBuffer(h.extraExtensions![0]!.data));
});

test('client-simulation parser: hostile input gives typed errors, never a crash', () => {
  assert.throws(
    () => parseClientSimulationFile('names+=("x)\n'),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT',
  );
  assert.throws(
    () => parseClientSimulationFile('ciphers+=("a")\n'),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT',
  );
  assert.throws(() => parseClientSimulationFile('names+=("x")\nhandshakebytes+=("zz")\n'), /not hex/);
  assert.deepEqual(parseClientSimulationFile('# nothing\n\n'), []);
  assert.throws(
    () => parseClientHelloRecord('16030100'),
    (e: unknown) => e instanceof ParseError && e.code === 'PARSE_TRUNCATED',
  );
  assert.throws(
    () => parseClientHelloRecord('8046010301'),
    (e: unknown) => e instanceof ParseError && e.code === 'PARSE_MALFORMED' && /SSLv2/.test(e.message),
  );
  assert.throws(
    () => parseClientHelloRecord('1603010004020000001111'),
    (e: unknown) => e instanceof ParseError,
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, asRecord) => {
      let buf = Buffer.from(bytes);
      if (asRecord) {
        // a plausible record + handshake header so the fuzzing reaches the ClientHello body
        const hs = Buffer.concat([Buffer.from([1, 0, buf.length >> 8, buf.length & 0xff]), buf]);
        buf = Buffer.concat([Buffer.from([22, 3, 1, hs.length >> 8, hs.length & 0xff]), hs]);
      }
      try {
        const { recordVersion, hello } = parseClientHelloRecord(buf.toString('hex'));
        helloOptionsFromClientHello(recordVersion, hello);
      } catch (e) {
        if (!(e instanceof TlsDoctorError)) throw e;
      }
    }),
    { numRuns: 2000, seed: 20261122 },
  );
});

// ---- real handshakes: each profile's hello, built by the wire builder, against a real OpenSSL server (node:tls) ----

function makeRsaCert(): { key: Buffer; cert: Buffer; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-profiles-'));
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
  const r = { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return { ...r, cleanup: () => undefined };
}

/** Sends one ClientHello and returns the ServerHello's negotiated version and suite (or the alert). */
function exchange(
  port: number,
  record: Buffer,
): Promise<{ version: number; suite: number } | { alert: number }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no answer within 5 s'));
    }, 5000);
    const done = (v: { version: number; suite: number } | { alert: number }): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    sock.on('connect', () => sock.write(record));
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 5) return;
      const r = new ByteReader(buf);
      const type = r.u8();
      r.u16();
      const len = r.u16();
      if (r.remaining < len) return;
      const frag = r.sub(len, 'record');
      if (type === 21) return done({ alert: (frag.u8(), frag.u8()) });
      assert.equal(type, 22);
      assert.equal(frag.u8(), 2, 'ServerHello');
      const body = frag.bytes(frag.u24());
      const sh = parseServerHello(body);
      done({ version: sh.negotiatedVersion, suite: sh.cipherSuite });
    });
  });
}

async function withServer(opts: tls.TlsOptions, fn: (port: number) => Promise<void>): Promise<void> {
  const server = tls.createServer(opts);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  try {
    await fn((server.address() as net.AddressInfo).port);
  } finally {
    await new Promise<void>((res) => server.close(() => res()));
  }
}

test('real handshakes: each profile against OpenSSL servers (TLS 1.0–1.3, and TLS 1.2 only)', async () => {
  const { key, cert } = makeRsaCert();
  // a permissive server: every profile gets its highest accepted version and one of its own suites
  await withServer(
    { key, cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'ALL:@SECLEVEL=0' },
    async (port) => {
      for (const p of CLIENT_PROFILES) {
        const got = await exchange(port, buildClientHello(helloForProfile(p, 'localhost')).record);
        assert.ok('version' in got, `${p.id}: server answered alert ${JSON.stringify(got)}`);
        const expected = Math.max(...p.acceptsVersions.filter((v) => v >= TLS10));
        assert.equal(got.version, expected, `${p.id}: negotiated 0x${got.version.toString(16)}`);
        assert.ok(
          p.hello.cipherSuites.includes(got.suite),
          `${p.id}: server chose 0x${got.suite.toString(16)}, not offered`,
        );
      }
    },
  );
  // a TLS 1.2-only server with ECDHE + AEAD suites only: the TLS 1.0-only clients are refused (protocol_version)
  await withServer(
    { key, cert, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE+AESGCM:ECDHE+CHACHA20' },
    async (port) => {
      // what that server can do with an RSA certificate
      const serverSuites = [0xc02f, 0xc030, 0xcca8];
      const refused: Record<string, number> = {};
      for (const p of CLIENT_PROFILES) {
        const got = await exchange(port, buildClientHello(helloForProfile(p, 'localhost')).record);
        if (!offeredVersions(p.hello).includes(TLS12)) {
          assert.deepEqual(got, { alert: 70 }, `${p.id} should be refused with protocol_version`);
        } else if (!p.hello.cipherSuites.some((c) => serverSuites.includes(c))) {
          assert.deepEqual(got, { alert: 40 }, `${p.id} shares no suite: handshake_failure expected`);
        } else {
          assert.ok(
            'version' in got && got.version === TLS12 && serverSuites.includes(got.suite),
            `${p.id}: ${JSON.stringify(got)}`,
          );
        }
        if ('alert' in got) refused[p.id] = got.alert;
      }
      // the real-world facts behind it: SChannel of Windows 7 and of Windows 8.1 / Server 2012 R2 (as captured) has no
      // ECDHE_RSA with AES-GCM, and TLS 1.0-only stacks cannot talk to TLS 1.2-only servers
      assert.deepEqual(refused, {
        'ie11-win7-tls10': 70,
        'ie11-win7': 40,
        'ie11-win81': 40,
        'schannel-2012r2': 40,
        'dotnet-45-default': 70,
      });
    },
  );
});
