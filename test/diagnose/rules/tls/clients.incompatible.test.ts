// clients.incompatible over recorded real servers. The severity says who is locked out: 'medium' when
// a current client fails (TLS 1.0-only server), 'low' when only clients that could do TLS 1.2 fail
// (TLS 1.3-only server), 'info' when only TLS 1.0-era clients fail (every healthy TLS 1.2+ server:
// IE 11 on Windows 7 with defaults and .NET 4.5 defaults cannot connect — true, and worth an info
// line). When EVERY client fails the rule stays quiet: the handshake rules name the cause.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/clients.incompatible.js';
import type { Severity } from '../../../../src/model/finding.js';
import { ORIGIN, fixturesExcept, hello, hellos, ruleTester, type ScenarioId } from '../../rule-tester.js';

const EXPECTED: Partial<Record<ScenarioId, Severity>> = {
  healthy: 'info',
  expired: 'info',
  'sni-required': 'info',
  'client-cert-required': 'info',
  'client-cert-tls12': 'info',
  'client-cert-optional': 'info',
  'tls12-only': 'info',
  // the boxes drop some current clients' hellos: inconclusive for this rule (info), the middlebox
  // rule names the cause
  'middlebox-tls13': 'info',
  'middlebox-large-hello': 'info',
  'tls13-only': 'low',
  'tls10-only': 'medium',
};
const firing = Object.keys(EXPECTED) as ScenarioId[];
const finding = (severity: Severity) =>
  ({
    id: 'clients.incompatible',
    severity,
    evidence: [{ source: 'probe', origin: ORIGIN }],
    commands: true,
  }) as const;

ruleTester(rule, {
  valid: [
    ...fixturesExcept(...firing),
    { name: 'legacy-tls10-11: every profile connects, nothing to say', fixture: 'legacy-tls10-11' },
  ],
  invalid: [
    ...firing
      .filter((id) => id !== 'tls10-only' && id !== 'tls13-only')
      .map((id) => ({ fixture: id, findings: [finding(EXPECTED[id]!)] })),
    {
      name: 'tls10-only: names the current browsers that fail, the count and the accepted version',
      fixture: 'tls10-only',
      findings: [finding('medium')],
      check: ([f], obs) => {
        const profiles = hellos(obs).filter((h) => h.purpose === 'profile').length;
        assert.match(
          f!.summary,
          new RegExp(`^\\d+ of ${profiles} client types cannot connect: Chrome / Edge`),
        );
        assert.match(f!.summary, /\(server accepts TLS 1\.0\)\.$/);
        assert.ok(f!.evidence.some((e) => e.text.startsWith('Chrome / Edge') && /alert 70/.test(e.text)));
      },
    },
    {
      name: 'tls13-only: the legacy clients fail with protocol_version and the server is said to accept TLS 1.3 only',
      fixture: 'tls13-only',
      findings: [finding('low')],
      check: ([f], obs) => {
        assert.match(f!.summary, /IE 11 \/ Windows 7/);
        assert.match(f!.summary, /\(server accepts TLS 1\.3\)/);
        assert.equal(hello(obs, 'profile:java-8u').outcome.alert?.description, 70);
      },
    },
    {
      name: 'legacy-tls10-11 with two profiles timed out (a loaded machine): inconclusive, info, never an incompatibility',
      fixture: 'legacy-tls10-11',
      edit: (obs) => {
        for (const id of ['profile:java-17', 'profile:openssl-1.0.2']) {
          const h = hello(obs, id);
          h.outcome = { ...h.outcome, status: 'timeout', error: 'timed out' };
          delete h.outcome.serverHello;
        }
      },
      findings: [{ ...finding('info'), confidence: 'possible' }],
      check: ([f]) => {
        assert.match(
          f!.summary,
          /^2 of \d+ client types got no answer in time \(.*\) while the server answered the others: inconclusive/,
        );
        assert.doesNotMatch(f!.summary, /cannot connect/);
      },
    },
    {
      name: 'tls10-only with one more profile timed out: the refusals are the finding, the timeout is named inconclusive',
      fixture: 'tls10-only',
      edit: (obs) => {
        const h = hello(obs, 'profile:ie11-win7-tls10');
        h.outcome = { ...h.outcome, status: 'timeout', error: 'timed out' };
        delete h.outcome.serverHello;
      },
      findings: [finding('medium')],
      check: ([f]) => assert.match(f!.summary, /1 more \(IE 11.*\) got no answer in time — inconclusive/),
    },
  ],
});
