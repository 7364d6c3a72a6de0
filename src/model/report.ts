// The report of each command (DESIGN convention 12): a versioned JSON contract, see
// schema/report.schema.json and docs/json-schema.md. One type per command, discriminated on
// `command`, each with its own typed `data`. Presentation (the sections the text and HTML renderers
// show) is not part of it: src/report/sections builds that from the report.
import type { Finding, RuleResult } from './finding.js';
import type { ObservationBase } from './observation.js';
import type { ScanResult } from './observations/probe.js';

/** semver of the JSON contract: additive → minor, anything a consumer can trip on → major */
export const SCHEMA_VERSION = '2.0.0';

export type CommandName =
  'scan' | 'diagnose' | 'cert' | 'capture' | 'windows-analyze' | 'windows-collect' | 'demo' | 'explain';

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

export type ScanReport = CommandReport<'scan', ScanData>;
/** `diagnose` keeps everything in its observations and findings */
export type DiagnoseReport = CommandReport<'diagnose', undefined>;
export type CertReport = CommandReport<'cert', CertData>;
export type CaptureReport = CommandReport<'capture', CaptureData>;
export type WindowsAnalyzeReport = CommandReport<'windows-analyze', WindowsAnalyzeData>;
/** `windows collect` writes a bundle folder with its own manifest; the name is reserved here */
export type WindowsCollectReport = CommandReport<'windows-collect', undefined>;
export type DemoReport = CommandReport<'demo', DemoData>;
export type ExplainReport = CommandReport<'explain', ExplainData>;

export type Report =
  | ScanReport
  | DiagnoseReport
  | CertReport
  | CaptureReport
  | WindowsAnalyzeReport
  | WindowsCollectReport
  | DemoReport
  | ExplainReport;

export type ReportOf<C extends CommandName> = Extract<Report, { command: C }>;
export type DataOf<C extends CommandName> = ReportOf<C>['data'];
