// The engine (src/diagnose/engine.ts), not the rules, decides "not applicable", "incomplete" and
// "error", and orders the findings: severity first, then the troubleshooting flow's step
// (SCENARIO_ORDER), then rule order. Rules here are small real Rule objects over observations of
// the shapes the gatherers record (probe.tcp, probe.http, probe.hello), so each engine path is
// exercised on its own.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../src/diagnose/engine.js';
import { ObservationSet, type ObservationBase } from '../../src/model/observation.js';
import { SEVERITY_ORDER, type Severity } from '../../src/model/finding.js';
import { SCENARIO_ORDER, finding, type Rule, type RuleMeta, type Scenario } from '../../src/diagnose/rule.js';
import { RULES } from '../../src/diagnose/rules/index.js';
import type { TcpObservation, HttpObservation } from '../../src/model/observations/probe.js';

const tcpObs = (state: TcpObservation['state'], extra: Partial<TcpObservation> = {}): TcpObservation => ({
  kind: 'probe.tcp',
  from: { source: 'probe', origin: '127.0.0.1:8443' },
  address: '127.0.0.1',
  port: 8443,
  state,
  ...extra,
});
const httpFailed: HttpObservation = {
  kind: 'probe.http',
  from: { source: 'probe', origin: 'http://example.test:8080/' },
  status: 'failed',
  error: 'http check crashed: socket hang up',
  url: 'http://example.test:8080/',
  result: { address: '127.0.0.1', port: 8080, status: 'reset', error: 'socket hang up', durationMs: 3 },
};

function meta(
  id: string,
  needs: string[],
  severity: Severity = 'medium',
  scenario: Scenario = 'tcp',
): RuleMeta {
  return {
    id,
    title: `test rule ${id}`,
    scenario,
    severity,
    needs,
    references: ['test'],
    fix: { steps: ['nothing'] },
    description: 'engine test rule',
  };
}

/** A rule that reports one finding per observation of its first needed kind matching `when`. */
function ruleOf(m: RuleMeta, when: (o: ObservationBase) => boolean = () => true): Rule & { calls: number } {
  const r = {
    meta: m,
    calls: 0,
    evaluate(set: ObservationSet) {
      r.calls++;
      return set
        .of(m.needs[0]!)
        .filter(when)
        .map((o) =>
          finding(m, { summary: `${m.id} saw ${o.kind}`, evidence: [{ from: o.from, text: o.kind }] }),
        );
    },
  };
  return r;
}

describe('engine: runRules', () => {
  it('not-applicable when none of the needed observation kinds is present — and evaluate is not called', () => {
    const r = ruleOf(meta('t.needs-http', ['probe.http']));
    const res = runRules([r], [tcpObs('open')]);
    assert.deepEqual(res.results, [{ ruleId: 't.needs-http', status: 'not-applicable', findings: [] }]);
    assert.equal(r.calls, 0);
    assert.deepEqual(res.findings, []);
  });

  it('incomplete when a needed observation has status failed and the rule found nothing; the note says why', () => {
    const r = ruleOf(meta('t.http', ['probe.http']), () => false);
    const [res] = runRules([r], [httpFailed]).results;
    assert.equal(res!.status, 'incomplete');
    assert.equal(res!.note, 'probe.http: http check crashed: socket hang up');
    assert.equal(r.calls, 1);
  });

  it('a failed observation does not hide findings made from the others', () => {
    const r = ruleOf(meta('t.tcp', ['probe.tcp']), (o) => (o as TcpObservation).state === 'refused');
    const res = runRules(
      [r],
      [tcpObs('refused'), tcpObs('open', { status: 'failed', error: 'probe crashed' })],
    );
    assert.equal(res.results[0]!.status, 'findings');
    assert.equal(res.findings.length, 1);
  });

  it('pass when the rule finds nothing; a missing optional (uses) kind is named in the note, a missing needed one makes it not applicable', () => {
    const one = ruleOf(meta('t.one', ['probe.tcp']), () => false);
    const two = ruleOf({ ...meta('t.two', ['probe.tcp']), uses: ['windows.schannel-protocol'] }, () => false);
    const three = ruleOf(meta('t.three', ['probe.tcp', 'windows.schannel-protocol']));
    const res = runRules([one, two, three], [tcpObs('open')]);
    assert.deepEqual(res.results[0], { ruleId: 't.one', status: 'pass', findings: [] });
    assert.deepEqual(res.results[1], {
      ruleId: 't.two',
      status: 'pass',
      findings: [],
      note: 'without windows.schannel-protocol',
    });
    assert.deepEqual(res.results[2], { ruleId: 't.three', status: 'not-applicable', findings: [] });
    assert.equal(three.calls, 0);
  });

  it('a rule that reads a kind it neither needs nor uses is an error, not a silent dependency', () => {
    const sneaky: Rule = {
      meta: meta('t.sneaky', ['probe.tcp']),
      evaluate(set) {
        set.of('probe.http');
        return [];
      },
    };
    const res = runRules([sneaky], [tcpObs('open'), httpFailed]);
    assert.equal(res.results[0]!.status, 'error');
    assert.match(res.results[0]!.note!, /reads 'probe\.http'/);
  });

  it('a rule that emits a finding id it did not declare is an error; a declared one passes', () => {
    const stray = ruleOf(meta('t.stray', ['probe.tcp']));
    const strayOther: Rule = {
      meta: stray.meta,
      evaluate: (set) => stray.evaluate(set).map((f) => ({ ...f, id: 'other.finding' })),
    };
    const declared: Rule = {
      meta: { ...stray.meta, id: 't.declared', emits: ['other.finding'] },
      evaluate: strayOther.evaluate,
    };
    const res = runRules([strayOther, declared], [tcpObs('refused')]);
    assert.equal(res.results[0]!.status, 'error');
    assert.match(res.results[0]!.note!, /emitted 'other\.finding'/);
    assert.equal(res.results[1]!.status, 'findings');
  });

  it('findings with the same id and subject from two rules are one finding with the evidence of both', () => {
    const probeSide: Rule = {
      meta: { ...meta('t.probe-side', ['probe.tcp'], 'blocker', 'tcp'), emits: ['shared.cause'] },
      evaluate: (set) =>
        set.of<TcpObservation>('probe.tcp').map((o) =>
          finding(probeSide.meta, {
            summary: 'seen by a probe',
            evidence: [{ from: o.from, text: 'probe evidence' }],
            codes: ['A'],
          }),
        ),
    };
    const configSide: Rule = {
      meta: { ...meta('t.config-side', ['probe.http'], 'high', 'http'), emits: ['shared.cause'] },
      evaluate: (set) =>
        set.of('probe.http').map((o) =>
          finding(configSide.meta, {
            summary: 'seen in the configuration',
            evidence: [
              { from: o.from, text: 'config evidence' },
              { from: { source: 'probe', origin: '127.0.0.1:8443' }, text: 'probe evidence' },
            ],
            codes: ['A', 'B'],
          }),
        ),
    };
    const elsewhere: Rule = {
      meta: { ...meta('t.elsewhere', ['probe.tcp']), emits: ['shared.cause'] },
      evaluate: (set) =>
        set.of<TcpObservation>('probe.tcp').map((o) =>
          finding(elsewhere.meta, {
            subject: '127.0.0.9:443',
            summary: 'another server',
            evidence: [{ from: o.from, text: 'x' }],
          }),
        ),
    };
    const res = runRules([configSide, probeSide, elsewhere], [tcpObs('refused'), httpFailed]);
    assert.deepEqual(
      res.results.map((r) => r.status),
      ['findings', 'findings', 'findings'],
    );
    const merged = res.findings.filter((f) => f.id === 'shared.cause' && f.subject === undefined);
    assert.equal(merged.length, 1);
    assert.equal(merged[0]!.summary, 'seen by a probe', 'the most severe finding speaks');
    assert.equal(merged[0]!.severity, 'blocker');
    assert.deepEqual(
      merged[0]!.evidence.map((e) => e.text),
      ['probe evidence', 'config evidence'],
      'evidence of both, each fact once',
    );
    assert.deepEqual(merged[0]!.codes, ['A', 'B']);
    assert.equal(
      res.findings.filter((f) => f.subject === '127.0.0.9:443').length,
      1,
      'another subject stays apart',
    );
  });

  it('two findings of one rule with the same id stay two: a rule groups what it sees itself', () => {
    const perObject = ruleOf(meta('t.per-object', ['probe.tcp']));
    const res = runRules([perObject], [tcpObs('refused'), tcpObs('refused', { port: 8444 })]);
    assert.equal(res.findings.length, 2);
  });

  it('a throwing rule gives one error result with a one-line note, and the run goes on', () => {
    const boom: Rule = {
      meta: meta('t.boom', ['probe.tcp']),
      evaluate() {
        throw new Error('cannot read properties of undefined\n    at evaluate (rule.ts:1:1)');
      },
    };
    const after = ruleOf(meta('t.after', ['probe.tcp']));
    const res = runRules([boom, after], [tcpObs('refused')]);
    assert.equal(res.results.length, 2);
    assert.equal(res.results[0]!.status, 'error');
    assert.equal(res.results[0]!.findings.length, 0);
    assert.ok(
      res.results[0]!.note && !res.results[0]!.note.includes('\n'),
      `one line: ${res.results[0]!.note}`,
    );
    assert.match(res.results[0]!.note!, /cannot read properties of undefined/);
    assert.equal(res.results[1]!.status, 'findings');
    assert.deepEqual(
      res.findings.map((f) => f.id),
      ['t.after'],
    );
  });

  it('a rule throwing a non-Error value is an error result too', () => {
    const weird: Rule = {
      meta: meta('t.weird', ['probe.tcp']),
      evaluate() {
        throw 'plain string';
      },
    };
    const [res] = runRules([weird], [tcpObs('open')]).results;
    assert.equal(res!.status, 'error');
    assert.match(res!.note ?? '', /plain string/);
  });

  it('sorts findings by severity, then by the scenario order of the flow, then by rule order', () => {
    // listed deliberately out of order
    const rules = [
      ruleOf(meta('t.info-dns', ['probe.tcp'], 'info', 'dns')),
      ruleOf(meta('t.medium-clients', ['probe.tcp'], 'medium', 'clients')),
      ruleOf(meta('t.blocker-cipher', ['probe.tcp'], 'blocker', 'cipher')),
      ruleOf(meta('t.medium-tcp', ['probe.tcp'], 'medium', 'tcp')),
      ruleOf(meta('t.blocker-dns', ['probe.tcp'], 'blocker', 'dns')),
      ruleOf(meta('t.blocker-cipher-2', ['probe.tcp'], 'blocker', 'cipher')),
      ruleOf(meta('t.high-middlebox', ['probe.tcp'], 'high', 'middlebox')),
      ruleOf(meta('t.high-tcp', ['probe.tcp'], 'high', 'tcp')),
    ];
    const res = runRules(rules, [tcpObs('open')]);
    assert.deepEqual(
      res.findings.map((f) => f.id),
      [
        't.blocker-dns',
        't.blocker-cipher',
        't.blocker-cipher-2',
        't.high-tcp',
        't.high-middlebox',
        't.medium-tcp',
        't.medium-clients',
        't.info-dns',
      ],
    );
    // results stay in rule order
    assert.deepEqual(
      res.results.map((r) => r.ruleId),
      rules.map((r) => r.meta.id),
    );
  });

  it("a finding whose severity differs from its rule's meta is sorted by the finding's severity", () => {
    const m = meta('t.escalates', ['probe.tcp'], 'low', 'clients');
    const escalating: Rule = {
      meta: m,
      evaluate: (set) =>
        set.of('probe.tcp').map((o) =>
          finding(m, {
            severity: 'blocker',
            summary: 'escalated',
            evidence: [{ from: o.from, text: 'x' }],
          }),
        ),
    };
    const res = runRules(
      [ruleOf(meta('t.high-dns', ['probe.tcp'], 'high', 'dns')), escalating],
      [tcpObs('open')],
    );
    assert.deepEqual(
      res.findings.map((f) => f.id),
      ['t.escalates', 't.high-dns'],
    );
  });

  it('accepts an ObservationSet as well as an array', () => {
    const r = ruleOf(meta('t.set', ['probe.tcp']));
    const obs = [tcpObs('refused')];
    assert.deepEqual(runRules([r], new ObservationSet(obs)), runRules([r], obs));
  });

  it('the orders it relies on are complete: every Severity and every rule scenario has a rank', () => {
    assert.deepEqual(SEVERITY_ORDER, ['blocker', 'high', 'medium', 'low', 'info']);
    for (const r of RULES)
      assert.ok(
        SCENARIO_ORDER.includes(r.meta.scenario),
        `${r.meta.id}: scenario ${r.meta.scenario} not in SCENARIO_ORDER`,
      );
    assert.equal(new Set(SCENARIO_ORDER).size, SCENARIO_ORDER.length);
  });

  it('the real rule set over no observations: every rule not applicable, nothing thrown', () => {
    const res = runRules(RULES, []);
    assert.equal(res.results.length, RULES.length);
    assert.ok(res.results.every((r) => r.status === 'not-applicable'));
  });
});
