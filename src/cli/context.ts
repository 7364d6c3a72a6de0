// What every command receives: its output streams, environment and the exit-code setter.
// Commands never touch process.* directly (DESIGN convention 13); only bin/ sets process.exitCode.
import type { Command } from 'commander';

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** stdin as commands read it: `-` as a file name, or text piped to `explain` */
export interface Readable extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
}

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  /** absent: nothing can be read from stdin (a `-` argument is a usage error) */
  stdin?: Readable;
  /**
   * How a user types this tool, for the commands tlsdoctor prints (`tlsdoctor demo --only …`):
   * `tlsdoctor` when that name on PATH is this program, else the command that runs it here.
   */
  self?: string;
  /** asks for a password on the terminal without echo; absent when there is no terminal */
  promptSecret?: (question: string) => Promise<string>;
}

/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  OK: 0,
  PROBLEMS: 1,
  USAGE: 2,
  UNREACHABLE: 3,
} as const;

export interface CommandContext {
  io: CliIO;
  /** colours allowed: a TTY, no NO_COLOR, not TERM=dumb, no --no-color */
  color(opts?: { color?: boolean }): boolean;
  setExit(code: number): void;
}

/** the command line prefix that runs tlsdoctor as the user invoked it */
export function selfOf(ctx: CommandContext): string {
  return ctx.io.self ?? 'tlsdoctor';
}

export type DefineCommand = (ctx: CommandContext) => Command;
