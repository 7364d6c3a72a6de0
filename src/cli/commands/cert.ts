// `tlsdoctor cert FILE…`: load certificates/keys in any format, show what matters, run the
// certificate rules. `-` reads one file from stdin (`openssl s_client -showcerts … | tlsdoctor cert -`).
// `tlsdoctor cert make-test --host NAME`: a self-signed test certificate + PFX.
import { Command, Option } from 'commander';
import {
  caOption,
  keyOption,
  outputOptions,
  passwordFileOption,
  passwordOption,
  type PasswordCliOptions,
} from '../options.js';
import { existsSync, mkdirSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { writePrivateFile } from '../private-file.js';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { TlsDoctorError } from '../../errors.js';
import { emitReport, exitCodeFor, type OutputOptions } from '../output.js';
import { STDIN, STDIN_NAME, decodeText, readStdin } from '../input.js';
import type { CommandContext } from '../context.js';
import { summaryOf } from './index.js';

interface CertOptions extends OutputOptions, PasswordCliOptions {
  key?: string[];
  host?: string;
  ca?: string[];
  warnDays?: number;
  systemStore?: boolean;
  fetchAia?: boolean;
  fetchAiaPrivate?: boolean;
}

const MAX_PASSWORD_FILE = 64 * 1024;
/** the certificate module's own limit for one file (src/x509/policy.json maxFileBytes) */
const MAX_STDIN_CERT = 10 * 1024 * 1024;

/**
 * The password, never printed: --password-file (its first line; UTF-8 or the UTF-16 of Windows
 * PowerShell 5.1), then --password (with a warning: other users see it in the process list), then
 * TLSDOCTOR_PASSWORD. Undefined when none is given (the command may then ask on the terminal).
 */
export function resolvePassword(opts: PasswordCliOptions, ctx: CommandContext): string | undefined {
  if (opts.passwordFile !== undefined) {
    let size: number;
    try {
      size = statSync(opts.passwordFile).size;
    } catch {
      throw new TlsDoctorError('INPUT_NOT_FOUND', `${opts.passwordFile}: password file not found`);
    }
    if (size > MAX_PASSWORD_FILE)
      throw new TlsDoctorError(
        'INPUT_TOO_LARGE',
        `${opts.passwordFile}: a password file of ${size} bytes is not a password file`,
      );
    return decodeText(readFileSync(opts.passwordFile)).split(/\r?\n/)[0] ?? '';
  }
  if (opts.password !== undefined) {
    ctx.io.stderr.write(
      'tlsdoctor: warning: --password is visible to other users of this machine (process list, shell history); use --password-file or TLSDOCTOR_PASSWORD\n',
    );
    return opts.password;
  }
  return ctx.io.env.TLSDOCTOR_PASSWORD;
}

function parseWarnDays(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 3650)
    throw new TlsDoctorError(
      'USAGE',
      `--warn-days must be a whole number of days from 0 to 3650, got "${v}"`,
    );
  return n;
}

export function defineCert(ctx: CommandContext): Command {
  const cmd = new Command('cert')
    .description(summaryOf('cert'))
    .enablePositionalOptions()
    .argument('[files...]', 'certificate/key/PFX/P7B files (PEM or DER, detected by content); - reads stdin')
    .addOption(keyOption())
    .option('--host <name>', 'host name (or IP) clients use, checked against the SAN')
    .addOption(caOption())
    .addOption(
      passwordFileOption(
        'read the password for PFX files and encrypted keys from the first line of this file',
      ),
    )
    .addOption(passwordOption())
    .addOption(
      new Option('--warn-days <n>', 'warn when a certificate expires within N days')
        .default(undefined)
        .argParser(parseWarnDays),
    )
    .option('--no-system-store', "do not use the system trust store (only Node's Mozilla roots and --ca)")
    .option(
      '--fetch-aia',
      'download a missing intermediate from its AIA URL (network) to name it and complete the chain; public addresses only, redirects only on the same host',
    )
    .option(
      '--fetch-aia-private',
      'with --fetch-aia: also fetch from private, loopback and link-local addresses',
    )
    .addHelpText(
      'after',
      '\nThe password of a PFX or an encrypted key: --password-file FILE or TLSDOCTOR_PASSWORD; on a terminal\ntlsdoctor asks for it when a file needs one.',
    );
  for (const o of outputOptions()) cmd.addOption(o);
  cmd.action(async (given: string[], opts: CertOptions) => {
    if (given.length === 0 && !opts.key?.length)
      throw new TlsDoctorError(
        'USAGE',
        'cert: give at least one certificate, PFX or P7B file, or - for stdin (tlsdoctor cert FILE… [--key FILE] [--host NAME] [--ca FILE])',
      );
    if (given.filter((f) => f === STDIN).length + (opts.key ?? []).filter((f) => f === STDIN).length > 1)
      throw new TlsDoctorError('USAGE', 'cert: stdin (-) can be read once');
    const contents = new Map<string, Buffer>();
    const fromStdin = async (f: string): Promise<string> => {
      if (f !== STDIN) return f;
      contents.set(STDIN_NAME, await readStdin(ctx, 'cert', MAX_STDIN_CERT));
      return STDIN_NAME;
    };
    const files: string[] = [];
    for (const f of given) files.push(await fromStdin(f));
    const keys: string[] = [];
    for (const f of opts.key ?? []) keys.push(await fromStdin(f));
    const { certReport } = await import('../../app/cert-report.js');
    let password = resolvePassword(opts, ctx);
    const run = () =>
      certReport(files, {
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(keys.length ? { key: keys } : {}),
        ...(opts.warnDays !== undefined ? { warnDays: opts.warnDays } : {}),
        ...(opts.systemStore === false ? { systemStore: false } : {}),
        ...(opts.fetchAia ? { fetchAia: true } : {}),
        ...(contents.size ? { contents } : {}),
        ...(password !== undefined ? { password } : {}),
      });
    let report;
    try {
      report = await run();
    } catch (e) {
      const prompt = ctx.io.promptSecret;
      if (!(e instanceof TlsDoctorError && e.code === 'INPUT_PASSWORD') || password !== undefined || !prompt)
        throw e;
      password = await prompt(`${e.message.split(':')[0]}: password: `);
      report = await run();
    }
    await emitReport(ctx, report, opts);
    ctx.setExit(exitCodeFor(report));
  });
  cmd.addCommand(defineMakeTest(ctx));
  return cmd;
}

// ---- make-test ----

interface MakeTestOptions extends PasswordCliOptions {
  host: string;
  out?: string;
  keyType?: 'rsa' | 'ec';
  days?: number;
  force?: boolean;
}

function defineMakeTest(ctx: CommandContext): Command {
  const sub: Command = new Command('make-test')
    .description(
      'make a self-signed test certificate (serverAuth EKU, SAN) as cert.pem, key.pem and cert.pfx, and show how to bind it on IIS and nginx',
    )
    .option('--host <name>', 'host name (or IP address) the certificate is for (required)')
    .option('--out <dir>', 'directory to write into', '.')
    .addOption(new Option('--key-type <type>', 'key type').choices(['rsa', 'ec']).default('rsa'))
    .addOption(
      passwordFileOption('read the PFX password from the first line of this file (default: empty password)'),
    )
    .addOption(passwordOption())
    .addOption(
      new Option('--days <n>', 'validity in days (at most 397 so browsers accept it)')
        .default(90)
        .argParser((v) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1 || n > 397)
            throw new TlsDoctorError('USAGE', `--days must be 1 to 397, got "${v}"`);
          return n;
        }),
    )
    .option('--force', 'overwrite existing files')
    .action(async () => {
      // `cert` has options of the same name (--host, --password…): take them from wherever commander put them
      const opts = sub.optsWithGlobals<MakeTestOptions>();
      if (!opts.host) throw new TlsDoctorError('USAGE', 'cert make-test: --host NAME is required');
      const host = opts.host.trim();
      if (!/^[A-Za-z0-9.*:[\]-]+$/.test(host) || host.length > 253)
        throw new TlsDoctorError('USAGE', `--host "${host}" is not a host name or IP address`);
      const password = resolvePassword(opts, ctx) ?? '';
      const dir = resolve(opts.out ?? '.');
      mkdirSync(dir, { recursive: true });
      const paths = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), pfx: join(dir, 'cert.pfx') };
      if (!opts.force)
        for (const p of Object.values(paths))
          if (existsSync(p))
            throw new TlsDoctorError('USAGE', `${p} exists; use --force to overwrite or --out DIR`);
      const ip = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
      const now = Date.now();
      const { generateCertificate, makePfx } = await import('../../x509/generate.js');
      const gen = await generateCertificate({
        subject: `CN=${host}`,
        key: opts.keyType === 'ec' ? { type: 'ec', curve: 'P-256' } : { type: 'rsa', bits: 2048 },
        san: ip ? { ip: [host.replace(/^\[|\]$/g, '')] } : { dns: [host.toLowerCase()] },
        notBefore: new Date(now - 3600_000),
        notAfter: new Date(now + (opts.days ?? 90) * 86400_000),
        eku: ['1.3.6.1.5.5.7.3.1'],
      });
      writeFileSync(paths.cert, gen.certPem);
      writePrivateFile(paths.key, gen.keyPem);
      writePrivateFile(
        paths.pfx,
        makePfx({ cert: gen, includeKey: true, password, friendlyName: `${host} (tlsdoctor test)` }),
      );
      const t = gen.thumbprintSha1;
      const lines = [
        `Self-signed test certificate for ${host} (${opts.keyType === 'ec' ? 'ECDSA P-256' : 'RSA 2048'}, serverAuth, valid ${opts.days ?? 90} days)`,
        `  thumbprint (SHA-1): ${t}`,
        `  ${paths.cert}`,
        `  ${paths.key}   (private key, PKCS#8, unencrypted — keep it private)`,
        `  ${paths.pfx}   (certificate + key; password: ${password === '' ? 'empty' : 'the one you gave'})`,
        '',
        'IIS / http.sys (elevated prompt on the server):',
        '  certutil -f -importpfx my cert.pfx                      (asks for the PFX password)',
        `  netsh http add sslcert ipport=0.0.0.0:443 certhash=${t} appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY`,
        ip
          ? ''
          : `  (SNI site: netsh http add sslcert hostnameport=${host}:443 certhash=${t} appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY)`,
        `  or IIS Manager: the site → Bindings… → https → SSL certificate "${host} (tlsdoctor test)"`,
        '  PowerShell: Import-PfxCertificate -FilePath cert.pfx -CertStoreLocation Cert:\\LocalMachine\\My -Password (Read-Host -AsSecureString)',
        '',
        'nginx:',
        `  ssl_certificate     ${paths.cert};`,
        `  ssl_certificate_key ${paths.key};`,
        '  then: nginx -t && nginx -s reload',
        '',
        'If the site works with this certificate, the old one was the problem (key, chain or usage): run tlsdoctor cert on it.',
        'To stop the browser warning on a test client, trust it there: certutil -addstore Root cert.pem (Windows) or update-ca-certificates (Linux).',
      ].filter((l, i, a) => !(l === '' && a[i - 1] === ''));
      ctx.io.stdout.write(lines.join('\n') + '\n');
      ctx.setExit(0);
    });
  sub.exitOverride();
  sub.configureOutput({ writeOut: (s) => ctx.io.stdout.write(s), writeErr: (s) => ctx.io.stderr.write(s) });
  return sub;
}
