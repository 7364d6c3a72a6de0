// `tlsdoctor capture FILE`: every TLS handshake in a pcap / pcapng / Network Monitor capture, and
// why the failed ones failed. `-` reads the capture from stdin (`tcpdump -w - … | tlsdoctor capture -`).
import { Command, Option } from 'commander';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { caOption, outputOptions, parseIntOption } from '../options.js';
import { STDIN, STDIN_NAME, renameInError, renamePath, spoolStdin } from '../input.js';
import type { CommandContext } from '../context.js';
import { summaryOf } from './index.js';

/** a capture piped in is copied to a temporary file as it arrives; past this it is refused */
const MAX_STDIN_CAPTURE = 4 * 1024 ** 3;
/** --list at most: what is listed stays in memory until the report is written */
const MAX_LIST = 2000;

export function defineCapture(ctx: CommandContext): Command {
  const cmd = new Command('capture')
    .description(summaryOf('capture'))
    .argument('<file>', 'capture file (format detected from its content), or - for stdin')
    .addOption(
      new Option('--port <port>', 'only handshakes to this server port').argParser(
        parseIntOption('--port', 1, 65535),
      ),
    )
    .addOption(
      new Option(
        '--list <n>',
        'handshakes listed one by one: up to n of each kind of failure and n completed ones (besides the first of each server, version and suite); the rest are counted (default 10)',
      ).argParser(parseIntOption('--list', 1, MAX_LIST)),
    )
    .addOption(caOption('an extra CA certificate for checking the chains seen in clear'))
    .option('--no-chain-check', 'do not check the certificate chains seen in clear');
  for (const o of outputOptions()) cmd.addOption(o);
  return cmd.action(
    async (
      file: string,
      opts: OutputOptions & { port?: number; list?: number; ca?: string[]; chainCheck?: boolean },
    ) => {
      const spooled = file === STDIN ? await spoolStdin(ctx, 'capture', MAX_STDIN_CAPTURE) : undefined;
      try {
        const { captureReport } = await import('../../app/capture-report.js');
        let report = await captureReport(spooled?.path ?? file, {
          ...(opts.port !== undefined ? { port: opts.port } : {}),
          ...(opts.list !== undefined ? { list: opts.list } : {}),
          ...(opts.ca ? { caFiles: opts.ca } : {}),
          checkChains: opts.chainCheck !== false,
        });
        if (spooled) report = renamePath(report, spooled.path, STDIN_NAME);
        await emitReport(ctx, report, opts);
        ctx.setExit(exitCodeFor(report));
      } catch (e) {
        throw spooled ? renameInError(e, spooled.path, STDIN_NAME) : e;
      } finally {
        spooled?.cleanup();
      }
    },
  );
}
