// `diagnose --windows-bundle` against a real TLS server on 127.0.0.1 (the lab's healthy scenario):
// a bundle whose HTTP.sys binding holds another certificate for the probed port, and whose registry
// disables TLS 1.2 the server answers with, is reported as not describing this server; a bundle
// that matches what the server sends raises nothing of the kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab } from '../../src/lab/index.js';
import { diagnose } from '../../src/app/diagnose.js';
import { observeWindowsBundle } from '../../src/windows/index.js';
import type { Report } from '../../src/model/report.js';
import type { CertificateObservation } from '../../src/model/observations/x509.js';

const OTHER = '2ace368a90d2117be7a0065dfe259b2e8c94f538';
const IIS = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
let lab: Lab;
let dir: string;

function bundle(name: string, port: number, hash: string, tls12: 'on' | 'off'): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d);
  writeFileSync(
    join(d, 'sslcert.txt'),
    `\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port                      : 0.0.0.0:${port}\r\n    Certificate Hash             : ${hash}\r\n    Application ID               : ${IIS}\r\n    Certificate Store Name       : My\r\n\r\n`,
  );
  writeFileSync(
    join(d, 'schannel.reg'),
    `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server]\r\n"Enabled"=dword:0000000${tls12 === 'on' ? 1 : 0}\r\n"DisabledByDefault"=dword:0000000${tls12 === 'on' ? 0 : 1}\r\n`,
  );
  return d;
}

async function run(bundleDir: string): Promise<Report> {
  const s = lab.scenarios[0]!;
  return diagnose(`https://${s.serverName}:${s.port}/`, {
    ip: s.host,
    httpPort: 0,
    caFiles: [lab.caFile],
    extraObservations: await observeWindowsBundle(bundleDir, { os: '2019' }),
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-bundle-'));
  lab = await startLab({ only: ['healthy'], holdMs: 30_000 });
});
after(async () => {
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('another certificate bound and TLS 1.2 disabled: the bundle is not from this server', async () => {
  const s = lab.scenarios[0]!;
  const report = await run(bundle('other', s.port, OTHER, 'off'));
  const mismatch = report.findings.filter((f) => f.id === 'windows.bundle-mismatch');
  assert.equal(mismatch.length, 2, report.findings.map((f) => `${f.id}: ${f.summary}`).join('\n'));
  assert.ok(mismatch.some((f) => f.summary.includes(OTHER) && /not from this server/.test(f.summary)));
  assert.ok(mismatch.some((f) => /TLS 1\.2/.test(f.summary) && /not restarted/.test(f.summary)));
  for (const f of mismatch) {
    const sources = new Set(f.evidence.map((e) => e.from.source));
    assert.ok(sources.has('windows'), `${f.summary}: bundle evidence`);
  }
});

test('a bundle that binds the certificate the server sends raises no mismatch', async () => {
  const s = lab.scenarios[0]!;
  const first = await run(bundle('probe-only', s.port, OTHER, 'on'));
  const leaf = first.observations.find(
    (o): o is CertificateObservation =>
      o.kind === 'x509.certificate' &&
      (o as CertificateObservation).served &&
      (o as CertificateObservation).index === 0,
  );
  assert.ok(leaf, 'the server sent a certificate');
  const report = await run(bundle('same', s.port, leaf.thumbprintSha1.toLowerCase(), 'on'));
  assert.deepEqual(
    report.findings.filter((f) => f.id === 'windows.bundle-mismatch').map((f) => f.summary),
    [],
  );
});
