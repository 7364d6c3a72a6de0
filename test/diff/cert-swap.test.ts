// One server on 127.0.0.1, its certificate swapped in place (tls.Server#setSecureContext) between
// two diagnoses: the same name, port and configuration, only the certificate differs. Each swap's
// diff must name the certificate fact that decides it first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { labPki, type LabPki } from '../../src/lab/pki.js';
import { generateCertificate, type CertSpec, type GeneratedCert } from '../../src/x509/generate.js';
import { diagnose } from '../../src/app/diagnose.js';
import { diffReport } from '../../src/app/diff.js';
import type { DiagnoseReport } from '../../src/model/report.js';

const NAME = 'swap.lab.tlsdoctor.test';
const DAY = 86_400_000;
let pki: LabPki;
let server: https.Server;
let port: number;
let dir: string;
let caFile: string;

const leaf = (extra: Partial<CertSpec> = {}): Promise<GeneratedCert> =>
  generateCertificate({
    subject: `CN=${NAME}, O=tlsdoctor lab`,
    issuer: pki.intermediate,
    key: { type: 'ec', curve: 'P-256' },
    san: { dns: [NAME] },
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 90 * DAY),
    eku: ['1.3.6.1.5.5.7.3.1'],
    ...extra,
  });

before(async () => {
  pki = await labPki();
  dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-swap-'));
  caFile = join(dir, 'root.pem');
  writeFileSync(caFile, pki.root.certPem);
  const good = await leaf();
  server = https.createServer({ key: good.keyPem, cert: good.certPem + pki.intermediate.certPem }, (_q, r) =>
    r.end('ok'),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  rmSync(dir, { recursive: true, force: true });
});

const run = (): Promise<DiagnoseReport> =>
  diagnose(`https://${NAME}:${port}/`, { ip: '127.0.0.1', httpPort: 0, caFiles: [caFile] });

test('the same server before and after each certificate swap: the certificate fact first', async () => {
  const beforeSwap = await run();
  assert.equal(beforeSwap.verdict.status, 'healthy', beforeSwap.verdict.summary);
  const swaps: Array<[string, GeneratedCert, boolean, string, string]> = [
    [
      'expired',
      await leaf({ notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 35 * DAY) }),
      true,
      'cert.validity',
      'cert.expired',
    ],
    ['missing intermediate', await leaf(), false, 'chain.sent', 'chain.missing-intermediate'],
    [
      'EKU clientAuth only',
      await leaf({ eku: ['1.3.6.1.5.5.7.3.2'] }),
      true,
      'cert.eku',
      'cert.eku-no-server-auth',
    ],
  ];
  for (const [label, cert, withIntermediate, facet, finding] of swaps) {
    server.setSecureContext({
      key: cert.keyPem,
      cert: cert.certPem + (withIntermediate ? pki.intermediate.certPem : ''),
    });
    const afterSwap = await run();
    const r = diffReport(
      { report: beforeSwap, kind: 'history', input: 'before' },
      { report: afterSwap, kind: 'live', input: 'after' },
      { startedAt: afterSwap.startedAt, durationMs: 0 },
    );
    const first = r.data.differences.find((d) => d.matters);
    assert.deepEqual([label, first?.facet, first?.explains], [label, facet, finding]);
  }
});
