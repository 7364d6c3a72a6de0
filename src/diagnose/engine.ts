// The engine runs rules over observations. It, not the rule, handles "not applicable" (a kind the
// rule needs is absent), "incomplete" (an observation it needs failed), a rule that throws or emits
// a finding id it did not declare (one error result; the run goes on), and merging: findings with
// the same id and subject from several rules or sources are one finding with all their evidence.
import { compareFindings, type Evidence, type Finding, type RuleResult } from '../model/finding.js';
import { ObservationSet, type ObservationBase } from '../model/observation.js';
import { emittedIds, SCENARIO_ORDER, type Rule } from './rule.js';
import { oneLine } from '../errors.js';
import { ATTEMPT_KIND, deriveAttempts } from './attempts.js';

export interface EngineResult {
  results: RuleResult[];
  /** all findings, merged by id and subject, most blocking first (stable within a severity: rule index order) */
  findings: Finding[];
}

/**
 * The view of the observations a rule gets: only the kinds it declared (`needs` and `uses`), so a
 * rule cannot depend on a kind the engine does not know it reads.
 */
class DeclaredView extends ObservationSet {
  constructor(
    private readonly inner: ObservationSet,
    private readonly rule: Rule,
    private readonly declared: ReadonlySet<string>,
  ) {
    super([]);
  }
  override get all(): readonly ObservationBase[] {
    return this.inner.all.filter((o) => this.declared.has(o.kind));
  }
  override of<T extends ObservationBase>(kind: T['kind']): T[] {
    this.check(kind);
    return this.inner.of<T>(kind);
  }
  override has(kind: string): boolean {
    this.check(kind);
    return this.inner.has(kind);
  }
  private check(kind: string): void {
    if (!this.declared.has(kind))
      throw new Error(`rule ${this.rule.meta.id} reads '${kind}', which its meta neither needs nor uses`);
  }
}

export function runRules(
  rules: readonly Rule[],
  observations: readonly ObservationBase[] | ObservationSet,
): EngineResult {
  let set = observations instanceof ObservationSet ? observations : new ObservationSet(observations);
  // handshake attempts are derived once from whatever saw them (probes, captures), for the rules that read them
  const wantsAttempts = rules.some((r) => [...r.meta.needs, ...(r.meta.uses ?? [])].includes(ATTEMPT_KIND));
  if (wantsAttempts && !set.has(ATTEMPT_KIND)) {
    const attempts = deriveAttempts(set.all);
    if (attempts.length > 0) set = new ObservationSet([...set.all, ...attempts]);
  }
  const results: RuleResult[] = [];
  for (const rule of rules) {
    const { meta } = rule;
    const absent = meta.needs.filter((k) => !set.has(k));
    if (absent.length > 0) {
      results.push({ ruleId: meta.id, status: 'not-applicable', findings: [] });
      continue;
    }
    const declared = new Set([...meta.needs, ...(meta.uses ?? [])]);
    let findings: Finding[];
    try {
      findings = rule.evaluate(new DeclaredView(set, rule, declared));
      const allowed = emittedIds(meta);
      const stray = findings.find((f) => !allowed.includes(f.id));
      if (stray) throw new Error(`rule ${meta.id} emitted '${stray.id}', which its meta does not declare`);
    } catch (e) {
      results.push({ ruleId: meta.id, status: 'error', findings: [], note: oneLine(e) });
      continue;
    }
    if (findings.length > 0) {
      results.push({ ruleId: meta.id, status: 'findings', findings });
      continue;
    }
    const failed = meta.needs.flatMap((k) => set.of(k)).filter((o) => o.status === 'failed');
    const unused = (meta.uses ?? []).filter((k) => !set.has(k));
    if (failed.length > 0) {
      results.push({
        ruleId: meta.id,
        status: 'incomplete',
        findings: [],
        note: failed.map((o) => `${o.kind}: ${o.error ?? 'failed'}`).join('; '),
      });
    } else if (unused.length > 0) {
      results.push({ ruleId: meta.id, status: 'pass', findings: [], note: `without ${unused.join(', ')}` });
    } else {
      results.push({ ruleId: meta.id, status: 'pass', findings: [] });
    }
  }
  const step = new Map(rules.map((r) => [r.meta.id, SCENARIO_ORDER.indexOf(r.meta.scenario)]));
  const all = results.flatMap((r) =>
    r.findings.map((f) => ({ f, rule: r.ruleId, step: step.get(r.ruleId) ?? 99 })),
  );
  const order = new Map(all.map((x, i) => [x.f, i]));
  all.sort((a, b) => compareFindings(a.f, b.f) || a.step - b.step || order.get(a.f)! - order.get(b.f)!);
  return { results, findings: mergeFindings(all) };
}

const findingKey = (f: Finding): string => `${f.id}\u0000${f.subject ?? ''}`;

const evidenceKey = (e: Evidence): string =>
  JSON.stringify([e.from.source, e.from.origin, e.from.line, e.from.offset, e.from.frames, e.text]);

/**
 * One finding per (id, subject) and source of it: a finding joins the first earlier finding with
 * the same id and subject that no finding of its own rule has joined yet (a rule's findings are
 * distinct by construction: it groups what it sees itself). The first in the given order (the most
 * severe, most fundamental) keeps its summary and fix; the others add their evidence, codes and
 * references (each once).
 */
export function mergeFindings(ordered: ReadonlyArray<{ f: Finding; rule: string }>): Finding[] {
  const slots = new Map<string, Array<{ merged: Finding; rules: Set<string> }>>();
  const out: Finding[] = [];
  const union = (a?: string[], b?: string[]): string[] | undefined =>
    a || b ? [...new Set([...(a ?? []), ...(b ?? [])])] : undefined;
  for (const { f, rule } of ordered) {
    const key = findingKey(f);
    const list = slots.get(key) ?? [];
    slots.set(key, list);
    const slot = list.find((x) => !x.rules.has(rule));
    if (!slot) {
      const merged = { ...f, evidence: [...f.evidence] };
      list.push({ merged, rules: new Set([rule]) });
      out.push(merged);
      continue;
    }
    slot.rules.add(rule);
    const first = slot.merged;
    const seen = new Set(first.evidence.map(evidenceKey));
    for (const e of f.evidence) if (!seen.has(evidenceKey(e))) first.evidence.push(e);
    const codes = union(first.codes, f.codes);
    if (codes) first.codes = codes;
    const refs = union(first.references, f.references);
    if (refs) first.references = refs;
  }
  return out;
}
