import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:tls';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { observeFiles, observeServedChain } from '../../src/x509/gather.js';
import { loadBuffer } from '../../src/x509/load.js';
import { runRules } from '../../src/diagnose/engine.js';
import { rules } from '../../src/diagnose/rules/cert/index.js';
import type { ObservationBase } from '../../src/model/observation.js';
import type {
  CertificateObservation,
  ChainObservation,
  KeyObservation,
} from '../../src/model/observations/x509.js';
import { makeOpensslPki, p, tempDir } from './helpers.js';

const tmp = tempDir();
const d = tmp.dir;
const run = promisify(execFile);
before(() => {
  makeOpensslPki(d);
  writeFileSync(
    p(d, 'fullchain.pem'),
    readFileSync(p(d, 'leaf.pem'), 'utf8') + readFileSync(p(d, 'inter.pem'), 'utf8'),
  );
});
after(() => tmp.cleanup());

const of = <T extends ObservationBase>(obs: ObservationBase[], kind: string) =>
  obs.filter((o) => o.kind === kind) as T[];
const base = { useSystemStore: false, useMozillaStore: false };

test('full chain + --ca root: trusted path leaf → intermediate → root, facts as openssl shows them', async () => {
  const obs = await observeFiles([p(d, 'fullchain.pem')], {
    ...base,
    caFiles: [p(d, 'root.pem')],
    keyFiles: [p(d, 'leaf.key'), p(d, 'other.key')],
    host: 'www.shop.test',
  });
  const [chain] = of<ChainObservation>(obs, 'x509.chain');
  assert.ok(chain);
  assert.equal(chain.trusted, true);
  assert.equal(chain.end, 'anchor');
  assert.deepEqual(
    chain.path.map((e) => e.subject),
    ['CN=shop.test', 'CN=tlsdoctor Test Intermediate, O=tlsdoctor', 'CN=tlsdoctor Test Root, O=tlsdoctor'],
  );
  assert.equal(chain.anchor?.store, 'ca-file');
  const leaf = of<CertificateObservation>(obs, 'x509.certificate').find((c) => c.leaf)!;
  assert.equal(leaf.keyType, 'ec');
  assert.equal(leaf.curve, 'P-256');
  assert.deepEqual(leaf.san, { dns: ['shop.test', 'www.shop.test'], ip: ['127.0.0.1'], other: [] });
  assert.deepEqual(leaf.eku, ['1.3.6.1.5.5.7.3.1']);
  assert.deepEqual(leaf.keyUsage, ['digitalSignature']);
  assert.deepEqual(leaf.aia.caIssuers, ['http://127.0.0.1:8080/inter.cer']);
  assert.equal(leaf.signatureAlgorithm.name, 'ecdsa-with-SHA256');
  const keys = of<KeyObservation>(obs, 'x509.key');
  assert.deepEqual(
    keys.map((k) => k.matches.length),
    [1, 0],
  );
  assert.equal(keys[0]!.matches[0], leaf.thumbprintSha1);
  const ids = runRules(rules, obs).findings.map((f) => f.id);
  assert.deepEqual(ids, ['cert.key-mismatch'], 'only the unrelated key is a problem');
});

test('reversed order with an unrelated extra certificate: path still found, wrong order and extra reported', async () => {
  const { generateCertificate } = await import('../../src/x509/generate.js');
  const stray = await generateCertificate({ subject: 'CN=Stray', key: { type: 'ec' } });
  writeFileSync(
    p(d, 'reversed.pem'),
    readFileSync(p(d, 'inter.pem'), 'utf8') + readFileSync(p(d, 'leaf.pem'), 'utf8') + stray.certPem,
  );
  const obs = await observeFiles([p(d, 'reversed.pem')], { ...base, caFiles: [p(d, 'root.pem')] });
  const [chain] = of<ChainObservation>(obs, 'x509.chain');
  assert.equal(chain!.trusted, true);
  assert.deepEqual(chain!.unused, [stray.thumbprintSha1]);
  const ids = runRules(rules, obs)
    .findings.map((f) => f.id)
    .sort();
  assert.deepEqual(ids, ['chain.extra-certificates', 'chain.wrong-order']);
});

async function served(certPem: string, keyPem: string): Promise<{ ders: Buffer[]; origin: string }> {
  const server = createServer({ cert: certPem, key: keyPem }, (s) => s.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    // openssl s_client -showcerts prints the certificates exactly as the server sent them
    const { stdout } = await run(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'shop.test', '-showcerts'],
      { timeout: 10000 },
    );
    const loaded = loadBuffer(Buffer.from(stdout), 's_client output');
    return { ders: loaded.certificates.map((c) => c.der), origin: `127.0.0.1:${port}` };
  } finally {
    server.close();
  }
}

test('served chain from a real TLS server missing its intermediate → chain.missing-intermediate with server-side fixes', async () => {
  const { ders, origin } = await served(
    readFileSync(p(d, 'leaf.pem'), 'utf8'),
    readFileSync(p(d, 'leaf.key'), 'utf8'),
  );
  assert.equal(ders.length, 1);
  const obs = await observeServedChain(ders, {
    origin: { source: 'probe', origin },
    host: 'shop.test',
    caFiles: [p(d, 'root.pem')],
    useSystemStore: false,
  });
  const [chain] = of<ChainObservation>(obs, 'x509.chain');
  assert.equal(chain!.served, true);
  assert.equal(chain!.end, 'issuer-missing');
  assert.deepEqual(chain!.missingIssuer?.aiaCaIssuers, ['http://127.0.0.1:8080/inter.cer']);
  const f = runRules(rules, obs).findings;
  assert.deepEqual(
    f.map((x) => x.id),
    ['chain.missing-intermediate'],
  );
  assert.match(
    f[0]!.summary,
    new RegExp(
      `The server ${origin.replace(/\./g, '\\.')} does not send the intermediate "CN=tlsdoctor Test Intermediate, O=tlsdoctor"`,
    ),
  );
  assert.match(f[0]!.summary, /http:\/\/127\.0\.0\.1:8080\/inter\.cer/);
  assert.equal(f[0]!.evidence[0]!.from.origin, origin);
  const cmds = (f[0]!.fix.commands ?? []).map((c) => c.command).join('\n');
  assert.match(cmds, /ssl_certificate \/etc\/nginx\/ssl\/fullchain\.pem;/);
  assert.match(cmds, /certutil -addstore CA intermediate\.cer/);
  assert.match(cmds, /Cert:\\LocalMachine\\CA/);
  assert.deepEqual(f[0]!.codes?.slice(0, 2), ['0x800b010a', 'CERT_E_CHAINING']);
});

test('served full chain from a real TLS server: trusted, no findings', async () => {
  const { ders, origin } = await served(
    readFileSync(p(d, 'leaf.pem'), 'utf8') + readFileSync(p(d, 'inter.pem'), 'utf8'),
    readFileSync(p(d, 'leaf.key'), 'utf8'),
  );
  assert.equal(ders.length, 2);
  const obs = await observeServedChain(ders, {
    origin: { source: 'probe', origin },
    host: 'shop.test',
    caFiles: [p(d, 'root.pem')],
    useSystemStore: false,
  });
  assert.equal(of<ChainObservation>(obs, 'x509.chain')[0]!.trusted, true);
  assert.deepEqual(
    runRules(rules, obs).findings.map((x) => x.id),
    [],
  );
});

test('Mozilla store is searched: a private root is not in it', async () => {
  const obs = await observeFiles([p(d, 'fullchain.pem')], { useSystemStore: false });
  const [chain] = of<ChainObservation>(obs, 'x509.chain');
  assert.ok(chain!.stores.some((s) => s.name === 'mozilla' && s.certificates > 100));
  assert.equal(chain!.end, 'issuer-missing');
  assert.equal(chain!.missingIssuer?.name, 'CN=tlsdoctor Test Root, O=tlsdoctor');
});

test('--fetch-aia: the missing intermediate is downloaded from a loopback AIA URL, named, and completes the chain', async () => {
  const { generateCertificate } = await import('../../src/x509/generate.js');
  const { createServer: createHttpServer } = await import('node:http');
  const root = await generateCertificate({ subject: 'CN=AIA Root', isCA: true, key: { type: 'ec' } });
  const inter = await generateCertificate({
    subject: 'CN=AIA Intermediate',
    isCA: true,
    key: { type: 'ec' },
    issuer: root,
  });
  const http = createHttpServer((req, res) => {
    if (req.url === '/inter.cer') res.end(inter.certDer);
    else res.writeHead(404).end();
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  try {
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const leaf = await generateCertificate({
      subject: 'CN=aia.test',
      key: { type: 'ec' },
      issuer: inter,
      san: { dns: ['aia.test'] },
      aiaCaIssuers: [`${base}/inter.cer`],
    });
    writeFileSync(p(d, 'aia-root.pem'), root.certPem);
    const obs = await observeServedChain([leaf.certDer], {
      origin: { source: 'probe', origin: '127.0.0.1:9443' },
      host: 'aia.test',
      caFiles: [p(d, 'aia-root.pem')],
      useSystemStore: false,
      fetchAia: true,
      fetchAiaPrivate: true,
    });
    const [chain] = of<ChainObservation>(obs, 'x509.chain');
    assert.equal(chain!.end, 'issuer-missing', 'the served chain itself stays incomplete');
    assert.equal(chain!.aia?.trusted, true);
    assert.deepEqual(
      chain!.aia?.path.map((e) => e.source),
      ['provided', 'aia', 'store'],
    );
    const f = runRules(rules, obs).findings;
    assert.deepEqual(
      f.map((x) => x.id),
      ['chain.missing-intermediate'],
    );
    assert.match(
      f[0]!.summary,
      new RegExp(
        `Downloaded \\(--fetch-aia\\) "CN=AIA Intermediate" \\(thumbprint ${inter.thumbprintSha1}\\) from ${base.replace(/\./g, '\\.')}/inter\\.cer: with it the chain is complete and trusted \\(ca-file\\)`,
      ),
    );

    const leaf404 = await generateCertificate({
      subject: 'CN=aia.test',
      key: { type: 'ec' },
      issuer: inter,
      san: { dns: ['aia.test'] },
      aiaCaIssuers: [`${base}/gone.cer`],
    });
    const obs2 = await observeServedChain([leaf404.certDer], {
      origin: { source: 'probe', origin: '127.0.0.1:9443' },
      caFiles: [p(d, 'aia-root.pem')],
      useSystemStore: false,
      fetchAia: true,
      fetchAiaPrivate: true,
    });
    const [chain2] = of<ChainObservation>(obs2, 'x509.chain');
    assert.equal(chain2!.aia?.fetched[0]?.status, 'failed');
    assert.match(chain2!.aia?.fetched[0]?.error ?? '', /HTTP 404/);
  } finally {
    http.close();
  }
});

test('a served chain with garbage certificates gives load-error observations, never a crash', async () => {
  const good = readFileSync(p(d, 'leaf.pem'), 'utf8');
  const der = loadBuffer(Buffer.from(good), 'leaf.pem').certificates[0]!.der;
  const obs = await observeServedChain(
    [Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), der.subarray(0, 100), der],
    { origin: { source: 'probe', origin: '127.0.0.1:1' }, useSystemStore: false, useMozillaStore: false },
  );
  const errors = obs.filter((o) => o.kind === 'x509.load-error');
  assert.equal(errors.length, 2);
  assert.ok(
    errors.every(
      (e) => e.status === 'failed' && /sent by 127\.0\.0\.1:1 cannot be parsed/.test(e.error ?? ''),
    ),
  );
  assert.equal(of<CertificateObservation>(obs, 'x509.certificate').length, 1);
});
