// What every command receives: its output streams, environment and the exit-code setter.
// Commands never touch process.* directly (DESIGN convention 13); only bin/ sets process.exitCode.
import type { Command } from 'commander';

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/** Documented exit codes. */
export const EXIT = {
  OK: 0,
  PROBLEMS: 1,
  USAGE: 2,
  UNREACHABLE: 3,
} as const;

export interface CommandContext {
  io: CliIO;
  /** colours allowed: a TTY, no NO_COLOR, no --no-color */
  color(opts?: { color?: boolean }): boolean;
  setExit(code: number): void;
}

export type DefineCommand = (ctx: CommandContext) => Command;
