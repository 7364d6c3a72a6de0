// Regenerates the checked-in fuzzing seeds from real implementations (run when a format is added):
//   node --import tsx test/fuzz/make-seeds.ts
// wire: what OpenSSL (Node's TLS server) answers to our ClientHellos (TLS 1.2, TLS 1.3, no common
// suite); x509: certificates, keys, PFX and P7B written by the openssl command line, and Mozilla
// roots as Node ships them; capture: the lab capture in pcap and pcapng (editcap); explain: texts as
// admins paste them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createServer, rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { buildClientHello, Version } from '../../src/wire/index.js';
import { makeOpensslPki, tempDir } from '../x509/helpers.js';
import { SEED_DIR } from './targets.js';

const tmp = tempDir('tlsdoctor-seeds-');
const o = (args: string[]) => execFileSync('openssl', args, { cwd: tmp.dir, stdio: 'pipe' });
const out = (target: string, name: string, data: Buffer | string) => {
  mkdirSync(join(SEED_DIR, target), { recursive: true });
  writeFileSync(join(SEED_DIR, target, name), data);
};

// ---- x509
const pki = makeOpensslPki(tmp.dir);
void pki;
for (const f of ['root.pem', 'inter.pem', 'leaf.pem']) out('x509', f, readFileSync(join(tmp.dir, f)));
o(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der']);
out('x509', 'leaf.der', readFileSync(join(tmp.dir, 'leaf.der')));
o([
  'pkcs12',
  '-export',
  '-in',
  'leaf.pem',
  '-inkey',
  'leaf.key',
  '-certfile',
  'inter.pem',
  '-out',
  'modern.pfx',
  '-passout',
  'pass:',
]);
out('x509', 'modern.pfx', readFileSync(join(tmp.dir, 'modern.pfx')));
o([
  'pkcs12',
  '-export',
  '-legacy',
  '-in',
  'leaf.pem',
  '-inkey',
  'leaf.key',
  '-out',
  'legacy.pfx',
  '-passout',
  'pass:',
]);
out('x509', 'legacy.pfx', readFileSync(join(tmp.dir, 'legacy.pfx')));
o([
  'crl2pkcs7',
  '-nocrl',
  '-certfile',
  'leaf.pem',
  '-certfile',
  'inter.pem',
  '-out',
  'chain.p7b',
  '-outform',
  'DER',
]);
out('x509', 'chain.p7b', readFileSync(join(tmp.dir, 'chain.p7b')));
o(['pkcs8', '-topk8', '-in', 'leaf.key', '-out', 'leaf-enc.key', '-passout', 'pass:']);
out('x509', 'leaf-enc.key', readFileSync(join(tmp.dir, 'leaf-enc.key')));
out(
  'x509',
  'bundle.pem',
  readFileSync(join(tmp.dir, 'leaf.pem'), 'utf8') + readFileSync(join(tmp.dir, 'leaf.key'), 'utf8'),
);
// Mozilla roots as Node ships them: a few sizes and algorithms
const roots = rootCertificates.filter((_, i) => i % 40 === 0).slice(0, 4);
roots.forEach((pem, i) => out('x509', `mozilla-root-${i}.der`, Buffer.from(new X509Certificate(pem).raw)));

// ---- capture
const lab = join(SEED_DIR, '..', '..', 'fixtures', 'capture', 'lab-curl.pcapng');
execFileSync('editcap', ['-F', 'pcap', lab, join(tmp.dir, 'lab-curl.pcap')]);
out('capture', 'lab-curl.pcap', readFileSync(join(tmp.dir, 'lab-curl.pcap')));

// ---- explain
out('explain', 'code.txt', '0x80090016');
out(
  'explain',
  'schannel-36870.txt',
  'Event Type:\tError\nEvent Source:\tSchannel\nEvent Category:\tNone\nEvent ID:\t36870\nDescription:\nA fatal error occurred when attempting to access the SSL server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.\n',
);
out(
  'explain',
  'browser.txt',
  "This site can't provide a secure connection\nlocalhost sent an invalid response.\nERR_SSL_PROTOCOL_ERROR\n",
);
out(
  'explain',
  'openssl.txt',
  '140736:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:ssl/record/rec_layer_s3.c:1605:SSL alert number 40\n',
);

// ---- wire: OpenSSL's answers to our hellos
const key = readFileSync(join(tmp.dir, 'leaf.key'));
const cert = Buffer.concat([
  readFileSync(join(tmp.dir, 'leaf.pem')),
  readFileSync(join(tmp.dir, 'inter.pem')),
]);
const server = createServer({ key, cert, minVersion: 'TLSv1.2' });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const port = (server.address() as { port: number }).port;
async function answer(hello: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1', () => s.write(hello));
    s.on('data', (d) => chunks.push(d));
    s.on('error', () => undefined);
    setTimeout(() => {
      s.destroy();
      resolve(Buffer.concat(chunks));
    }, 400);
  });
}
const hellos: Array<[string, Buffer]> = [
  [
    'openssl-tls12.bin',
    buildClientHello({
      legacyVersion: Version.TLS12,
      cipherSuites: [0xc02b, 0xc02f, 0xc02c, 0xc030],
      serverName: 'localhost',
      groups: [29, 23],
      signatureAlgorithms: [0x0804, 0x0403, 0x0401],
    }).record,
  ],
  [
    'openssl-tls13.bin',
    buildClientHello({
      legacyVersion: Version.TLS12,
      cipherSuites: [0x1301, 0x1302],
      supportedVersions: [Version.TLS13],
      serverName: 'localhost',
      groups: [29],
      keyShareGroups: [29],
      signatureAlgorithms: [0x0804, 0x0403],
    }).record,
  ],
  [
    'openssl-no-common-suite.bin',
    buildClientHello({ legacyVersion: Version.TLS12, cipherSuites: [0x000a], serverName: 'localhost' })
      .record,
  ],
];
for (const [name, hello] of hellos) {
  const a = await answer(hello);
  if (a.length === 0) throw new Error(`no answer for ${name}`);
  out('wire', name, a);
}
server.close();
tmp.cleanup();
process.stdout.write(`seeds written under ${SEED_DIR}\n`);
