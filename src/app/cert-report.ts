// The certificate report: load the files (src/x509), run the certificate rules (its sections:
// src/report/sections/cert.ts).
import { runRules } from '../diagnose/engine.js';
import { rules as certRules } from '../diagnose/rules/cert/index.js';
import type { CertReport } from '../model/report.js';
import { observeFiles } from '../x509/gather.js';
import type {
  CertificateObservation,
  KeyObservation,
  SourceObservation,
} from '../model/observations/x509.js';
import { buildReport, startStopwatch } from './command-report.js';

export interface CertReportOptions {
  key?: string[];
  host?: string;
  ca?: string[];
  /** never printed, logged or put in the report */
  password?: string;
  warnDays?: number;
  systemStore?: boolean;
  /** false: not Node's bundled Mozilla roots either; only the --ca files are trusted */
  mozillaStore?: boolean;
  fetchAia?: boolean;
  fetchAiaPrivate?: boolean;
  /** contents already read (stdin), by the name given among the files */
  contents?: ReadonlyMap<string, Buffer>;
}

export async function certReport(
  files: string[],
  opts: CertReportOptions,
  now = new Date(),
): Promise<CertReport> {
  const clock = startStopwatch();
  const password = opts.password;
  const observations = await observeFiles(files, {
    ...(password !== undefined ? { password } : {}),
    ...(opts.key ? { keyFiles: opts.key } : {}),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.ca ? { caFiles: opts.ca } : {}),
    ...(opts.warnDays !== undefined ? { warnDays: opts.warnDays } : {}),
    ...(opts.systemStore === false ? { useSystemStore: false } : {}),
    ...(opts.mozillaStore === false ? { useMozillaStore: false } : {}),
    ...(opts.fetchAia ? { fetchAia: true } : {}),
    ...(opts.fetchAiaPrivate ? { fetchAiaPrivate: true } : {}),
    ...(opts.contents ? { contents: opts.contents } : {}),
    now,
  });
  const engine = runRules(certRules, observations);
  const certs = observations.filter((o): o is CertificateObservation => o.kind === 'x509.certificate');
  const sources = observations.filter((o): o is SourceObservation => o.kind === 'x509.source');
  const warnings = sources.flatMap((s) => s.warnings);
  return buildReport(
    'cert',
    [...files, ...(opts.key ?? [])].join(' '),
    clock,
    {
      findings: engine.findings,
      rules: engine.results,
      observations,
      data: {
        certificates: certs.map((c) => ({
          subject: c.subject,
          thumbprintSha1: c.thumbprintSha1,
          leaf: c.leaf,
          notAfter: c.notAfter,
        })),
        keys: observations
          .filter((o): o is KeyObservation => o.kind === 'x509.key')
          .map((k) => ({ file: k.from.origin, keyType: k.keyType, matches: k.matches })),
      },
      ...(warnings.length ? { warnings } : {}),
    },
    { host: opts.host },
  );
}
