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
  /** the rule's id; its file is src/diagnose/rules/<area>/<id>.ts */
  id: string;
  /**
   * every finding id the rule may emit (default: its own id). A rule that reaches a conclusion
   * another source reaches too emits that finding's id, so both become one finding; emitting an id
   * not listed here is an error the engine reports as the rule's failure.
   */
  emits?: string[];
  title: string;
  scenario: Scenario;
  severity: Severity;
  /** observation kinds the rule needs, all of them: when one is absent the rule is not applicable */
  needs: string[];
  /** observation kinds the rule reads when they are there (corroboration, e.g. server configuration) */
  uses?: string[];
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

const RULE_ID = /^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/;

/** The finding ids a rule may emit. */
export function emittedIds(meta: RuleMeta): readonly string[] {
  return meta.emits ?? [meta.id];
}

/**
 * The one shape of a rule (DESIGN convention 16): `export const rule = defineRule({ meta, evaluate })`
 * in src/diagnose/rules/<area>/<id>.ts, listed in its area's index. Checks what can be checked when
 * the module loads, so a malformed rule fails every test that imports it.
 */
export function defineRule(rule: Rule): Rule {
  const { meta } = rule;
  if (!RULE_ID.test(meta.id)) throw new Error(`rule id '${meta.id}' is not <area>.<kebab-name>`);
  if (meta.needs.length === 0) throw new Error(`rule ${meta.id} needs no observation kind`);
  for (const id of emittedIds(meta))
    if (!RULE_ID.test(id)) throw new Error(`rule ${meta.id} declares a malformed finding id '${id}'`);
  return Object.freeze({ meta: Object.freeze(meta), evaluate: rule.evaluate });
}

/** Helper for rules: a finding with the rule's meta filled in. */
export function finding(
  meta: RuleMeta,
  f: Partial<Finding> & Pick<Finding, 'summary' | 'evidence'>,
): Finding {
  return {
    id: f.id ?? meta.emits?.[0] ?? meta.id,
    ...(f.subject !== undefined ? { subject: f.subject } : {}),
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
