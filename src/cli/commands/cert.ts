// `tlsdoctor cert FILE…`: load certificates/keys in any format, show what matters, run the
// certificate rules. `tlsdoctor cert make-test --host NAME`: a self-signed test certificate + PFX.
import { Command, Option } from 'commander';
import { caOption, htmlOption, jsonOption, noColorOption } from '../options.js';
import { existsSync, mkdirSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { writePrivateFile } from '../private-file.js';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { certReport } from '../../app/cert-report.js';
import { TlsDoctorError } from '../../errors.js';
import { generateCertificate, makePfx } from '../../x509/generate.js';
import { emitReport, exitCodeFor } from '../output.js';
import type { CommandContext } from '../context.js';

interface CertOptions {
  key?: string[];
  host?: string;
  ca?: string[];
  password?: string;
  passwordFile?: string;
  warnDays?: number;
  systemStore?: boolean;
  fetchAia?: boolean;
  fetchAiaPrivate?: boolean;
  json?: boolean;
  html?: string;
  color?: boolean;
}

const MAX_PASSWORD_FILE = 64 * 1024;

/** --password, then --password-file (first line), then TLSDOCTOR_PASSWORD. Never printed. */
export function resolvePassword(
  opts: { password?: string; passwordFile?: string },
  env: Record<string, string | undefined>,
): string | undefined {
  if (opts.password !== undefined) return opts.password;
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
    return readFileSync(opts.passwordFile, 'utf8').split(/\r?\n/)[0] ?? '';
  }
  return env.TLSDOCTOR_PASSWORD;
}

function parseWarnDays(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new TlsDoctorError(
      'USAGE',
      `--warn-days must be a whole number of days from 0 to 3650, got "${v}"`,
    );
  return n;
}

export function defineCert(ctx: CommandContext): Command {
  const cmd = new Command('cert')
    .description(
      'check certificate, key, PFX and P7B files: key match, chain, trust, EKU, validity, host name, algorithms',
    )
    .enablePositionalOptions()
    .argument('[files...]', 'certificate/key/PFX/P7B files (PEM or DER, detected by content)')
    .option('--key <file...>', 'private key file(s) to match against the certificates')
    .option('--host <name>', 'host name (or IP) clients use, checked against the SAN')
    .addOption(caOption())
    .option(
      '--password <password>',
      'password for PFX files and encrypted keys (prefer --password-file or TLSDOCTOR_PASSWORD)',
    )
    .option('--password-file <file>', 'read the password from the first line of this file')
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
    .addOption(jsonOption())
    .addOption(htmlOption())
    .addOption(noColorOption())
    .action(async (files: string[], opts: CertOptions) => {
      if (files.length === 0 && !opts.key?.length)
        throw new TlsDoctorError(
          'USAGE',
          'cert: give at least one certificate, PFX or P7B file (tlsdoctor cert FILE… [--key FILE] [--host NAME] [--ca FILE])',
        );
      const password = resolvePassword(opts, ctx.io.env);
      const report = await certReport(files, { ...opts, ...(password !== undefined ? { password } : {}) });
      emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    });
  cmd.addCommand(defineMakeTest(ctx));
  return cmd;
}

// ---- make-test ----

interface MakeTestOptions {
  host: string;
  out?: string;
  keyType?: 'rsa' | 'ec';
  password?: string;
  passwordFile?: string;
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
    .option(
      '--password <password>',
      'PFX password (prefer --password-file or TLSDOCTOR_PASSWORD; default: empty)',
    )
    .option('--password-file <file>', 'read the PFX password from the first line of this file')
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
      const password = resolvePassword(opts, ctx.io.env) ?? '';
      const dir = resolve(opts.out ?? '.');
      mkdirSync(dir, { recursive: true });
      const paths = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), pfx: join(dir, 'cert.pfx') };
      if (!opts.force)
        for (const p of Object.values(paths))
          if (existsSync(p))
            throw new TlsDoctorError('USAGE', `${p} exists; use --force to overwrite or --out DIR`);
      const ip = isIP(host.replace(/^\[|\]$/g, '')) !== 0;
      const now = Date.now();
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
