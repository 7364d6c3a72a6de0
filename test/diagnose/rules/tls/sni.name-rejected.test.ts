// sni.name-rejected over recorded real servers: fires for our node:tls server whose SNI callback
// fails for the site's name (a close) while hellos without SNI get a certificate; the alert and reset
// flavours are derived by giving the named hello the strict-SNI server's alert 40 / the reset
// server's reset. Neighbours: the strict-SNI server (the opposite: name works, no-SNI refused) and
// the SNI-filtering middlebox (silence for the name, not a refusal) must stay quiet.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/sni.name-rejected.js';
import type { ContextObservation } from '../../../../src/model/observations/diagnose.js';
import type { Confidence } from '../../../../src/model/finding.js';
import {
  ORIGIN,
  first,
  fixturesExcept,
  hello,
  outcomeOf,
  ruleTester,
  transplantOutcome,
} from '../../rule-tester.js';

const NAME = 'healthy.lab.tlsdoctor.test';
const finding = (confidence: Confidence) =>
  ({
    id: 'sni.name-rejected',
    severity: 'blocker',
    confidence,
    evidence: [{ source: 'probe', origin: ORIGIN }],
    commands: true,
  }) as const;

ruleTester(rule, {
  valid: [
    ...fixturesExcept('sni-name-closed'),
    {
      name: "silence for the name is the middlebox rule's, not this one (middlebox-sni)",
      fixture: 'middlebox-sni',
      check: (_, obs) => assert.equal(hello(obs, 'sni:name').outcome.status, 'timeout'),
    },
    {
      name: 'without a host name in the target (derived: no serverName in the context)',
      fixture: 'sni-name-closed',
      edit: (obs) =>
        delete (first<ContextObservation>(obs, 'diagnose.context') as { serverName?: string }).serverName,
    },
  ],
  invalid: [
    {
      name: 'a close for the name: names the host, says "a close", confidence likely, name filled into the commands',
      fixture: 'sni-name-closed',
      findings: [finding('likely')],
      check: ([f], obs) => {
        assert.equal(hello(obs, 'sni:name').outcome.status, 'closed');
        assert.equal(hello(obs, 'sni:none').outcome.status, 'server-hello');
        assert.equal(
          f!.summary,
          `${ORIGIN} answers hellos without SNI but refuses the name ${NAME} with a close without an answer: there is no TLS configuration for ${NAME} (it works by IP, not by name).`,
        );
        assert.deepEqual(
          f!.evidence.map((e) => e.text.split(':')[0]),
          ['with SNI', 'without SNI'],
        );
        assert.ok(
          f!.fix.commands!.some((c) =>
            c.command.startsWith(`netsh http add sslcert hostnameport=${NAME}:443 `),
          ),
        );
        assert.ok(f!.fix.commands!.every((c) => !c.command.includes('<name>')));
      },
    },
    {
      name: "an alert for the name (derived: the strict-SNI server's real alert 40): certain, names the alert",
      fixture: 'sni-name-closed',
      edit: (obs) => transplantOutcome(obs, 'sni:name', outcomeOf('sni-required', 'sni:none')),
      findings: [finding('certain')],
      check: ([f]) =>
        assert.match(f!.summary, /refuses the name healthy\.lab\.tlsdoctor\.test with alert 40:/),
    },
    {
      name: "a reset for the name (derived: the reset server's real outcome): the HTTP.sys pattern",
      fixture: 'sni-name-closed',
      edit: (obs) => transplantOutcome(obs, 'sni:name', outcomeOf('reset', 'sni:name')),
      findings: [finding('likely')],
      check: ([f]) => assert.match(f!.summary, /with a TCP reset \(as HTTP\.sys does/),
    },
  ],
});
