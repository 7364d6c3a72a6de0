// tlsdoctor as a library: the same diagnoses as the CLI, each returning the typed report that
// `--json` prints (schema/report.schema.json, docs/json-schema.md). Nothing here prints, exits
// or reads stdin. Bad input throws a TlsDoctorError with a stable `code` (src/errors.ts).
//
//   import { diagnose } from 'tlsdoctor';
//   const report = await diagnose('https://shop.example.test/');
//   if (report.verdict.status !== 'healthy') console.log(report.findings[0]?.summary);
//
// Each function loads the code it needs when it is first called.
import type {
  CaptureReport,
  CertReport,
  DiagnoseReport,
  ExplainReport,
  ScanReport,
  WindowsAnalyzeReport,
} from '../model/report.js';

export type * from '../model/report.js';
export type { Finding, Evidence, Fix, Severity, RuleResult } from '../model/finding.js';
export type { ObservationBase, SourceRef } from '../model/observation.js';
export { TlsDoctorError, ParseError, type ErrorCode } from '../errors.js';
export { VERSION } from '../version.js';

/** Where to connect and what to send, for `diagnose` and `scan`. */
export interface TargetOptions {
  /** the server name to send (default: the host of the target); false sends no SNI */
  sni?: string | false;
  /** connect to this address instead of resolving the host (the name is still sent as SNI) */
  ip?: string;
  /** upper bound for one probe, in milliseconds (default 5000) */
  timeoutMs?: number;
  /** probes in flight at once (diagnose: 32, scan: 16) */
  concurrency?: number;
  /** called with a short description of each step */
  onProgress?: (text: string) => void;
}

export interface DiagnoseOptions extends TargetOptions {
  /** port for the plain-HTTP check (default 80; 0 skips it) */
  httpPort?: number;
  /** extra trusted root certificates (PEM/DER files), e.g. a private CA */
  caFiles?: string[];
  /** a folder made by `tlsdoctor windows collect` on the server, judged with the probes */
  windowsBundle?: string;
}

/**
 * Why HTTPS does not work for `target` (an https:// URL, host, host:port or [ipv6]:port): root cause
 * first in `findings`, with evidence and fixes. Name resolution failures are findings, not errors.
 */
export async function diagnose(target: string, options: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  const [{ diagnose: run }, { observeWindowsBundle }] = await Promise.all([
    import('../app/diagnose.js'),
    import('../windows/index.js'),
  ]);
  const { windowsBundle, ...rest } = options;
  const extraObservations = windowsBundle ? await observeWindowsBundle(windowsBundle) : [];
  return run(target, { ...rest, extraObservations });
}

/**
 * Every protocol version, cipher suite (in server order), group and TLS feature the server accepts.
 * Throws TlsDoctorError `UNREACHABLE` or `DNS_ERROR` when there is no server to scan.
 */
export async function scan(target: string, options: TargetOptions = {}): Promise<ScanReport> {
  const { scanCommand } = await import('../app/scan-report.js');
  return scanCommand(target, options);
}

export interface CertificateOptions {
  /** private key files to match against the certificates */
  keyFiles?: string[];
  /** the host name clients use, checked against the SAN */
  host?: string;
  /** extra trusted root certificates */
  caFiles?: string[];
  /** password of PFX files and encrypted keys; never put in the report */
  password?: string;
  /** warn when a certificate expires within this many days */
  warnDays?: number;
  /** false: only Node's Mozilla roots and caFiles, not the system store */
  systemStore?: boolean;
  /** download a missing intermediate from its AIA URL */
  fetchAia?: boolean;
}

/** Certificate, key, PFX and P7B files (PEM or DER, detected by content): key match, chain, trust, EKU, validity, host name. */
export async function checkCertificates(
  files: string[],
  options: CertificateOptions = {},
): Promise<CertReport> {
  const { certReport } = await import('../app/cert-report.js');
  const { keyFiles, ...rest } = options;
  return certReport(files, { ...rest, ...(keyFiles ? { key: keyFiles } : {}) });
}

export interface CaptureOptions {
  /** only handshakes to this server port */
  port?: number;
  /** extra CA files for the chains seen in clear */
  caFiles?: string[];
  /** false: do not check the chains seen in clear */
  checkChains?: boolean;
  /**
   * handshakes listed one by one: up to this many of each kind of failure and this many completed
   * ones besides the first of each server, version and suite; the rest are counted (default 10)
   */
  list?: number;
}

/** Every TLS handshake in a pcap, pcapng or Network Monitor capture (gzip or not), and why the failed ones failed. */
export async function analyzeCapture(file: string, options: CaptureOptions = {}): Promise<CaptureReport> {
  const { captureReport } = await import('../app/capture-report.js');
  return captureReport(file, options);
}

export interface WindowsOptions {
  /** the Windows version for the SCHANNEL defaults (2012r2, 2016, 2019, 2022, win10, 10.0.17763 …) */
  os?: string;
}

/**
 * Windows outputs saved on the server (a `tlsdoctor windows collect` folder, or netsh, netstat,
 * registry, certutil, applicationHost.config, event files). An input nothing could be read from
 * gives verdict `error`.
 */
export async function analyzeWindows(
  paths: string[],
  options: WindowsOptions = {},
): Promise<WindowsAnalyzeReport> {
  const [{ analyzeWindowsInputs }, { buildWindowsReport }] = await Promise.all([
    import('../windows/index.js'),
    import('../app/windows-report.js'),
  ]);
  const started = Date.now();
  const analyzed = await analyzeWindowsInputs(paths, options.os ? { os: options.os } : {});
  return buildWindowsReport(paths, analyzed, {
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  });
}

/**
 * What a TLS alert, SChannel event, HRESULT, browser, OpenSSL, curl, .NET, Java or Node error
 * means: `data.matches`, best first (verdict `healthy` when something matched).
 */
export async function explain(text: string): Promise<ExplainReport> {
  const [{ explain: match }, { explainReport }] = await Promise.all([
    import('../knowledge/index.js'),
    import('../app/explain-report.js'),
  ]);
  const started = Date.now();
  const matches = match(text);
  const target = text.replace(/\s+/g, ' ').trim();
  return explainReport(text, target.length > 80 ? target.slice(0, 77) + '...' : target, matches, {
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  });
}
