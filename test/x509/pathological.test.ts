// Pathological certificate input for `cert` (the cases public path-validation suites use to find
// denial of service: x509-limbo pathological::*, BetterTLS): each gives a report or one clear
// line, in bounded time and with bounded output — never a crash, a stack trace or a hang.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { certReport } from '../../src/app/cert-report.js';
import { TlsDoctorError } from '../../src/errors.js';
import { generateCertificate, type GeneratedCert } from '../../src/x509/generate.js';
import type { ChainObservation } from '../../src/model/observations/x509.js';
import policy from '../../src/x509/policy.json' with { type: 'json' };
import { p, tempDir } from './helpers.js';

const tmp = tempDir('tlsdoctor-patho-');
after(() => tmp.cleanup());
const EC = { type: 'ec', curve: 'P-256' } as const;
const NOW = new Date();

async function refused(file: string): Promise<TlsDoctorError> {
  try {
    await certReport([file], { systemStore: false, mozillaStore: false }, NOW);
  } catch (e) {
    assert.ok(e instanceof TlsDoctorError, `not tlsdoctor's own error: ${String(e)}`);
    assert.doesNotMatch(e.message, /\n/, 'one line');
    assert.ok(e.message.includes(file), `names the file: ${e.message}`);
    return e;
  }
  assert.fail(`${file} was accepted`);
}

function pem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

function chainsOf(r: Awaited<ReturnType<typeof certReport>>): ChainObservation[] {
  return (r.observations ?? []).filter((o): o is ChainObservation => o.kind === 'x509.chain');
}

describe('pathological certificates', () => {
  let root: GeneratedCert;
  before(async () => {
    root = await generateCertificate({ subject: 'CN=Patho Root', isCA: true, key: EC });
    writeFileSync(p(tmp.dir, 'root.pem'), root.certPem);
  });

  test('DER nested 20,000 SEQUENCEs deep in a CERTIFICATE block: one line naming the file', async () => {
    let der = Buffer.from([0x05, 0x00]);
    for (let i = 0; i < 20_000; i++) {
      const len = der.length;
      der = Buffer.concat([Buffer.from([0x30, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff]), der]);
    }
    const file = p(tmp.dir, 'nested.pem');
    writeFileSync(file, pem(der));
    const e = await refused(file);
    assert.equal(e.code, 'INPUT_FORMAT');
  });

  test('a certificate cut inside its extensions: one line naming the file', async () => {
    const leaf = await generateCertificate({
      subject: 'CN=cut.test',
      issuer: root,
      key: EC,
      san: { dns: ['cut.test'] },
    });
    const file = p(tmp.dir, 'cut.pem');
    writeFileSync(file, pem(leaf.certDer.subarray(0, leaf.certDer.length - 90)));
    const e = await refused(file);
    assert.equal(e.code, 'INPUT_FORMAT');
  });

  test(`more than ${policy.maxCertificatesPerFile} certificates in one file: refused in one line`, async () => {
    const one = root.certPem;
    const file = p(tmp.dir, 'many.pem');
    writeFileSync(file, one.repeat(policy.maxCertificatesPerFile + 1));
    await refused(file);
  });

  test('2,000 SAN names under a CA permitting 300 names: one name-constraints finding, bounded evidence', async () => {
    const permitted = Array.from({ length: 300 }, (_, i) => `allowed${i}.test`);
    const ca = await generateCertificate({
      subject: 'CN=Patho Constrained CA',
      issuer: root,
      isCA: true,
      key: EC,
      nameConstraints: { permittedDns: permitted },
    });
    const dns = Array.from({ length: 2000 }, (_, i) => `host${i}.elsewhere.test`);
    const leaf = await generateCertificate({ subject: 'CN=many.test', issuer: ca, key: EC, san: { dns } });
    const file = p(tmp.dir, 'many-san.pem');
    writeFileSync(file, leaf.certPem + ca.certPem);
    const r = await certReport(
      [file],
      { systemStore: false, mozillaStore: false, ca: [p(tmp.dir, 'root.pem')], host: 'host1.elsewhere.test' },
      NOW,
    );
    const nc = r.findings.filter((f) => f.id === 'chain.name-constraints');
    assert.equal(nc.length, 1, 'one finding for one CA and one certificate');
    assert.match(nc[0]!.summary, /and 1999 more name\(s\) outside them/);
    assert.ok(nc[0]!.summary.length < 2000, 'the subtrees are listed with a bound');
    assert.ok(nc[0]!.evidence.length <= 5);
    assert.equal(nc[0]!.severity, 'blocker');
  });

  test(`a chain longer than ${policy.maxChainDepth} certificates: the path stops at the depth limit`, async () => {
    let issuer = root;
    const certs: GeneratedCert[] = [];
    for (let i = 0; i < policy.maxChainDepth + 2; i++) {
      issuer = await generateCertificate({ subject: `CN=Patho Level ${i}`, issuer, isCA: true, key: EC });
      certs.push(issuer);
    }
    const leaf = await generateCertificate({
      subject: 'CN=deep.test',
      issuer,
      key: EC,
      san: { dns: ['deep.test'] },
    });
    const file = p(tmp.dir, 'deep.pem');
    writeFileSync(file, [leaf, ...certs.reverse()].map((c) => c.certPem).join(''));
    const r = await certReport(
      [file],
      { systemStore: false, mozillaStore: false, ca: [p(tmp.dir, 'root.pem')], host: 'deep.test' },
      NOW,
    );
    const [chain] = chainsOf(r);
    assert.equal(chain?.end, 'depth-limit');
    assert.equal(chain?.trusted, false);
    assert.equal(chain?.path.length, policy.maxChainDepth);
    const noPath = r.findings.filter((f) => f.id === 'chain.no-path');
    assert.equal(noPath.length, 1, 'a path past the depth limit is reported, not silently untrusted');
    assert.equal(noPath[0]!.severity, 'blocker');
  });

  test(`a mesh of cross-signed CAs (81 paths): at most ${policy.maxPaths} are built`, async () => {
    // 4 layers of 3 CAs of the same name, each cross-signed by all 3 of the layer above
    const layers: GeneratedCert[][] = [[root]];
    const files: string[] = [];
    for (let layer = 1; layer <= 4; layer++) {
      const keys = await Promise.all(
        [0, 1, 2].map((i) => generateCertificate({ subject: `CN=key ${layer}.${i}`, key: EC })),
      );
      const next: GeneratedCert[] = [];
      for (const k of keys)
        for (const up of layers[layer - 1]!) {
          const c = await generateCertificate({
            subject: `CN=Patho Mesh ${layer}`,
            issuer: up,
            isCA: true,
            keyPem: k.keyPem,
          });
          files.push(c.certPem);
          if (next.filter((n) => n.keyPem === k.keyPem).length === 0) next.push(c);
        }
      layers.push(next);
    }
    const leaf = await generateCertificate({
      subject: 'CN=mesh.test',
      issuer: layers[4]![0]!,
      key: EC,
      san: { dns: ['mesh.test'] },
    });
    const file = p(tmp.dir, 'mesh.pem');
    writeFileSync(file, leaf.certPem + files.join(''));
    const r = await certReport(
      [file],
      { systemStore: false, mozillaStore: false, ca: [p(tmp.dir, 'root.pem')], host: 'mesh.test' },
      NOW,
    );
    const [chain] = chainsOf(r);
    assert.equal(chain?.trusted, true);
    assert.ok(chain!.alternatives.length < policy.maxPaths, `${chain!.alternatives.length} alternatives`);
    assert.ok(!r.findings.some((f) => f.severity === 'blocker'), r.findings.map((f) => f.id).join(', '));
  });
});
