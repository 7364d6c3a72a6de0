// `tlsdoctor capture FILE`: every TLS handshake in a pcap / pcapng / Network Monitor capture, and
// why the failed ones failed. Thin: read (src/capture) → rules (src/diagnose) → Report → render.
import { Command, Option } from 'commander';
import { captureReport } from '../../app/capture-report.js';
import { TlsDoctorError } from '../../errors.js';
import { emitReport, exitCodeFor } from '../output.js';
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
    .option('--ca <file...>', 'extra CA certificates for checking chains seen in clear')
    .option('--no-chain-check', 'do not check the certificate chains seen in clear')
    .option('--json', 'print the report as JSON (schema/report.schema.json)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--no-color', 'no colours (also: NO_COLOR=1, or when not a terminal)')
    .option('-q, --quiet', 'print nothing when every handshake succeeded')
    .action(
      async (
        file: string,
        opts: {
          port?: number;
          ca?: string[];
          chainCheck?: boolean;
          json?: boolean;
          html?: string;
          color?: boolean;
          quiet?: boolean;
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
