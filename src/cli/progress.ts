// The progress line: one line, rewritten in place on a TTY ("\r" + erase line), so a
// long scan shows it is alive; nothing at all when disabled (not a TTY, --quiet, --json), so
// pipes, logs and JSON consumers never see it. Updates are throttled: at most one write per
// interval, and the latest text is written when the interval ends, so the line never goes stale.
// Written to stderr by convention, keeping stdout for the report.
import type { Writable } from './context.js';
import { safeLine } from '../report/sanitize.js';
import { truncate } from '../report/layout.js';

export interface Progress {
  /** shows `text` as the current step (throttled) */
  update(text: string): void;
  /** erases the line; later updates are ignored. Safe to call more than once. */
  done(): void;
}

export interface ProgressOptions {
  /** minimum time between two writes; default 80 ms */
  intervalMs?: number;
  /** clock, for tests; default performance.now */
  now?: () => number;
}

/** CSI 2K erases the whole line; with a leading CR the cursor is back at column 0. */
export const CLEAR_LINE = '\r\u001b[2K';
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const NOOP: Progress = { update() {}, done() {} };

/** the progress lines on screen now, so an interrupt (Ctrl-C) can erase them before exiting */
const ACTIVE = new Set<Progress>();

/** Erases every progress line still shown (on Ctrl-C, before the process exits). */
export function clearProgress(): void {
  for (const p of [...ACTIVE]) p.done();
}

/**
 * Whether a command should show progress: the stream is a terminal, the user did not ask for
 * --quiet or --json, and the terminal is not "dumb" (which cannot erase a line).
 */
export function progressWanted(
  stream: Writable,
  opts: { json?: boolean; quiet?: boolean; env?: Record<string, string | undefined> },
): boolean {
  if (opts.json || opts.quiet) return false;
  if (stream.isTTY !== true) return false;
  return opts.env?.TERM !== 'dumb';
}

/**
 * A progress line on `stream`. Disabled (`enabled` false, or the stream is not a TTY) it writes
 * nothing at all. The line is cut to the terminal's width so it never wraps (a wrapped line
 * cannot be rewritten with "\r").
 */
export function createProgress(stream: Writable, enabled: boolean, opts: ProgressOptions = {}): Progress {
  if (!enabled || stream.isTTY !== true) return NOOP;
  const interval = opts.intervalMs ?? 80;
  const now = opts.now ?? (() => performance.now());
  let lastWrite = -Infinity;
  let pending: string | undefined;
  let shown = '';
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;

  const write = (text: string): void => {
    const columns = stream.columns && stream.columns > 4 ? stream.columns : 80;
    const line = truncate(`${SPINNER[frame % SPINNER.length]} ${text}`, columns - 1);
    frame++;
    lastWrite = now();
    pending = undefined;
    if (line === shown) return;
    shown = line;
    stream.write(CLEAR_LINE + line);
  };

  const flush = (): void => {
    timer = undefined;
    if (!finished && pending !== undefined) write(pending);
  };

  const progress: Progress = {
    update(text: string): void {
      if (finished) return;
      const clean = safeLine(text);
      const wait = lastWrite + interval - now();
      if (wait <= 0 && timer === undefined) {
        write(clean);
        return;
      }
      pending = clean;
      if (timer === undefined) {
        timer = setTimeout(flush, Math.max(0, wait));
        // a pending progress line must never keep the process alive
        timer.unref?.();
      }
    },
    done(): void {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      if (shown !== '') stream.write(CLEAR_LINE);
      shown = '';
      ACTIVE.delete(progress);
    },
  };
  ACTIVE.add(progress);
  return progress;
}
