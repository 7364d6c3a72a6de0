// A rule is a self-describing unit (DESIGN convention 1): `meta` + a pure `evaluate`.
// Rules never do I/O. Policy thresholds live in data files, not here.
import type { Confidence, Finding, Fix, Severity } from '../model/finding.js';
import type { ObservationSet } from '../model/observation.js';

/** Which step of the troubleshooting flow a rule belongs to. */
export type Scenario =
  | 'dns'
  | 'http'
  | 'tcp'
  | 'handshake'
  | 'protocol'
  | 'cipher'
  | 'sni'
  | 'middlebox'
  | 'certificate'
  | 'chain'
  | 'key'
  | 'clients'
  | 'windows-binding'
  | 'windows-port'
  | 'windows-schannel'
  | 'windows-events'
  | 'windows-iis'
  | 'capture';

/**
 * The troubleshooting flow's order. Among findings of equal severity, the earlier step is the more
 * fundamental cause (a closed port explains a failed handshake, not the other way round).
 */
export const SCENARIO_ORDER: readonly Scenario[] = [
  'dns',
  'http',
  'tcp',
  'windows-port',
  'windows-binding',
  'windows-iis',
  'windows-schannel',
  'middlebox',
  'handshake',
  'protocol',
  'cipher',
  'sni',
  'key',
  'certificate',
  'chain',
  'windows-events',
  'capture',
  'clients',
];

export interface RuleMeta {
  id: string;
  title: string;
  scenario: Scenario;
  severity: Severity;
  /** observation kinds the rule reads; when none of them is present the rule is not applicable */
  needs: string[];
  references: string[];
  /** the generic fix; findings may carry a more concrete one */
  fix: Fix;
  /** default confidence of its findings */
  confidence?: Confidence;
  /** one paragraph for the docs */
  description: string;
}

export interface Rule {
  meta: RuleMeta;
  evaluate(observations: ObservationSet): Finding[];
}

/** Helper for rules: a finding with the rule's meta filled in. */
export function finding(
  meta: RuleMeta,
  f: Partial<Finding> & Pick<Finding, 'summary' | 'evidence'>,
): Finding {
  return {
    id: f.id ?? meta.id,
    severity: f.severity ?? meta.severity,
    confidence: f.confidence ?? meta.confidence ?? 'certain',
    title: f.title ?? meta.title,
    summary: f.summary,
    evidence: f.evidence,
    fix: f.fix ?? meta.fix,
    references: f.references ?? meta.references,
    ...(f.codes ? { codes: f.codes } : {}),
  };
}
