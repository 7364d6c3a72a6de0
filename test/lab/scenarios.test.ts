// Every lab scenario, checked with real clients (node:tls, raw TCP with a real ClientHello,
// `openssl s_client`, curl) against what it claims to reproduce. One lab for the whole file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { SCENARIOS, startLab } from '../../src/lab/index.js';
import type { Lab, RunningScenario } from '../../src/lab/index.js';
import { ByteReader } from '../../src/wire/byte-reader.js';
import { captureClientHello, curlHttps, httpGet, rawExchange, run, sClient, tlsAttempt } from './helpers.js';

let lab: Lab;
/** a real ClientHello from Node's TLS client, with SNI */
let hello: Buffer;

before(async () => {
  [lab, hello] = await Promise.all([
    startLab({ holdMs: 20_000 }),
    captureClientHello({ servername: 'capture.lab.tlsdoctor.test' }),
  ]);
});
after(async () => {
  await lab?.stop();
});

const s = (id: string): RunningScenario => lab.get(id);
/** a verifying handshake as a careful client makes it: lab root trusted, SNI = the scenario's name */
const attempt = (id: string, extra: tls.ConnectionOptions & { settleMs?: number; timeoutMs?: number } = {}) =>
  tlsAttempt({ host: s(id).host, port: s(id).port, servername: s(id).serverName, ca: lab.caPem, ...extra });

/** `Alert` in an alert record (RFC 8446 §6): type 21, version, length 2, level, description */
function readAlertRecord(b: Buffer): { contentType: number; level: number; description: number } {
  const r = new ByteReader(b, { path: ['Record'] });
  const contentType = r.u8('ContentType');
  r.u16('legacy_record_version');
  const body = r.subVector(2, { min: 2, max: 2 }, 'fragment');
  r.expectEnd('alert record');
  return { contentType, level: body.u8('level'), description: body.u8('description') };
}

/** the catalogue's symptom quotes what the real client printed */
function symptomQuotes(id: string, clientOutput: string, phrase: string): void {
  assert.ok(clientOutput.includes(phrase), `client output lacks '${phrase}': ${clientOutput}`);
  assert.ok(s(id).spec.symptom.includes(phrase), `${id}: symptom does not quote '${phrase}'`);
}

/** certificates in `openssl s_client -showcerts` output */
const certCount = (out: string) => (out.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;

describe('the catalogue', () => {
  test('every scenario of issue 4 runs, on 127.0.0.1, with a distinct port and its own name', () => {
    const ids = SCENARIOS.map((x) => x.id);
    assert.deepEqual(ids, [
      'healthy',
      'tls10-only',
      'tls13-only',
      'no-common-cipher',
      'silent',
      'reset',
      'close',
      'alert-40',
      'http-on-tls-port',
      'port-squatter',
      'sni-required',
      'untrusted-root',
      'eku-client-auth-only',
      'expired',
      'missing-intermediate',
      'host-mismatch',
      'client-cert-required',
      'middlebox-sni',
      'middlebox-tls13',
      'middlebox-large-hello',
      'slow-handshake',
      'twin-working',
      'twin-broken',
      'private-root',
      'sni-default-cert',
    ]);
    assert.deepEqual(
      lab.scenarios.map((x) => x.id),
      ids,
    );
    const ports = new Set<number>();
    for (const sc of lab.scenarios) {
      assert.equal(sc.host, '127.0.0.1');
      assert.equal(sc.serverName, `${sc.id}.lab.tlsdoctor.test`);
      assert.equal(sc.caPem, lab.caPem);
      assert.ok(!ports.has(sc.port), `${sc.id}: port reused`);
      ports.add(sc.port);
      assert.ok(sc.httpPort !== undefined, `${sc.id}: no plain-HTTP port`);
      assert.ok(sc.spec.title.length > 0 && sc.spec.symptom.length > 0);
    }
    assert.equal(s('healthy').spec.expectedRootCause, null);
    assert.equal(s('middlebox-sni').spec.expectedRootCause, 'network.middlebox-suspected');
    assert.equal(s('tls13-only').spec.expectedRootCause, 'clients.incompatible');
  });

  test('every plain-HTTP port answers 200 (the "does plain HTTP work" check passes)', async () => {
    const answers = await Promise.all(lab.scenarios.map((sc) => httpGet(sc.httpPort!)));
    answers.forEach((a, i) => {
      assert.equal(a.status, 200, lab.scenarios[i]!.id);
      assert.match(a.body.toString(), new RegExp(`tlsdoctor lab: ${lab.scenarios[i]!.id}`));
    });
  });

  test('caFile holds the lab root, a CA certificate that is not the leaf issuer directly', async () => {
    const { readFileSync } = await import('node:fs');
    const root = new X509Certificate(readFileSync(lab.caFile));
    assert.equal(root.ca, true);
    assert.equal(root.subject, root.issuer);
    assert.equal(root.toString(), new X509Certificate(lab.caPem).toString());
  });
});

describe('healthy', () => {
  test('node:tls verifies it against the lab root with SNI', async () => {
    const r = await attempt('healthy');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.authorized, true, r.authorizationError ?? '');
    assert.equal(r.protocol, 'TLSv1.3');
    assert.equal(tls.checkServerIdentity(s('healthy').serverName, r.peer), undefined);
  });
  test("the scenario's own curl command line works as printed", async () => {
    const [cmd, ...args] = s('healthy').curl.split(' ');
    assert.equal(cmd, 'curl');
    assert.ok(args.includes(`healthy.lab.tlsdoctor.test:${s('healthy').port}:127.0.0.1`));
    const r = await run('curl', ['-sS', '--max-time', '5', '--noproxy', '*', ...args]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tlsdoctor lab: healthy \(HTTPS\)/);
    const [, ...expiredArgs] = s('expired').curl.split(' ');
    const e = await run('curl', ['-sS', '--max-time', '5', '--noproxy', '*', ...expiredArgs]);
    assert.equal(e.code, 60);
  });
  test('curl with --cacert gets the page', async () => {
    const r = await curlHttps(s('healthy').serverName, s('healthy').port, ['--cacert', lab.caFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tlsdoctor lab: healthy \(HTTPS\)/);
  });
  test('openssl s_client: TLS 1.2 works too, leaf + intermediate sent, verify OK', async () => {
    const r = await sClient(s('healthy').port, [
      '-servername',
      s('healthy').serverName,
      '-CAfile',
      lab.caFile,
      '-tls1_2',
      '-showcerts',
    ]);
    const out = r.stdout + r.stderr;
    assert.match(out, /Verify return code: 0 \(ok\)/);
    assert.match(out, /Protocol\s*: TLSv1\.2/);
    assert.equal(certCount(out), 2);
  });
});

describe('tls10-only', () => {
  test('a TLS 1.2/1.3 client gets a protocol_version alert (70)', async () => {
    const r = await attempt('tls10-only');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });
  test('a client capped at TLS 1.2 (no supported_versions) is offered TLS 1.0 and refuses it', async () => {
    const r = await attempt('tls10-only', { maxVersion: 'TLSv1.2' });
    assert.equal(!r.ok && r.code, 'ERR_SSL_UNSUPPORTED_PROTOCOL');
  });
  test('curl (OpenSSL 3 at its default security level) refuses the TLS 1.0 handshake', async () => {
    const c = await curlHttps(s('tls10-only').serverName, s('tls10-only').port, ['--cacert', lab.caFile]);
    assert.equal(c.code, 35);
    symptomQuotes('tls10-only', c.stderr, 'legacy sigalg disallowed or unsupported');
    assert.match(s('tls10-only').spec.symptom, /tlsv1 alert protocol version/);
  });
  test('openssl s_client -tls1 connects with TLS 1.0', async () => {
    const r = await sClient(s('tls10-only').port, [
      '-tls1',
      '-cipher',
      'DEFAULT:@SECLEVEL=0',
      '-servername',
      s('tls10-only').serverName,
      '-CAfile',
      lab.caFile,
    ]);
    const out = r.stdout + r.stderr;
    assert.match(out, /Protocol\s*: TLSv1\n/);
    assert.match(out, /Verify return code: 0 \(ok\)/);
  });
  test('node:tls allowing TLS 1.0 at security level 0 connects and verifies', async () => {
    const r = await attempt('tls10-only', { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    assert.ok(r.ok && r.authorized && r.protocol === 'TLSv1', JSON.stringify(r));
  });
});

describe('tls13-only', () => {
  test('a modern client connects with TLS 1.3', async () => {
    const r = await attempt('tls13-only');
    assert.ok(r.ok && r.authorized && r.protocol === 'TLSv1.3', JSON.stringify(r));
  });
  test('a legacy client (TLS 1.2 at most, like IE 11 / Java 8) gets a protocol_version alert', async () => {
    const r = await attempt('tls13-only', { maxVersion: 'TLSv1.2' });
    assert.equal(!r.ok && r.code, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });
  test('curl --tls-max 1.2 fails with "alert protocol version"', async () => {
    const r = await curlHttps(s('tls13-only').serverName, s('tls13-only').port, [
      '--cacert',
      lab.caFile,
      '--tls-max',
      '1.2',
    ]);
    assert.equal(r.code, 35);
    assert.match(r.stderr, /alert protocol version/);
    assert.match(s('tls13-only').spec.symptom, /protocol version alert/);
  });
});

describe('no-common-cipher', () => {
  test("node's default client list: handshake_failure alert (40)", async () => {
    const r = await attempt('no-common-cipher');
    assert.equal(!r.ok && r.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    const c = await curlHttps(s('no-common-cipher').serverName, s('no-common-cipher').port, [
      '--cacert',
      lab.caFile,
    ]);
    symptomQuotes('no-common-cipher', c.stderr, 'sslv3 alert handshake failure');
  });
  test("openssl's DEFAULT list and a browser-like list: alert 40", async () => {
    for (const cipher of [[], ['-cipher', 'ECDHE+AESGCM:ECDHE+CHACHA20:ECDHE+AES:RSA+AES']]) {
      const r = await sClient(s('no-common-cipher').port, [
        '-servername',
        s('no-common-cipher').serverName,
        ...cipher,
      ]);
      assert.match(r.stdout + r.stderr, /alert handshake failure|SSL alert number 40/);
    }
  });
  test('a client offering CAMELLIA gets a full, verified handshake (the server is alive)', async () => {
    const r = await attempt('no-common-cipher', { ciphers: 'ECDHE-ECDSA-CAMELLIA128-SHA256' });
    assert.ok(r.ok && r.authorized, JSON.stringify(r));
    assert.equal(r.ok && r.protocol, 'TLSv1.2');
    assert.equal(r.ok && r.cipher, 'ECDHE-ECDSA-CAMELLIA128-SHA256');
  });
});

describe('no ServerHello: silent, reset, close', () => {
  test('silent: a real ClientHello gets no byte within 1 s and the connection stays open; curl times out', async () => {
    const [r, c] = await Promise.all([
      rawExchange(s('silent').port, hello, 1000),
      curlHttps(s('silent').serverName, s('silent').port, ['--cacert', lab.caFile, '--max-time', '1']),
    ]);
    assert.equal(r.ending, 'open');
    assert.equal(r.bytes.length, 0);
    assert.equal(c.code, 28);
    symptomQuotes('silent', c.stderr, 'Connection timed out');
  });
  test('silent: node:tls sees TCP connect then nothing (timeout, zero bytes read)', async () => {
    const r = await attempt('silent', { timeoutMs: 800 });
    assert.equal(!r.ok && r.code, 'TIMEOUT');
    assert.ok(!r.ok && 'bytesReceived' in r && r.bytesReceived === 0);
  });
  test('reset: ECONNRESET right after the ClientHello, no bytes', async () => {
    const r = await rawExchange(s('reset').port, hello, 3000);
    assert.equal(r.ending, 'reset');
    assert.equal(r.bytes.length, 0);
    assert.ok(r.ms < 2500, `reset after ${r.ms} ms`);
  });
  test('reset: node:tls gets ECONNRESET, curl "Connection reset by peer"', async () => {
    const r = await attempt('reset');
    assert.equal(!r.ok && r.code, 'ECONNRESET');
    const c = await curlHttps(s('reset').serverName, s('reset').port, ['--cacert', lab.caFile]);
    assert.equal(c.code, 35);
    symptomQuotes('reset', c.stderr, 'Connection reset by peer');
  });
  test('close: FIN right after the ClientHello, no bytes', async () => {
    const r = await rawExchange(s('close').port, hello, 2000);
    assert.equal(r.ending, 'fin');
    assert.equal(r.bytes.length, 0);
  });
  test('close: openssl s_client reports an unexpected EOF, curl SSL_ERROR_SYSCALL', async () => {
    const r = await sClient(s('close').port, ['-servername', s('close').serverName]);
    symptomQuotes('close', r.stdout + r.stderr, 'unexpected eof while reading');
    const c = await curlHttps(s('close').serverName, s('close').port, ['--cacert', lab.caFile]);
    assert.equal(c.code, 35);
    symptomQuotes('close', c.stderr, 'SSL_ERROR_SYSCALL');
  });
  test('the raw scenarios wait for the ClientHello: a bare TCP connect gets nothing for 300 ms', async () => {
    const ids = ['reset', 'close', 'alert-40'];
    const rs = await Promise.all(ids.map((id) => rawExchange(s(id).port, Buffer.alloc(0), 300)));
    rs.forEach((r, i) => assert.equal(r.ending, 'open', ids[i]));
  });
});

describe('alert-40', () => {
  test('answers a real ClientHello with exactly one fatal handshake_failure alert record, then FIN', async () => {
    const r = await rawExchange(s('alert-40').port, hello, 2000);
    assert.equal(r.ending, 'fin');
    assert.deepEqual(readAlertRecord(r.bytes), { contentType: 21, level: 2, description: 40 });
  });
  test('answers garbage the same way ("alert 40 to everything")', async () => {
    const r = await rawExchange(s('alert-40').port, Buffer.from('GET / HTTP/1.0\r\n\r\n'), 2000);
    assert.deepEqual(readAlertRecord(r.bytes), { contentType: 21, level: 2, description: 40 });
  });
  test('node:tls and openssl both see alert 40', async () => {
    const r = await attempt('alert-40');
    assert.equal(!r.ok && r.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    const o = await sClient(s('alert-40').port, ['-servername', s('alert-40').serverName]);
    assert.match(o.stdout + o.stderr, /SSL alert number 40/);
    const c = await curlHttps(s('alert-40').serverName, s('alert-40').port, ['--cacert', lab.caFile]);
    symptomQuotes('alert-40', c.stderr, 'sslv3 alert handshake failure');
  });
});

describe('http-on-tls-port', () => {
  test('a ClientHello gets "HTTP/1.1 400 Bad Request" in clear', async () => {
    const r = await rawExchange(s('http-on-tls-port').port, hello, 2000);
    assert.match(r.bytes.toString('latin1'), /^HTTP\/1\.1 400 Bad Request\r\n/);
  });
  test('node:tls: wrong version number; curl https: exit 35 "wrong version number"; curl http: the page', async () => {
    const sc = s('http-on-tls-port');
    const r = await attempt('http-on-tls-port');
    assert.equal(!r.ok && r.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
    const c = await curlHttps(sc.serverName, sc.port, ['--cacert', lab.caFile]);
    assert.equal(c.code, 35);
    symptomQuotes('http-on-tls-port', c.stderr, 'wrong version number');
    assert.equal(sc.httpPort, sc.port);
    const h = await httpGet(sc.port);
    assert.equal(h.status, 200);
  });
});

describe('sni-required', () => {
  test('no SNI: handshake_failure alert', async () => {
    const r = await tlsAttempt({ host: '127.0.0.1', port: s('sni-required').port, ca: lab.caPem }); // an IP host: Node sends no SNI
    assert.equal(!r.ok && r.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    const o = await sClient(s('sni-required').port, ['-noservername']);
    assert.match(o.stdout + o.stderr, /SSL alert number 40/);
  });
  test('another name: handshake_failure alert', async () => {
    const r = await attempt('sni-required', { servername: 'healthy.lab.tlsdoctor.test' });
    assert.equal(!r.ok && r.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
  });
  test('the right name (any case): verified handshake', async () => {
    for (const servername of [s('sni-required').serverName, s('sni-required').serverName.toUpperCase()]) {
      const r = await attempt('sni-required', { servername });
      assert.ok(r.ok && r.authorized, JSON.stringify(r));
    }
  });
});

describe('certificate and chain scenarios (node:tls, lab root trusted)', () => {
  test('untrusted-root: SELF_SIGNED_CERT_IN_CHAIN; the chain ends in a root that is not the lab root', async () => {
    const r = await attempt('untrusted-root');
    assert.ok(r.ok);
    assert.equal(r.authorized, false);
    assert.equal(r.authorizationError, 'SELF_SIGNED_CERT_IN_CHAIN');
    const strict = await attempt('untrusted-root', { rejectUnauthorized: true });
    assert.equal(!strict.ok && strict.code, 'SELF_SIGNED_CERT_IN_CHAIN');
    const o = await sClient(s('untrusted-root').port, [
      '-servername',
      s('untrusted-root').serverName,
      '-CAfile',
      lab.caFile,
      '-showcerts',
    ]);
    const out = o.stdout + o.stderr;
    assert.equal(certCount(out), 2);
    assert.match(out, /Untrusted Example Root CA/);
    assert.doesNotMatch(out, /tlsdoctor lab root CA/);
    const c = await curlHttps(s('untrusted-root').serverName, s('untrusted-root').port, [
      '--cacert',
      lab.caFile,
    ]);
    assert.equal(c.code, 60);
    symptomQuotes('untrusted-root', c.stderr, 'self-signed certificate in certificate chain');
  });
  test('eku-client-auth-only: INVALID_PURPOSE; the leaf has clientAuth and no serverAuth', async () => {
    const r = await attempt('eku-client-auth-only');
    assert.ok(r.ok);
    assert.equal(r.authorizationError, 'INVALID_PURPOSE');
    const leaf = new X509Certificate(r.peer.raw);
    assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    const c = await curlHttps(s('eku-client-auth-only').serverName, s('eku-client-auth-only').port, [
      '--cacert',
      lab.caFile,
    ]);
    assert.equal(c.code, 60);
    symptomQuotes('eku-client-auth-only', c.stderr, 'unsuitable certificate purpose');
  });
  test('expired: CERT_HAS_EXPIRED; notAfter is in the past; curl says "certificate has expired"', async () => {
    const r = await attempt('expired');
    assert.ok(r.ok);
    assert.equal(r.authorizationError, 'CERT_HAS_EXPIRED');
    assert.ok(new Date(r.peer.valid_to).getTime() < Date.now());
    // issued by CAs that were valid at the time: leaf ⊂ intermediate ⊂ root validity windows
    assert.deepEqual(
      r.path.map((p) => p.cn),
      ['expired.lab.tlsdoctor.test', 'tlsdoctor lab intermediate CA', 'tlsdoctor lab root CA'],
    );
    for (let i = 1; i < r.path.length; i++) assert.ok(r.path[i]!.validFrom <= r.path[i - 1]!.validFrom);
    const c = await curlHttps(s('expired').serverName, s('expired').port, ['--cacert', lab.caFile]);
    assert.equal(c.code, 60);
    symptomQuotes('expired', c.stderr, 'certificate has expired');
  });
  test('missing-intermediate: UNABLE_TO_VERIFY_LEAF_SIGNATURE, one certificate sent; the AIA URL serves the intermediate, which completes the chain', async () => {
    const sc = s('missing-intermediate');
    const r = await attempt('missing-intermediate');
    assert.ok(r.ok);
    assert.equal(r.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const o = await sClient(sc.port, ['-servername', sc.serverName, '-CAfile', lab.caFile, '-showcerts']);
    assert.equal(certCount(o.stdout), 1);
    // the leaf names where its issuer lives: on this scenario's plain-HTTP port, on 127.0.0.1
    const leaf = new X509Certificate(r.peer.raw);
    const aia = /CA Issuers - URI:(\S+)/.exec(leaf.infoAccess ?? '');
    assert.ok(aia, leaf.infoAccess);
    const url = new URL(aia[1]!);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(Number(url.port), sc.httpPort);
    const got = await httpGet(Number(url.port), url.pathname);
    assert.equal(got.type, 'application/pkix-cert');
    const intermediate = new X509Certificate(got.body);
    assert.ok(leaf.checkIssued(intermediate));
    assert.equal(intermediate.ca, true);
    // with the fetched intermediate the client completes the chain to the lab root
    const fixed = await attempt('missing-intermediate', { ca: [lab.caPem, intermediate.toString()] });
    assert.ok(fixed.ok && fixed.authorized, JSON.stringify(fixed));
    const c = await curlHttps(sc.serverName, sc.port, ['--cacert', lab.caFile]);
    assert.equal(c.code, 60);
    symptomQuotes('missing-intermediate', c.stderr, 'unable to get local issuer certificate');
  });
  test('host-mismatch: the chain verifies but the name does not: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const r = await attempt('host-mismatch');
    assert.ok(r.ok);
    assert.equal(r.authorizationError, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const strict = await attempt('host-mismatch', { rejectUnauthorized: true });
    assert.equal(!strict.ok && strict.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const chainOnly = await attempt('host-mismatch', { checkServerIdentity: () => undefined });
    assert.ok(chainOnly.ok && chainOnly.authorized);
    assert.match(chainOnly.peer.subjectaltname ?? '', /www\.other-site\.tlsdoctor\.test/);
    const c = await curlHttps(s('host-mismatch').serverName, s('host-mismatch').port, [
      '--cacert',
      lab.caFile,
    ]);
    assert.equal(c.code, 60);
    symptomQuotes(
      'host-mismatch',
      c.stderr,
      'no alternative certificate subject name matches target host name',
    );
  });
});

describe('client-cert-required', () => {
  test('TLS 1.3 without a client certificate: alert certificate_required (116)', async () => {
    const r = await attempt('client-cert-required', { settleMs: 1000 });
    assert.equal(!r.ok && r.code, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    const c = await curlHttps(s('client-cert-required').serverName, s('client-cert-required').port, [
      '--cacert',
      lab.caFile,
    ]);
    symptomQuotes('client-cert-required', c.stderr, 'tlsv13 alert certificate required');
  });
  test('TLS 1.2 without a client certificate: handshake_failure (40)', async () => {
    const r = await attempt('client-cert-required', { maxVersion: 'TLSv1.2' });
    assert.equal(!r.ok && r.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
  });
  test('with the lab client certificate: verified both ways and the page loads; the key is not serialised', async () => {
    const sc = s('client-cert-required');
    assert.ok(sc.clientAuth);
    assert.doesNotMatch(JSON.stringify(sc), /PRIVATE KEY/);
    assert.doesNotMatch(JSON.stringify(lab.scenarios), /PRIVATE KEY/);
    const r = await attempt('client-cert-required', {
      cert: sc.clientAuth.certPem,
      key: sc.clientAuth.keyPem,
      settleMs: 300,
    });
    assert.ok(r.ok && r.authorized, JSON.stringify(r));
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'lab-client-'));
    try {
      writeFileSync(join(dir, 'c.pem'), sc.clientAuth.certPem);
      writeFileSync(join(dir, 'k.pem'), sc.clientAuth.keyPem, { mode: 0o600 });
      const c = await curlHttps(sc.serverName, sc.port, [
        '--cacert',
        lab.caFile,
        '--cert',
        join(dir, 'c.pem'),
        '--key',
        join(dir, 'k.pem'),
      ]);
      assert.equal(c.code, 0, c.stderr);
      assert.match(c.stdout, /tlsdoctor lab: client-cert-required \(HTTPS\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('middlebox-sni', () => {
  test('a hello naming the blocked host is swallowed: TCP connects, no byte comes back; curl times out', async () => {
    const sc = s('middlebox-sni');
    const [r, c] = await Promise.all([
      attempt('middlebox-sni', { timeoutMs: 1000 }),
      curlHttps(sc.serverName, sc.port, ['--cacert', lab.caFile, '--max-time', '1']),
    ]);
    assert.equal(!r.ok && r.code, 'TIMEOUT');
    assert.ok(!r.ok && 'bytesReceived' in r && r.bytesReceived === 0);
    assert.equal(c.code, 28);
    symptomQuotes('middlebox-sni', c.stderr, 'Connection timed out');
  });
  test('the same name in other case, with a trailing dot, is blocked too', async () => {
    const hi = await captureClientHello({ servername: 'MIDDLEBOX-SNI.lab.tlsdoctor.test.' });
    const r = await rawExchange(s('middlebox-sni').port, hi, 700);
    assert.equal(r.ending, 'open');
    assert.equal(r.bytes.length, 0);
  });
  test('no SNI: the real server answers, with the certificate of the blocked name', async () => {
    const sc = s('middlebox-sni');
    const r = await tlsAttempt({
      host: '127.0.0.1',
      port: sc.port,
      ca: lab.caPem,
      checkServerIdentity: () => undefined,
    });
    assert.ok(r.ok && r.authorized, JSON.stringify(r));
    assert.equal(
      tls.checkServerIdentity(sc.serverName, r.ok ? r.peer : ({} as tls.PeerCertificate)),
      undefined,
    );
  });
  test('another name: the real server answers', async () => {
    const r = await attempt('middlebox-sni', {
      servername: 'www.other-site.tlsdoctor.test',
      checkServerIdentity: () => undefined,
    });
    assert.ok(r.ok && r.authorized, JSON.stringify(r));
  });
  test('curl with another SNI through the box gets the page (data flows both ways)', async () => {
    const sc = s('middlebox-sni');
    const c = await curlHttps('other.lab.tlsdoctor.test', sc.port, ['--cacert', lab.caFile, '--insecure']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /tlsdoctor lab: middlebox-sni backend \(HTTPS\)/);
  });
});
