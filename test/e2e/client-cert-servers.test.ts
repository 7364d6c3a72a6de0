// Client certificates against real servers: nginx (Debian's package) refusing at the HTTP layer
// (ssl_verify_client on: the handshake completes, then HTTP 400 "No required SSL certificate was
// sent"), nginx asking without requiring (optional), and openssl s_server refusing in the TLS 1.3
// handshake (alert 116 after the client finished). The CA names come from the CertificateRequest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../src/app/diagnose.js';
import { generateCertificate } from '../../src/x509/generate.js';
import { makePki, nginxBinary, startNginx, startOpenSslServer, type TestPki } from '../probe/servers.js';

let pki: TestPki;
let caFile: string;
before(async () => {
  pki = makePki();
  const ca = await generateCertificate({
    subject: 'CN=Example Client CA, O=tlsdoctor test',
    isCA: true,
    key: { type: 'ec' },
  });
  caFile = join(pki.dir, 'client-ca.pem');
  writeFileSync(caFile, ca.certPem);
});
after(() => pki?.cleanup());

const run = (port: number) =>
  diagnose(`https://localhost:${port}/`, { ip: '127.0.0.1', httpPort: 0, caFiles: [pki.certFile] });
const serious = (r: Awaited<ReturnType<typeof run>>) => r.findings.filter((f) => f.severity !== 'info');

test('nginx ssl_verify_client on: the handshake completes, HTTP 400 refuses → client-cert-required with the CA names', async (t) => {
  if (!nginxBinary()) return t.skip('nginx is not installed (scripts/install-system-deps.sh)');
  const srv = await startNginx(pki, `ssl_client_certificate ${caFile};\n    ssl_verify_client on;`);
  t.after(() => srv.stop());
  const r = await run(srv.port);
  const f = serious(r)[0];
  assert.equal(f?.id, 'handshake.client-cert-required', r.findings.map((x) => x.id).join(', '));
  assert.equal(f.severity, 'blocker');
  assert.match(f.summary, /HTTP 400 "No required SSL certificate was sent"/);
  assert.match(f.summary, /"CN=Example Client CA, O=tlsdoctor test"/);
  assert.ok(
    f.evidence.some((e) => /Server: nginx/.test(e.text)),
    JSON.stringify(f.evidence),
  );
  assert.equal(r.findings.filter((x) => x.id === 'handshake.client-cert-optional').length, 0);
});

test('nginx ssl_verify_client optional: asked, not required → client-cert-optional (info) only', async (t) => {
  if (!nginxBinary()) return t.skip('nginx is not installed (scripts/install-system-deps.sh)');
  const srv = await startNginx(pki, `ssl_client_certificate ${caFile};\n    ssl_verify_client optional;`);
  t.after(() => srv.stop());
  const r = await run(srv.port);
  // (the test certificate is valid for two days: cert.expiring-soon is expected and unrelated)
  assert.deepEqual(
    serious(r)
      .map((x) => x.id)
      .filter((id) => id !== 'cert.expiring-soon'),
    [],
  );
  const f = r.findings.find((x) => x.id === 'handshake.client-cert-optional');
  assert.ok(f, r.findings.map((x) => x.id).join(', '));
  assert.equal(f.severity, 'info');
  assert.match(f.summary, /"CN=Example Client CA, O=tlsdoctor test"/);
});

test('openssl s_server -Verify, TLS 1.3: the alert 116 after the client finished is read, not raced', async (t) => {
  const srv = await startOpenSslServer(pki, ['-Verify', '1', '-CAfile', caFile, '-tls1_3', '-www']);
  t.after(() => srv.stop());
  const r = await run(srv.port);
  const f = serious(r)[0];
  assert.equal(f?.id, 'handshake.client-cert-required', r.findings.map((x) => x.id).join(', '));
  assert.match(f.summary, /CERTIFICATE_REQUIRED/);
  const full = r.observations.find((o) => o.kind === 'probe.full-handshake') as unknown as {
    result: { ok: boolean; protocol?: string };
  };
  assert.equal(full.result.ok, false);
  assert.equal(full.result.protocol, 'TLSv1.3');
});
