import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  CIPHER_SUITES,
  TLS13_SUITES,
  NAMED_GROUPS,
  SIGNATURE_SCHEMES,
  EXTENSION_TYPES,
  ALERTS,
  PROTOCOL_VERSIONS,
  SSLV2_CIPHER_KINDS,
  GREASE_VALUES,
  cipherSuite,
  cipherSuiteName,
  cipherSuiteByName,
  cipherSuiteOpensslName,
  suitesForVersion,
  groupName,
  namedGroup,
  signatureSchemeName,
  signatureSchemeByName,
  namedGroupByName,
  extensionTypeByName,
  extensionName,
  alertName,
  alertInfo,
  versionName,
  sslv2CipherName,
  compressionMethodName,
  isGrease,
  SSL3,
  TLS10,
  TLS11,
  TLS12,
  TLS13,
} from '../../../src/wire/registry/index.js';

function assertUnique<T>(values: readonly T[], what: string): void {
  const seen = new Set<T>();
  const dups: T[] = [];
  for (const v of values) {
    if (seen.has(v)) dups.push(v);
    seen.add(v);
  }
  assert.deepEqual(dups, [], `duplicate ${what}`);
}

test('cipher suites: codes, IANA names and OpenSSL names are unique', () => {
  assertUnique(
    CIPHER_SUITES.map((s) => s.code),
    'suite code',
  );
  assertUnique(
    CIPHER_SUITES.map((s) => s.name),
    'suite name',
  );
  assertUnique(
    CIPHER_SUITES.flatMap((s) => (s.openssl ? [s.openssl] : [])),
    'OpenSSL name',
  );
  for (const s of CIPHER_SUITES) assert.ok(s.code >= 0 && s.code <= 0xffff, s.name);
});

test('cipher suites: the whole IANA registry is there (count, families, SCSVs, TLS 1.3)', () => {
  const iana = CIPHER_SUITES.filter((s) => s.iana);
  assert.ok(iana.length >= 350, `only ${iana.length} IANA suites`);
  // every IANA row of the source table became a suite, with the same name
  const src = readFileSync(
    new URL('../../../src/wire/registry/sources/iana-cipher-suites.txt', import.meta.url),
    'utf8',
  );
  const rows = src.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(rows.length, iana.length);
  for (const line of rows) {
    const [code, name] = line.split(/\s+/);
    assert.equal(cipherSuite(parseInt(code!, 16))?.name, name, line);
  }
  const expect: Record<number, string> = {
    0x0000: 'TLS_NULL_WITH_NULL_NULL',
    0x000a: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
    0x0041: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA',
    0x0096: 'TLS_RSA_WITH_SEED_CBC_SHA',
    0x00c6: 'TLS_SM4_GCM_SM3',
    0x00ff: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
    0x1301: 'TLS_AES_128_GCM_SHA256',
    0x1305: 'TLS_AES_128_CCM_8_SHA256',
    0x5600: 'TLS_FALLBACK_SCSV',
    0xc03c: 'TLS_RSA_WITH_ARIA_128_CBC_SHA256',
    0xc071: 'TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384',
    0xc09b: 'TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384',
    0xc0b0: 'TLS_ECCPWD_WITH_AES_128_GCM_SHA256',
    0xc102: 'TLS_GOSTR341112_256_WITH_28147_CNT_IMIT',
    0xc106: 'TLS_GOSTR341112_256_WITH_MAGMA_MGM_S',
    0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
    0xd005: 'TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256',
  };
  for (const [code, name] of Object.entries(expect)) assert.equal(cipherSuiteName(Number(code)), name);
});

test('cipher suites: attributes of well-known suites', () => {
  const c02f = cipherSuite(0xc02f)!;
  assert.deepEqual(
    {
      kx: c02f.kx,
      auth: c02f.auth,
      cipher: c02f.cipher,
      bits: c02f.bits,
      mac: c02f.mac,
      prf: c02f.prf,
      versions: c02f.versions,
      strength: c02f.strength,
      openssl: c02f.openssl,
    },
    {
      kx: 'ECDHE',
      auth: 'RSA',
      cipher: 'AES-128-GCM',
      bits: 128,
      mac: 'AEAD',
      prf: 'SHA256',
      versions: [TLS12],
      strength: 'recommended',
      openssl: 'ECDHE-RSA-AES128-GCM-SHA256',
    },
  );
  const rc4exp = cipherSuite(0x0003)!;
  assert.equal(rc4exp.export, true);
  assert.equal(rc4exp.bits, 40);
  assert.equal(rc4exp.strength, 'insecure');
  assert.equal(rc4exp.openssl, 'EXP-RC4-MD5');
  assert.equal(cipherSuite(0x000a)!.strength, 'weak'); // 3DES
  assert.equal(cipherSuite(0x002f)!.strength, 'weak'); // AES-CBC-SHA1 without FS
  assert.equal(cipherSuite(0xc013)!.strength, 'secure'); // AES-CBC-SHA1 with ECDHE
  assert.equal(cipherSuite(0x009c)!.strength, 'secure'); // AES-GCM without FS
  assert.equal(cipherSuite(0x0034)!.auth, 'anon');
  assert.equal(cipherSuite(0x0034)!.strength, 'insecure');
  assert.equal(cipherSuite(0x0001)!.strength, 'insecure'); // NULL
  assert.equal(cipherSuite(0x0005)!.strength, 'insecure'); // RC4
  assert.equal(cipherSuite(0x0009)!.strength, 'insecure'); // DES
  assert.equal(cipherSuite(0x1305)!.strength, 'secure'); // CCM_8: short tag
  assert.equal(cipherSuite(0xc0b4)!.strength, 'insecure'); // integrity only
  assert.equal(cipherSuite(0x00ff)!.strength, 'signal');
  assert.deepEqual(cipherSuite(0x002f)!.versions, [SSL3, TLS10, TLS11, TLS12]);
  assert.deepEqual(cipherSuite(0x003c)!.versions, [TLS12]); // SHA-256 MAC
  assert.deepEqual(cipherSuite(0x1303)!.versions, [TLS13]);
  assert.equal(cipherSuite(0x1303)!.kx, 'any');
  assert.equal(cipherSuite(0xc0aa)!.kx, 'DHE-PSK'); // TLS_PSK_DHE_WITH_… is IANA's spelling of DHE_PSK
  assert.equal(cipherSuite(0x00b7)!.kx, 'RSA-PSK');
  assert.equal(cipherSuite(0xc01e)!.kx, 'SRP');
  assert.equal(cipherSuite(0x001f)!.kx, 'KRB5');
  assert.equal(cipherSuite(0xc032)!.kx, 'ECDH');
  assert.equal(cipherSuite(0x00a0)!.kx, 'DH');
  for (const s of CIPHER_SUITES) {
    if (s.strength === 'recommended') assert.ok(s.aead && s.fs, s.name);
    if (s.export) assert.equal(s.strength, 'insecure', s.name);
    if (s.aead) assert.equal(s.mac, 'AEAD', s.name);
  }
});

test('cipher suites: every suite OpenSSL knows, with matching code and OpenSSL name (live openssl)', () => {
  const out = execFileSync('openssl', ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], {
    encoding: 'utf8',
  });
  let n = 0;
  for (const line of out.split('\n')) {
    const m = /^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+(\S+)\s+-\s+(\S+)/.exec(line);
    if (!m) continue;
    n++;
    const code = parseInt(m[1]! + m[2]!, 16);
    const s = cipherSuite(code);
    assert.ok(s, `OpenSSL's ${m[4]} (0x${code.toString(16)}) missing`);
    assert.equal(s.name, m[3], `IANA name of 0x${code.toString(16)}`);
    assert.equal(s.openssl, m[4], `OpenSSL name of 0x${code.toString(16)}`);
    assert.equal(cipherSuiteByName(m[4]!)?.code, code);
  }
  assert.ok(n > 100, `openssl listed only ${n} suites`);
});

test(
  'cipher suites: the generated module is what the generator makes from its sources',
  { skip: !existsSync('/etc/testssl/cipher-mapping.txt') && 'testssl mapping not installed' },
  () => {
    const r = spawnSync(process.execPath, ['scripts/gen-registry.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
  },
);

test('round trips: code → name → code for every table', () => {
  for (const s of CIPHER_SUITES) {
    assert.equal(cipherSuiteByName(cipherSuiteName(s.code))?.code, s.code, s.name);
    if (s.openssl) assert.equal(cipherSuiteByName(s.openssl)?.code, s.code, s.openssl);
  }
  for (const g of NAMED_GROUPS) assert.equal(namedGroupByName(groupName(g.code))?.code, g.code);
  for (const x of SIGNATURE_SCHEMES)
    assert.equal(signatureSchemeByName(signatureSchemeName(x.code))?.code, x.code);
  for (const e of EXTENSION_TYPES) assert.equal(extensionTypeByName(extensionName(e.code))?.code, e.code);
  for (const a of ALERTS) assert.equal(alertInfo(a.code)?.name, alertName(a.code));
  for (const v of PROTOCOL_VERSIONS) assert.equal(versionName(v.code), v.name);
  for (const k of SSLV2_CIPHER_KINDS) assert.equal(sslv2CipherName(k.code), k.name);
});

test('suitesForVersion and TLS13_SUITES', () => {
  for (const c of [0x1301, 0x1302, 0x1303, 0x1304, 0x1305, 0x1306, 0x1307, 0xc0b4, 0xc0b5])
    assert.ok(TLS13_SUITES.includes(c), c.toString(16));
  assert.deepEqual(
    [...TLS13_SUITES].sort((a, b) => a - b),
    TLS13_SUITES,
  );
  assert.ok(TLS13_SUITES.includes(0x00c6) && TLS13_SUITES.includes(0xc103));
  assert.deepEqual(
    suitesForVersion(TLS13),
    [...TLS13_SUITES, ...[0xc0b0, 0xc0b1, 0xc0b2, 0xc0b3]].sort((a, b) => a - b),
  );
  const t12 = suitesForVersion(TLS12);
  assert.ok(t12.includes(0xc02f) && t12.includes(0x002f) && t12.includes(0x000a) && t12.includes(0x0003));
  assert.ok(!t12.includes(0x00ff) && !t12.includes(0x5600) && !t12.includes(0x0000) && !t12.includes(0x1301));
  const ssl3 = suitesForVersion(SSL3);
  assert.ok(ssl3.includes(0x000a) && !ssl3.includes(0xc02f) && !ssl3.includes(0x003c));
  assert.deepEqual(suitesForVersion(TLS10), suitesForVersion(TLS11));
  assert.deepEqual(suitesForVersion(0x7f1c), []);
  // the result is a copy: callers may sort or splice it
  t12.length = 0;
  assert.ok(suitesForVersion(TLS12).length > 250);
});

test('unknown values render as unknown (0x....), GREASE as GREASE', () => {
  assert.equal(cipherSuiteName(0x1a2b), 'unknown (0x1a2b)');
  assert.equal(cipherSuiteName(0x0a0a), 'GREASE (0x0a0a)');
  assert.equal(cipherSuiteOpensslName(0xc02f), 'ECDHE-RSA-AES128-GCM-SHA256');
  assert.equal(cipherSuiteOpensslName(0xc0b0), 'TLS_ECCPWD_WITH_AES_128_GCM_SHA256');
  assert.equal(cipherSuiteOpensslName(0x1a2b), 'unknown (0x1a2b)');
  assert.equal(groupName(0x1234), 'unknown (0x1234)');
  assert.equal(signatureSchemeName(0x0b0c), 'unknown (0x0b0c)');
  assert.equal(extensionName(0x1234), 'unknown (0x1234)');
  assert.equal(extensionName(0xff77), 'private use (0xff77)');
  assert.equal(alertName(200), 'unknown (0xc8)');
  assert.equal(versionName(0x7f1c), 'unknown (0x7f1c)');
  assert.equal(versionName(0x0305), 'unknown (0x0305)');
  assert.equal(versionName(0x3a3a), 'GREASE (0x3a3a)');
  assert.equal(sslv2CipherName(0x0a0b0c), 'unknown (0x0a0b0c)');
  assert.equal(compressionMethodName(7), 'unknown (0x07)');
  assert.equal(cipherSuite(0x1a2b), undefined);
  assert.equal(namedGroup(0x1234), undefined);
  assert.equal(alertInfo(200), undefined);
});

test('named groups: codes, names, and the PQ/hybrid codepoints', () => {
  assertUnique(
    NAMED_GROUPS.map((g) => g.code),
    'group code',
  );
  assertUnique(
    NAMED_GROUPS.map((g) => g.name),
    'group name',
  );
  const expect: Record<number, string> = {
    0x0017: 'secp256r1',
    0x0018: 'secp384r1',
    0x0019: 'secp521r1',
    0x001d: 'x25519',
    0x001e: 'x448',
    0x001a: 'brainpoolP256r1',
    0x001f: 'brainpoolP256r1tls13',
    0x0100: 'ffdhe2048',
    0x0104: 'ffdhe8192',
    0x0200: 'MLKEM512',
    0x0201: 'MLKEM768',
    0x0202: 'MLKEM1024',
    0x11eb: 'SecP256r1MLKEM768',
    0x11ec: 'X25519MLKEM768',
    0x11ed: 'SecP384r1MLKEM1024',
    0x6399: 'X25519Kyber768Draft00',
  };
  for (const [code, name] of Object.entries(expect)) assert.equal(groupName(Number(code)), name);
  assert.equal(namedGroup(0x11ec)!.kind, 'hybrid-pq');
  assert.equal(namedGroup(0x6399)!.obsolete, true);
  assert.equal(namedGroup(0x0100)!.kind, 'ffdhe');
  // names agree with testssl's curves mapping where both have the code
  const p = '/etc/testssl/curves-mapping.txt';
  if (existsSync(p)) {
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      const m = /^\s*0x([0-9a-f]{2}),0x([0-9a-f]{2})\s+-\s+(\S+)/i.exec(line);
      if (!m || m[3] === 'NULL') continue;
      assert.equal(groupName(parseInt(m[1]! + m[2]!, 16)), m[3]);
    }
  }
});

test('signature schemes: TLS 1.3 names and legacy (hash,sig) pairs', () => {
  assertUnique(
    SIGNATURE_SCHEMES.map((s) => s.code),
    'scheme code',
  );
  assertUnique(
    SIGNATURE_SCHEMES.map((s) => s.name),
    'scheme name',
  );
  assert.equal(signatureSchemeName(0x0804), 'rsa_pss_rsae_sha256');
  assert.equal(signatureSchemeName(0x0403), 'ecdsa_secp256r1_sha256');
  assert.equal(signatureSchemeName(0x0807), 'ed25519');
  assert.equal(signatureSchemeName(0x0201), 'rsa_pkcs1_sha1');
  assert.equal(signatureSchemeName(0x0402), 'dsa_sha256');
  assert.equal(signatureSchemeName(0x0101), 'rsa_md5');
  assert.equal(signatureSchemeName(0x0303), 'ecdsa_sha224');
  assert.equal(signatureSchemeName(0x0840), 'gostr34102012_256_intrinsic');
  assert.equal(SIGNATURE_SCHEMES.find((s) => s.code === 0x0402)!.legacy, true);
});

test('extensions, alerts, versions', () => {
  assertUnique(
    EXTENSION_TYPES.map((e) => e.code),
    'extension code',
  );
  assertUnique(
    EXTENSION_TYPES.map((e) => e.name),
    'extension name',
  );
  assert.equal(extensionName(0), 'server_name');
  assert.equal(extensionName(16), 'application_layer_protocol_negotiation');
  assert.equal(extensionName(43), 'supported_versions');
  assert.equal(extensionName(51), 'key_share');
  assert.equal(extensionName(0xfe0d), 'encrypted_client_hello');
  assert.equal(extensionName(0xff01), 'renegotiation_info');
  assert.equal(extensionName(0x4469), 'application_settings_old');
  assert.equal(extensionName(0x2a2a), 'GREASE (0x2a2a)');
  // every code 0..62 is named: the IANA range is contiguous there
  for (let c = 0; c <= 62; c++) assert.ok(!extensionName(c).startsWith('unknown'), String(c));

  assertUnique(
    ALERTS.map((a) => a.code),
    'alert code',
  );
  assertUnique(
    ALERTS.map((a) => a.name),
    'alert name',
  );
  assert.equal(alertName(40), 'handshake_failure');
  assert.equal(alertName(112), 'unrecognized_name');
  assert.equal(alertName(86), 'inappropriate_fallback');
  assert.equal(alertName(120), 'no_application_protocol');
  for (const a of ALERTS) assert.ok(a.meaning.length > 10 && !a.meaning.includes('\n'), a.name);

  assertUnique(
    PROTOCOL_VERSIONS.map((v) => v.code),
    'version code',
  );
  assert.equal(versionName(0x0002), 'SSL 2.0');
  assert.equal(versionName(0x0300), 'SSL 3.0');
  assert.equal(versionName(0x0301), 'TLS 1.0');
  assert.equal(versionName(0x0303), 'TLS 1.2');
  assert.equal(versionName(0x0304), 'TLS 1.3');
  assert.equal(versionName(0xfefd), 'DTLS 1.2');
  assert.equal(compressionMethodName(0), 'null');
  assert.equal(compressionMethodName(1), 'DEFLATE');
});

test('SSLv2 cipher kinds: the seven standard kinds', () => {
  assertUnique(
    SSLV2_CIPHER_KINDS.map((k) => k.code),
    'SSLv2 code',
  );
  const std = SSLV2_CIPHER_KINDS.filter((k) => k.standard).map((k) => k.code);
  assert.deepEqual(std, [0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0]);
  assert.equal(sslv2CipherName(0x0700c0), 'SSL_CK_DES_192_EDE3_CBC_WITH_MD5');
  assert.equal(sslv2CipherName(0x020080), 'SSL_CK_RC4_128_EXPORT40_WITH_MD5');
});

test('GREASE: exactly the sixteen RFC 8701 values', () => {
  assert.equal(GREASE_VALUES.length, 16);
  assert.equal(GREASE_VALUES[0], 0x0a0a);
  assert.equal(GREASE_VALUES[15], 0xfafa);
  let n = 0;
  for (let c = 0; c <= 0xffff; c++) if (isGrease(c)) n++;
  assert.equal(n, 16);
  for (const g of GREASE_VALUES) assert.ok(isGrease(g));
  assert.equal(isGrease(0x0a1a), false);
  assert.equal(isGrease(-1), false);
  assert.equal(isGrease(0x10a0a), false);
  assert.equal(isGrease(1.5), false);
  // no registry table assigns a GREASE value
  for (const s of CIPHER_SUITES) assert.ok(!isGrease(s.code), s.name);
  for (const g of NAMED_GROUPS) assert.ok(!isGrease(g.code), g.name);
  for (const e of EXTENSION_TYPES) assert.ok(!isGrease(e.code), e.name);
});

test('lookups accept any number without throwing', () => {
  for (const v of [-1, 0, 1.5, Number.NaN, 0xffff, 0x10000, 2 ** 40]) {
    for (const f of [
      cipherSuiteName,
      groupName,
      signatureSchemeName,
      extensionName,
      alertName,
      versionName,
      sslv2CipherName,
      compressionMethodName,
    ]) {
      assert.equal(typeof f(v), 'string');
    }
  }
});

test('AlertDescription names each code as the IANA TLS Alerts registry does', async () => {
  const { AlertDescription } = await import('../../../src/wire/constants.js');
  const { alertName } = await import('../../../src/wire/registry/index.js');
  for (const [name, code] of Object.entries(AlertDescription))
    assert.equal(alertName(code), name, String(code));
});
