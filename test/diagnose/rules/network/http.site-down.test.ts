// http.site-down over recorded runs: fires when HTTPS fails AND the plain-HTTP port fails — a refused
// TLS port with a refused HTTP port, or a silent TLS port with a refused HTTP port; quiet when HTTP
// works (closed-port, every lab scenario) and when HTTPS works even if HTTP is down.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/http.site-down.js';
import type { ObservationBase } from '../../../../src/model/observation.js';
import type { HttpObservation } from '../../../../src/model/observations/probe.js';
import { HTTP_URL, ORIGIN, first, fixture, fixturesExcept, ruleTester } from '../../rule-tester.js';

const httpOf = (obs: readonly ObservationBase[]) => first<HttpObservation>(obs, 'probe.http');
/** replaces the recording's HTTP check with the refused one recorded beside a closed port */
const httpRefused = (obs: ObservationBase[]) => {
  const at = obs.findIndex((o) => o.kind === 'probe.http');
  const refused = httpOf(fixture('closed-port-http-down'));
  if (at >= 0) obs[at] = refused;
  else obs.push(refused);
};
const withoutHttp = (obs: ObservationBase[]) => {
  const at = obs.findIndex((o) => o.kind === 'probe.http');
  if (at >= 0) obs.splice(at, 1);
};

ruleTester(rule, {
  valid: [
    ...fixturesExcept('closed-port-http-down', 'silent-http-down'),
    {
      name: 'HTTPS works but plain HTTP is down (derived: healthy with the refused HTTP observation)',
      fixture: 'healthy',
      edit: httpRefused,
    },
    {
      name: 'no HTTP check (httpPort 0: no probe.http observation)',
      fixture: 'closed-port-http-down',
      edit: withoutHttp,
      status: 'not-applicable',
    },
    ...(['alert-40', 'http-on-tls-port'] as const).map((id) => ({
      name: `HTTPS answers (${id}: TLS alerts or non-TLS bytes) and HTTP is down (derived: refused HTTP)`,
      fixture: id,
      edit: httpRefused,
    })),
  ],
  invalid: [
    {
      name: 'closed-port-http-down: the HTTPS port refuses TCP and plain HTTP is refused: an outage, a blocker',
      fixture: 'closed-port-http-down',
      findings: [
        {
          id: 'http.site-down',
          severity: 'blocker',
          evidence: [
            { source: 'probe', origin: HTTP_URL },
            { source: 'probe', origin: ORIGIN },
          ],
          commands: true,
        },
      ],
      check: ([f], obs) => {
        const http = httpOf(obs);
        assert.equal(http.result.status, 'refused');
        assert.ok(f!.summary.includes(`(${http.url}: refused)`), f!.summary);
        assert.match(f!.evidence[0]!.text, / → refused/);
        assert.equal(f!.evidence[1]!.text, 'HTTPS port: TCP refused');
      },
    },
    {
      name: 'silent-http-down: the HTTPS port accepts TCP and drops the hello, nothing on port 80: context (info), the TLS finding leads',
      fixture: 'silent-http-down',
      findings: [
        {
          id: 'http.site-down',
          severity: 'info',
          evidence: [
            { source: 'probe', origin: HTTP_URL },
            { source: 'probe', origin: ORIGIN },
          ],
          commands: true,
        },
      ],
      check: ([f]) => {
        assert.match(
          f!.summary,
          /^Nothing listens for plain HTTP at \S+ \(many HTTPS-only servers have no HTTP port\); the HTTPS port accepts TCP/,
        );
        assert.equal(f!.evidence[1]!.text, 'HTTPS port: TCP open');
      },
    },
  ],
});
