// `tlsdoctor serve`: the Prometheus exporter (src/app/serve.ts). Binds 127.0.0.1 unless told
// otherwise, and probes only what --allow (or the config's allow list) names.
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { TlsDoctorError, oneLine } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { nonEmpty, parseIntOption, quietOption } from '../options.js';
import { summaryOf } from './index.js';

interface ServeCliOptions {
  listen: string;
  port: number;
  allow?: string[];
  config?: string;
  maxConcurrent: number;
  quiet?: boolean;
}

const MAX_CONFIG_BYTES = 1024 * 1024;

export function defineServe(ctx: CommandContext): Command {
  return new Command('serve')
    .description(summaryOf('serve'))
    .addOption(
      new Option('--listen <address>', 'the address to listen on')
        .default('127.0.0.1')
        .argParser(nonEmpty('--listen')),
    )
    .addOption(
      new Option('--port <port>', 'the port to listen on (0: any free port)')
        .default(9219)
        .argParser(parseIntOption('--port', 0, 65535)),
    )
    .addOption(
      new Option(
        '--allow <HOST|CIDR[:PORTS]>',
        'a target the exporter may probe (host name, *.domain, address or CIDR; ports: 443 or 443,8000-8100); repeat for more; anything else gets 403',
      ).argParser((v: string, prev: string[] = []) => [...prev, v]),
    )
    .option(
      '--config <file>',
      'YAML config: allow list and modules (timeouts, SNI, CA files, client profiles that count)',
    )
    .addOption(
      new Option('--max-concurrent <n>', 'diagnoses running at once; more wait within their deadline')
        .default(8)
        .argParser(parseIntOption('--max-concurrent', 1, 256)),
    )
    .addOption(quietOption('no log line per probe'))
    .action(async (opts: ServeCliOptions) => {
      const [{ parseAllow }, { parseExporterConfig, defaultConfig }, { startExporter }, { CLIENT_PROFILES }] =
        await Promise.all([
          import('../../fleet/allow.js'),
          import('../../fleet/modules.js'),
          import('../../app/serve.js'),
          import('../../probe/profiles/index.js'),
        ]);
      let config = defaultConfig();
      if (opts.config) {
        let text: string;
        try {
          const buf = readFileSync(opts.config);
          if (buf.length > MAX_CONFIG_BYTES)
            throw new TlsDoctorError(
              'INPUT_TOO_LARGE',
              `${opts.config}: larger than ${MAX_CONFIG_BYTES} bytes`,
            );
          text = buf.toString('utf8');
        } catch (e) {
          if (e instanceof TlsDoctorError) throw e;
          const code = (e as NodeJS.ErrnoException).code;
          throw new TlsDoctorError(
            code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE',
            `${opts.config}: ${code === 'ENOENT' ? 'no such file' : oneLine(e)}`,
          );
        }
        config = parseExporterConfig(
          text,
          opts.config,
          CLIENT_PROFILES.map((p) => p.id),
        );
      }
      const allow = (opts.allow ?? []).map((a) => parseAllow(a));
      if (config.allow.length + allow.length === 0)
        throw new TlsDoctorError(
          'USAGE',
          'nothing to probe: give --allow HOST|CIDR[:PORTS] (or an allow list in --config)',
        );
      const exporter = await startExporter({
        config,
        allow,
        host: opts.listen,
        port: opts.port,
        maxConcurrent: opts.maxConcurrent,
        ...(opts.quiet
          ? {}
          : { log: (line: string) => void ctx.io.stderr.write(`${new Date().toISOString()} ${line}\n`) }),
      }).catch((e: unknown) => {
        throw new TlsDoctorError('USAGE', `cannot listen on ${opts.listen}:${opts.port}: ${oneLine(e)}`);
      });
      ctx.io.stderr.write(
        `tlsdoctor exporter listening on ${exporter.url} (modules: ${[...config.modules.keys()].join(', ')}; allowed: ${[...config.allow, ...allow].map((a) => a.text).join(', ')})\n`,
      );
      // runs until the process is stopped (Ctrl-C, SIGTERM)
      await new Promise<never>(() => {});
    });
}
