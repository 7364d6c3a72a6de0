// sni.required over recorded real servers: fires for the lab's strict-SNI server only — not for the
// SNI-filtering middlebox (silence WITH the name is network.middlebox-suspected's business), not for
// a server that alerts to everything, not without a host name.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/sni.required.js';
import type { ContextObservation } from '../../../../src/model/observations/diagnose.js';
import {
  ORIGIN,
  first,
  fixturesExcept,
  hello,
  outcomeOf,
  ruleTester,
  transplantOutcome,
} from '../../rule-tester.js';

const finding = {
  id: 'sni.required',
  severity: 'medium',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;

ruleTester(rule, {
  valid: [
    ...fixturesExcept('sni-required'),
    {
      name: 'a target without a host name (derived: IP address or --no-sni, no serverName)',
      fixture: 'sni-required',
      edit: (obs) =>
        delete (first<ContextObservation>(obs, 'diagnose.context') as { serverName?: string }).serverName,
    },
    {
      name: 'the hello with the name is the one refused (middlebox-sni: silence only WITH the name)',
      fixture: 'middlebox-sni',
      check: (_, obs) => {
        assert.equal(hello(obs, 'sni:name').outcome.status, 'timeout');
        assert.equal(hello(obs, 'sni:none').outcome.status, 'server-hello');
      },
    },
  ],
  invalid: [
    {
      name: 'sni-required: names the host, the refusal (alert 40) and points at the probes',
      fixture: 'sni-required',
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /sni-required\.lab\.tlsdoctor\.test/);
        assert.match(f!.summary, /alert 40/);
        assert.ok(
          f!.evidence.some((e) => e.text.startsWith('with SNI:') && /→ TLS 1\.3 TLS_/.test(e.text)),
          'evidence with SNI',
        );
        assert.ok(
          f!.evidence.some((e) => e.text.startsWith('without SNI:') && /40|handshake_failure/.test(e.text)),
          'evidence without SNI',
        );
        assert.ok(
          f!.fix.commands!.some((c) => c.command.startsWith('netsh http add sslcert ipport=0.0.0.0:443')),
        );
      },
    },
    {
      name: "the hello without SNI is reset (derived: the reset server's real outcome)",
      fixture: 'sni-required',
      edit: (obs) => transplantOutcome(obs, 'sni:none', outcomeOf('reset', 'sni:none')),
      findings: [finding],
      check: ([f]) => assert.match(f!.summary, /without SNI \(reset\)/),
    },
  ],
});
