// Damaged and unusual certificates through `tlsdoctor cert` and `tlsdoctor diagnose`: a report with
// a finding (or a clean report), never "internal error". Certificates are made by the openssl
// binary; the damage is one byte at a named place of the real DER (test/x509/damage.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { X509Certificate, randomBytes } from 'node:crypto';
import { main } from '../../src/cli/main.js';
import { encodeCertificate } from '../../src/wire/certificate.js';
import { encodeHandshake, encodeRecord } from '../../src/wire/record.js';
import { encodeServerHello } from '../../src/wire/server-hello.js';
import { openssl, p, tempDir } from './helpers.js';
import { OID, damageExtension, damageSpki, damageValidity, toPem } from './damage.js';

const tmp = tempDir('tlsdoctor-malformed-');
const d = tmp.dir;
after(() => tmp.cleanup());

interface Run {
  code: number;
  out: string;
  err: string;
}
export async function cli(args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1' },
  });
  return { code, out, err };
}

interface JsonReport {
  findings: Array<{ id: string; summary: string }>;
  data?: { certificates?: Array<{ subject: string }> };
}

function assertReport(r: Run, what: string): JsonReport {
  assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code}: ${r.err}`);
  assert.doesNotMatch(r.err, /internal error|\n\s+at /, what);
  return JSON.parse(r.out) as JsonReport;
}

let leafDer: Buffer;
let emptyDer: Buffer;
const damaged: Record<string, Buffer> = {};

before(() => {
  const o = (args: string[]) => openssl(args, d);
  // a CA, then a leaf with every extension the damage targets (SAN, CRL DP, AIA, EKU, BC, AKI)
  o([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=Malformed Test CA',
    '-days',
    '30',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
  o([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=shop.test',
  ]);
  writeFileSync(
    p(d, 'leaf.ext'),
    [
      'basicConstraints=critical,CA:false',
      'subjectAltName=DNS:shop.test,IP:127.0.0.1',
      'extendedKeyUsage=serverAuth',
      'crlDistributionPoints=URI:http://127.0.0.1/ca.crl',
      'authorityInfoAccess=caIssuers;URI:http://127.0.0.1/ca.cer',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  o([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '20',
    '-extfile',
    'leaf.ext',
  ]);
  // RFC 5280 §4.1.2.6: an empty subject, named by a critical subjectAltName
  o([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'empty.key',
    '-out',
    'empty.pem',
    '-subj',
    '/',
    '-days',
    '7',
    '-addext',
    'subjectAltName=critical,IP:127.0.0.1',
  ]);
  leafDer = Buffer.from(new X509Certificate(readFileSync(p(d, 'leaf.pem'))).raw);
  emptyDer = Buffer.from(new X509Certificate(readFileSync(p(d, 'empty.pem'))).raw);
  damaged.subjectPublicKeyInfo = damageSpki(leafDer);
  damaged.validity = damageValidity(leafDer);
  for (const [name, oid] of Object.entries(OID)) damaged[name] = damageExtension(leafDer, oid);
  for (const [name, der] of Object.entries(damaged)) writeFileSync(p(d, `bad-${name}.pem`), toPem(der));
});

describe('cert: an empty subject (RFC 5280 §4.1.2.6)', () => {
  test('1. a report, the empty subject shown as such, the SAN naming it, no cert.malformed', async () => {
    const r = await cli(['cert', p(d, 'empty.pem'), '--no-system-store', '--json']);
    const json = assertReport(r, 'empty subject');
    assert.equal(json.data?.certificates?.[0]?.subject, '');
    assert.ok(!json.findings.some((f) => f.id === 'cert.malformed'));
    const text = await cli(['cert', p(d, 'empty.pem'), '--no-system-store']);
    assert.ok(text.code === 0 || text.code === 1, text.err);
    assert.match(text.out, /\(empty subject/);
    assert.match(text.out, /IP:127\.0\.0\.1/);
  });
});

describe('cert: one byte damaged in a real certificate → cert.malformed, never internal error', () => {
  const parts = ['subjectPublicKeyInfo', 'validity', ...Object.keys(OID)];
  parts.forEach((name, i) => {
    test(`${i + 2}. damaged ${name}`, async () => {
      const r = await cli(['cert', p(d, `bad-${name}.pem`), '--no-system-store', '--json']);
      const json = assertReport(r, name);
      assert.equal(r.code, 1);
      const f = json.findings.find((x) => x.id === 'cert.malformed');
      assert.ok(f, `${name}: ${json.findings.map((x) => x.id).join(', ')}`);
      const text = await cli(['cert', p(d, `bad-${name}.pem`), '--no-system-store']);
      assert.equal(text.code, 1, text.err);
      assert.match(text.out, /\[BLOCKER\] cert\.malformed/);
    });
  });
});

/** A real TLS server (node:tls, OpenSSL) on 127.0.0.1, port 0. */
async function tlsServer(
  certPem: string,
  keyPem: string,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = tls.createServer({ cert: certPem, key: keyPem }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise((res) => server.close(() => res())) };
}

/**
 * OpenSSL refuses to serve a certificate whose key does not decode, so this server answers every
 * ClientHello with the clear TLS 1.2 flight a server sends (RFC 5246 §7.3): ServerHello
 * (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), Certificate with the damaged DER, then closes.
 */
async function rawCertificateServer(der: Buffer): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.once('data', () => {
      const hello = encodeServerHello({
        legacyVersion: 0x0303,
        random: randomBytes(32),
        sessionId: Buffer.alloc(0),
        cipherSuite: 0xc02b,
        compressionMethod: 0,
        extensions: [],
      });
      const flight = Buffer.concat([
        encodeHandshake(2, hello),
        encodeHandshake(11, encodeCertificate({ entries: [{ data: der }] }, { tls13: false })),
      ]);
      s.end(encodeRecord(22, 0x0303, flight));
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise((res) => {
        for (const s of sockets) s.destroy();
        server.close(() => res());
      }),
  };
}

describe('diagnose: a loopback server serving such a certificate → a report', () => {
  const diag = (port: number) => [
    'diagnose',
    `https://shop.test:${port}/`,
    '--ip',
    '127.0.0.1',
    '--http-port',
    '0',
    '--json',
  ];

  test('9. node:tls serving a leaf whose subjectAltName is damaged → cert.malformed', async () => {
    const srv = await tlsServer(toPem(damaged.subjectAltName!), readFileSync(p(d, 'leaf.key'), 'utf8'));
    try {
      const json = assertReport(await cli(diag(srv.port)), 'diagnose SAN');
      assert.ok(json.findings.some((f) => f.id === 'cert.malformed'));
    } finally {
      await srv.close();
    }
  });

  test('10. node:tls serving an empty-subject certificate → a report without cert.malformed', async () => {
    const srv = await tlsServer(toPem(emptyDer), readFileSync(p(d, 'empty.key'), 'utf8'));
    try {
      const json = assertReport(await cli(diag(srv.port)), 'diagnose empty subject');
      assert.ok(!json.findings.some((f) => f.id === 'cert.malformed'));
    } finally {
      await srv.close();
    }
  });

  test('11. a server sending a certificate whose public key does not decode → cert.malformed', async () => {
    const srv = await rawCertificateServer(damaged.subjectPublicKeyInfo!);
    try {
      const json = assertReport(await cli(diag(srv.port)), 'diagnose SPKI');
      assert.ok(
        json.findings.some((f) => f.id === 'cert.malformed'),
        json.findings.map((f) => f.id).join(', '),
      );
    } finally {
      await srv.close();
    }
  });
});
