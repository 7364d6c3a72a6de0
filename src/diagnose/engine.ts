// The engine runs rules over observations. It, not the rule, handles "not applicable",
// "incomplete" and a rule that throws (one error result; the run goes on).
import type { RuleResult } from '../model/finding.js';
import { compareFindings, type Finding } from '../model/finding.js';
import { ObservationSet, type ObservationBase } from '../model/observation.js';
import { SCENARIO_ORDER, type Rule } from './rule.js';
import { oneLine } from '../errors.js';

export interface EngineResult {
  results: RuleResult[];
  /** all findings, most blocking first (stable within a severity: rule index order) */
  findings: Finding[];
}

export function runRules(
  rules: readonly Rule[],
  observations: readonly ObservationBase[] | ObservationSet,
): EngineResult {
  const set = observations instanceof ObservationSet ? observations : new ObservationSet(observations);
  const results: RuleResult[] = [];
  for (const rule of rules) {
    const present = rule.meta.needs.filter((k) => set.has(k));
    if (present.length === 0) {
      results.push({ ruleId: rule.meta.id, status: 'not-applicable', findings: [] });
      continue;
    }
    let findings: Finding[];
    try {
      findings = rule.evaluate(set);
    } catch (e) {
      results.push({ ruleId: rule.meta.id, status: 'error', findings: [], note: oneLine(e) });
      continue;
    }
    if (findings.length > 0) {
      results.push({ ruleId: rule.meta.id, status: 'findings', findings });
      continue;
    }
    const failed = rule.meta.needs.flatMap((k) => set.of(k)).filter((o) => o.status === 'failed');
    const missing = rule.meta.needs.filter((k) => !set.has(k));
    if (failed.length > 0) {
      results.push({
        ruleId: rule.meta.id,
        status: 'incomplete',
        findings: [],
        note: failed.map((o) => `${o.kind}: ${o.error ?? 'failed'}`).join('; '),
      });
    } else if (missing.length > 0 && present.length < rule.meta.needs.length && rule.meta.needs.length > 1) {
      results.push({
        ruleId: rule.meta.id,
        status: 'pass',
        findings: [],
        note: `without ${missing.join(', ')}`,
      });
    } else {
      results.push({ ruleId: rule.meta.id, status: 'pass', findings: [] });
    }
  }
  const step = new Map(rules.map((r) => [r.meta.id, SCENARIO_ORDER.indexOf(r.meta.scenario)]));
  const findings = results.flatMap((r) => r.findings.map((f) => ({ f, step: step.get(r.ruleId) ?? 99 })));
  const order = new Map(findings.map((x, i) => [x.f, i]));
  findings.sort((a, b) => compareFindings(a.f, b.f) || a.step - b.step || order.get(a.f)! - order.get(b.f)!);
  return { results, findings: findings.map((x) => x.f) };
}
