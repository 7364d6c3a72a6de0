// --fetch-aia follows a URL taken from a certificate nobody has verified: redirects stay on the same
// host, and non-public destinations (loopback here, standing for internal and metadata addresses)
// are refused unless the user allows them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchAiaCertificates, isNonPublicAddress } from '../../src/x509/aia.js';
import { TlsDoctorError } from '../../src/errors.js';
import { generateCertificate, type GeneratedCert } from '../../src/x509/generate.js';

let server: Server;
let base: string;
let port: number;
let inter: GeneratedCert;
const hits: string[] = [];

before(async () => {
  inter = await generateCertificate({
    subject: 'CN=AIA Fetch Intermediate',
    isCA: true,
    key: { type: 'ec' },
  });
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/inter.cer') res.end(inter.certDer);
    else if (req.url === '/moved') res.writeHead(302, { location: '/inter.cer' }).end();
    else if (req.url === '/away')
      res.writeHead(302, { location: `http://localhost:${port}/inter.cer` }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
after(() => server.close());

function refused(re: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof TlsDoctorError, String(e));
    assert.ok(!e.message.includes('\n'));
    assert.match(e.message, re);
    return true;
  };
}

describe('AIA download policy', () => {
  test('non-public destinations are refused without a connection unless allowed', async () => {
    const before = hits.length;
    await assert.rejects(
      fetchAiaCertificates(`${base}/inter.cer`),
      refused(
        /AIA URL http:\/\/127\.0\.0\.1:\d+\/inter\.cer: not fetched — 127\.0\.0\.1 is a private, loopback or link-local address \(allow it with --fetch-aia-private\)/,
      ),
    );
    // a name that resolves to a non-public address is refused in the resolver, before connecting
    await assert.rejects(
      fetchAiaCertificates(`http://localhost:${port}/inter.cer`),
      refused(/not fetched — (127\.0\.0\.1|::1) is a private/),
    );
    assert.equal(hits.length, before, 'the server saw no request');
    const ok = await fetchAiaCertificates(`${base}/inter.cer`, { allowPrivate: true });
    assert.equal(ok.certificates.length, 1);
    assert.equal(ok.address, '127.0.0.1');
    assert.equal(ok.fetchedFrom, `${base}/inter.cer`);
  });

  test('a same-host redirect is followed and recorded; another host or a loop is not followed', async () => {
    const moved = await fetchAiaCertificates(`${base}/moved`, { allowPrivate: true });
    assert.equal(moved.certificates[0]!.cert.subject, 'CN=AIA Fetch Intermediate');
    assert.equal(moved.fetchedFrom, `${base}/inter.cer`);
    const before = hits.length;
    await assert.rejects(
      fetchAiaCertificates(`${base}/away`, { allowPrivate: true }),
      refused(/redirects to another host \(localhost:\d+\); not followed/),
    );
    assert.equal(hits.length, before + 1, 'only the redirecting URL was requested');
    await assert.rejects(
      fetchAiaCertificates(`${base}/loop`, { allowPrivate: true }),
      refused(/more than 3 redirects/),
    );
  });

  test('address classes', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      'not-an-address',
    ])
      assert.equal(isNonPublicAddress(a), true, a);
    for (const a of ['9.9.9.9', '2a00:1450:4001::1', '::ffff:9.9.9.9'])
      assert.equal(isNonPublicAddress(a), false, a);
  });
});
