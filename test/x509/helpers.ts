// Shared by the x509, cert-rule and cert CLI tests: temp dirs and a private PKI made by openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'tlsdoctor-x509-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openssl(args: string[], cwd: string, input?: string): string {
  return execFileSync('openssl', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(input !== undefined ? { input } : {}),
  });
}

export interface OpensslPki {
  dir: string;
  /** file names inside dir */
  root: string;
  rootKey: string;
  inter: string;
  interKey: string;
  leaf: string;
  leafKey: string;
  /** a second, unrelated key */
  otherKey: string;
}

/**
 * root (RSA 2048, CA) → intermediate (P-256, CA, pathlen 0, AIA) → leaf (P-256, serverAuth,
 * SAN shop.test + www.shop.test + 127.0.0.1), all by the openssl binary.
 */
export function makeOpensslPki(dir: string, opts: { leafEku?: string; leafDays?: number } = {}): OpensslPki {
  const o = (args: string[]) => openssl(args, dir);
  o([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'root.key',
    '-out',
    'root.pem',
    '-subj',
    '/CN=tlsdoctor Test Root/O=tlsdoctor',
    '-days',
    '3650',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  o([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'inter.key',
    '-out',
    'inter.csr',
    '-subj',
    '/CN=tlsdoctor Test Intermediate/O=tlsdoctor',
  ]);
  writeFileSync(
    join(dir, 'inter.ext'),
    'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nauthorityInfoAccess=caIssuers;URI:http://127.0.0.1:8080/root.cer\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  o([
    'x509',
    '-req',
    '-in',
    'inter.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-out',
    'inter.pem',
    '-days',
    '1825',
    '-extfile',
    'inter.ext',
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
    join(dir, 'leaf.ext'),
    `basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=${opts.leafEku ?? 'serverAuth'}\nsubjectAltName=DNS:shop.test,DNS:www.shop.test,IP:127.0.0.1\nauthorityInfoAccess=caIssuers;URI:http://127.0.0.1:8080/inter.cer\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`,
  );
  o([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'inter.pem',
    '-CAkey',
    'inter.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    String(opts.leafDays ?? 90),
    '-extfile',
    'leaf.ext',
  ]);
  o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other.key']);
  return {
    dir,
    root: 'root.pem',
    rootKey: 'root.key',
    inter: 'inter.pem',
    interKey: 'inter.key',
    leaf: 'leaf.pem',
    leafKey: 'leaf.key',
    otherKey: 'other.key',
  };
}

export function p(dir: string, name: string): string {
  return join(dir, name);
}

/** every PEM certificate block of a text, as DER */
export function pems(text: string): Buffer[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g)].map(
    (m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'),
  );
}
