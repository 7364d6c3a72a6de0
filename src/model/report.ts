// The render-neutral report (DESIGN convention 11): every command builds one Report;
// text, JSON and HTML renderers walk it. JSON is a versioned contract (convention 12):
// see schema/report.schema.json.
import type { Finding } from './finding.js';
import type { RuleResult } from './finding.js';
import type { ObservationBase } from './observation.js';

export const SCHEMA_VERSION = '1.0.0';

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

// ---- the render-neutral tree ----
export type Tone = 'good' | 'bad' | 'warn' | 'info' | 'plain';

export interface Cell {
  text: string;
  tone?: Tone;
}

export type Block =
  | { type: 'kv'; rows: Array<{ key: string; value: string; tone?: Tone }> }
  | { type: 'table'; columns: string[]; rows: Cell[][]; caption?: string }
  | { type: 'text'; text: string; tone?: Tone }
  | { type: 'list'; items: Array<{ text: string; tone?: Tone }> }
  | {
      type: 'timeline';
      events: Array<{ atMs: number; who: 'client' | 'server' | 'note'; text: string; tone?: Tone }>;
    };

export interface Section {
  title: string;
  blocks: Block[];
  /** nested sections, e.g. one per certificate */
  sections?: Section[];
}

export interface Report {
  schemaVersion: string;
  tool: { name: 'tlsdoctor'; version: string };
  command: CommandName;
  /** what was examined: host:port, file paths */
  target: string;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  /** most blocking first; findings[0] is the root cause */
  findings: Finding[];
  /** per-rule status (pass / not-applicable / incomplete / error), when rules ran */
  rules?: RuleResult[];
  observations: ObservationBase[];
  probes?: ProbeRecord[];
  /** the command's own structured result (e.g. the scan's versions and suites) */
  data?: Record<string, unknown>;
  /** what the renderers show besides the findings */
  sections: Section[];
  /** things that could not be read or checked, one line each */
  warnings?: string[];
}
