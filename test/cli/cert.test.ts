// `tlsdoctor cert` end to end through main() with a capturing io (the CLI's I/O seam).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { makeOpensslPki, openssl, p, tempDir } from '../x509/helpers.js';

const tmp = tempDir('tlsdoctor-cli-cert-');
const d = tmp.dir;
const SECRET = 'Sup3r-Secret-PFX-pw';

interface Run {
  code: number;
  out: string;
  err: string;
}
async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1', ...env },
  });
  return { code, out, err };
}

before(() => {
  makeOpensslPki(d);
  writeFileSync(
    p(d, 'fullchain.pem'),
    readFileSync(p(d, 'leaf.pem'), 'utf8') + readFileSync(p(d, 'inter.pem'), 'utf8'),
  );
  openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      'leaf.pem',
      '-inkey',
      'leaf.key',
      '-certfile',
      'inter.pem',
      '-out',
      'site.pfx',
      '-passout',
      `pass:${SECRET}`,
    ],
    d,
  );
  openssl(
    [
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      'leaf.pem',
      '-certfile',
      'inter.pem',
      '-out',
      'nokey.pfx',
      '-passout',
      `pass:${SECRET}`,
    ],
    d,
  );
  writeFileSync(p(d, 'pw.txt'), SECRET + '\n');
  // a clientAuth-only leaf from the same intermediate
  writeFileSync(
    p(d, 'client.ext'),
    'basicConstraints=CA:false\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:shop.test\n',
  );
  openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'client.key',
      '-out',
      'client.csr',
      '-subj',
      '/CN=shop.test',
    ],
    d,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'inter.pem',
      '-CAkey',
      'inter.key',
      '-CAcreateserial',
      '-out',
      'client.pem',
      '-days',
      '30',
      '-extfile',
      'client.ext',
    ],
    d,
  );
});
after(() => tmp.cleanup());

const thumbOf = (file: string) =>
  openssl(['x509', '-in', file, '-noout', '-fingerprint', '-sha1'], d)
    .split('=')[1]!
    .trim()
    .replace(/:/g, '');

test('healthy: full chain, matching key, --ca root, --host → exit 0 and the certificate shown', async () => {
  const r = await cli([
    'cert',
    p(d, 'fullchain.pem'),
    '--key',
    p(d, 'leaf.key'),
    '--ca',
    p(d, 'root.pem'),
    '--host',
    'shop.test',
    '--no-system-store',
  ]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, new RegExp(thumbOf('leaf.pem')));
  assert.match(r.out, /DNS:shop\.test, DNS:www\.shop\.test, IP:127\.0\.0\.1/);
  assert.match(r.out, /Server Authentication/);
  assert.match(r.out, /trusted \(anchor in ca-file/);
});

test('problems: clientAuth-only certificate → exit 1 with CERT_E_WRONG_USAGE; --json validates against the schema', async () => {
  const r = await cli([
    'cert',
    p(d, 'client.pem'),
    p(d, 'inter.pem'),
    '--ca',
    p(d, 'root.pem'),
    '--host',
    'shop.test',
    '--no-system-store',
    '--warn-days',
    '7',
    '--json',
  ]);
  assert.equal(r.code, 1, r.err);
  const json = JSON.parse(r.out) as {
    command: string;
    findings: Array<{ id: string; codes?: string[] }>;
    verdict: { status: string };
  };
  assert.equal(json.command, 'cert');
  assert.equal(json.verdict.status, 'problems');
  assert.deepEqual(
    json.findings.map((f) => f.id),
    ['cert.eku-no-server-auth'],
  );
  assert.ok(json.findings[0]!.codes?.includes('0x800b0110'));
  const schema = JSON.parse(
    readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  assert.ok(validate(json), ajv.errorsText(validate.errors));
});

test('the password (--password, --password-file, TLSDOCTOR_PASSWORD) never appears in any output, HTML included', async () => {
  const html = p(d, 'report.html');
  const runs = [
    await cli(['cert', p(d, 'site.pfx'), '--password', SECRET, '--no-system-store', '--html', html]),
    await cli(['cert', p(d, 'site.pfx'), '--password-file', p(d, 'pw.txt'), '--no-system-store', '--json']),
    await cli(['cert', p(d, 'site.pfx'), '--no-system-store'], { TLSDOCTOR_PASSWORD: SECRET }),
  ];
  for (const r of runs) {
    assert.equal(r.code, 1, r.err); // the private root is not trusted: chain.untrusted-root
    assert.ok(!r.out.includes(SECRET) && !r.err.includes(SECRET));
    // the PFX holds leaf + intermediate; the private root above them is in no store: the missing
    // piece is a root to trust on the clients, not an intermediate to send
    assert.match(r.out, /chain\.untrusted-root/);
    assert.match(r.out, /CN=tlsdoctor Test Root/);
  }
  assert.ok(existsSync(html));
  assert.ok(!readFileSync(html, 'utf8').includes(SECRET));
});

test('wrong password → exit 2, one line naming the file, without the password', async () => {
  const r = await cli(['cert', p(d, 'site.pfx')], { TLSDOCTOR_PASSWORD: 'not-the-' + SECRET });
  assert.equal(r.code, 2);
  assert.match(r.err, /^tlsdoctor: .*site\.pfx: wrong password, or the PFX was altered/);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.ok(!r.err.includes(SECRET));
});

test('PFX without its key → exit 1 and certutil -repairstore my <thumbprint>', async () => {
  const r = await cli([
    'cert',
    p(d, 'nokey.pfx'),
    '--password-file',
    p(d, 'pw.txt'),
    '--ca',
    p(d, 'root.pem'),
    '--no-system-store',
  ]);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`certutil -repairstore my ${thumbOf('leaf.pem')}`));
  assert.match(r.out, /this is a certificate without its private key/);
});

test('mismatched key → exit 1 with cert.key-mismatch', async () => {
  const r = await cli([
    'cert',
    p(d, 'fullchain.pem'),
    '--key',
    p(d, 'other.key'),
    '--ca',
    p(d, 'root.pem'),
    '--no-system-store',
  ]);
  assert.equal(r.code, 1);
  assert.match(r.out, /cert\.key-mismatch/);
  assert.match(r.out, /does not\s+belong\s+to\s+"CN=shop\.test"/);
});

test('usage and input errors → exit 2 with one line', async () => {
  const big = p(d, 'big.cer');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 50 * 1024 * 1024);
  closeSync(fd);
  writeFileSync(
    p(d, 'garbage.pem'),
    readFileSync(p(d, 'leaf.pem'), 'utf8') + '\u0000\u0001\u0002\n' + readFileSync(p(d, 'inter.pem'), 'utf8'),
  );
  for (const [args, re] of [
    [['cert'], /give at least one certificate/],
    [['cert', p(d, 'missing.pem')], /missing\.pem: no such file/],
    [['cert', big], /big\.cer: is 52428800 bytes/],
    [['cert', p(d, 'garbage.pem')], /garbage\.pem: line \d+: binary garbage between PEM blocks/],
    [['cert', p(d, 'leaf.pem'), '--warn-days', 'soon'], /--warn-days must be a whole number/],
  ] as Array<[string[], RegExp]>) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});

test('make-test: writes cert.pem, key.pem, cert.pfx, prints IIS/nginx steps with the thumbprint, never the password; the result checks clean', async () => {
  const out = p(d, 'made');
  const r = await cli([
    'cert',
    'make-test',
    '--host',
    'shop.test',
    '--out',
    out,
    '--key-type',
    'ec',
    '--password-file',
    p(d, 'pw.txt'),
  ]);
  assert.equal(r.code, 0, r.err);
  for (const f of ['cert.pem', 'key.pem', 'cert.pfx']) assert.ok(existsSync(p(out, f)), f);
  const thumb = openssl(['x509', '-in', p(out, 'cert.pem'), '-noout', '-fingerprint', '-sha1'], d)
    .split('=')[1]!
    .trim()
    .replace(/:/g, '');
  assert.match(r.out, new RegExp(`netsh http add sslcert ipport=0\\.0\\.0\\.0:443 certhash=${thumb} appid=`));
  assert.match(r.out, /ssl_certificate_key .*key\.pem;/);
  assert.ok(!r.out.includes(SECRET) && !r.err.includes(SECRET));
  assert.match(
    openssl(['x509', '-in', p(out, 'cert.pem'), '-noout', '-text'], d),
    /TLS Web Server Authentication[\s\S]*DNS:shop\.test/,
  );
  const c = await cli([
    'cert',
    p(out, 'cert.pfx'),
    '--password-file',
    p(d, 'pw.txt'),
    '--ca',
    p(out, 'cert.pem'),
    '--host',
    'shop.test',
    '--no-system-store',
  ]);
  assert.equal(c.code, 0, c.out);
  const again = await cli(['cert', 'make-test', '--host', 'shop.test', '--out', out]);
  assert.equal(again.code, 2);
  assert.match(again.err, /cert\.pem exists; use --force/);
  // --force over a world-readable key and PFX: the new files are 0600 whatever the old mode was
  chmodSync(p(out, 'key.pem'), 0o644);
  chmodSync(p(out, 'cert.pfx'), 0o644);
  const forced = await cli(['cert', 'make-test', '--host', 'shop.test', '--out', out, '--force']);
  assert.equal(forced.code, 0, forced.err);
  if (process.platform !== 'win32') {
    assert.equal(statSync(p(out, 'key.pem')).mode & 0o777, 0o600);
    assert.equal(statSync(p(out, 'cert.pfx')).mode & 0o777, 0o600);
  }
  assert.deepEqual(
    readdirSync(out).sort(),
    ['cert.pem', 'cert.pfx', 'key.pem'],
    'no temporary file left behind',
  );
});
