// port.other-program over recorded real servers: fires for a program that greets with its own
// protocol (an SSH banner) on the TLS port, quotes it as escaped text and gives the commands that
// find the program with the real port; quiet for plain HTTP on the port (handshake.not-tls), TLS
// servers, silence and alerts.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/port.other-program.js';
import { FIXTURE_TLS_PORT } from '../../../support/observation-scenarios.js';
import {
  ORIGIN,
  fixturesExcept,
  hellos,
  outcomeOf,
  ruleTester,
  transplantOutcome,
} from '../../rule-tester.js';

ruleTester(rule, {
  valid: [
    ...fixturesExcept('ssh-banner'),
    {
      name: 'one banner among TLS answers (derived: healthy with one SSH answer): the port speaks TLS',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'version:303:0', outcomeOf('ssh-banner', 'version:303:0')),
      check: (_, obs) => assert.ok(hellos(obs).some((h) => h.outcome.status === 'not-tls')),
    },
  ],
  invalid: [
    {
      name: 'an SSH server on the TLS port: its banner as text, the owner commands with the real port',
      fixture: 'ssh-banner',
      findings: [
        {
          id: 'port.other-program',
          severity: 'blocker',
          evidence: [{ source: 'probe', origin: ORIGIN }],
          commands: true,
        },
      ],
      check: ([f], obs) => {
        const n = hellos(obs).length;
        assert.match(
          f!.summary,
          new RegExp(
            `^Another program answers on port ${FIXTURE_TLS_PORT} of 127\\.0\\.0\\.1: it sent "SSH-2\\.0-[^"]*\\\\r\\\\n" — neither TLS nor HTTP \\(${n} of ${n} probes\\)`,
          ),
        );
        const cmds = f!.fix.commands!.map((c) => c.command);
        assert.deepEqual(cmds, [
          `netstat -anob | findstr :${FIXTURE_TLS_PORT}`,
          `Get-Process -Id (Get-NetTCPConnection -LocalPort ${FIXTURE_TLS_PORT} -State Listen).OwningProcess`,
          `ss -ltnp 'sport = :${FIXTURE_TLS_PORT}'`,
        ]);
        assert.ok(f!.fix.steps.some((s) => /another port \(for example 444\)/.test(s)));
      },
    },
  ],
});
