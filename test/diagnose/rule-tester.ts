// The rule tester (DESIGN convention 16), in the style of ESLint's RuleTester: one node:test per
// case. A case gives observations — inline, or a checked-in recording from
// test/fixtures/observations/ (`npm run record:observations`) with optional edits — and runs the
// rule THROUGH THE ENGINE (`runRules([rule], observations)`), so the rule sees only the kinds its
// meta declares, emitting an undeclared id fails, and a throw is contained as an `error` result.
//
//   ruleTester(rule, {
//     valid: [{ fixture: 'healthy' }],
//     invalid: [
//       { fixture: 'alert-40', findings: [{ id: 'handshake.alert-on-hello', severity: 'blocker',
//         subject: '127.0.0.1:443', evidence: [{ source: 'probe', origin: '127.0.0.1:443' }] }] },
//     ],
//   });
//
// Findings are asserted by id, severity, subject and evidence source — never by prose. A fact only
// the prose carries (a count in the summary) belongs in a case's `check`, as a targeted extra.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../src/diagnose/engine.js';
import type { Rule } from '../../src/diagnose/rule.js';
import type { Confidence, Finding, RuleStatus, Severity } from '../../src/model/finding.js';
import type { ObservationBase, SourceKind } from '../../src/model/observation.js';
import type { HelloObservation, HelloOutcome, TcpObservation } from '../../src/model/observations/probe.js';

import {
  ALL_SCENARIOS,
  FIXTURE_HTTP_PORT,
  FIXTURE_TLS_PORT,
  readFixture,
  type ScenarioId,
} from '../support/observation-scenarios.js';

export { ALL_SCENARIOS, type ScenarioId };

/** The endpoint every recorded fixture probed (its port normalised to 443): the origin of probe evidence. */
export const ORIGIN = `127.0.0.1:${FIXTURE_TLS_PORT}`;
/** The plain-HTTP URL the own-server fixtures checked (port normalised to 80). */
export const HTTP_URL = `http://healthy.lab.tlsdoctor.test:${FIXTURE_HTTP_PORT}/`;

/** Valid cases: every recorded fixture but these (the rule must stay quiet on each). */
export const fixturesExcept = (...firing: ScenarioId[]): ValidCase[] =>
  ALL_SCENARIOS.filter((id) => !firing.includes(id)).map((id) => ({ fixture: id }));

/** Where one finding's evidence comes from: a source kind, or a source kind and its exact origin. */
export type EvidenceFrom = SourceKind | { source: SourceKind; origin?: string };

export interface ExpectedFinding {
  id: string;
  severity: Severity;
  /** the finding's subject; omitted: the finding has none */
  subject?: string;
  /**
   * The distinct sources of the finding's evidence, as a set: every evidence item is matched by
   * one entry, and every entry matches at least one item ('probe' matches any probe origin).
   */
  evidence: readonly EvidenceFrom[];
  confidence?: Confidence;
  /** the fix carries exact commands (true) or none (false); omitted: not checked */
  commands?: boolean;
}

interface CaseBase {
  /** the test's name (default: the fixture's name, and "edited" when there is an edit) */
  name?: string;
  /** a checked-in recording (test/fixtures/observations/<name>.json) */
  fixture?: string;
  /** observations given inline (or appended to the fixture's) */
  observations?: ObservationBase[];
  /** edits a copy of the observations before the rule runs (a derived case: say so in the name) */
  edit?: (observations: ObservationBase[]) => void;
  /**
   * extra assertions: facts the observations must show, or a value only the prose carries; `own` is
   * what the rule returned before the engine merged findings with the same id and subject
   */
  check?: (findings: Finding[], observations: readonly ObservationBase[], own: readonly Finding[]) => void;
}

export interface ValidCase extends CaseBase {
  /** the rule's status, when the case means one (default: any but 'error') */
  status?: Exclude<RuleStatus, 'findings' | 'error'>;
}

export interface InvalidCase extends CaseBase {
  /** the rule's findings, in the engine's order (most severe first) */
  findings: readonly ExpectedFinding[];
}

export interface RuleTests {
  valid: readonly ValidCase[];
  invalid: readonly InvalidCase[];
}

/** The observations a case describes: a fresh copy, edited. */
export function caseObservations(c: CaseBase): ObservationBase[] {
  const observations = [
    ...(c.fixture !== undefined ? readFixture(c.fixture) : []),
    ...structuredClone(c.observations ?? []),
  ];
  if (observations.length === 0)
    throw new Error('the case has no observations: give a fixture or observations');
  c.edit?.(observations);
  return observations;
}

/** Runs one rule through the engine; a rule `error` fails with the engine's note. */
export function runRule(rule: Rule, observations: readonly ObservationBase[]) {
  const { results, findings } = runRules([rule], observations);
  const result = results[0]!;
  if (result.status === 'error') assert.fail(`rule ${rule.meta.id} failed: ${result.note ?? 'no note'}`);
  return { result, findings };
}

const describeEvidence = (f: Finding): string =>
  [...new Set(f.evidence.map((e) => `${e.from.source} ${e.from.origin}`))].join(' | ');

function evidenceProblems(f: Finding, expected: readonly EvidenceFrom[]): string[] {
  const problems: string[] = [];
  const want = expected.map((e) => (typeof e === 'string' ? { source: e } : e));
  const matches = (w: { source: SourceKind; origin?: string }, from: Finding['evidence'][number]['from']) =>
    w.source === from.source && (w.origin === undefined || w.origin === from.origin);
  if (f.evidence.length === 0) problems.push('no evidence');
  for (const e of f.evidence) {
    if (!e.text.trim()) problems.push(`empty evidence text from ${e.from.source} ${e.from.origin}`);
    if (!want.some((w) => matches(w, e.from)))
      problems.push(`unexpected evidence from ${e.from.source} ${e.from.origin}: ${e.text}`);
  }
  for (const w of want)
    if (!f.evidence.some((e) => matches(w, e.from)))
      problems.push(`no evidence from ${w.source}${w.origin !== undefined ? ` ${w.origin}` : ''}`);
  return problems;
}

/** What differs between a finding and its expectation (empty: it matches). */
export function findingProblems(f: Finding, want: ExpectedFinding): string[] {
  const problems: string[] = [];
  if (f.id !== want.id) problems.push(`id ${f.id}, expected ${want.id}`);
  if (f.severity !== want.severity) problems.push(`severity ${f.severity}, expected ${want.severity}`);
  if (f.subject !== want.subject)
    problems.push(`subject ${String(f.subject)}, expected ${String(want.subject)}`);
  if (want.confidence !== undefined && f.confidence !== want.confidence)
    problems.push(`confidence ${f.confidence}, expected ${want.confidence}`);
  problems.push(...evidenceProblems(f, want.evidence));
  if (!f.summary.trim()) problems.push('empty summary');
  if (f.fix.steps.length === 0) problems.push('no fix steps');
  const commands = (f.fix.commands?.length ?? 0) > 0;
  if (want.commands !== undefined && commands !== want.commands)
    problems.push(want.commands ? 'no fix commands' : 'fix commands where none are expected');
  return problems;
}

const caseName = (c: CaseBase, i: number): string =>
  c.name ?? (c.fixture !== undefined ? `${c.fixture}${c.edit ? ' (edited)' : ''}` : `case ${i + 1}`);

/** Registers one test per case under `describe(<rule id>)`. */
export function ruleTester(rule: Rule, tests: RuleTests): void {
  const { id } = rule.meta;
  describe(id, () => {
    describe('valid', () => {
      tests.valid.forEach((c, i) => {
        it(caseName(c, i), () => {
          const observations = caseObservations(c);
          const { result, findings } = runRule(rule, observations);
          assert.deepEqual(
            findings.map((f) => `${f.id} ${f.severity} ${f.subject ?? '-'}: ${f.summary}`),
            [],
            `${id} should stay quiet`,
          );
          if (c.status) assert.equal(result.status, c.status, result.note);
          c.check?.(findings, observations, result.findings);
        });
      });
    });
    describe('invalid', () => {
      tests.invalid.forEach((c, i) => {
        it(caseName(c, i), () => {
          assert.ok(c.findings.length > 0, 'an invalid case expects at least one finding');
          const observations = caseObservations(c);
          const { result, findings } = runRule(rule, observations);
          assert.deepEqual(
            findings.map((f) => `${f.id} ${f.severity} ${f.subject ?? '-'}`),
            c.findings.map((f) => `${f.id} ${f.severity} ${f.subject ?? '-'}`),
            `findings of ${id}:\n${findings.map((f) => `  ${f.summary} [${describeEvidence(f)}]`).join('\n')}`,
          );
          findings.forEach((f, k) => assert.deepEqual(findingProblems(f, c.findings[k]!), [], f.summary));
          c.check?.(findings, observations, result.findings);
        });
      });
    });
  });
}

// ---- helpers for cases and edits ----

/** The recorded observations of a checked-in fixture (a fresh copy). */
export const fixture = (name: string): ObservationBase[] => readFixture(name);

export function hello(observations: readonly ObservationBase[], id: string): HelloObservation {
  const h = observations.find(
    (o): o is HelloObservation => o.kind === 'probe.hello' && (o as HelloObservation).id === id,
  );
  if (!h) throw new Error(`no probe.hello '${id}' in the observations`);
  return h;
}

export const hellos = (observations: readonly ObservationBase[]): HelloObservation[] =>
  observations.filter((o): o is HelloObservation => o.kind === 'probe.hello');

export function tcp(observations: readonly ObservationBase[]): TcpObservation {
  const t = observations.find((o): o is TcpObservation => o.kind === 'probe.tcp');
  if (!t) throw new Error('no probe.tcp in the observations');
  return t;
}

/** The first observation of a kind. */
export function first<T extends ObservationBase>(observations: readonly ObservationBase[], kind: string): T {
  const o = observations.find((x) => x.kind === kind);
  if (!o) throw new Error(`no ${kind} in the observations`);
  return o as T;
}

/**
 * Replaces the outcome of probe `id` with a real recorded outcome `from` another scenario (e.g. the
 * silent server's timeout), re-addressed to this scenario's endpoint.
 */
export function transplantOutcome(observations: ObservationBase[], id: string, from: HelloOutcome): void {
  const h = hello(observations, id);
  h.outcome = { ...structuredClone(from), address: h.outcome.address, port: h.outcome.port };
}

/** The recorded outcome of probe `id` in fixture `name`. */
export const outcomeOf = (name: string, id: string): HelloOutcome => hello(fixture(name), id).outcome;
