// `tlsdoctor capture FILE`: every TLS handshake in a pcap / pcapng / Network Monitor capture, and
// why the failed ones failed. Thin: read (src/capture) → rules (src/diagnose) → Report → render.
import { Command, Option } from 'commander';
import { captureReport } from '../../app/capture-report.js';
import { TlsDoctorError } from '../../errors.js';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { caOption, htmlOption, jsonOption, noColorOption, quietOption } from '../options.js';
import type { CommandContext } from '../context.js';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new TlsDoctorError('USAGE', `--port must be a TCP port (1-65535), got "${v}"`);
  return n;
}

export function defineCapture(ctx: CommandContext): Command {
  return new Command('capture')
    .description(
      'find every TLS handshake in a packet capture (pcap, pcapng, Network Monitor .cap; gzip ok) and say why the failed ones failed',
    )
    .argument('<file>', 'capture file (format detected from its content)')
    .addOption(new Option('--port <port>', 'only handshakes to this server port').argParser(parsePort))
    .addOption(caOption('extra CA certificates for checking chains seen in clear'))
    .option('--no-chain-check', 'do not check the certificate chains seen in clear')
    .addOption(jsonOption())
    .addOption(htmlOption())
    .addOption(noColorOption())
    .addOption(quietOption('print nothing when every handshake succeeded'))
    .action(
      async (
        file: string,
        opts: OutputOptions & {
          port?: number;
          ca?: string[];
          chainCheck?: boolean;
        },
      ) => {
        const report = await captureReport(file, {
          ...(opts.port !== undefined ? { port: opts.port } : {}),
          ...(opts.ca ? { caFiles: opts.ca } : {}),
          checkChains: opts.chainCheck !== false,
        });
        emitReport(ctx, report, opts);
        ctx.setExit(exitCodeFor(report));
      },
    );
}
