// The finding: what is wrong, how sure we are, the evidence and the fix.
import type { SourceRef } from './observation.js';

/** Ordered: a `blocker` stops the site from working for some or all clients. */
export type Severity = 'blocker' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITY_ORDER: readonly Severity[] = ['blocker', 'high', 'medium', 'low', 'info'];

export type Confidence = 'certain' | 'likely' | 'possible';

export interface Evidence {
  from: SourceRef;
  /** what was seen, in one or a few lines (never secrets) */
  text: string;
}

export interface FixCommand {
  /** 'windows-cmd' | 'powershell' | 'shell' | 'nginx' | 'apache' | 'registry' … */
  platform: string;
  command: string;
}

export interface Fix {
  /** what to do, in order */
  steps: string[];
  /** the exact commands, where there are some */
  commands?: FixCommand[];
  /**
   * set when the fix was ordered for a server platform (diagnose --platform or detected): the
   * steps and commands from these indexes on are written for other platforms
   */
  otherPlatformsFrom?: { steps: number; commands: number };
}

export interface Finding {
  /** stable id, e.g. 'cert.no-private-key' */
  id: string;
  /**
   * what the finding is about when a report can hold several (an endpoint `host:port`, a certificate,
   * an HTTP.sys binding); the engine merges findings with the same id and subject into one
   */
  subject?: string;
  severity: Severity;
  confidence: Confidence;
  /** short title */
  title: string;
  /** the cause in one sentence, with the concrete values */
  summary: string;
  evidence: Evidence[];
  fix: Fix;
  /** RFCs, Microsoft docs, error codes */
  references?: string[];
  /** error codes this finding explains (e.g. '0x800b0109', 'ERR_SSL_VERSION_OR_CIPHER_MISMATCH') */
  codes?: string[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
}

export type RuleStatus = 'findings' | 'pass' | 'not-applicable' | 'incomplete' | 'error';

export interface RuleResult {
  ruleId: string;
  status: RuleStatus;
  findings: Finding[];
  /** for incomplete/error: why */
  note?: string;
}
