import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type TLSSocket } from 'node:tls';
import { writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { generateCertificate, makePfx } from '../../src/x509/generate.js';
import { openssl, p, tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());

test('a generated root → intermediate → leaf chain verifies with openssl and carries the asked-for extensions', async () => {
  const root = await generateCertificate({
    subject: 'CN=Gen Root, O=tlsdoctor',
    isCA: true,
    pathLength: 1,
    nameConstraints: { permittedDns: ['.test'] },
  });
  const inter = await generateCertificate({
    subject: 'CN=Gen Intermediate',
    issuer: root,
    isCA: true,
    pathLength: 0,
    key: { type: 'ec', curve: 'P-384' },
    aiaCaIssuers: ['http://127.0.0.1:8080/root.cer'],
  });
  const leaf = await generateCertificate({
    subject: 'CN=shop.test',
    issuer: inter,
    key: { type: 'ec' },
    san: { dns: ['shop.test'], ip: ['127.0.0.1'] },
    crlUrls: ['http://127.0.0.1:8080/x.crl'],
    aiaOcsp: ['http://127.0.0.1:8080/ocsp'],
    serialNumber: '0abc',
  });
  const d = tmp.dir;
  writeFileSync(p(d, 'root.pem'), root.certPem);
  writeFileSync(p(d, 'inter.pem'), inter.certPem);
  writeFileSync(p(d, 'leaf.pem'), leaf.certPem);
  assert.match(
    openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', 'leaf.pem'], d),
    /leaf\.pem: OK/,
  );
  const text = openssl(['x509', '-in', 'leaf.pem', '-noout', '-text'], d);
  assert.match(text, /TLS Web Server Authentication/);
  assert.match(text, /DNS:shop\.test, IP Address:127\.0\.0\.1/);
  assert.match(text, /CA Issuers|OCSP - URI:http:\/\/127\.0\.0\.1:8080\/ocsp/);
  assert.match(text, /Serial Number: 2748 \(0xabc\)/);
  assert.match(openssl(['x509', '-in', 'root.pem', '-noout', '-text'], d), /Permitted:\s+DNS:\.test/);
  assert.equal(leaf.thumbprintSha1, new X509Certificate(leaf.certDer).fingerprint.replace(/:/g, ''));
  assert.match(leaf.thumbprintSha1, /^[0-9A-F]{40}$/);
});

test('SHA-1 signature, Ed25519 key, no EKU, custom validity', async () => {
  const root = await generateCertificate({ subject: 'CN=Old Root', isCA: true, signatureHash: 'SHA-1' });
  const ed = await generateCertificate({
    subject: 'CN=ed.test',
    issuer: root,
    key: { type: 'ed25519' },
    eku: null,
    signatureHash: 'SHA-1',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2025-02-01T00:00:00Z'),
  });
  const x = new X509Certificate(ed.certDer);
  assert.equal(x.publicKey.asymmetricKeyType, 'ed25519');
  assert.equal(new Date(x.validTo).toISOString(), '2025-02-01T00:00:00.000Z');
  assert.ok(x.verify(new X509Certificate(root.certDer).publicKey));
  writeFileSync(p(tmp.dir, 'ed.pem'), ed.certPem);
  const text = openssl(['x509', '-in', 'ed.pem', '-noout', '-text'], tmp.dir);
  assert.match(text, /sha1WithRSAEncryption/);
  assert.doesNotMatch(text, /Extended Key Usage/);
});

test('makePfx: openssl reads modern (AES-256, SHA-256 MAC) and legacy (3DES, SHA-1 MAC); a real TLS server runs on it', async () => {
  const root = await generateCertificate({ subject: 'CN=Pfx Root', isCA: true, key: { type: 'ec' } });
  const leaf = await generateCertificate({
    subject: 'CN=localhost',
    issuer: root,
    san: { dns: ['localhost'], ip: ['127.0.0.1'] },
  });
  const modern = makePfx({
    cert: leaf,
    includeKey: true,
    chain: [root],
    password: 'pw-1',
    friendlyName: 'shop',
  });
  const legacy = makePfx({ cert: leaf, includeKey: true, password: 'pw-1', legacy: true });
  writeFileSync(p(tmp.dir, 'm.pfx'), modern);
  writeFileSync(p(tmp.dir, 'l.pfx'), legacy);
  // openssl pkcs12 -info writes its description to stderr
  const info = (f: string) => {
    const r = spawnSync('openssl', ['pkcs12', '-in', f, '-passin', 'pass:pw-1', '-info', '-noout'], {
      cwd: tmp.dir,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout + r.stderr;
  };
  assert.match(info('m.pfx'), /MAC: sha256/);
  assert.match(info('m.pfx'), /PBES2, PBKDF2, AES-256-CBC/);
  assert.match(info('l.pfx'), /MAC: sha1/);
  assert.match(info('l.pfx'), /pbeWithSHA1And3-KeyTripleDES-CBC/);
  const dump = openssl(['pkcs12', '-in', 'm.pfx', '-passin', 'pass:pw-1', '-nodes'], tmp.dir);
  assert.equal((dump.match(/BEGIN CERTIFICATE/g) ?? []).length, 2);
  assert.match(dump, /friendlyName: shop/);
  assert.match(
    openssl(['pkcs12', '-in', 'l.pfx', '-passin', 'pass:pw-1', '-nodes'], tmp.dir),
    /BEGIN PRIVATE KEY/,
  );

  const server = createServer({ pfx: modern, passphrase: 'pw-1' }, (s) => s.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const sock: TLSSocket = connect({ host: '127.0.0.1', port, ca: root.certPem, servername: 'localhost' });
    await once(sock, 'secureConnect');
    assert.equal(sock.authorized, true, String(sock.authorizationError));
    assert.equal(sock.getPeerX509Certificate()?.fingerprint.replace(/:/g, ''), leaf.thumbprintSha1);
    sock.destroy();
  } finally {
    server.close();
  }
});
