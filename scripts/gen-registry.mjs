#!/usr/bin/env node
// Generates src/wire/registry/cipher-suites.data.ts (data only) from:
//   1. src/wire/registry/sources/iana-cipher-suites.txt — the IANA "TLS Cipher Suites" registry (every assigned value);
//   2. testssl.sh's etc/cipher-mapping.txt (Debian: /etc/testssl/cipher-mapping.txt) — OpenSSL names of suites that
//      OpenSSL 3 no longer knows (export, GOST, …) and the well-known non-IANA codes seen in the wild;
//   3. `openssl ciphers -V -stdname ALL:COMPLEMENTOFALL:@SECLEVEL=0` — the OpenSSL names of the local OpenSSL.
// The attributes (key exchange, authentication, cipher, bits, MAC, PRF, versions, strength) are derived from the
// IANA name, whose grammar is regular: TLS_<kx>[_<auth>][_EXPORT]_WITH_<cipher>_<mac>.
// Usage: node scripts/gen-registry.mjs [--check]   (--check: exit 1 when the committed file differs)
//        node --import tsx scripts/gen-registry.mjs --profiles [--check]
//          re-derives the hello of every client profile whose source is testssl.sh's client-simulation.txt
//          (src/probe/profiles/clients.json) from that file's handshake bytes.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ianaPath = join(root, 'src/wire/registry/sources/iana-cipher-suites.txt');
const outPath = join(root, 'src/wire/registry/cipher-suites.data.ts');
const testsslPath = '/etc/testssl/cipher-mapping.txt';

if (process.argv.includes('--profiles')) {
  await generateProfiles();
  process.exit(0);
}

async function generateProfiles() {
  const simPath = '/etc/testssl/client-simulation.txt';
  const jsonPath = join(root, 'src/probe/profiles/clients.json');
  const { parseClientSimulationFile, deriveFromTestssl } = await import('../src/probe/profiles/testssl.ts');
  const clients = parseClientSimulationFile(readFileSync(simPath, 'utf8'), simPath);
  const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
  for (const p of doc.profiles) {
    if (p.source?.kind !== 'testssl') continue;
    const c = clients.find((x) => x.name === p.source.client);
    if (!c) throw new Error(`profile ${p.id}: no client "${p.source.client}" in ${simPath}`);
    p.hello = deriveFromTestssl(c, p.source.transform);
    p.sni = c.sni;
  }
  const out = JSON.stringify(doc, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    if (readFileSync(jsonPath, 'utf8') !== out) {
      console.error(`${jsonPath} is out of date; run node --import tsx scripts/gen-registry.mjs --profiles`);
      process.exit(1);
    }
    console.log('profiles up to date');
  } else {
    writeFileSync(jsonPath, out);
    console.log(`wrote ${doc.profiles.length} profiles to ${jsonPath}`);
  }
}

const SSL3 = 0x0300,
  TLS10 = 0x0301,
  TLS11 = 0x0302,
  TLS12 = 0x0303,
  TLS13 = 0x0304;

// ---- inputs -------------------------------------------------------------------------------------------------
const iana = [];
for (const line of readFileSync(ianaPath, 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [code, name, rec, ref] = line.trim().split(/\s+/);
  iana.push({ code: parseInt(code, 16), name, ianaRecommended: rec === 'Y', reference: ref });
}

/** testssl mapping: code → { openssl, name, kx, au, enc, mac } (2-byte codes only; the 3-byte SSLv2 kinds are kept apart) */
const testssl = new Map();
const sslv2 = [];
if (existsSync(testsslPath)) {
  for (const line of readFileSync(testsslPath, 'utf8').split('\n')) {
    const m =
      /^\s*(0x[0-9A-Fa-f]{2}(?:,0x[0-9A-Fa-f]{2}){1,2})\s+-\s+(\S+)\s+(\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)/.exec(
        line,
      );
    if (!m) continue;
    const bytes = m[1].split(',').map((b) => parseInt(b, 16));
    const rec = {
      openssl: m[2] === '-' ? undefined : m[2],
      name: m[3] === '-' ? undefined : m[3],
      kx: m[5],
      au: m[6],
      enc: m[7],
      mac: m[8],
    };
    if (bytes.length === 3) sslv2.push({ code: (bytes[0] << 16) | (bytes[1] << 8) | bytes[2], ...rec });
    else testssl.set((bytes[0] << 8) | bytes[1], rec);
  }
} else {
  console.error(
    `warning: ${testsslPath} not found; OpenSSL names of legacy suites come only from the local openssl`,
  );
}

const opensslNames = new Map();
try {
  const out = execFileSync('openssl', ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], {
    encoding: 'utf8',
  });
  for (const line of out.split('\n')) {
    const m = /^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2})\s+-\s+(\S+)\s+-\s+(\S+)/.exec(line);
    if (m) opensslNames.set(parseInt(m[1] + m[2], 16), { std: m[3], openssl: m[4] });
  }
} catch {
  console.error('warning: openssl not runnable; OpenSSL names come only from testssl');
}

// ---- name grammar -------------------------------------------------------------------------------------------
const KX = {
  NULL: ['NULL', 'NULL'],
  RSA: ['RSA', 'RSA'],
  RSA_EXPORT: ['RSA', 'RSA', true],
  RSA_EXPORT1024: ['RSA', 'RSA', true],
  RSA_FIPS: ['RSA', 'RSA'],
  DH_DSS: ['DH', 'DSS'],
  DH_RSA: ['DH', 'RSA'],
  DH_DSS_EXPORT: ['DH', 'DSS', true],
  DH_RSA_EXPORT: ['DH', 'RSA', true],
  DHE_DSS: ['DHE', 'DSS'],
  DHE_RSA: ['DHE', 'RSA'],
  DHE_DSS_EXPORT: ['DHE', 'DSS', true],
  DHE_RSA_EXPORT: ['DHE', 'RSA', true],
  DHE_DSS_EXPORT1024: ['DHE', 'DSS', true],
  DH_anon: ['DHE', 'anon'],
  DH_anon_EXPORT: ['DHE', 'anon', true],
  KRB5: ['KRB5', 'KRB5'],
  KRB5_EXPORT: ['KRB5', 'KRB5', true],
  PSK: ['PSK', 'PSK'],
  DHE_PSK: ['DHE-PSK', 'PSK'],
  PSK_DHE: ['DHE-PSK', 'PSK'],
  RSA_PSK: ['RSA-PSK', 'RSA'],
  ECDHE_PSK: ['ECDHE-PSK', 'PSK'],
  ECDH_ECDSA: ['ECDH', 'ECDSA'],
  ECDHE_ECDSA: ['ECDHE', 'ECDSA'],
  ECDH_RSA: ['ECDH', 'RSA'],
  ECDHE_RSA: ['ECDHE', 'RSA'],
  ECDH_anon: ['ECDHE', 'anon'],
  SRP_SHA: ['SRP', 'SRP'],
  SRP_SHA_RSA: ['SRP', 'RSA'],
  SRP_SHA_DSS: ['SRP', 'DSS'],
  ECCPWD: ['ECCPWD', 'ECCPWD'],
  CECPQ1_RSA: ['CECPQ1', 'RSA'],
  CECPQ1_ECDSA: ['CECPQ1', 'ECDSA'],
  GOSTR341112_256: ['GOST', 'GOST'],
  GOSTR341094: ['GOST', 'GOST'],
  GOSTR341001: ['GOST', 'GOST'],
  GOSTR341094_RSA: ['RSA', 'RSA'],
};

// cipher token sequence → [display, bits, aead, mode]
const CIPHERS = [
  ['NULL', 'NULL', 0, false, 'none'],
  ['RC4_40', 'RC4-40', 40, false, 'stream'],
  ['RC4_56', 'RC4-56', 56, false, 'stream'],
  ['RC4_128', 'RC4-128', 128, false, 'stream'],
  ['RC2_CBC_40', 'RC2-CBC-40', 40, false, 'cbc'],
  ['RC2_56', 'RC2-CBC-56', 56, false, 'cbc'],
  ['IDEA_CBC', 'IDEA-CBC', 128, false, 'cbc'],
  ['DES40_CBC', 'DES40-CBC', 40, false, 'cbc'],
  ['DES_CBC_40', 'DES40-CBC', 40, false, 'cbc'],
  ['DES_CBC', 'DES-CBC', 56, false, 'cbc'],
  ['3DES_EDE_CBC', '3DES-EDE-CBC', 168, false, 'cbc'],
  ['SEED_CBC', 'SEED-CBC', 128, false, 'cbc'],
  ['AES_128_CBC', 'AES-128-CBC', 128, false, 'cbc'],
  ['AES_256_CBC', 'AES-256-CBC', 256, false, 'cbc'],
  ['AES_128_GCM', 'AES-128-GCM', 128, true, 'aead'],
  ['AES_256_GCM', 'AES-256-GCM', 256, true, 'aead'],
  ['AES_128_CCM_8', 'AES-128-CCM-8', 128, true, 'aead'],
  ['AES_256_CCM_8', 'AES-256-CCM-8', 256, true, 'aead'],
  ['AES_128_CCM', 'AES-128-CCM', 128, true, 'aead'],
  ['AES_256_CCM', 'AES-256-CCM', 256, true, 'aead'],
  ['CAMELLIA_128_CBC', 'CAMELLIA-128-CBC', 128, false, 'cbc'],
  ['CAMELLIA_256_CBC', 'CAMELLIA-256-CBC', 256, false, 'cbc'],
  ['CAMELLIA_128_GCM', 'CAMELLIA-128-GCM', 128, true, 'aead'],
  ['CAMELLIA_256_GCM', 'CAMELLIA-256-GCM', 256, true, 'aead'],
  ['ARIA_128_CBC', 'ARIA-128-CBC', 128, false, 'cbc'],
  ['ARIA_256_CBC', 'ARIA-256-CBC', 256, false, 'cbc'],
  ['ARIA_128_GCM', 'ARIA-128-GCM', 128, true, 'aead'],
  ['ARIA_256_GCM', 'ARIA-256-GCM', 256, true, 'aead'],
  ['CHACHA20_POLY1305', 'CHACHA20-POLY1305', 256, true, 'aead'],
  ['AEGIS_256', 'AEGIS-256', 256, true, 'aead'],
  ['AEGIS_128L', 'AEGIS-128L', 128, true, 'aead'],
  ['SM4_GCM', 'SM4-GCM', 128, true, 'aead'],
  ['SM4_CCM', 'SM4-CCM', 128, true, 'aead'],
  ['28147_CNT', 'GOST28147-CNT', 256, false, 'stream'],
  ['KUZNYECHIK_CTR', 'KUZNYECHIK-CTR', 256, false, 'stream'],
  ['MAGMA_CTR', 'MAGMA-CTR', 256, false, 'stream'],
  ['KUZNYECHIK_MGM', 'KUZNYECHIK-MGM', 256, true, 'aead'],
  ['MAGMA_MGM', 'MAGMA-MGM', 256, true, 'aead'],
].sort((a, b) => b[0].length - a[0].length);

const HASH = { SHA: 'SHA1', MD5: 'MD5', SHA256: 'SHA256', SHA384: 'SHA384', SHA512: 'SHA512', SM3: 'SM3' };
const TLS13_ONLY =
  /^TLS_(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305|AES_128_CCM|AES_128_CCM_8|AEGIS_256|AEGIS_128L|SM4_GCM|SM4_CCM)_(SHA256|SHA384|SHA512|SM3)$/;

function derive(code, name) {
  if (name === 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV' || name === 'TLS_FALLBACK_SCSV') {
    return {
      kx: 'SCSV',
      auth: 'SCSV',
      cipher: 'NONE',
      bits: 0,
      mac: 'NONE',
      prf: 'NONE',
      aead: false,
      fs: false,
      export: false,
      scsv: true,
      mode: 'none',
      tls13: false,
    };
  }
  if (name === 'TLS_NULL_WITH_NULL_NULL') {
    return {
      kx: 'NULL',
      auth: 'NULL',
      cipher: 'NULL',
      bits: 0,
      mac: 'NULL',
      prf: 'NONE',
      aead: false,
      fs: false,
      export: false,
      mode: 'none',
      tls13: false,
    };
  }
  let m = TLS13_ONLY.exec(name);
  if (m) {
    const c = CIPHERS.find((x) => x[0] === m[1]);
    return {
      kx: 'any',
      auth: 'any',
      cipher: c[1],
      bits: c[2],
      mac: 'AEAD',
      prf: HASH[m[2]],
      aead: true,
      fs: true,
      export: false,
      mode: 'aead',
      tls13: true,
    };
  }
  m = /^TLS_(SHA256|SHA384)_\1$/.exec(name); // RFC 9150: integrity-only TLS 1.3 suites
  if (m)
    return {
      kx: 'any',
      auth: 'any',
      cipher: 'NULL',
      bits: 0,
      mac: `HMAC-${m[1]}`,
      prf: m[1],
      aead: false,
      fs: true,
      export: false,
      mode: 'none',
      tls13: true,
    };
  m = /^TLS_GOSTR341112_256_WITH_(KUZNYECHIK|MAGMA)_MGM_([LS])$/.exec(name); // RFC 9367: TLS 1.3 GOST suites
  if (m)
    return {
      kx: 'any',
      auth: 'any',
      cipher: `${m[1]}-MGM-${m[2]}`,
      bits: 256,
      mac: 'AEAD',
      prf: 'STREEBOG256',
      aead: true,
      fs: true,
      export: false,
      mode: 'aead',
      tls13: true,
    };
  m = /^TLS_GOSTR341112_256_WITH_(KUZNYECHIK_CTR|MAGMA_CTR|28147_CNT)_(OMAC|IMIT)$/.exec(name); // RFC 9189 (TLS 1.2)
  if (m) {
    const c = CIPHERS.find((x) => x[0] === m[1]);
    return {
      kx: 'GOST',
      auth: 'GOST',
      cipher: c[1],
      bits: 256,
      mac: m[2] === 'OMAC' ? 'OMAC' : 'GOST28147-IMIT',
      prf: 'STREEBOG256',
      aead: false,
      fs: false,
      export: false,
      mode: 'stream',
      tls13: false,
      tls12only: true,
    };
  }
  m = /^(?:TLS|SSL)_(.+?)_WITH_(.+)$/.exec(name.replace(/_OLD$/, ''));
  if (!m) throw new Error(`cannot parse suite name ${name}`);
  const kxa = KX[m[1]];
  if (!kxa) throw new Error(`unknown key exchange ${m[1]} in ${name}`);
  let rest = m[2];
  const c = CIPHERS.find((x) => rest === x[0] || rest.startsWith(x[0] + '_'));
  if (!c) throw new Error(`unknown cipher in ${name}`);
  rest = rest.slice(c[0].length).replace(/^_/, '');
  let mac, prf;
  if (c[3]) {
    // AEAD: the trailing hash (if any) is the PRF hash; CCM suites without one use SHA-256 (RFC 6655 §3)
    mac = 'AEAD';
    prf = rest ? HASH[rest] : 'SHA256';
  } else if (rest === 'GOSTR3411' || rest === 'GOST94') {
    mac = 'GOSTR3411';
    prf = 'legacy';
  } else if (rest === 'IMIT') {
    mac = 'GOST28147-IMIT';
    prf = 'legacy';
  } else {
    if (!HASH[rest]) throw new Error(`unknown MAC ${rest} in ${name}`);
    mac = `HMAC-${HASH[rest]}`;
    prf = rest === 'SHA256' || rest === 'SHA384' ? HASH[rest] : 'legacy';
  }
  const [kx, auth, exp] = kxa;
  const fs = ['DHE', 'ECDHE', 'DHE-PSK', 'ECDHE-PSK', 'SRP', 'ECCPWD', 'CECPQ1'].includes(kx);
  return {
    kx,
    auth,
    cipher: c[1],
    bits: c[2],
    mac,
    prf,
    aead: c[3],
    fs,
    export: !!exp || /EXPORT/.test(m[1]),
    mode: c[4],
    tls13: false,
  };
}

function versionsOf(d, name) {
  if (d.scsv || name === 'TLS_NULL_WITH_NULL_NULL') return [];
  if (d.tls13) return [TLS13];
  if (d.kx === 'ECCPWD') return [TLS12, TLS13]; // RFC 8492 defines them for TLS 1.2 and TLS 1.3
  if (d.aead || d.prf !== 'legacy' || d.tls12only) return [TLS12];
  // SHA-1/MD5 suites: every version a server may negotiate them with. Export, single-DES and IDEA suites are
  // listed up to TLS 1.2 on purpose: RFC 4346/5246 forbid them there, yet OpenSSL 1.0.x servers still accept them,
  // and a scan must be able to see that.
  return [SSL3, TLS10, TLS11, TLS12];
}

function strengthOf(d) {
  if (d.scsv) return 'signal';
  const c = d.cipher;
  if (
    c === 'NULL' ||
    d.export ||
    d.auth === 'anon' ||
    c.startsWith('RC4') ||
    c.startsWith('RC2') ||
    c.startsWith('DES') ||
    d.kx === 'NULL'
  )
    return 'insecure';
  if (c === '3DES-EDE-CBC' || c === 'IDEA-CBC' || c === 'GOST28147-CNT') return 'weak'; // 64-bit blocks (Sweet32)
  if (d.mode === 'cbc' && !d.fs) return 'weak';
  if (d.aead && d.fs && !c.endsWith('CCM-8')) return 'recommended';
  return 'secure';
}

// ---- non-IANA codes seen in the wild (names from testssl; GOST engine suites named after their OpenSSL names) ----
const EXTRA_NAMES = {
  0xff02: 'TLS_GOSTR341094_RSA_WITH_28147_CNT_GOST89MAC',
  0xff03: 'TLS_GOSTR341094_RSA_WITH_28147_CNT_GOST89STREAM',
  0xff85: 'TLS_GOSTR341112_256_WITH_28147_CNT_IMIT_OLD',
  0xff87: 'TLS_GOSTR341112_256_WITH_NULL_STREEBOG256_OLD',
  0xffe0: 'SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA_OLD',
  0xffe1: 'SSL_RSA_FIPS_WITH_DES_CBC_SHA_OLD',
};
const EXTRA_ATTRS = {
  0x0080: { kx: 'GOST', auth: 'GOST', cipher: 'GOST28147-CNT', bits: 256, mac: 'GOST28147-IMIT' },
  0x0081: { kx: 'GOST', auth: 'GOST', cipher: 'GOST28147-CNT', bits: 256, mac: 'GOST28147-IMIT' },
  0x0082: { kx: 'GOST', auth: 'GOST', cipher: 'NULL', bits: 0, mac: 'GOSTR3411' },
  0x0083: { kx: 'GOST', auth: 'GOST', cipher: 'NULL', bits: 0, mac: 'GOSTR3411' },
  0xff00: { kx: 'RSA', auth: 'RSA', cipher: 'GOST28147-CNT', bits: 256, mac: 'HMAC-MD5' },
  0xff01: { kx: 'RSA', auth: 'RSA', cipher: 'GOST28147-CNT', bits: 256, mac: 'GOSTR3411' },
  0xff02: { kx: 'RSA', auth: 'RSA', cipher: 'GOST28147-CNT', bits: 256, mac: 'GOST28147-IMIT' },
  0xff03: { kx: 'RSA', auth: 'RSA', cipher: 'GOST28147-CNT', bits: 256, mac: 'GOST28147-IMIT' },
  0xff85: { kx: 'GOST', auth: 'GOST', cipher: 'GOST28147-CNT', bits: 256, mac: 'GOST28147-IMIT' },
  0xff87: { kx: 'GOST', auth: 'GOST', cipher: 'NULL', bits: 0, mac: 'STREEBOG256' },
};

// ---- build --------------------------------------------------------------------------------------------------
const rows = [];
const warnings = [];
const ianaCodes = new Set(iana.map((r) => r.code));
for (const r of iana) {
  const d = derive(r.code, r.name);
  const os = opensslNames.get(r.code);
  if (os && os.std !== r.name) warnings.push(`0x${hex(r.code)}: openssl calls it ${os.std}, IANA ${r.name}`);
  const ts = testssl.get(r.code);
  if (ts && ts.name && ts.name !== r.name)
    warnings.push(`0x${hex(r.code)}: testssl calls it ${ts.name}, IANA ${r.name}`);
  const openssl = os?.openssl ?? ts?.openssl;
  rows.push(
    row(r.code, r.name, openssl, d, {
      iana: true,
      ianaRecommended: r.ianaRecommended,
      reference: r.reference,
    }),
  );
}
for (const [code, ts] of [...testssl.entries()].sort((a, b) => a[0] - b[0])) {
  if (ianaCodes.has(code)) continue;
  const name = EXTRA_NAMES[code] ?? ts.name;
  if (!name) throw new Error(`no name for non-IANA 0x${hex(code)}`);
  let d;
  if (EXTRA_ATTRS[code]) {
    const a = EXTRA_ATTRS[code];
    d = {
      ...a,
      prf: 'legacy',
      aead: false,
      fs: false,
      export: false,
      mode: a.cipher === 'NULL' ? 'none' : 'stream',
      tls13: false,
    };
  } else {
    d = derive(code, name);
  }
  rows.push(
    row(code, name, ts.openssl, d, {
      iana: false,
      ianaRecommended: false,
      reference: 'testssl.sh cipher-mapping (not IANA-assigned)',
    }),
  );
}
rows.sort((a, b) => a.code - b.code);

function row(code, name, openssl, d, extra) {
  const o = { code, name };
  if (openssl) o.openssl = openssl;
  Object.assign(o, {
    kx: d.kx,
    auth: d.auth,
    cipher: d.cipher,
    bits: d.bits,
    mac: d.mac,
    prf: d.prf,
    aead: d.aead,
    fs: d.fs,
    export: d.export,
    versions: versionsOf(d, name),
    strength: strengthOf(d),
    iana: extra.iana,
    ianaRecommended: extra.ianaRecommended,
    reference: extra.reference,
  });
  return o;
}
function hex(n) {
  return n.toString(16).padStart(4, '0');
}

// SSLv2 CIPHER-KINDs (3 bytes). The seven of the SSL 2.0 spec plus the few extra OpenSSL/testssl know.
const SSL2_STANDARD = new Set([0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0]);
const sslv2Rows = sslv2
  .map((s) => ({ code: s.code, name: s.name, openssl: s.openssl, standard: SSL2_STANDARD.has(s.code) }))
  .sort((a, b) => a.code - b.code);

// ---- emit ---------------------------------------------------------------------------------------------------
const fmtVersions = (v) => `[${v.map((x) => '0x' + x.toString(16).padStart(4, '0')).join(', ')}]`;
let out = `// GENERATED by scripts/gen-registry.mjs — do not edit by hand; edit the sources and re-run the script.
// Sources: the IANA TLS Cipher Suites registry (src/wire/registry/sources/iana-cipher-suites.txt),
// testssl.sh etc/cipher-mapping.txt (OpenSSL names of legacy suites, non-IANA codes),
// and \`openssl ciphers -V -stdname ALL:COMPLEMENTOFALL:@SECLEVEL=0\` (OpenSSL names).
import type { CipherSuiteInfo, Sslv2CipherKindInfo } from './types.js';

export const CIPHER_SUITE_DATA: readonly CipherSuiteInfo[] = [
`;
for (const r of rows) {
  const parts = [`code: 0x${hex(r.code)}`, `name: '${r.name}'`];
  if (r.openssl) parts.push(`openssl: '${r.openssl}'`);
  parts.push(
    `kx: '${r.kx}'`,
    `auth: '${r.auth}'`,
    `cipher: '${r.cipher}'`,
    `bits: ${r.bits}`,
    `mac: '${r.mac}'`,
    `prf: '${r.prf}'`,
    `aead: ${r.aead}`,
    `fs: ${r.fs}`,
    `export: ${r.export}`,
    `versions: ${fmtVersions(r.versions)}`,
    `strength: '${r.strength}'`,
    `iana: ${r.iana}`,
    `ianaRecommended: ${r.ianaRecommended}`,
    `reference: '${r.reference}'`,
  );
  out += `  { ${parts.join(', ')} },\n`;
}
out += `];

export const SSLV2_CIPHER_KIND_DATA: readonly Sslv2CipherKindInfo[] = [
`;
for (const s of sslv2Rows) {
  out += `  { code: 0x${s.code.toString(16).padStart(6, '0')}, name: '${s.name}'${s.openssl ? `, openssl: '${s.openssl}'` : ''}, standard: ${s.standard} },\n`;
}
out += '];\n';

for (const w of warnings) console.error('note: ' + w);
if (process.argv.includes('--check')) {
  const cur = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
  if (cur !== out) {
    console.error(`${outPath} is out of date; run node scripts/gen-registry.mjs`);
    process.exit(1);
  }
  console.log('up to date');
} else {
  writeFileSync(outPath, out);
  console.log(
    `wrote ${rows.length} cipher suites (${rows.filter((r) => r.iana).length} IANA) and ${sslv2Rows.length} SSLv2 kinds to ${outPath}`,
  );
}
