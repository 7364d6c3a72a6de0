// Input from stdin: `-` as a file name (`openssl s_client -showcerts … | tlsdoctor cert -`,
// `tcpdump -w - | tlsdoctor capture -`), or text piped to `explain`. Reads are bounded: past the
// limit the command stops with one line, never holding more than the limit.
import { mkdtempSync, rmSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TlsDoctorError } from '../errors.js';
import type { CommandContext } from './context.js';

/** the file name that means stdin */
export const STDIN = '-';
/** how stdin is named in reports and messages */
export const STDIN_NAME = 'stdin';

function noStdin(what: string): TlsDoctorError {
  return new TlsDoctorError('USAGE', `${what}: '-' reads stdin, but there is no stdin here`);
}

/** All of stdin, at most `max` bytes; more is an INPUT_TOO_LARGE error naming the limit. */
export async function readStdin(ctx: CommandContext, what: string, max: number): Promise<Buffer> {
  const stdin = ctx.io.stdin;
  if (!stdin) throw noStdin(what);
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += b.length;
    if (total > max)
      throw new TlsDoctorError(
        'INPUT_TOO_LARGE',
        `${STDIN_NAME}: more than ${max} bytes piped in; ${what} reads at most ${max}`,
      );
    parts.push(b);
  }
  return Buffer.concat(parts);
}

/**
 * Copies stdin to a file in a fresh private folder, chunk by chunk (memory stays bounded however
 * long the input), at most `max` bytes. For readers that need a file (captures, Windows outputs).
 * `cleanup` removes the folder.
 */
export async function spoolStdin(
  ctx: CommandContext,
  what: string,
  max: number,
): Promise<{ path: string; cleanup: () => void }> {
  const stdin = ctx.io.stdin;
  if (!stdin) throw noStdin(what);
  const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-stdin-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, STDIN_NAME);
  const fd = openSync(path, 'wx', 0o600);
  let total = 0;
  try {
    for await (const chunk of stdin) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += b.length;
      if (total > max)
        throw new TlsDoctorError(
          'INPUT_TOO_LARGE',
          `${STDIN_NAME}: more than ${max} bytes piped in; ${what} reads at most ${max}`,
        );
      writeSync(fd, b);
    }
  } catch (e) {
    closeSync(fd);
    cleanup();
    throw e;
  }
  closeSync(fd);
  return { path, cleanup };
}

/** Every string in a report with the spooled file's path named as stdin instead. */
export function renamePath<T>(value: T, from: string, to: string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(from).join(to);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** The error with the spooled file's path named as stdin in its message. */
export function renameInError(e: unknown, from: string, to: string): unknown {
  if (e instanceof Error) e.message = e.message.split(from).join(to);
  return e;
}

/**
 * Text in UTF-8 (± BOM) or UTF-16 (BOM, or BOM-less LE as written by Windows PowerShell 5.1
 * `Out-File` and `>`: NULs at odd offsets).
 */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return buf.subarray(2, 2 + ((buf.length - 2) & ~1)).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return buf.subarray(3).toString('utf8');
  const probe = Math.min(buf.length, 512) & ~1;
  if (probe >= 4) {
    let oddNuls = 0;
    for (let i = 1; i < probe; i += 2) if (buf[i] === 0) oddNuls++;
    if (oddNuls >= (probe / 2) * 0.6) return buf.subarray(0, buf.length & ~1).toString('utf16le');
  }
  return buf.toString('utf8');
}
