// handshake.not-tls over recorded real servers: fires for plain HTTP on the TLS port (and quotes the
// status line and the answer as text); quiet for TLS servers, silence, alerts, and another program's
// protocol (an SSH banner: port.other-program).
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/handshake.not-tls.js';
import {
  ORIGIN,
  fixturesExcept,
  hellos,
  outcomeOf,
  ruleTester,
  transplantOutcome,
} from '../../rule-tester.js';

const finding = {
  id: 'handshake.not-tls',
  severity: 'blocker',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;

ruleTester(rule, {
  valid: [
    ...fixturesExcept('http-on-tls-port'),
    {
      name: 'some hello got a ServerHello (derived: healthy with one not-tls answer)',
      fixture: 'healthy',
      edit: (obs) => transplantOutcome(obs, 'version:303:0', outcomeOf('http-on-tls-port', 'version:303:0')),
      check: (_, obs) => assert.ok(hellos(obs).some((h) => h.outcome.status === 'not-tls')),
    },
  ],
  invalid: [
    {
      name: 'plain HTTP on the TLS port: quotes the HTTP status line and the first bytes',
      fixture: 'http-on-tls-port',
      findings: [finding],
      check: ([f]) => {
        assert.match(f!.summary, /speaks plain HTTP on the TLS port \("HTTP\/1\.1 400 Bad Request"\)/);
        assert.ok(
          f!.evidence.some((e) =>
            e.text.startsWith('what answered the ClientHello, as text: "HTTP/1.1 400 Bad Request\\r\\n'),
          ),
          'the answer as escaped text',
        );
        assert.ok(f!.fix.commands!.some((c) => c.command === 'listen 443 ssl;'));
      },
    },
  ],
});
