// Options that several commands share, each declared once: a command composes them with
// .addOption(…) or outputOptions(…). Flags, defaults, help lines and parsing are always these, so a
// flag means the same in every command. Bad values are one-line usage errors (exit 2).
import { InvalidArgumentError, Option } from 'commander';

export function parseIntOption(name: string, min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\s*-?\d+\s*$/.test(v) || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}`);
    return n;
  };
}

/** A value that must not be empty (`--sni ''` is a mistake, not a name). */
export function nonEmpty(name: string): (v: string) => string {
  return (v) => {
    if (v.trim() === '') throw new InvalidArgumentError(`${name} takes a non-empty value`);
    return v;
  };
}

/**
 * An option given once per value (`--ca a.pem --ca b.pem`), collected in order. Never variadic:
 * a variadic option swallows the positional arguments after it (`--ca root.pem server.pem`).
 */
export function repeatableOption(flags: string, description: string): Option {
  const name = flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? flags;
  return new Option(flags, `${description}; repeat for more`).argParser((v: string, prev: string[] = []) => {
    if (v.trim() === '') throw new InvalidArgumentError(`${name} takes a file name`);
    return [...prev, v];
  });
}

// ---- output: --json, --html, --no-color, -q/--quiet, --width (read by emitReport) ----

/** What the output options give a command's action. */
export interface OutputCliOptions {
  json?: boolean;
  html?: string;
  /** false for --no-color */
  color?: boolean;
  quiet?: boolean;
  width?: number;
}

export function jsonOption(): Option {
  return new Option('--json', 'print the report as JSON (schema/report.schema.json), also on errors');
}

export function htmlOption(): Option {
  return new Option(
    '--html <file>',
    'also write a self-contained HTML report (checked before anything runs)',
  );
}

/** `color: false` when given; NO_COLOR, TERM=dumb and a non-terminal also turn colours off */
export function noColorOption(): Option {
  return new Option('--no-color', 'no colours (also: NO_COLOR=1, TERM=dumb, or when not a terminal)');
}

export function quietOption(
  description = 'no progress line, and no output when nothing is wrong (the exit code says it)',
): Option {
  return new Option('-q, --quiet', description);
}

export function widthOption(): Option {
  return new Option(
    '--width <columns>',
    'wrap text at this width (default: the terminal width, else 100)',
  ).argParser(parseIntOption('--width', 40, 1000));
}

/**
 * The output options in their fixed order. `html: false` for a command without an HTML report,
 * `quiet: false` for one without a verdict to be quiet about.
 */
export function outputOptions(which: { html?: boolean; quiet?: boolean } = {}): Option[] {
  return [
    jsonOption(),
    ...(which.html === false ? [] : [htmlOption()]),
    noColorOption(),
    ...(which.quiet === false ? [] : [quietOption()]),
    widthOption(),
  ];
}

// ---- the target: --sni, --no-sni, --ip ----

export interface TargetCliOptions {
  /** a name, or false for --no-sni */
  sni?: string | false;
  ip?: string;
}

export function sniOption(): Option {
  return new Option('--sni <name>', 'send this server name (default: the target host name)').argParser(
    nonEmpty('--sni'),
  );
}

export function noSniOption(): Option {
  return new Option('--no-sni', 'send no server_name extension');
}

export function ipOption(): Option {
  return new Option(
    '--ip <address>',
    'connect to this address instead of resolving the host (the host name is still sent as SNI)',
  ).argParser(nonEmpty('--ip'));
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

export function concurrencyOption(
  defaultValue: number,
  description = 'probes in flight at once',
  max = 64,
): Option {
  return new Option('--concurrency <n>', description)
    .default(defaultValue)
    .argParser(parseIntOption('--concurrency', 1, max));
}

// ---- files: --ca, --key, passwords ----

export function caOption(
  description = 'an extra trusted root certificate (PEM/DER), e.g. your private CA',
): Option {
  return repeatableOption('--ca <file>', description);
}

export function keyOption(): Option {
  return repeatableOption('--key <file>', 'a private key file to match against the certificates');
}

export interface PasswordCliOptions {
  passwordFile?: string;
  password?: string;
}

export function passwordFileOption(
  description = 'read the password from the first line of this file',
): Option {
  return new Option('--password-file <file>', description).argParser(nonEmpty('--password-file'));
}

export function passwordOption(): Option {
  return new Option(
    '--password <password>',
    'the password on the command line (visible to other users in the process list: prefer --password-file, TLSDOCTOR_PASSWORD or the prompt)',
  );
}
