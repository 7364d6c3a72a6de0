// `tlsdoctor windows collect | analyze` through the real CLI entry (main), with the collector's
// command runner replaying recorded outputs (test/fixtures/windows/collect/*/recorded.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import type { CommandContext } from '../../src/cli/context.js';
import { defineWindows } from '../../src/cli/commands/windows.js';
import type { Runner } from '../../src/windows/collect.js';
import { observeWindowsBundle } from '../../src/windows/index.js';

const FIX = 'test/fixtures/windows';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env: { NO_COLOR: '1' },
    },
    out,
    err,
  };
}

async function run(args: string[]) {
  const t = io();
  const code = await main(args, t.io);
  return { code, stdout: t.out.join(''), stderr: t.err.join('') };
}

test('analyze a broken IIS bundle: exit 1, root cause first, findings with file:line evidence', async () => {
  const r = await run(['windows', 'analyze', `${FIX}/bundles/broken-iis`]);
  assert.equal(r.code, 1, r.stderr);
  for (const id of [
    'windows.sslcert-zero-appid',
    'windows.sslcert-hash-not-in-store',
    'cert.no-private-key',
    'windows.binding-missing',
    'windows.port-conflict',
    'windows.private-key-unreadable',
  ]) {
    assert.ok(r.stdout.includes(id), `${id} in output`);
  }
  assert.ok(r.stdout.includes('netsh http add sslcert hostnameport=shop.contoso.com:443'));
});

test('analyze --json: a versioned report with findings, rule results and observations', async () => {
  const r = await run(['windows', 'analyze', '--json', `${FIX}/bundles/broken-iis`]);
  assert.equal(r.code, 1);
  const rep = JSON.parse(r.stdout) as {
    command: string;
    schemaVersion: string;
    verdict: { status: string };
    findings: Array<{ id: string; evidence: Array<{ from: { line?: number } }> }>;
    observations: Array<{ kind: string }>;
    rules: Array<{ ruleId: string; status: string }>;
  };
  assert.equal(rep.command, 'windows-analyze');
  assert.equal(rep.verdict.status, 'problems');
  assert.ok(rep.findings.every((f) => f.evidence.some((e) => typeof e.from.line === 'number')));
  assert.ok(rep.observations.some((o) => o.kind === 'windows.schannel-protocol'));
  const { rules: windowsRules } = await import('../../src/diagnose/rules/windows/index.js');
  assert.equal(rep.rules.length, windowsRules.length);
  const schema = JSON.parse(readFileSync('schema/report.schema.json', 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  assert.ok(validate(rep), ajv.errorsText(validate.errors));
  assert.ok(rep.rules.every((x) => x.status !== 'error'));
});

test('analyze a healthy bundle: exit 0; --html writes a file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlsd-win-'));
  try {
    const html = join(dir, 'r.html');
    const r = await run(['windows', 'analyze', '--html', html, `${FIX}/bundles/healthy`]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /no problems found/);
    assert.ok(readFileSync(html, 'utf8').includes('<html'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analyze 2008 R2 bundle: only legacy protocols from the OS defaults, Skype on 443', async () => {
  const r = await run(['windows', 'analyze', '--json', `${FIX}/bundles/legacy-2008r2`]);
  const rep = JSON.parse(r.stdout) as { findings: Array<{ id: string; summary: string }> };
  assert.deepEqual(rep.findings.map((f) => f.id).sort(), [
    'protocol.no-common-version',
    'windows.httpsys-ssl-config-error',
    'windows.no-common-cipher-event',
    'windows.port-conflict',
  ]);
  assert.match(rep.findings.find((f) => f.id === 'windows.port-conflict')!.summary, /Skype\.exe/);
});

test('--os overrides the bundle: the same 2008 R2 registry read as Server 2012 R2 has TLS 1.2 on', async () => {
  const r = await run([
    'windows',
    'analyze',
    '--json',
    '--os',
    '2012r2',
    `${FIX}/bundles/legacy-2008r2/schannel.reg`,
  ]);
  const rep = JSON.parse(r.stdout) as { findings: Array<{ id: string }> };
  assert.equal(r.code, 0);
  assert.deepEqual(rep.findings, []);
});

test('unreadable inputs: exit 2 with one line naming the file', async () => {
  const bin = await run(['windows', 'analyze', `${FIX}/malformed/binary-junk.bin`]);
  assert.equal(bin.code, 2);
  assert.match(bin.stdout + bin.stderr, /binary-junk\.bin/);
  const missing = await run(['windows', 'analyze', `${FIX}/no-such-folder`]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no-such-folder: no such file or folder/);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  const badOs = await run(['windows', 'analyze', '--os', 'plan9', `${FIX}/bundles/healthy`]);
  assert.equal(badOs.code, 2);
  assert.match(badOs.stderr, /--os 'plan9'/);
});

test('collect on a non-Windows system without an injected runner: one line, exit 2', async () => {
  if (process.platform === 'win32') return;
  const r = await run(['windows', 'collect', '--out', join(tmpdir(), 'never-created')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /runs on Windows only/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(existsSync(join(tmpdir(), 'never-created')), false);
});

function recordedRunner(
  dir: string,
  calls: string[],
): { runner: Runner; readFile: (p: string) => Promise<Buffer> } {
  const rec = JSON.parse(readFileSync(join(dir, 'recorded.json'), 'utf8')) as {
    commands: Record<string, { file: string; code: number }>;
    files: Record<string, string>;
  };
  return {
    runner: async (cmd, args) => {
      const line = [cmd, ...args].join(' ');
      calls.push(line);
      const r = rec.commands[line];
      if (!r) {
        if (cmd === 'powershell.exe')
          return {
            stdout: Buffer.alloc(0),
            stderr: Buffer.from("Get-TlsCipherSuite : The term 'Get-TlsCipherSuite' is not recognized"),
            code: 1,
          };
        throw new Error(`not recorded: ${line}`);
      }
      return { stdout: readFileSync(resolve(dir, r.file)), stderr: Buffer.alloc(0), code: r.code };
    },
    readFile: async (p) => {
      const f = rec.files[p];
      if (!f) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
      return readFileSync(resolve(dir, f));
    },
  };
}

test('collect with recorded outputs: falls back from -anob to -ano, writes a manifest, redacts passwords; analyze finds the problems', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tlsd-collect-'));
  try {
    const calls: string[] = [];
    const { runner, readFile } = recordedRunner(`${FIX}/collect/ws2019-not-elevated`, calls);
    const t = io();
    let exit = -1;
    const ctx: CommandContext = { io: t.io, color: () => false, setExit: (c) => (exit = c) };
    const program = new Command('tlsdoctor').exitOverride();
    program.addCommand(
      defineWindows(ctx, {
        runner,
        readFile,
        platform: 'linux',
        now: () => new Date('2026-11-20T13:30:00Z'),
      }),
    );
    await program.parseAsync(['windows', 'collect', '--out', out], { from: 'user' });
    assert.equal(exit, 0);
    assert.ok(calls.includes('netstat -anob') && calls.includes('netstat -ano'), calls.join('\n'));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      elevated: boolean;
      os: { name: string };
      files: Array<{ file: string; exitCode: number | null; note?: string; sha256?: string }>;
      createdAt: string;
    };
    assert.equal(manifest.elevated, false);
    assert.equal(manifest.createdAt, '2026-11-20T13:30:00.000Z');
    assert.equal(manifest.os.name, 'Microsoft Windows Server 2019 Standard');
    assert.ok(manifest.files.find((f) => f.file === 'netstat.txt')!.note!.includes('fell back to -ano'));
    assert.ok(
      manifest.files
        .find((f) => f.file === 'tls-ciphersuites.txt')!
        .note!.startsWith('no output, exit code 1'),
    );
    assert.equal(existsSync(join(out, 'tls-ciphersuites.txt')), false);
    assert.ok(
      manifest.files.filter((f) => f.exitCode === 0).every((f) => /^[0-9a-f]{64}$/.test(f.sha256 ?? '')),
    );
    const appHost = readFileSync(join(out, 'applicationHost.config'), 'utf8');
    assert.ok(!appHost.includes('c2VjcmV0LWJsb2I='), 'encrypted password not copied');
    assert.ok(appHost.includes('password="[redacted by tlsdoctor]"'));
    assert.match(t.out.join(''), /Next: tlsdoctor windows analyze/);
    assert.ok(readdirSync(out).length >= 13);

    const obs = await observeWindowsBundle(out);
    const kinds = new Set(obs.map((o) => o.kind));
    for (const k of [
      'windows.os',
      'windows.sslcert-binding',
      'windows.port-owner',
      'windows.process',
      'windows.schannel-protocol',
      'windows.cipher-suite-order',
      'windows.iis-binding',
      'windows.cert-store-entry',
      'windows.event',
    ])
      assert.ok(kinds.has(k), k);
    const r = await run(['windows', 'analyze', '--json', out]);
    assert.equal(r.code, 1);
    const rep = JSON.parse(r.stdout) as { findings: Array<{ id: string; summary: string }> };
    assert.ok(rep.findings.some((f) => f.id === 'windows.port-conflict' && f.summary.includes('PID 6312')));
    assert.ok(rep.findings.some((f) => f.id === 'windows.sslcert-zero-appid'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('observeWindowsBundle marks unreadable files as failed windows.input observations', async () => {
  const obs = await observeWindowsBundle(`${FIX}/malformed`);
  const failed = obs.filter((o) => o.kind === 'windows.input' && o.status === 'failed');
  assert.ok(failed.length >= 4, `${failed.length}`);
  assert.ok(
    failed.every((o) => typeof o.error === 'string' && o.error.includes(dirname(`${FIX}/malformed/x`))),
  );
});
