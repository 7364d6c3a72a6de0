// The zoo: real server implementations from Debian's packages (and Node, Python, Java), each
// started in the foreground on 127.0.0.1 with a configuration written here, healthy and broken.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  delayingRelay,
  freePort,
  inNamespace,
  makeNamespace,
  startProc,
  waitReady,
  type Namespace,
  type Proc,
} from './harness.js';
import type { ZooPki } from './pki.js';

export interface Started {
  port: number;
  /** set when the server runs in a network namespace of its own: run clients there too */
  ns?: Namespace;
  stop(): Promise<void>;
}

export interface ZooContext {
  pki: ZooPki;
  /** a plain-HTTP backend on 127.0.0.1 for TLS terminators (stunnel) */
  backendPort: number;
}

/** What a server presents: which chain and key, which versions and suites, client certificates. */
export interface TlsConfig {
  chain: 'full' | 'leaf-only' | 'private' | 'expired' | 'wrong-name';
  /** default: TLS 1.2 and 1.3 */
  protocols?: 'tls10-only' | 'tls12-only' | 'tls13-only' | 'modern';
  /** an OpenSSL cipher string for TLS ≤ 1.2 (default: the implementation's own) */
  ciphers?: string;
  clientCert?: 'required' | 'optional' | 'http';
  /** a default site (default.zoo.test) for clients without SNI; localhost only by SNI */
  sniDefault?: boolean;
  /** openssl s_server: no Encrypt-then-MAC (RFC 7366) */
  noEtm?: boolean;
}

function files(pki: ZooPki, c: TlsConfig): { chain: string; key: string } {
  switch (c.chain) {
    case 'full':
      return { chain: pki.chain, key: pki.leafKey };
    case 'leaf-only':
      return { chain: pki.leafOnly, key: pki.leafKey };
    case 'private':
      return { chain: pki.privateChain, key: pki.privateKey };
    case 'expired':
      return { chain: pki.expiredChain, key: pki.expiredKey };
    case 'wrong-name':
      return { chain: pki.wrongNameChain, key: pki.wrongNameKey };
  }
}

async function workDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tlsdoctor-zoo-${name}-`));
  // workers of nginx/apache drop to nobody: they read the document root
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'htdocs'), { mode: 0o755 });
  await writeFile(join(dir, 'htdocs', 'index.html'), 'ok\n', { mode: 0o644 });
  return dir;
}

async function launch(
  name: string,
  dir: string,
  cmd: string,
  args: string[],
  port: number,
  o: { ns?: Namespace; ready?: RegExp } = {},
): Promise<Started> {
  const [c, a] = inNamespace(o.ns, cmd, args);
  const p: Proc = startProc(name, c, a, { cwd: dir });
  const stop = async (): Promise<void> => {
    await p.stop();
    await o.ns?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(p, port, o.ready ? { ready: o.ready } : {});
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, ...(o.ns ? { ns: o.ns } : {}), stop };
}

const nginxProtocols = (c: TlsConfig): string =>
  c.protocols === 'tls10-only' ? 'TLSv1' : c.protocols === 'tls12-only' ? 'TLSv1.2' : 'TLSv1.2 TLSv1.3';

export async function nginx(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('nginx');
  const port = await freePort();
  const f = files(ctx.pki, c);
  const site = (name: string, chain: string, key: string, dflt: boolean): string => `
  server {
    listen 127.0.0.1:${port} ssl${dflt ? ' default_server' : ''};
    server_name ${name};
    ssl_certificate ${chain};
    ssl_certificate_key ${key};
    ssl_protocols ${nginxProtocols(c)};
    ${c.ciphers ? `ssl_ciphers ${c.ciphers};` : ''}
    ${c.clientCert ? `ssl_client_certificate ${ctx.pki.clientCaCert};` : ''}
    ${c.clientCert === 'http' ? 'ssl_verify_client on;' : c.clientCert === 'optional' ? 'ssl_verify_client optional;' : ''}
    location / { return 200 "ok\\n"; }
  }`;
  await writeFile(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${c.sniDefault ? site('default.zoo.test', ctx.pki.defaultChain, ctx.pki.defaultKey, true) : ''}
  ${site('localhost', f.chain, f.key, !c.sniDefault)}
}
`,
  );
  return launch(
    'nginx',
    dir,
    'nginx',
    ['-e', `${dir}/error.log`, '-p', dir, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'],
    port,
  );
}

const MODULES = '/usr/lib/apache2/modules';

export async function apache(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('apache');
  const port = await freePort();
  const f = files(ctx.pki, c);
  const protocols =
    c.protocols === 'tls10-only'
      ? 'TLSv1'
      : c.protocols === 'tls12-only'
        ? '-all +TLSv1.2'
        : '-all +TLSv1.2 +TLSv1.3';
  await writeFile(
    join(dir, 'httpd.conf'),
    `ServerRoot ${dir}
DefaultRuntimeDir ${dir}
PidFile ${dir}/httpd.pid
Mutex file:${dir} default
Listen 127.0.0.1:${port}
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule socache_shmcb_module ${MODULES}/mod_socache_shmcb.so
LoadModule ssl_module ${MODULES}/mod_ssl.so
User nobody
Group nogroup
ErrorLog ${dir}/error.log
LogLevel warn
ServerName localhost
DocumentRoot ${dir}/htdocs
SSLSessionCache shmcb:${dir}/ssl_scache(512000)
<VirtualHost 127.0.0.1:${port}>
  ServerName localhost
  SSLEngine on
  SSLCertificateFile ${f.chain}
  SSLCertificateKeyFile ${f.key}
  SSLProtocol ${protocols}
  ${c.ciphers ? `SSLCipherSuite ${c.ciphers}` : ''}
  ${c.clientCert ? `SSLCACertificateFile ${ctx.pki.clientCaCert}` : ''}
  ${c.clientCert === 'optional' ? 'SSLVerifyClient optional' : c.clientCert ? 'SSLVerifyClient require' : ''}
</VirtualHost>
`,
  );
  return launch('apache2', dir, 'apache2', ['-DFOREGROUND', '-f', `${dir}/httpd.conf`], port);
}

export async function lighttpd(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('lighttpd');
  const port = await freePort();
  const f = files(ctx.pki, c);
  await writeFile(
    join(dir, 'lighttpd.conf'),
    `server.document-root = "${dir}/htdocs"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${dir}/error.log"
server.modules = ("mod_openssl")
ssl.engine = "enable"
ssl.pemfile = "${f.chain}"
ssl.privkey = "${f.key}"
${c.protocols === 'tls10-only' ? 'ssl.openssl.ssl-conf-cmd = ("MinProtocol" => "TLSv1", "MaxProtocol" => "TLSv1", "CipherString" => "ALL:@SECLEVEL=0")' : ''}
`,
  );
  return launch('lighttpd', dir, 'lighttpd', ['-D', '-f', `${dir}/lighttpd.conf`], port);
}

export async function haproxy(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('haproxy');
  const port = await freePort();
  const f = files(ctx.pki, c);
  const pem = join(dir, 'site.pem');
  await writeFile(pem, (await readFile(f.chain, 'utf8')) + (await readFile(f.key, 'utf8')), { mode: 0o600 });
  const verify =
    c.clientCert === 'required'
      ? ` ca-file ${ctx.pki.clientCaCert} verify required`
      : c.clientCert === 'optional'
        ? ` ca-file ${ctx.pki.clientCaCert} verify optional`
        : '';
  await writeFile(
    join(dir, 'haproxy.cfg'),
    `global
  maxconn 256
defaults
  mode http
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend zoo
  bind 127.0.0.1:${port} ssl crt ${pem} alpn h2,http/1.1${c.protocols === 'tls12-only' ? ' ssl-max-ver TLSv1.2' : ''}${verify}
  http-request return status 200 content-type text/plain string "ok"
`,
  );
  return launch('haproxy', dir, 'haproxy', ['-db', '-f', `${dir}/haproxy.cfg`], port);
}

export async function stunnel(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('stunnel');
  const port = await freePort();
  const f = files(ctx.pki, c);
  await writeFile(
    join(dir, 'stunnel.conf'),
    `foreground = yes
pid =
debug = warning
[zoo]
accept = 127.0.0.1:${port}
connect = 127.0.0.1:${ctx.backendPort}
cert = ${f.chain}
key = ${f.key}
${c.ciphers ? `ciphers = ${c.ciphers}` : ''}
${c.protocols === 'tls12-only' ? 'sslVersionMin = TLSv1.2\nsslVersionMax = TLSv1.2' : 'sslVersionMin = TLSv1.2'}
`,
  );
  return launch('stunnel', dir, 'stunnel4', [`${dir}/stunnel.conf`], port);
}

/**
 * gnutls-serv has no option to listen on one address: it binds every interface. It runs in a
 * network namespace of its own (only loopback), and the clients are run in there too.
 */
export async function gnutls(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('gnutls');
  const ns = await makeNamespace();
  const port = 8443;
  const f = files(ctx.pki, c);
  return launch(
    'gnutls-serv',
    dir,
    'gnutls-serv',
    [
      '--http',
      '--port',
      String(port),
      '--x509certfile',
      f.chain,
      '--x509keyfile',
      f.key,
      '--priority',
      c.protocols === 'tls12-only'
        ? 'NORMAL:-VERS-ALL:+VERS-TLS1.2'
        : 'NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2',
    ],
    port,
    { ns, ready: /HTTP Server listening on IPv4 .*done/ },
  );
}

export async function opensslServer(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('openssl');
  const port = await freePort();
  const f = files(ctx.pki, c);
  const leaf = c.chain === 'full' ? ctx.pki.leafOnly : f.chain;
  return launch(
    'openssl s_server',
    dir,
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      leaf,
      ...(c.chain === 'full' ? ['-cert_chain', ctx.pki.intermediateCert] : []),
      '-key',
      f.key,
      '-www',
      '-quiet',
      '-alpn',
      'http/1.1',
      ...(c.protocols === 'tls12-only' ? ['-no_tls1_3'] : []),
      ...(c.protocols === 'tls10-only' ? ['-tls1'] : []),
      ...(c.ciphers ? ['-cipher', c.ciphers] : []),
      ...(c.noEtm ? ['-no_etm'] : []),
    ],
    port,
  );
}

/** Node's https server in a child process. */
export async function nodeTls(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('node');
  const port = await freePort();
  const f = files(ctx.pki, c);
  const script = `
const fs = require('node:fs');
const https = require('node:https');
https.createServer({
  cert: fs.readFileSync(${JSON.stringify(f.chain)}),
  key: fs.readFileSync(${JSON.stringify(f.key)}),
  ALPNProtocols: ['http/1.1'],${c.protocols === 'tls13-only' ? "\n  minVersion: 'TLSv1.3'," : ''}
}, (req, res) => res.end('ok\\n')).listen(${port}, '127.0.0.1');
`;
  return launch('node https', dir, process.execPath, ['-e', script], port);
}

/** Python's ssl module wrapping http.server, in a child process. */
export async function pythonSsl(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  const dir = await workDir('python');
  const port = await freePort();
  const f = files(ctx.pki, c);
  const script = `
import ssl, http.server
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(${JSON.stringify(f.chain)}, ${JSON.stringify(f.key)})
ctx.set_alpn_protocols(['http/1.1'])
${c.clientCert === 'required' ? `ctx.load_verify_locations(${JSON.stringify(ctx.pki.clientCaCert)})\nctx.verify_mode = ssl.CERT_REQUIRED` : ''}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header('Content-Length', '3'); self.end_headers(); self.wfile.write(b'ok\\n')
    def log_message(self, *a): pass
class S(http.server.ThreadingHTTPServer):
    def get_request(self):
        sock, addr = super().get_request()
        return ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr
    def handle_error(self, request, client_address): pass
S(('127.0.0.1', ${port}), H).serve_forever()
`;
  return launch('python ssl', dir, 'python3', ['-c', script], port);
}

/** Java's SSLServerSocket with a PKCS#12 keystore, run by the single-file source launcher. */
export async function javaTls(ctx: ZooContext, c: TlsConfig): Promise<Started> {
  void c;
  const dir = await workDir('java');
  const port = await freePort();
  await writeFile(
    join(dir, 'ZooServer.java'),
    `import java.io.*;
import java.net.*;
import java.security.KeyStore;
import javax.net.ssl.*;

public class ZooServer {
  public static void main(String[] a) throws Exception {
    char[] pw = a[1].toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(a[0])) { ks.load(in, pw); }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory()
        .createServerSocket(Integer.parseInt(a[2]), 128, InetAddress.getByName("127.0.0.1"));
    while (true) {
      Socket s = ss.accept();
      new Thread(() -> {
        try (Socket c = s) {
          c.setSoTimeout(10000);
          BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream()));
          String line;
          while ((line = r.readLine()) != null && !line.isEmpty()) { }
          OutputStream o = c.getOutputStream();
          o.write("HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n".getBytes());
          o.flush();
        } catch (Exception e) { }
      }).start();
    }
  }
}
`,
  );
  return launch(
    'java',
    dir,
    'java',
    [
      '-Xshare:auto',
      '-XX:TieredStopAtLevel=1',
      'ZooServer.java',
      ctx.pki.p12,
      ctx.pki.p12Password,
      String(port),
    ],
    port,
  );
}

/** Plain HTTP answering on the port a client expects TLS on. */
export async function plainHttp(): Promise<Started> {
  const dir = await workDir('plain-http');
  const port = await freePort();
  const script = `require('node:http').createServer((q, s) => s.end('ok\\n')).listen(${port}, '127.0.0.1');`;
  return launch('plain http', dir, process.execPath, ['-e', script], port);
}

/** Another program on the HTTPS port: it greets first with an SSH banner (RFC 4253 §4.2). */
export async function sshBanner(): Promise<Started> {
  const dir = await workDir('ssh-banner');
  const port = await freePort();
  const script = `require('node:net').createServer((s) => { s.on('error', () => {}); s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n'); s.on('data', () => { s.end('Invalid SSH identification string.\\r\\n'); }); }).listen(${port}, '127.0.0.1');`;
  return launch('ssh banner', dir, process.execPath, ['-e', script], port);
}

/** A server behind a relay that holds its first bytes back by `delayMs`. */
export async function slow(inner: Started, delayMs: number): Promise<Started> {
  const relay = await delayingRelay(inner.port, delayMs);
  return {
    port: relay.port,
    stop: async () => {
      await relay.stop();
      await inner.stop();
    },
  };
}

/** The plain-HTTP backend behind TLS terminators, in this process. */
export function httpBackend(): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createHttpServer((_q, s) => s.end('ok\n'));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        stop: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}
