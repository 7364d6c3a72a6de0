// Every zoo case: which implementation, how it is set up, and the root cause `diagnose` must name
// first. Breaks are spread over the implementations (not every break on every server).
import * as z from './servers.js';
import type { Started, ZooContext } from './servers.js';

export interface ZooCase {
  /** `<implementation>/<setup>` */
  id: string;
  start(ctx: ZooContext): Promise<Started>;
  /** the finding id diagnose must put first, or 'healthy' (no finding above info) */
  expect: string;
  /** trust the zoo root (--ca) when diagnosing; false for the private-root case */
  trustRoot?: boolean;
  /** diagnose's plain-HTTP check goes to a port where nothing listens (an HTTPS-only server) */
  closedHttpPort?: boolean;
  /** healthy servers are also compared with sslscan and nmap */
  compare?: boolean;
}

const full = { chain: 'full' } as const;

export const ZOO_CASES: readonly ZooCase[] = [
  // nginx
  { id: 'nginx/healthy', start: (c) => z.nginx(c, full), expect: 'healthy', compare: true },
  {
    id: 'nginx/missing-intermediate',
    start: (c) => z.nginx(c, { chain: 'leaf-only' }),
    expect: 'chain.missing-intermediate',
  },
  {
    id: 'nginx/client-cert-required-at-http',
    start: (c) => z.nginx(c, { ...full, clientCert: 'http' }),
    expect: 'handshake.client-cert-required',
  },
  {
    id: 'nginx/sni-only-vhost',
    start: (c) => z.nginx(c, { ...full, sniDefault: true }),
    expect: 'sni.default-certificate',
  },
  // Apache httpd
  { id: 'apache2/healthy', start: (c) => z.apache(c, full), expect: 'healthy', compare: true },
  {
    id: 'apache2/tls10-only',
    start: (c) => z.apache(c, { ...full, protocols: 'tls10-only', ciphers: 'ALL:@SECLEVEL=0' }),
    expect: 'protocol.no-common-version',
  },
  {
    id: 'apache2/client-cert-optional',
    start: (c) => z.apache(c, { ...full, clientCert: 'optional' }),
    expect: 'handshake.client-cert-optional',
  },
  // lighttpd
  { id: 'lighttpd/healthy', start: (c) => z.lighttpd(c, full), expect: 'healthy', compare: true },
  { id: 'lighttpd/expired', start: (c) => z.lighttpd(c, { chain: 'expired' }), expect: 'cert.expired' },
  {
    id: 'lighttpd/tls10-only',
    start: (c) => z.lighttpd(c, { ...full, protocols: 'tls10-only' }),
    expect: 'protocol.no-common-version',
  },
  // HAProxy
  { id: 'haproxy/healthy', start: (c) => z.haproxy(c, full), expect: 'healthy', compare: true },
  {
    id: 'haproxy/private-root',
    start: (c) => z.haproxy(c, { chain: 'private' }),
    expect: 'chain.untrusted-root',
    trustRoot: false,
  },
  {
    id: 'haproxy/client-cert-required',
    start: (c) => z.haproxy(c, { ...full, clientCert: 'required' }),
    expect: 'handshake.client-cert-required',
  },
  // stunnel
  { id: 'stunnel/healthy', start: (c) => z.stunnel(c, full), expect: 'healthy', compare: true },
  {
    id: 'stunnel/camellia-only',
    start: (c) => z.stunnel(c, { ...full, protocols: 'tls12-only', ciphers: 'CAMELLIA' }),
    expect: 'cipher.no-common-suite',
  },
  {
    // nothing listens on the plain-HTTP port: context at most, the TLS cause stays first
    id: 'stunnel/camellia-only-no-http-port',
    start: (c) => z.stunnel(c, { ...full, protocols: 'tls12-only', ciphers: 'CAMELLIA' }),
    expect: 'cipher.no-common-suite',
    closedHttpPort: true,
  },
  // GnuTLS
  { id: 'gnutls-serv/healthy', start: (c) => z.gnutls(c, full), expect: 'healthy', compare: true },
  {
    id: 'gnutls-serv/wrong-name',
    start: (c) => z.gnutls(c, { chain: 'wrong-name' }),
    expect: 'cert.host-mismatch',
  },
  // openssl s_server
  { id: 'openssl/healthy', start: (c) => z.opensslServer(c, full), expect: 'healthy', compare: true },
  {
    id: 'openssl/rsa-kx-cbc-only',
    start: (c) => z.opensslServer(c, { ...full, protocols: 'tls12-only', ciphers: 'AES128-SHA:AES256-SHA' }),
    expect: 'cipher.no-forward-secrecy',
  },
  // Node
  { id: 'node/healthy', start: (c) => z.nodeTls(c, full), expect: 'healthy', compare: true },
  {
    id: 'node/slow-handshake',
    start: async (c) => z.slow(await z.nodeTls(c, full), 3000),
    expect: 'handshake.slow',
  },
  { id: 'node/plain-http-on-tls-port', start: () => z.plainHttp(), expect: 'handshake.not-tls' },
  { id: 'node/ssh-on-https-port', start: () => z.sshBanner(), expect: 'port.other-program' },
  // Python
  { id: 'python/healthy', start: (c) => z.pythonSsl(c, full), expect: 'healthy', compare: true },
  {
    id: 'python/client-cert-required',
    start: (c) => z.pythonSsl(c, { ...full, clientCert: 'required' }),
    expect: 'handshake.client-cert-required',
  },
  // Java
  { id: 'java/healthy', start: (c) => z.javaTls(c, full), expect: 'healthy', compare: true },
];

/**
 * Cases whose behaviour tlsdoctor does not have yet: node:test runs them as `todo` (a failure is
 * reported, not counted). Each names the missing behaviour; remove the line once it is there.
 */
export const TODO: Readonly<Record<string, string>> = {};
