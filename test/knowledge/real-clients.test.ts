// Real clients against real local servers (127.0.0.1, port 0): the error texts Node, curl,
// openssl s_client and Java actually print are fed to explain(), which must name the cause.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { explain } from '../../src/knowledge/index.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      {
        timeout: opts.timeoutMs ?? 20_000,
        env: {
          ...process.env,
          no_proxy: '*',
          NO_PROXY: '*',
          http_proxy: '',
          https_proxy: '',
          HTTPS_PROXY: '',
        },
      },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? ((err as { code: number }).code as number)
            : null
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    // a child that exits before reading its stdin makes the write fail with EPIPE: not an error here
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.input ?? '');
  });
}

function ids(text: string): string[] {
  return explain(text).map((m) => m.entry.id);
}

let dir = '';
let key = '';
let cert = '';
const servers: Array<net.Server> = [];

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function tlsServer(options: tls.TlsOptions): Promise<number> {
  const s = tls.createServer({ key, cert, ...options }, (sock) => {
    sock.on('error', () => undefined);
    sock.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
  });
  s.on('tlsClientError', () => undefined);
  return listen(s);
}

function nodeClientError(port: number, options: tls.ConnectionOptions = {}): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...options });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('client timed out'));
    }, 10_000);
    sock.on('secureConnect', () => {
      clearTimeout(timer);
      sock.destroy();
      reject(new Error('handshake unexpectedly succeeded'));
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(e as NodeJS.ErrnoException);
    });
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-knowledge-'));
  const r = await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
  ]);
  assert.equal(r.code, 0, r.stderr);
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
});

after(() => {
  for (const s of servers) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Node: self-signed server → DEPTH_ZERO_SELF_SIGNED_CERT', async () => {
  const port = await tlsServer({});
  const e = await nodeClientError(port);
  assert.equal(e.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  const got = ids(`Error: ${e.message}\n  code: '${e.code}'`);
  assert.equal(got[0], 'node.DEPTH_ZERO_SELF_SIGNED_CERT', got.join(', '));
  assert.ok(got.includes('openssl.verify-self-signed'), got.join(', '));
});

test('Node: TLS 1.2 client vs TLS 1.3-only server → alert 70 protocol_version', async () => {
  const port = await tlsServer({ minVersion: 'TLSv1.3' });
  const e = await nodeClientError(port, { maxVersion: 'TLSv1.2', rejectUnauthorized: false });
  const got = ids(`${e.code}: ${e.message}`);
  assert.equal(got[0], 'openssl.tlsv1-alert-protocol-version', `${e.message} → ${got.join(', ')}`);
  assert.ok(got.includes('tls-alert.protocol_version'), got.join(', '));
});

test('Node: plain HTTP on the port → ERR_SSL_WRONG_VERSION_NUMBER / wrong version number', async () => {
  const http = net.createServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', () =>
      sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
    );
  });
  const port = await listen(http);
  const e = await nodeClientError(port, { rejectUnauthorized: false });
  assert.equal(e.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
  const got = ids(`${e.code}: ${e.message}`);
  assert.ok(
    got.includes('node.ERR_SSL_WRONG_VERSION_NUMBER') && got.includes('openssl.wrong-version-number'),
    got.join(', '),
  );
  for (const m of explain(e.message))
    assert.ok(m.entry.causes.some((c) => c.findingId === 'handshake.not-tls') || m.entry.kind !== 'openssl');
});

test('Node: certificate without the connected name → ERR_TLS_CERT_ALTNAME_INVALID', async () => {
  const port = await tlsServer({});
  const e = await nodeClientError(port, { ca: cert, servername: '' });
  assert.equal(e.code, 'ERR_TLS_CERT_ALTNAME_INVALID', e.message);
  const got = ids(`Error [${e.code}]: ${e.message}`);
  assert.equal(got[0], 'node.ERR_TLS_CERT_ALTNAME_INVALID', `${e.message} → ${got.join(', ')}`);
  assert.ok(
    explain(e.message).some((m) => m.entry.id === 'node.ERR_TLS_CERT_ALTNAME_INVALID'),
    'the message alone is enough',
  );
});

test('Node: expired certificate (made with node-forge, key from openssl) → CERT_HAS_EXPIRED', async () => {
  const pk = forge.pki.privateKeyFromPem(key);
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.rsa.setPublicKey(pk.n, pk.e);
  c.serialNumber = '0a';
  c.validity.notBefore = new Date(Date.now() - 10 * 86_400_000);
  c.validity.notAfter = new Date(Date.now() - 86_400_000);
  const attrs = [{ name: 'commonName', value: 'localhost' }];
  c.setSubject(attrs);
  c.setIssuer(attrs);
  c.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }]);
  c.sign(pk, forge.md.sha256.create());
  const expired = forge.pki.certificateToPem(c);
  const port = await tlsServer({ cert: expired });
  const e = await nodeClientError(port, { ca: expired });
  assert.equal(e.code, 'CERT_HAS_EXPIRED', e.message);
  const got = ids(`${e.code}: ${e.message}`);
  assert.equal(got[0], 'node.CERT_HAS_EXPIRED', got.join(', '));
  assert.ok(got.includes('openssl.verify-cert-has-expired'));
  assert.ok(explain(e.message)[0]!.entry.causes.some((x) => x.findingId === 'cert.expired'));
});

test('curl: no common cipher → (35) sslv3 alert handshake failure', async () => {
  const port = await tlsServer({ maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' });
  const r = await run('curl', [
    '-sS',
    '--tls-max',
    '1.2',
    '--ciphers',
    'ECDHE-RSA-AES256-GCM-SHA384',
    '-k',
    `https://127.0.0.1:${port}/`,
  ]);
  assert.equal(r.code, 35, r.stderr);
  const got = ids(r.stderr);
  assert.equal(got[0], 'openssl.sslv3-alert-handshake-failure', `${r.stderr} → ${got.join(', ')}`);
  assert.ok(got.includes('tls-alert.handshake_failure') && got.includes('curl.35'), got.join(', '));
});

test('curl: self-signed → (60) and the verify reason; name mismatch → the SAN entry', async () => {
  const port = await tlsServer({});
  const r = await run('curl', ['-sS', `https://localhost:${port}/`]);
  assert.equal(r.code, 60, r.stderr);
  const got = ids(r.stderr);
  assert.equal(got[0], 'openssl.verify-self-signed', `${r.stderr} → ${got.join(', ')}`);
  assert.ok(got.includes('curl.60'));

  const r2 = await run('curl', ['-sS', '--cacert', join(dir, 'cert.pem'), `https://127.0.0.1:${port}/`]);
  assert.equal(r2.code, 60, r2.stderr);
  const got2 = ids(r2.stderr);
  assert.ok(
    ['curl.name-mismatch', 'openssl.verify-hostname-mismatch'].includes(got2[0]!),
    `${r2.stderr} → ${got2.join(', ')}`,
  );
  assert.ok(explain(r2.stderr)[0]!.entry.causes.some((c) => c.findingId === 'cert.host-mismatch'));
});

test('openssl s_client: no common cipher → error code and "SSL alert number 40"', async () => {
  const port = await tlsServer({ maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' });
  const r = await run(
    'openssl',
    ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_2', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384'],
    { input: '' },
  );
  const out = r.stdout + r.stderr;
  assert.match(out, /alert number 40/);
  const got = ids(out);
  assert.ok(
    got.includes('tls-alert.handshake_failure') && got.includes('openssl.sslv3-alert-handshake-failure'),
    got.join(', '),
  );
});

test('nginx: the server-side texts (error log "no shared cipher", the plain-HTTP 400 page)', async (t) => {
  const probe = await run('nginx', ['-v'], { timeoutMs: 5_000 });
  if (probe.code !== 0) {
    t.skip('nginx is not installed');
    return;
  }
  const free = net.createServer();
  const port = await new Promise<number>((resolve) =>
    free.listen(0, '127.0.0.1', () => resolve((free.address() as AddressInfo).port)),
  );
  await new Promise<void>((resolve) => free.close(() => resolve()));
  const ng = join(dir, 'nginx');
  mkdirSync(ng, { recursive: true });
  const conf = join(ng, 'nginx.conf');
  const tmp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((k) => `${k}_temp_path ${ng};`)
    .join(' ');
  writeFileSync(
    conf,
    `daemon off; master_process off; worker_processes 1; pid ${join(ng, 'nginx.pid')};\nerror_log ${join(ng, 'error.log')} info;\nevents { worker_connections 16; }\nhttp { access_log off; ${tmp}\n  server { listen 127.0.0.1:${port} ssl; ssl_certificate ${join(dir, 'cert.pem')}; ssl_certificate_key ${join(dir, 'key.pem')}; ssl_protocols TLSv1.2; ssl_ciphers AES128-SHA; location / { return 200 "ok"; } } }\n`,
  );
  const child = spawn('nginx', ['-c', conf, '-e', join(ng, 'error.log')], { stdio: 'ignore' });
  try {
    let up = false;
    for (let i = 0; i < 150 && !up; i++) {
      up = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(false));
      });
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(up, 'nginx did not start');
    const bad = await run('curl', [
      '-sS',
      '--tls-max',
      '1.2',
      '--ciphers',
      'ECDHE-RSA-AES256-GCM-SHA384',
      '-k',
      `https://127.0.0.1:${port}/`,
    ]);
    assert.equal(bad.code, 35, bad.stderr);
    const plain = await run('curl', ['-sS', `http://127.0.0.1:${port}/`]);
    assert.equal(ids(plain.stdout)[0], 'openssl.http-request', plain.stdout);
    let log = '';
    for (let i = 0; i < 100 && !/no shared cipher/.test(log); i++) {
      await new Promise((r) => setTimeout(r, 100));
      log = readFileSync(join(ng, 'error.log'), 'utf8');
    }
    const line = log.split('\n').find((l) => l.includes('SSL_do_handshake() failed'));
    assert.ok(line, log);
    assert.equal(ids(line)[0], 'openssl.no-shared-cipher', line);
    const plainLine = log.split('\n').find((l) => l.includes('plain HTTP'));
    assert.ok(plainLine && ids(plainLine)[0] === 'openssl.http-request', plainLine);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});

test('Python ssl: self-signed → CERTIFICATE_VERIFY_FAILED; plain HTTP → WRONG_VERSION_NUMBER', async (t) => {
  const probe = await run('python3', ['-c', 'import ssl'], { timeoutMs: 10_000 });
  if (probe.code !== 0) {
    t.skip('python3 with ssl is not available');
    return;
  }
  const tlsPort = await tlsServer({});
  const http = net.createServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', () => sock.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  const httpPort = await listen(http);
  const script = [
    'import socket, ssl, sys',
    'for port in sys.argv[1:]:',
    '    try:',
    '        ctx = ssl.create_default_context()',
    '        with socket.create_connection(("127.0.0.1", int(port)), timeout=8) as s:',
    '            with ctx.wrap_socket(s, server_hostname="localhost") as t:',
    '                print("OK")',
    '    except Exception as e:',
    '        print(type(e).__name__ + ": " + str(e))',
    '    print("----")',
  ].join('\n');
  const r = await run('python3', ['-c', script, String(tlsPort), String(httpPort)]);
  const [selfSigned, plain] = r.stdout.split('----');
  assert.match(selfSigned ?? '', /CERTIFICATE_VERIFY_FAILED/, r.stdout + r.stderr);
  assert.equal(ids(selfSigned!)[0], 'openssl.verify-self-signed', selfSigned);
  assert.match(plain ?? '', /WRONG_VERSION_NUMBER|wrong version number/i, r.stdout);
  assert.equal(ids(plain!)[0], 'openssl.wrong-version-number', plain);
});

test('Java: untrusted self-signed → PKIX path building failed; no common suite → Received fatal alert: handshake_failure', async (t) => {
  const probe = await run('java', ['-version'], { timeoutMs: 10_000 });
  if (probe.code !== 0) {
    t.skip('java is not installed');
    return;
  }
  const good = await tlsServer({});
  const mismatch = await tlsServer({ maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' });
  const src = join(dir, 'Probe.java');
  writeFileSync(
    src,
    [
      'public class Probe {',
      '  public static void main(String[] args) throws Exception {',
      '    for (String u : args) {',
      '      try {',
      '        javax.net.ssl.HttpsURLConnection c = (javax.net.ssl.HttpsURLConnection) new java.net.URL(u).openConnection(java.net.Proxy.NO_PROXY);',
      '        c.setConnectTimeout(8000); c.setReadTimeout(8000); c.getResponseCode();',
      '        System.out.println("OK " + u);',
      '      } catch (Exception e) { e.printStackTrace(System.out); System.out.println("----"); }',
      '    }',
      '  }',
      '}',
    ].join('\n'),
  );
  const r = await run(
    'java',
    [
      '-Xshare:auto',
      '-XX:TieredStopAtLevel=1',
      '-Dhttps.cipherSuites=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      '-Djdk.tls.client.protocols=TLSv1.2',
      src,
      `https://localhost:${good}/`,
      `https://localhost:${mismatch}/`,
    ],
    { timeoutMs: 60_000 },
  );
  const [first, second] = r.stdout.split('----');
  assert.ok(first && second, r.stdout + r.stderr);
  assert.match(first, /PKIX path building failed/);
  assert.equal(ids(first)[0], 'java.pkix-path-building-failed', first);
  assert.match(second, /Received fatal alert: handshake_failure/);
  const got = ids(second);
  assert.equal(got[0], 'java.received-fatal-alert', `${second.slice(0, 200)} → ${got.join(', ')}`);
  assert.ok(got.includes('tls-alert.handshake_failure'));
});
