// The report of each command (DESIGN convention 12): a versioned JSON contract, see
// schema/report.schema.json and docs/json-schema.md. One type per command, discriminated on
// `command`, each with its own typed `data`. Presentation (the sections the text and HTML renderers
// show) is not part of it: src/report/sections builds that from the report.
import type { Finding, FixCommand, RuleResult, Severity } from './finding.js';
import type { ObservationBase, SourceRef } from './observation.js';
import type { ScanResult } from './observations/probe.js';

/** semver of the JSON contract: additive → minor, anything a consumer can trip on → major */
export const SCHEMA_VERSION = '2.2.0';

export type CommandName =
  | 'scan'
  | 'diagnose'
  | 'cert'
  | 'capture'
  | 'windows-analyze'
  | 'windows-collect'
  | 'demo'
  | 'explain'
  | 'diff'
  | 'history'
  | 'fleet';

export type VerdictStatus = 'healthy' | 'problems' | 'unreachable' | 'error';

export interface Verdict {
  status: VerdictStatus;
  /** one sentence: the root cause, or "no problems found" */
  summary: string;
}

/** One probe (one ClientHello, one HTTP request, one TCP connect …) as the JSON contract records it. */
export interface ProbeRecord {
  id: string;
  /** what it tried, e.g. "TLS 1.2 hello, 48 suites, SNI shop.example" */
  description: string;
  /** the closed outcome vocabulary of the probe (DESIGN "The probe's one question") */
  status: string;
  error?: string;
  result?: unknown;
  startedAt?: string;
  durationMs?: number;
}

/** What every report starts with; built in one place (src/app/command-report.ts). */
export interface ReportHead<C extends CommandName = CommandName> {
  schemaVersion: string;
  tool: { name: 'tlsdoctor'; version: string };
  command: C;
  /** what was examined: host:port, file paths */
  target: string;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
}

interface BodyFields {
  /** most blocking first; findings[0] is the root cause */
  findings: Finding[];
  /** per-rule status (pass / not-applicable / incomplete / error), when rules ran */
  rules?: RuleResult[];
  observations: ObservationBase[];
  probes?: ProbeRecord[];
  /** things that could not be read or checked, one line each */
  warnings?: string[];
  /** why the command stopped before it could examine anything (with verdict `error` or `unreachable`) */
  error?: ReportError;
}

export interface ReportError {
  /** a stable code (src/errors.ts ErrorCode, or USAGE / INTERNAL) */
  code: string;
  /** one line, what a person reads */
  message: string;
}

/**
 * What a command gathered and judged: everything of a report but its head. `data` is the
 * command's own structured result (e.g. the scan's versions and suites); absent for a command
 * that has none.
 */
export type ReportBody<D> = BodyFields & (undefined extends D ? { data?: D } : { data: D });

export type CommandReport<C extends CommandName, D> = ReportHead<C> & ReportBody<D>;

// ---- data per command ----

/** `scan`: what enumeration found. */
export interface ScanData {
  scan: ScanResult;
}

/** `cert`: the certificates and keys read, in file order. */
export interface CertData {
  certificates: Array<{ subject: string; thumbprintSha1: string; leaf: boolean; notAfter: string }>;
  keys: Array<{ file: string; keyType: string; matches: string[] }>;
}

/** One TLS handshake of a capture, as the capture command lists it. */
export interface CaptureHandshake {
  id: number;
  client: string;
  server: string;
  sni?: string;
  /** the plaintext protocol TLS started in (e.g. 'SMTP', 'PostgreSQL SSLRequest', 'HTTP CONNECT') */
  preamble?: string;
  startFrame: number;
  time: string;
  offered: string;
  negotiated?: string;
  /** 'ok' or 'failed' or 'unfinished' (the capture ended first) */
  status: 'ok' | 'failed' | 'unfinished';
  /** the finding id that explains a failure */
  cause?: string;
  reason?: string;
}

/** `capture`: the file's format and every TLS handshake in it. */
export interface CaptureData {
  format: string;
  packets: number;
  tlsHandshakes: number;
  ok: number;
  failed: number;
  unfinished: number;
  /**
   * failed handshakes per cause (id: the finding id that explains them), listed and counted alike (a
   * kind's unlisted handshakes count as its listed ones were judged); most first
   */
  causes?: Array<{ id: string; handshakes: number }>;
  handshakes: CaptureHandshake[];
}

/** `windows analyze`: the Windows version the defaults came from and each input read. */
export interface WindowsAnalyzeData {
  os: { name?: string; version?: string; family?: string; via: string } | null;
  inputs: Array<{
    origin: string;
    /** the detected content kind, e.g. 'netsh-sslcert' */
    kind: string;
    encoding: string;
    /** how many lines could not be read */
    notes: number;
  }>;
}

/** `demo`: each lab scenario, the root cause expected and the one found. */
export interface DemoData {
  labStartMs: number;
  scenarios: Array<{
    id: string;
    title: string;
    target: string;
    expected: string | null;
    /** the first finding above info, or null */
    got: string | null;
    pass: boolean;
    summary: string;
    durationMs: number;
    findings: Array<Pick<Finding, 'id' | 'severity' | 'summary'>>;
  }>;
  /** the working vs broken twin pair, diffed: the difference that must come first and the one that did */
  twin?: DemoTwin;
}

export interface DemoTwin {
  working: string;
  broken: string;
  expected: string;
  /** the facet of the first difference that matters, or null */
  got: string | null;
  pass: boolean;
  /** the diff's verdict */
  summary: string;
}

/** `explain`: the catalogue entries that match the query, best first. */
export interface ExplainData {
  /** the query, at most 4000 characters */
  query: string;
  matches: Array<{
    id: string;
    /** the entry's family: tls-alert, schannel-event, hresult, … */
    kind: string;
    matchedBy: 'code' | 'name' | 'message';
    matched: string;
    score: number;
    title: string;
    meaning: string;
    causes: Array<{ findingId?: string; text: string }>;
    run: string[];
    confidence: 'documented' | 'observed' | 'inferred';
    codes: string[];
    names: string[];
    references: string[];
  }>;
}

/** What separates two runs or two servers: one compared fact (see src/diff/facets.ts). */
export type DiffArea =
  | 'reachability'
  | 'protocol'
  | 'cipher'
  | 'sni'
  | 'clients'
  | 'certificate'
  | 'chain'
  | 'features'
  | 'windows';

/** A registry value a fix sets, written both as `reg add` and as a `.reg` line. */
export interface RegistryChange {
  /** long hive name: 'HKEY_LOCAL_MACHINE\\SYSTEM\\…' */
  key: string;
  name: string;
  /** 'delete': remove the value */
  type: 'REG_DWORD' | 'REG_SZ' | 'REG_MULTI_SZ' | 'delete';
  value: number | string | string[] | null;
}

export interface Difference {
  /** stable key of the compared fact, e.g. 'protocol.versions', 'windows.sslcert.0.0.0.0:443.appid' */
  facet: string;
  area: DiffArea;
  /** what the fact is, e.g. 'Protocol versions accepted' */
  title: string;
  /** the fact on each side, as shown; '(absent)' when the side has the source but not the fact */
  a: string;
  b: string;
  /** the difference can make a client fail on one side and not on the other */
  matters: boolean;
  /** the finding of the failing side this difference explains (its root cause first) */
  explains?: string;
  /** why it decides, in one sentence, when known */
  why?: string;
  /** how to make the failing side like the working one: steps and commands for its platform */
  fix?: { steps: string[]; commands: FixCommand[]; registry?: RegistryChange[] };
  evidence: { a?: SourceRef; b?: SourceRef };
}

/** A client profile that works on one side and fails on the other, and what decides it. */
export interface ClientDifference {
  profile: string;
  name: string;
  a: string;
  b: string;
  /** the facet of the single difference that decides it */
  decidedBy?: string;
  why: string;
}

export type DiffSideKind = 'live' | 'report' | 'windows-bundle' | 'history';

export interface DiffSide {
  /** the argument as given */
  input: string;
  kind: DiffSideKind;
  /** what the side's report examined (host:port, folder) */
  target: string;
  /** when its facts were gathered */
  takenAt: string;
  /** the command whose report it is ('diagnose', 'scan', 'windows-analyze' …) */
  command: string;
  verdict: Verdict;
  /** the side's first finding above info */
  rootCause?: { id: string; summary: string };
  /** the server software the fix commands are written for */
  platform: DiffPlatform;
}

/** 'unknown': a live server that did not say (fixes are given for nginx and Apache) */
export type DiffPlatform = 'windows' | 'nginx' | 'apache' | 'unknown';

/** `diff`: two servers or two runs, the differences that explain the failure first. */
export interface DiffData {
  a: DiffSide;
  b: DiffSide;
  /** the side that fails (the fixes make it like the other); null when neither or both fail alike */
  failing: 'a' | 'b' | null;
  /** equivalent for every compared fact that matters (and every client profile) */
  equivalent: boolean;
  /** the areas both sides have facts for */
  compared: DiffArea[];
  /** ordered: what explains the failing side's root cause first, then what else matters, then the rest */
  differences: Difference[];
  clients: ClientDifference[];
  /** files written by --fix-script */
  fixScripts?: string[];
}

/** One past run of a target, as the history lists it. */
export interface HistoryRun {
  file: string;
  command: string;
  target: string;
  startedAt: string;
  verdict: Verdict;
  /** the first finding above info */
  rootCause?: string;
}

/** `history`: the recorded runs of a target, newest first. */
export interface HistoryData {
  directory: string;
  runs: HistoryRun[];
}

/** Set on a failing diagnose when the history holds a run of the same target that worked. */
export interface LastWorked {
  at: string;
  file: string;
  /** the differences that matter since then, deciding first */
  differences: Array<Pick<Difference, 'facet' | 'title' | 'a' | 'b' | 'explains'>>;
}

/** `diagnose`: everything is in its observations and findings; `lastWorked` when the history knows it. */
export interface DiagnoseData {
  lastWorked?: LastWorked;
  /** the certificate the site serves (with the site's SNI), healthy or not */
  certificate?: ServedCertificate;
  /** the server software, detected or given with --platform; fixes for it come first */
  platform?: PlatformDetection;
}

/** The server software a diagnosis targets its fixes at. */
export type PlatformId = 'iis' | 'nginx' | 'apache' | 'lighttpd' | 'haproxy' | 'openssl' | 'node' | 'unknown';

export interface PlatformDetection {
  id: PlatformId;
  /** e.g. "IIS / HTTP.sys (Windows)" */
  name: string;
  /** 'option': --platform; 'server-header': the HTTPS (or plain HTTP) Server header; 'windows-bundle': a Windows bundle was given */
  source: 'option' | 'server-header' | 'windows-bundle' | 'none';
  /** what showed it, e.g. 'Server: nginx/1.22.1 (https://host/)' */
  evidence?: string;
}

/** One certificate of the served chain, as shown in a diagnosis. */
export interface ChainCertificate {
  subject: string;
  issuer: string;
  thumbprintSha1: string;
  /** as built: where it came from ('sent' by the server, a trust 'store', an 'aia' download) */
  source?: 'sent' | 'store' | 'aia';
  /** for source 'store': which one */
  store?: string;
  /** for the path as built: CA, root */
  role?: 'leaf' | 'intermediate' | 'root';
  notAfter?: string;
}

/** The site's certificate in a diagnosis: subject, issuer, SANs, validity, key, the chain as sent and as built. */
export interface ServedCertificate {
  subject: string;
  issuer: string;
  /** 'DNS:name' / 'IP:address'; [] when the SAN extension is absent */
  san: string[];
  notBefore: string;
  notAfter: string;
  /** whole days from the check to notAfter (negative: expired) */
  daysLeft: number;
  /** e.g. 'EC P-256', 'RSA 2048 bits' */
  key: string;
  signature: string;
  thumbprintSha1: string;
  fingerprintSha256: string;
  /** the name checked against it, and whether it matches */
  hostChecked?: string;
  hostMatches?: boolean;
  /** the certificates as the server sent them, in its order */
  chainSent: ChainCertificate[];
  /** the path as built from the leaf to a root (or as far as it goes) */
  chainBuilt: ChainCertificate[];
  trusted: boolean;
  /** how the built path ends */
  chainEnd: 'anchor' | 'self-signed' | 'issuer-missing' | 'depth-limit' | 'loop';
}

/** A certificate's expiry as `fleet` and the exporter report it. */
export interface FleetExpiry {
  /** 'leaf': the server's certificate; 'chain': the certificate of the served path that expires first */
  position: 'leaf' | 'chain';
  subject: string;
  notAfter: string;
  /** whole days from the run to notAfter; negative once expired */
  daysLeft: number;
}

/** One target of a fleet's list, as the list names it. */
export interface FleetTarget {
  /** what `diagnose` is given: an https:// URL, host, host:port or [ipv6]:port */
  target: string;
  /** the server name to send; false for no SNI; absent: the command's --sni, else the host */
  sni?: string | false;
  /** connect to this address instead of resolving the host */
  ip?: string;
  platform?: string;
  tags?: string[];
  /** where the list named it: `file:line` */
  origin: string;
}

/** One target of a fleet run: the verdict of its diagnosis (or scan), as JSON Lines carry it. */
export interface FleetTargetResult extends FleetTarget {
  /** target|sni|ip: what --resume matches on */
  key: string;
  status: VerdictStatus;
  summary: string;
  /** the first finding above info */
  rootCause?: { id: string; severity: Severity; title: string };
  /** every finding, most blocking first */
  findings: Array<{ id: string; severity: Severity }>;
  /** the last attempt ended in silence: no answer before a deadline */
  timedOut: boolean;
  /** diagnoses run (more than 1 when a timeout was retried) */
  attempts: number;
  startedAt: string;
  durationMs: number;
  /** the leaf's expiry and the first expiry of the served path */
  expiry?: FleetExpiry[];
  /** protocol versions the server accepted, e.g. 'TLS 1.2' */
  protocols?: string[];
  /** client profiles whose handshake failed (src/probe/profiles/clients.json ids) */
  failingClients?: string[];
  /** the target's own HTML report, relative to the fleet page (with --html) */
  report?: string;
  /** why the target could not be diagnosed at all (verdict `error`) */
  error?: string;
}

/** `fleet`: every target's verdict and the summary across them. */
export interface FleetData {
  mode: 'diagnose' | 'scan';
  input: { origin: string; format: string; targets: number };
  /** targets diagnosed in this run */
  done: number;
  /** targets taken from an earlier run's JSON Lines (--resume) */
  resumed: number;
  /** the run stopped before every target was done */
  interrupted: boolean;
  warnDays: number;
  byStatus: Record<VerdictStatus, number>;
  /** root causes, worst first: severity, then the number of targets */
  causes: Array<{
    id: string;
    severity: Severity;
    title: string;
    count: number;
    /** the first few targets with it */
    targets: string[];
  }>;
  /** certificates expiring within warnDays (or expired), soonest first */
  expiring: Array<FleetExpiry & { target: string }>;
  /** the client profiles that fail on most targets */
  clients: Array<{ profile: string; targets: number }>;
  results: FleetTargetResult[];
}

export type ScanReport = CommandReport<'scan', ScanData>;
export type DiagnoseReport = CommandReport<'diagnose', DiagnoseData | undefined>;
export type CertReport = CommandReport<'cert', CertData>;
export type CaptureReport = CommandReport<'capture', CaptureData>;
export type WindowsAnalyzeReport = CommandReport<'windows-analyze', WindowsAnalyzeData>;
/** `windows collect` writes a bundle folder with its own manifest; the name is reserved here */
export type WindowsCollectReport = CommandReport<'windows-collect', undefined>;
export type DemoReport = CommandReport<'demo', DemoData>;
export type ExplainReport = CommandReport<'explain', ExplainData>;
export type DiffReport = CommandReport<'diff', DiffData>;
export type HistoryReport = CommandReport<'history', HistoryData>;
export type FleetReport = CommandReport<'fleet', FleetData>;

export type Report =
  | ScanReport
  | DiagnoseReport
  | CertReport
  | CaptureReport
  | WindowsAnalyzeReport
  | WindowsCollectReport
  | DemoReport
  | ExplainReport
  | DiffReport
  | HistoryReport
  | FleetReport;

/**
 * What a command prints under --json when it stopped before it had a report (an unreachable
 * target, an unreadable file, a bad option): the head, nothing judged, and the error.
 */
export type ErrorReport = ReportHead & BodyFields & { error: ReportError };

export type ReportOf<C extends CommandName> = Extract<Report, { command: C }>;
export type DataOf<C extends CommandName> = ReportOf<C>['data'];
