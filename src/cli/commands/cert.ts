// `tlsdoctor cert FILE…`: load certificates/keys in any format, show what matters, run the
// certificate rules. `tlsdoctor cert make-test --host NAME`: a self-signed test certificate + PFX.
import { Command, Option } from 'commander';
import { existsSync, mkdirSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { runRules } from '../../diagnose/engine.js';
import type { ObservationBase } from '../../diagnose/observation.js';
import { rules as certRules } from '../../diagnose/rules/cert/index.js';
import { TlsDoctorError } from '../../errors.js';
import { SCHEMA_VERSION, type Block, type Report, type Section, type Tone } from '../../report/index.js';
import { VERSION } from '../../version.js';
import { observeFiles } from '../../x509/gather.js';
import { generateCertificate, makePfx } from '../../x509/generate.js';
import { ekuName } from '../../x509/inspect.js';
import type { CertificateObservation, ChainObservation, KeyObservation, SourceObservation } from '../../x509/observations.js';
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
  json?: boolean;
  html?: string;
  color?: boolean;
}

const MAX_PASSWORD_FILE = 64 * 1024;

/** --password, then --password-file (first line), then TLSDOCTOR_PASSWORD. Never printed. */
export function resolvePassword(opts: { password?: string; passwordFile?: string }, env: Record<string, string | undefined>): string | undefined {
  if (opts.password !== undefined) return opts.password;
  if (opts.passwordFile !== undefined) {
    let size: number;
    try {
      size = statSync(opts.passwordFile).size;
    } catch {
      throw new TlsDoctorError('INPUT_NOT_FOUND', `${opts.passwordFile}: password file not found`);
    }
    if (size > MAX_PASSWORD_FILE) throw new TlsDoctorError('INPUT_TOO_LARGE', `${opts.passwordFile}: a password file of ${size} bytes is not a password file`);
    return readFileSync(opts.passwordFile, 'utf8').split(/\r?\n/)[0] ?? '';
  }
  return env.TLSDOCTOR_PASSWORD;
}

function parseWarnDays(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 3650) throw new TlsDoctorError('USAGE', `--warn-days must be a whole number of days from 0 to 3650, got "${v}"`);
  return n;
}

export function defineCert(ctx: CommandContext): Command {
  const cmd = new Command('cert')
    .description('check certificate, key, PFX and P7B files: key match, chain, trust, EKU, validity, host name, algorithms')
    .enablePositionalOptions()
    .argument('[files...]', 'certificate/key/PFX/P7B files (PEM or DER, detected by content)')
    .option('--key <file...>', 'private key file(s) to match against the certificates')
    .option('--host <name>', 'host name (or IP) clients use, checked against the SAN')
    .option('--ca <file...>', 'extra trust anchors (your private root)')
    .option('--password <password>', 'password for PFX files and encrypted keys (prefer --password-file or TLSDOCTOR_PASSWORD)')
    .option('--password-file <file>', 'read the password from the first line of this file')
    .addOption(new Option('--warn-days <n>', 'warn when a certificate expires within N days').default(undefined).argParser(parseWarnDays))
    .option('--no-system-store', 'do not use the system trust store (only Node\'s Mozilla roots and --ca)')
    .option('--fetch-aia', 'download a missing intermediate from its AIA URL (network) to name it and complete the chain')
    .option('--json', 'print the report as JSON (schema/report.schema.json)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--no-color', 'no colours (also: NO_COLOR=1, or when not a terminal)')
    .action(async (files: string[], opts: CertOptions) => {
      if (files.length === 0 && !(opts.key?.length)) throw new TlsDoctorError('USAGE', 'cert: give at least one certificate, PFX or P7B file (tlsdoctor cert FILE… [--key FILE] [--host NAME] [--ca FILE])');
      const report = await certReport(files, opts, ctx.io.env);
      emitReport(ctx, report, opts);
      ctx.setExit(exitCodeFor(report));
    });
  cmd.addCommand(defineMakeTest(ctx));
  return cmd;
}

export async function certReport(files: string[], opts: CertOptions, env: Record<string, string | undefined>, now = new Date()): Promise<Report> {
  const started = Date.now();
  const password = resolvePassword(opts, env);
  const observations = await observeFiles(files, {
    ...(password !== undefined ? { password } : {}),
    ...(opts.key ? { keyFiles: opts.key } : {}),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.ca ? { caFiles: opts.ca } : {}),
    ...(opts.warnDays !== undefined ? { warnDays: opts.warnDays } : {}),
    ...(opts.systemStore === false ? { useSystemStore: false } : {}),
    ...(opts.fetchAia ? { fetchAia: true } : {}),
    now,
  });
  const engine = runRules(certRules, observations);
  const problems = engine.findings.filter((f) => f.severity !== 'info');
  const certs = observations.filter((o): o is CertificateObservation => o.kind === 'x509.certificate');
  const sources = observations.filter((o): o is SourceObservation => o.kind === 'x509.source');
  const warnings = sources.flatMap((s) => s.warnings);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tlsdoctor', version: VERSION },
    command: 'cert',
    target: [...files, ...(opts.key ?? [])].join(' '),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    verdict: problems.length
      ? { status: 'problems', summary: problems[0]!.summary }
      : { status: 'healthy', summary: `no problems found in ${certs.length} certificate(s)${opts.host ? ` for ${opts.host}` : ''}` },
    findings: engine.findings,
    rules: engine.results,
    observations,
    data: {
      certificates: certs.map((c) => ({ subject: c.subject, thumbprintSha1: c.thumbprintSha1, leaf: c.leaf, notAfter: c.notAfter })),
      keys: observations.filter((o): o is KeyObservation => o.kind === 'x509.key').map((k) => ({ file: k.from.origin, keyType: k.keyType, matches: k.matches })),
    },
    sections: sections(observations),
    ...(warnings.length ? { warnings } : {}),
  };
}

// ---- sections: one per certificate, then chain and keys ----

function sections(obs: ObservationBase[]): Section[] {
  const certs = obs.filter((o): o is CertificateObservation => o.kind === 'x509.certificate');
  const keys = obs.filter((o): o is KeyObservation => o.kind === 'x509.key');
  const chains = obs.filter((o): o is ChainObservation => o.kind === 'x509.chain');
  const out: Section[] = certs.map((c, i) => certSection(c, i, keys));
  for (const ch of chains) out.push(chainSection(ch, certs));
  if (keys.length) {
    out.push({
      title: 'Private keys',
      blocks: [
        {
          type: 'table',
          columns: ['Key', 'Type', 'Belongs to'],
          rows: keys.map((k) => {
            const m = k.matches.map((t) => certs.find((c) => c.thumbprintSha1 === t)?.subject ?? t);
            return [
              { text: `${k.from.origin}${k.from.line !== undefined ? `:${k.from.line}` : ''} (${k.format})` },
              { text: `${k.keyType}${k.keyBits ? ` ${k.keyBits}` : ''}${k.curve ? ` ${k.curve}` : ''}` },
              m.length ? { text: m.join(', '), tone: 'good' as Tone } : { text: 'no certificate given', tone: 'bad' as Tone },
            ];
          }),
        },
      ],
    });
  }
  return out;
}

function daysLeft(c: CertificateObservation): { text: string; tone: Tone } {
  const now = Date.parse(c.checkedAt);
  const end = Date.parse(c.notAfter);
  const start = Date.parse(c.notBefore);
  if (start > now) return { text: `${c.notAfter} (not valid yet: starts ${c.notBefore})`, tone: 'bad' };
  const d = Math.floor((end - now) / 86400_000);
  if (end < now) return { text: `${c.notAfter} (expired ${-d} days ago)`, tone: 'bad' };
  return { text: `${c.notAfter} (${d} days left)`, tone: d < 30 ? 'warn' : 'good' };
}

function certSection(c: CertificateObservation, i: number, keys: KeyObservation[]): Section {
  const role = c.leaf ? 'server certificate' : c.selfSigned ? 'root' : c.basicConstraints?.ca ? 'intermediate' : 'certificate';
  const validTo = daysLeft(c);
  const rows: Array<{ key: string; value: string; tone?: Tone }> = [
    { key: 'Subject', value: c.subject },
    { key: 'Issuer', value: c.selfIssued ? `${c.issuer} (self-issued${c.selfSigned ? ', self-signed' : ''})` : c.issuer },
    { key: 'Serial', value: c.serialNumber },
    { key: 'Thumbprint (SHA-1)', value: c.thumbprintSha1 },
    { key: 'SHA-256', value: c.fingerprintSha256 },
    { key: 'Valid from', value: c.notBefore },
    { key: 'Valid to', value: validTo.text, tone: validTo.tone },
    { key: 'Key', value: `${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}${c.curve ? ` (${c.curve})` : ''}` },
    { key: 'Signature', value: c.signatureAlgorithm.name, ...(c.signatureAlgorithm.hash === 'sha1' || c.signatureAlgorithm.hash === 'md5' ? { tone: 'bad' as Tone } : {}) },
    { key: 'SAN', value: c.san ? [...c.san.dns.map((d) => `DNS:${d}`), ...c.san.ip.map((x) => `IP:${x}`), ...c.san.other].join(', ') || '(empty)' : 'none (CN only)', ...(c.san ? {} : { tone: c.leaf ? ('warn' as Tone) : ('plain' as Tone) }) },
    { key: 'EKU', value: c.eku === null ? 'none (any purpose)' : c.eku.map(ekuName).join(', ') || '(empty)' },
    { key: 'Key usage', value: c.keyUsage === null ? 'none (any)' : c.keyUsage.join(', ') },
    { key: 'Basic constraints', value: c.basicConstraints === null ? 'none' : c.basicConstraints.ca ? `CA${c.basicConstraints.pathLength !== undefined ? `, pathlen ${c.basicConstraints.pathLength}` : ''}` : 'not a CA' },
  ];
  if (c.aia.caIssuers.length) rows.push({ key: 'CA issuers (AIA)', value: c.aia.caIssuers.join(', ') });
  if (c.aia.ocsp.length) rows.push({ key: 'OCSP', value: c.aia.ocsp.join(', ') });
  if (c.crlUrls.length) rows.push({ key: 'CRL', value: c.crlUrls.join(', ') });
  if (c.nameConstraints) rows.push({ key: 'Name constraints', value: `permitted ${c.nameConstraints.permittedDns.join(', ') || '-'}; excluded ${c.nameConstraints.excludedDns.join(', ') || '-'}` });
  if (keys.length) {
    const k = keys.filter((x) => x.matches.includes(c.thumbprintSha1));
    rows.push(k.length ? { key: 'Private key', value: k.map((x) => x.from.origin).join(', '), tone: 'good' } : { key: 'Private key', value: 'none of the keys given', ...(c.leaf ? { tone: 'bad' as Tone } : {}) });
  }
  rows.push({ key: 'Source', value: `${c.from.origin}${c.from.line !== undefined ? ` line ${c.from.line}` : ''}` });
  const blocks: Block[] = [{ type: 'kv', rows }];
  return { title: `Certificate ${i + 1}: ${c.subject} (${role})`, blocks };
}

function chainSection(ch: ChainObservation, certs: CertificateObservation[]): Section {
  const leaf = certs.find((c) => c.thumbprintSha1 === ch.leafThumbprint);
  const items = ch.path.map((e, i) => ({
    text: `${'  '.repeat(i)}${e.subject}  [${e.thumbprintSha1}]${e.source === 'store' ? `  — trust store: ${e.store}${e.storeFile ? ` ${e.storeFile}` : ''}` : ''}`,
    tone: (e.source === 'store' ? 'good' : 'plain') as Tone,
  }));
  if (ch.end === 'issuer-missing' && ch.missingIssuer) items.push({ text: `${'  '.repeat(ch.path.length)}? ${ch.missingIssuer.name} — not provided, not in any store`, tone: 'bad' });
  if (ch.aia) {
    for (const f of ch.aia.fetched) items.push({ text: f.status === 'ok' ? `AIA ${f.url} → ${f.subject} [${f.thumbprintSha1}]` : `AIA ${f.url} failed: ${f.error}`, tone: f.status === 'ok' ? 'info' : 'warn' });
    if (ch.aia.fetched.some((f) => f.status === 'ok')) items.push({ text: `with the downloads: ${ch.aia.trusted ? 'complete and trusted' : `still not trusted (${ch.aia.end})`}`, tone: ch.aia.trusted ? 'good' : 'bad' });
  }
  const status =
    ch.end === 'anchor'
      ? { text: `trusted (anchor in ${ch.anchor?.store}${ch.anchor?.storeFile ? ` ${ch.anchor.storeFile}` : ''})`, tone: 'good' as Tone }
      : ch.end === 'self-signed'
        ? { text: 'ends in a root that is in no trust store searched', tone: 'bad' as Tone }
        : { text: `incomplete (${ch.end})`, tone: 'bad' as Tone };
  return {
    title: `Chain of ${leaf?.subject ?? ch.leafThumbprint}`,
    blocks: [
      { type: 'kv', rows: [{ key: 'Status', value: status.text, tone: status.tone }, { key: 'Stores searched', value: ch.stores.map((s) => `${s.name}${s.file ? ` ${s.file}` : ''} (${s.certificates})`).join(', ') }] },
      { type: 'list', items },
    ],
  };
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
    .description('make a self-signed test certificate (serverAuth EKU, SAN) as cert.pem, key.pem and cert.pfx, and show how to bind it on IIS and nginx')
    .option('--host <name>', 'host name (or IP address) the certificate is for (required)')
    .option('--out <dir>', 'directory to write into', '.')
    .addOption(new Option('--key-type <type>', 'key type').choices(['rsa', 'ec']).default('rsa'))
    .option('--password <password>', 'PFX password (prefer --password-file or TLSDOCTOR_PASSWORD; default: empty)')
    .option('--password-file <file>', 'read the PFX password from the first line of this file')
    .addOption(new Option('--days <n>', 'validity in days (at most 397 so browsers accept it)').default(90).argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 397) throw new TlsDoctorError('USAGE', `--days must be 1 to 397, got "${v}"`);
      return n;
    }))
    .option('--force', 'overwrite existing files')
    .action(async () => {
      // `cert` has options of the same name (--host, --password…): take them from wherever commander put them
      const opts = sub.optsWithGlobals<MakeTestOptions>();
      if (!opts.host) throw new TlsDoctorError('USAGE', 'cert make-test: --host NAME is required');
      const host = opts.host.trim();
      if (!/^[A-Za-z0-9.*:[\]-]+$/.test(host) || host.length > 253) throw new TlsDoctorError('USAGE', `--host "${host}" is not a host name or IP address`);
      const password = resolvePassword(opts, ctx.io.env) ?? '';
      const dir = resolve(opts.out ?? '.');
      mkdirSync(dir, { recursive: true });
      const paths = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), pfx: join(dir, 'cert.pfx') };
      if (!opts.force) for (const p of Object.values(paths)) if (existsSync(p)) throw new TlsDoctorError('USAGE', `${p} exists; use --force to overwrite or --out DIR`);
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
      writeFileSync(paths.key, gen.keyPem, { mode: 0o600 });
      writeFileSync(paths.pfx, makePfx({ cert: gen, includeKey: true, password, friendlyName: `${host} (tlsdoctor test)` }), { mode: 0o600 });
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
        ip ? '' : `  (SNI site: netsh http add sslcert hostnameport=${host}:443 certhash=${t} appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY)`,
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
