// `tlsdoctor fleet <file>`: diagnose every target of a list (lines, CSV, nmap -oG/-oX; `-` reads
// stdin) with bounded concurrency, JSON Lines as results come in, and a summary across targets.
import { Command, Option } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { TlsDoctorError, oneLine } from '../../errors.js';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { createProgress, progressWanted } from '../progress.js';
import type { CommandContext } from '../context.js';
import { STDIN, STDIN_NAME, decodeText, readStdin } from '../input.js';
import {
  caOption,
  concurrencyOption,
  noSniOption,
  outputOptions,
  parseIntOption,
  sniOption,
  timeoutOption,
  type TargetCliOptions,
} from '../options.js';
import { summaryOf } from './index.js';

/** a target list larger than this is refused: split it (100,000 targets fit in far less) */
const MAX_LIST_BYTES = 64 * 1024 * 1024;

interface FleetCliOptions extends TargetCliOptions, OutputOptions {
  mode: 'diagnose' | 'scan';
  concurrency: number;
  waiting: number;
  perIp: number;
  deadline: number;
  retries: number;
  probeConcurrency: number;
  timeout: number;
  httpPort: number;
  ca?: string[];
  warnDays: number;
  jsonl?: string;
  resume?: boolean;
}

function readList(path: string): Buffer {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TlsDoctorError(
      code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE',
      `${path}: ${code === 'ENOENT' ? 'no such file' : oneLine(e)}`,
    );
  }
  if (size > MAX_LIST_BYTES)
    throw new TlsDoctorError(
      'INPUT_TOO_LARGE',
      `${path}: ${size} bytes; a target list may hold at most ${MAX_LIST_BYTES}`,
    );
  try {
    return readFileSync(path);
  } catch (e) {
    throw new TlsDoctorError('INPUT_UNREADABLE', `${path}: ${oneLine(e)}`);
  }
}

const clock = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function defineFleet(ctx: CommandContext): Command {
  const cmd = new Command('fleet')
    .description(summaryOf('fleet'))
    .argument(
      '<file>',
      'targets: one per line (as diagnose takes them, with optional --sni/--ip/--no-sni), a CSV with a header (target,sni,ip,platform,tags), or nmap -oG/-oX output; - reads stdin',
    )
    .addOption(
      new Option('--mode <mode>', 'what to run on each target')
        .choices(['diagnose', 'scan'])
        .default('diagnose'),
    )
    .addOption(
      concurrencyOption(
        16,
        'targets doing work at once (a target none of whose probes completed for 250 ms is waiting and frees its slot)',
        256,
      ),
    )
    .addOption(
      new Option(
        '--waiting <n>',
        'further targets in flight that are only waiting on a silent server (they hold sockets, not a work slot)',
      )
        .default(128)
        .argParser(parseIntOption('--waiting', 0, 1024)),
    )
    .addOption(
      new Option(
        '--per-ip <n>',
        'targets in flight at once per server address, waiting ones included (the --ip, the IP literal, or the address a name resolves to)',
      )
        .default(2)
        .argParser(parseIntOption('--per-ip', 1, 64)),
    )
    .addOption(
      new Option('--deadline <ms>', 'overall time limit of one attempt on one target')
        .default(120000)
        .argParser(parseIntOption('--deadline', 1000, 3600000)),
    )
    .addOption(
      new Option('--retries <n>', 'attempts after the first, only for a target whose outcome was a timeout')
        .default(1)
        .argParser(parseIntOption('--retries', 0, 5)),
    )
    .addOption(
      new Option('--probe-concurrency <n>', 'handshakes in flight at once per target')
        .default(8)
        .argParser(parseIntOption('--probe-concurrency', 1, 64)),
    )
    .addOption(sniOption())
    .addOption(noSniOption())
    .addOption(caOption())
    .addOption(
      timeoutOption(
        "the longest wait for a server's answer, in milliseconds, as diagnose's --timeout (whose default is 10000): a server slower than this is reported silent",
      ),
    )
    .addOption(
      new Option('--http-port <port>', 'port for the plain-HTTP check of diagnose (0 to skip)')
        .default(80)
        .argParser(parseIntOption('--http-port', 0, 65535)),
    )
    .addOption(
      new Option('--warn-days <days>', 'list certificates expiring within this many days')
        .default(30)
        .argParser(parseIntOption('--warn-days', 0, 3650)),
    )
    .option(
      '--jsonl <file>',
      'write one JSON line per target to this file as results come in (with --resume: append)',
    )
    .option('--resume', 'with --jsonl: skip the targets already in that file');
  for (const o of outputOptions()) cmd.addOption(o);
  return cmd.action(async (file: string, opts: FleetCliOptions) => {
    if (opts.resume && !opts.jsonl)
      throw new TlsDoctorError('USAGE', '--resume needs --jsonl FILE (the output to resume)');
    const origin = file === STDIN ? STDIN_NAME : file;
    const text = decodeText(file === STDIN ? await readStdin(ctx, 'fleet', MAX_LIST_BYTES) : readList(file));
    const progress = createProgress(
      ctx.io.stderr,
      progressWanted(ctx.io.stderr, { ...opts, env: ctx.io.env }),
    );
    try {
      const { fleet, reportsDirFor } = await import('../../app/fleet.js');
      const report = await fleet(text, origin, {
        mode: opts.mode,
        concurrency: opts.concurrency,
        waiting: opts.waiting,
        perHost: opts.perIp,
        deadlineMs: opts.deadline,
        retries: opts.retries,
        probeConcurrency: opts.probeConcurrency,
        timeoutMs: opts.timeout,
        httpPort: opts.httpPort,
        warnDays: opts.warnDays,
        ...(opts.sni !== undefined ? { sni: opts.sni } : {}),
        ...(opts.ca ? { caFiles: opts.ca } : {}),
        ...(opts.jsonl ? { jsonl: opts.jsonl } : {}),
        ...(opts.resume ? { resume: true } : {}),
        ...(opts.html ? { reportsDir: reportsDirFor(opts.html) } : {}),
        onProgress: (p) =>
          progress.update(
            `fleet: ${p.done}/${p.total} done · ${p.failing} failing${p.etaMs !== undefined && p.done < p.total ? ` · ETA ${clock(p.etaMs)}` : ''}`,
          ),
      });
      progress.done();
      await emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    } finally {
      progress.done();
    }
  });
}
