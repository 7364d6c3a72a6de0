// Two Windows bundles built from the real-format samples of test/fixtures/windows/bundles/healthy
// (Server 2022; sources in test/fixtures/windows/README.md): `working` is that bundle as is,
// `broken` the same server after an old hardening checklist (TLS 1.2 server off and TLS 1.0 on in
// SCHANNEL, a cipher-suite order policy of four CBC suites, an IP listen list naming an address the
// server does not have). The diff must name the policy first (it is what the root cause,
// cipher.no-common-suite, rests on) and the fix script is checked line by line: it cannot run here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffCommand, writeFixScripts } from '../../src/app/diff.js';
import { main } from '../../src/cli/main.js';

const dir = (name: string) => fileURLToPath(new URL(`../fixtures/diff/windows/${name}`, import.meta.url));
const WORKING = dir('working');
const BROKEN = dir('broken');

test('broken vs working bundle: the cipher-suite policy first, each difference tied to the finding it explains', async () => {
  const r = await diffCommand(WORKING, BROKEN);
  assert.equal(r.data.failing, 'b');
  assert.equal(r.data.a.platform, 'windows');
  assert.equal(r.data.b.rootCause?.id, 'cipher.no-common-suite');
  assert.deepEqual(
    r.data.differences.filter((d) => d.matters).map((d) => [d.facet, d.explains]),
    [
      ['windows.cipher-order', 'cipher.no-common-suite'],
      ['windows.iplisten', 'windows.iplisten-excludes'],
      ['windows.schannel.TLS 1.2.server', 'windows.tls12-disabled'],
      ['protocol.versions', 'windows.tls12-disabled'],
      ['windows.schannel.TLS 1.0.server', 'windows.tls12-disabled'],
    ],
  );
  const first = r.data.differences[0]!;
  assert.match(first.a, /^local: TLS_AES_256_GCM_SHA384, /);
  assert.match(first.b, /^policy \(SSL\\00010002 Functions\): TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, /);
  assert.equal(r.verdict.status, 'problems');
  assert.equal(r.data.equivalent, false);
});

test('the fix script for the Windows pair, line by line (.reg as regedit writes it, .ps1)', async () => {
  const r = await diffCommand(WORKING, BROKEN);
  const out = mkdtempSync(join(tmpdir(), 'tlsdoctor-diff-'));
  try {
    const written = writeFixScripts(r, join(out, 'make-b-like-a'));
    assert.deepEqual(written, [join(out, 'make-b-like-a.reg'), join(out, 'make-b-like-a.ps1')]);
    const regBytes = readFileSync(written[0]!);
    assert.deepEqual([...regBytes.subarray(0, 2)], [0xff, 0xfe], '.reg starts with the UTF-16LE BOM');
    const reg = regBytes.subarray(2).toString('utf16le').split('\r\n');
    const header = [
      `tlsdoctor diff: make ${BROKEN} like ${WORKING}`,
      'Review every line before running it; tlsdoctor never runs it. Differences, deciding first:',
      '  windows.cipher-order: Cipher-suite order in force',
      '  windows.iplisten: HTTP.sys IP listen list',
      '  windows.schannel.TLS 1.2.server: SCHANNEL TLS 1.2 server',
      '  protocol.versions: Protocol versions accepted',
      '  windows.schannel.TLS 1.0.server: SCHANNEL TLS 1.0 server',
    ];
    assert.deepEqual(reg, [
      'Windows Registry Editor Version 5.00',
      '',
      ...header.map((h) => `; ${h}`),
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002]',
      '"Functions"=-',
      '',
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server]',
      '"Enabled"=dword:00000001',
      '"DisabledByDefault"=dword:00000000',
      '',
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server]',
      '"Enabled"=dword:00000000',
      '"DisabledByDefault"=dword:00000001',
      '',
    ]);
    const ps1 = readFileSync(written[1]!, 'utf8').split('\r\n');
    assert.deepEqual(ps1, [
      ...header.map((h) => `# ${h}`),
      '#requires -RunAsAdministrator',
      '',
      '# HTTP.sys IP listen list: A (empty: every address) | B 10.0.0.99',
      'netsh http delete iplisten ipaddress=10.0.0.99',
      '',
      '# registry values: reg import "make-b-like-a.reg"',
      '',
    ]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a bundle against itself is equivalent: exit 0', async () => {
  const out: string[] = [];
  const code = await main(['diff', WORKING, WORKING, '--json'], {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: () => undefined },
    env: {},
  });
  assert.equal(code, 0);
  const r = JSON.parse(out.join(''));
  assert.equal(r.command, 'diff');
  assert.equal(r.data.equivalent, true);
  assert.deepEqual(r.data.differences, []);
});

test('the earlier bundles (healthy Server 2022 vs broken IIS on 2019): the port conflict first', async () => {
  const base = (n: string) => fileURLToPath(new URL(`../fixtures/windows/bundles/${n}`, import.meta.url));
  const r = await diffCommand(base('healthy'), base('broken-iis'));
  const first = r.data.differences[0]!;
  assert.equal(first.facet, 'windows.port-owner.8443');
  assert.equal(first.explains, 'windows.port-conflict');
  assert.equal(first.b, 'vmware-hostd.exe (PID 6312)');
  // TLS 1.3 cannot be switched on in the registry of Server 2019: the fix says so instead
  const tls13 = r.data.differences.find((d) => d.facet === 'windows.schannel.TLS 1.3.server')!;
  assert.deepEqual(tls13.fix?.commands, []);
  assert.match(tls13.fix!.steps[0]!, /not implemented by this Windows version/);
});

test('diff and history reports validate against the checked-in schema', async () => {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { renderJson } = await import('../../src/report/json.js');
  const { historyCommand } = await import('../../src/app/history.js');
  const schema = JSON.parse(
    readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
  );
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  const r = await diffCommand(WORKING, BROKEN);
  const json = JSON.parse(renderJson(r)) as { data: { differences: Array<{ matters: unknown }> } };
  assert.ok(validate(json), ajv.errorsText(validate.errors));
  // the contract holds the diff's data to its shape
  json.data.differences[0]!.matters = 'yes';
  assert.equal(validate(json), false);
  const empty = mkdtempSync(join(tmpdir(), 'tlsdoctor-history-'));
  try {
    assert.ok(
      validate(JSON.parse(renderJson(historyCommand('shop.example.test', empty)))),
      ajv.errorsText(validate.errors),
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
