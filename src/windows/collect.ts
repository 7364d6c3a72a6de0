// `tlsdoctor windows collect`: run the Windows commands whose output the parsers read and write
// them into one folder with a manifest.json. The command runner is injected (tests replay recorded
// outputs); the default runner uses execFile with a deadline and an output cap, no shell.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TlsDoctorError, oneLine } from '../errors.js';
import { VERSION } from '../version.js';
import { parseSysteminfoRaw } from './parsers/systeminfo.js';
import { linesOf } from './text.js';

export type Runner = (
  cmd: string,
  args: string[],
) => Promise<{ stdout: Buffer; stderr: Buffer; code: number }>;

export interface CollectStep {
  file: string;
  cmd: string;
  args: string[];
  /** what the output is for, one line (goes into the manifest) */
  what: string;
}

const SCHANNEL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

/** Every command, in order. netstat -anob falls back to -ano when not elevated (tasklist /svc names the PIDs). */
export const COLLECT_STEPS: readonly CollectStep[] = [
  {
    file: 'systeminfo.txt',
    cmd: 'systeminfo',
    args: ['/fo', 'list'],
    what: 'Windows version (decides the SCHANNEL defaults)',
  },
  {
    file: 'sslcert.txt',
    cmd: 'netsh',
    args: ['http', 'show', 'sslcert'],
    what: 'HTTP.sys SSL certificate bindings',
  },
  { file: 'iplisten.txt', cmd: 'netsh', args: ['http', 'show', 'iplisten'], what: 'HTTP.sys IP listen list' },
  { file: 'netstat.txt', cmd: 'netstat', args: ['-anob'], what: 'listening ports and their owners' },
  { file: 'tasklist.txt', cmd: 'tasklist', args: ['/svc'], what: 'PID → image and services' },
  {
    file: 'schannel.txt',
    cmd: 'reg',
    args: ['query', SCHANNEL, '/s'],
    what: 'SCHANNEL protocols, ciphers, hashes, key exchange',
  },
  {
    file: 'cipher-policy.txt',
    cmd: 'reg',
    args: ['query', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002'],
    what: 'GPO cipher suite order (absent is normal)',
  },
  {
    file: 'cipher-local.txt',
    cmd: 'reg',
    args: [
      'query',
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002',
    ],
    what: 'local cipher suite list',
  },
  {
    file: 'dotnet.txt',
    cmd: 'reg',
    args: ['query', 'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'],
    what: '.NET Framework TLS switches',
  },
  {
    file: 'http-parameters.txt',
    cmd: 'reg',
    args: ['query', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters'],
    what: 'HTTP.sys parameters (ListenOnlyList, HTTP/2 switches)',
  },
  {
    file: 'tls-ciphersuites.txt',
    cmd: 'powershell.exe',
    args: [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-TlsCipherSuite | Format-List Name,CipherSuite,Protocols',
    ],
    what: 'effective cipher suites in order (Server 2016+)',
  },
  {
    file: 'certutil-my.txt',
    cmd: 'certutil',
    args: ['-store', 'my'],
    what: 'machine certificate store and private-key status',
  },
  {
    file: 'events.xml',
    cmd: 'wevtutil',
    args: [
      'qe',
      'System',
      "/q:*[System[Provider[@Name='Schannel' or @Name='Microsoft-Windows-HttpEvent' or @Name='HTTP']]]",
      '/f:xml',
      '/c:300',
      '/rd:true',
    ],
    what: 'recent SChannel and HttpEvent events',
  },
];

export interface CollectOptions {
  out: string;
  runner: Runner;
  /** reads applicationHost.config; defaults to fs.readFile */
  readFile?: (path: string) => Promise<Buffer>;
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

export interface ManifestEntry {
  file: string;
  command: string;
  what: string;
  exitCode: number | null;
  bytes: number;
  sha256?: string;
  note?: string;
}

export interface CollectManifest {
  tool: 'tlsdoctor';
  version: string;
  windowsCollect: 1;
  createdAt: string;
  os?: { name?: string; version?: string };
  elevated: boolean;
  files: ManifestEntry[];
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const show = (cmd: string, args: string[]): string =>
  [cmd, ...args.map((a) => (/\s|\*/.test(a) ? `"${a}"` : a))].join(' ');

/** applicationHost.config may hold encrypted app-pool passwords: never copy them. */
export function redactApplicationHost(text: string): string {
  return text.replace(/\b(password|encryptedPassword)\s*=\s*"[^"]*"/gi, '$1="[redacted by tlsdoctor]"');
}

export async function collectWindowsBundle(opts: CollectOptions): Promise<CollectManifest> {
  const now = opts.now ?? (() => new Date());
  try {
    await mkdir(opts.out, { recursive: true });
  } catch (e) {
    throw new TlsDoctorError('INPUT_UNREADABLE', `cannot create ${opts.out}: ${oneLine(e)}`);
  }
  const manifest: CollectManifest = {
    tool: 'tlsdoctor',
    version: VERSION,
    windowsCollect: 1,
    createdAt: now().toISOString(),
    elevated: true,
    files: [],
  };
  for (const step of COLLECT_STEPS) {
    let args = step.args;
    let r: { stdout: Buffer; stderr: Buffer; code: number } | undefined;
    let note: string | undefined;
    try {
      r = await opts.runner(step.cmd, args);
      if (
        step.cmd === 'netstat' &&
        (r.code !== 0 || /requires elevation/i.test(r.stdout.toString('latin1')))
      ) {
        manifest.elevated = false;
        args = ['-ano'];
        note = 'netstat -b needs elevation: fell back to -ano (tasklist.txt names the PIDs)';
        r = await opts.runner(step.cmd, args);
      }
    } catch (e) {
      manifest.files.push({
        file: step.file,
        command: show(step.cmd, args),
        what: step.what,
        exitCode: null,
        bytes: 0,
        note: `could not run: ${oneLine(e)}`,
      });
      continue;
    }
    // stdout is the evidence; stderr only when it is an answer (`reg query` of an absent key)
    const body =
      r.stdout.length > 0
        ? r.stdout
        : /unable to find the specified registry key/i.test(r.stderr.toString('latin1'))
          ? r.stderr
          : undefined;
    if (body === undefined) {
      manifest.files.push({
        file: step.file,
        command: show(step.cmd, args),
        what: step.what,
        exitCode: r.code,
        bytes: 0,
        note: `no output, exit code ${r.code}${r.stderr.length ? `: ${oneLine(r.stderr.toString('utf8')).slice(0, 200)}` : ''}`,
      });
      continue;
    }
    await writeFile(join(opts.out, step.file), body);
    const entry: ManifestEntry = {
      file: step.file,
      command: show(step.cmd, args),
      what: step.what,
      exitCode: r.code,
      bytes: body.length,
      sha256: sha256(body),
    };
    if (note) entry.note = note;
    else if (r.code !== 0)
      entry.note = `exit code ${r.code}${r.stderr.length ? `: ${oneLine(r.stderr.toString('utf8')).slice(0, 200)}` : ''}`;
    manifest.files.push(entry);
    if (step.file === 'systeminfo.txt' && r.code === 0) {
      try {
        const si = parseSysteminfoRaw(linesOf(r.stdout, step.file).lines);
        manifest.os = {
          ...(si.name ? { name: si.name.value } : {}),
          ...(si.version ? { version: si.version.value } : {}),
        };
      } catch {
        // unreadable systeminfo: the manifest simply has no os
      }
    }
  }
  // applicationHost.config is a file, not a command
  const env = opts.env ?? {};
  const appHost = `${env['windir'] ?? env['WINDIR'] ?? env['SystemRoot'] ?? 'C:\\Windows'}\\System32\\inetsrv\\config\\applicationHost.config`;
  try {
    const buf = await (opts.readFile ?? ((p: string) => readFile(p)))(appHost);
    const redacted = Buffer.from(redactApplicationHost(buf.toString('utf8')), 'utf8');
    await writeFile(join(opts.out, 'applicationHost.config'), redacted);
    manifest.files.push({
      file: 'applicationHost.config',
      command: `copy "${appHost}"`,
      what: 'IIS sites and https bindings (passwords redacted)',
      exitCode: 0,
      bytes: redacted.length,
      sha256: sha256(redacted),
    });
  } catch (e) {
    manifest.files.push({
      file: 'applicationHost.config',
      command: `copy "${appHost}"`,
      what: 'IIS sites and https bindings',
      exitCode: null,
      bytes: 0,
      note: `not copied: ${oneLine(e)} (IIS not installed?)`,
    });
  }
  await writeFile(join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The real runner: no shell, 60 s per command, 32 MiB output cap. */
export function defaultRunner(): Runner {
  return (cmd, args) =>
    new Promise((resolve, reject) => {
      execFile(
        cmd,
        args,
        { encoding: 'buffer', timeout: 60_000, maxBuffer: 32 * 1024 * 1024, windowsHide: true },
        (err, stdout, stderr) => {
          if (err && (err as NodeJS.ErrnoException).code === 'ENOENT')
            return reject(new Error(`${cmd} not found`));
          const code = err
            ? typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : 1
            : 0;
          resolve({ stdout: Buffer.from(stdout), stderr: Buffer.from(stderr), code });
        },
      );
    });
}
