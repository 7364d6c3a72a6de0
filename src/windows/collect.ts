// `tlsdoctor windows collect`: run the Windows commands whose output the parsers read and write
// them into one folder with a manifest.json. The command runner is injected (tests replay recorded
// outputs); the default runner uses execFile with a deadline and an output cap, no shell.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TlsDoctorError, oneLine } from '../errors.js';
import { VERSION } from '../version.js';
import {
  isCopyStep,
  type CollectStep,
  type CommandStep,
  type CopyStep,
  type WindowsParser,
} from './define-parser.js';
import { WINDOWS_PARSERS } from './parser-registry.js';
import { linesOf } from './text.js';

export { redactApplicationHost } from './parsers/applicationhost.js';
export type { CollectStep, CommandStep, CopyStep } from './define-parser.js';

export type Runner = (
  cmd: string,
  args: string[],
) => Promise<{ stdout: Buffer; stderr: Buffer; code: number }>;

/**
 * Every step, from the parsers' declarations: first the parsers that read the Windows version
 * (the manifest records it), then the others in registry order; commands before file copies.
 */
export function collectPlan(): Array<{ parser: WindowsParser; step: CollectStep }> {
  const parsers = [...WINDOWS_PARSERS.filter((p) => p.readsOs), ...WINDOWS_PARSERS.filter((p) => !p.readsOs)];
  const all = parsers.flatMap((parser) => parser.collect.map((step) => ({ parser, step })));
  return [...all.filter((x) => !isCopyStep(x.step)), ...all.filter((x) => isCopyStep(x.step))];
}

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
  for (const { parser, step } of collectPlan()) {
    if (isCopyStep(step)) await copyStep(step, opts, manifest);
    else {
      const r = await commandStep(step, opts, manifest);
      // the manifest keeps what the OS parser reads from its output
      if (r && r.code === 0 && parser.readsOs) {
        try {
          const os = parser.parse({ ...linesOf(r.stdout, step.file), origin: step.file }, parser.kinds[0], {
            origin: step.file,
          }).os;
          if (os) manifest.os = os;
        } catch {
          // unreadable output: the manifest simply has no os
        }
      }
    }
  }
  await writeFile(join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

async function commandStep(
  step: CommandStep,
  opts: CollectOptions,
  manifest: CollectManifest,
): Promise<{ stdout: Buffer; code: number } | undefined> {
  let args = [...step.args];
  let r: { stdout: Buffer; stderr: Buffer; code: number } | undefined;
  let note: string | undefined;
  try {
    r = await opts.runner(step.cmd, args);
    if (step.fallback?.when(r)) {
      if (step.fallback.notElevated) manifest.elevated = false;
      args = [...step.fallback.args];
      note = step.fallback.note;
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
    return undefined;
  }
  // stdout is the evidence; stderr only when it is an answer (`reg query` of an absent key)
  const body =
    r.stdout.length > 0
      ? r.stdout
      : step.stderrIsAnswer?.test(r.stderr.toString('latin1'))
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
    return undefined;
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
  return { stdout: body, code: r.code };
}

/** A file, not a command (applicationHost.config). */
async function copyStep(step: CopyStep, opts: CollectOptions, manifest: CollectManifest): Promise<void> {
  const source = step.source(opts.env ?? {});
  try {
    const buf = await (opts.readFile ?? ((p: string) => readFile(p)))(source);
    const body = step.transform ? Buffer.from(step.transform.apply(buf.toString('utf8')), 'utf8') : buf;
    await writeFile(join(opts.out, step.file), body);
    manifest.files.push({
      file: step.file,
      command: `copy "${source}"`,
      what: step.transform ? `${step.what} (${step.transform.says})` : step.what,
      exitCode: 0,
      bytes: body.length,
      sha256: sha256(body),
    });
  } catch (e) {
    manifest.files.push({
      file: step.file,
      command: `copy "${source}"`,
      what: step.what,
      exitCode: null,
      bytes: 0,
      note: `not copied: ${oneLine(e)}${step.missingHint ? ` (${step.missingHint})` : ''}`,
    });
  }
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
