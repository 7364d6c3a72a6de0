// Options that several commands share, each declared once: a command composes them with
// .addOption(…). A command may keep its own wording of the help line (its help text is a contract,
// test/cli/help.test.ts); flags, defaults and parsing are always these. Bad values are one-line usage
// errors (exit 2).
import { InvalidArgumentError, Option } from 'commander';

export function parseIntOption(name: string, min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}`);
    return n;
  };
}

// ---- output: --json, --html, --no-color, -q/--quiet (read by emitReport, OutputOptions) ----

export function jsonOption(description = 'print the report as JSON (schema/report.schema.json)'): Option {
  return new Option('--json', description);
}

export function htmlOption(description = 'also write a self-contained HTML report'): Option {
  return new Option('--html <file>', description);
}

/** `color: false` when given; NO_COLOR and a non-terminal also turn colours off (CommandContext.color) */
export function noColorOption(description = 'no colours (also: NO_COLOR=1, or when not a terminal)'): Option {
  return new Option('--no-color', description);
}

export function quietOption(description = 'no progress line'): Option {
  return new Option('-q, --quiet', description);
}

// ---- the target: --sni, --no-sni, --ip ----

export interface TargetCliOptions {
  /** a name, or false for --no-sni */
  sni?: string | false;
  ip?: string;
}

export function sniOption(): Option {
  return new Option('--sni <name>', 'send this server name (default: the target host name)');
}

export function noSniOption(): Option {
  return new Option('--no-sni', 'send no server_name extension');
}

export function ipOption(
  description = 'connect to this address instead of resolving the host (the host name is still sent as SNI)',
): Option {
  return new Option('--ip <address>', description);
}

/** the target options as the app functions take them (absent when not given) */
export function targetFrom(opts: TargetCliOptions): { sni?: string | false; ip?: string } {
  return {
    ...(opts.sni !== undefined ? { sni: opts.sni } : {}),
    ...(opts.ip ? { ip: opts.ip } : {}),
  };
}

// ---- probing: --timeout, --concurrency ----

export interface ProbeCliOptions {
  timeout: number;
  concurrency: number;
}

export function timeoutOption(description = 'per-probe time limit in milliseconds'): Option {
  return new Option('--timeout <ms>', description)
    .default(5000)
    .argParser(parseIntOption('--timeout', 100, 120000));
}

export function concurrencyOption(defaultValue: number, description = 'probes in flight at once'): Option {
  return new Option('--concurrency <n>', description)
    .default(defaultValue)
    .argParser(parseIntOption('--concurrency', 1, 64));
}

// ---- trust: --ca ----

/**
 * Extra trust anchors. 'variadic' (`--ca a.pem b.pem`) suits commands whose other arguments are
 * files too; 'repeatable' (`--ca a.pem --ca b.pem`) suits commands with a target argument, which a
 * variadic option would swallow.
 */
export function caOption(
  description = 'extra trust anchors (your private root)',
  form: 'variadic' | 'repeatable' = 'variadic',
): Option {
  if (form === 'variadic') return new Option('--ca <file...>', description);
  return new Option('--ca <file>', description).argParser((v: string, prev: string[] = []) => [...prev, v]);
}
