// protocol.legacy-enabled over recorded real servers: TLS 1.0 (tls10-only) and TLS 1.0 + 1.1 (our
// legacy server) give one 'low' finding naming them; SSL 3.0 / SSL 2.0 — which no Node/OpenSSL 3
// server can speak any more — are derived from recorded answers and give a separate 'high' one.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/tls/protocol.legacy-enabled.js';
import type { ObservationBase } from '../../../../src/model/observation.js';
import type { Severity } from '../../../../src/model/finding.js';
import { ORIGIN, fixturesExcept, hello, ruleTester } from '../../rule-tester.js';

const finding = (severity: Severity) =>
  ({
    id: 'protocol.legacy-enabled',
    severity,
    evidence: [{ source: 'probe', origin: ORIGIN }],
    commands: true,
  }) as const;

/** what src/probe/hello-probe.ts records for an SSLv2 SERVER-HELLO: version 0x0002, the cipher kinds listed */
const sslv2Answer = (cipherKinds: number[]) => (obs: ObservationBase[]) => {
  const v2 = hello(obs, 'version:ssl2');
  assert.equal(v2.offer.sslv2, true);
  v2.outcome = {
    ...v2.outcome,
    status: 'server-hello',
    serverHello: {
      version: 0x0002,
      cipherSuite: cipherKinds[0] ?? 0,
      extensions: [],
      renegotiationInfo: false,
      extendedMasterSecret: false,
      sessionTicket: false,
      statusRequest: false,
      encryptThenMac: false,
    },
    sslv2: { cipherKinds },
  };
  delete v2.outcome.alert;
};

ruleTester(rule, {
  valid: [
    ...fixturesExcept('tls10-only', 'legacy-tls10-11'),
    ...(['healthy', 'tls12-only', 'tls13-only'] as const).map((id) => ({
      name: `${id}: a TLS 1.2/1.3-only server answers the legacy probes with alerts`,
      fixture: id,
      check: (_: unknown, obs: readonly ObservationBase[]) =>
        assert.equal(hello(obs, 'version:301:0').outcome.status, 'alert'),
    })),
    {
      name: 'an SSLv2 SERVER-HELLO listing no cipher is not "SSL 2.0 accepted" (derived)',
      fixture: 'healthy',
      edit: sslv2Answer([]),
    },
  ],
  invalid: [
    { fixture: 'tls10-only', findings: [finding('low')] },
    {
      name: 'legacy-tls10-11: names TLS 1.0 and TLS 1.1 with the version probes as evidence',
      fixture: 'legacy-tls10-11',
      findings: [finding('low')],
      check: ([f]) => {
        assert.match(f!.summary, /accepts TLS 1\.0 and TLS 1\.1 \(deprecated by RFC 8996\)/);
        assert.deepEqual(
          f!.evidence.map((e) => e.text.split(':')[0]),
          ['TLS 1.0 alone', 'TLS 1.1 alone'],
        );
        assert.ok(f!.fix.commands!.some((c) => c.command === 'ssl_protocols TLSv1.2 TLSv1.3;'));
      },
    },
    {
      name: 'SSL 3.0 accepted (derived: the SSL 3.0 probe given a ServerHello for version 3.0) → a separate high finding',
      fixture: 'legacy-tls10-11',
      edit: (obs) => {
        const ssl3 = hello(obs, 'version:300:0');
        assert.equal(ssl3.offer.maxVersion, 0x0300);
        const tls10 = hello(obs, 'version:301:0').outcome;
        ssl3.outcome = { ...structuredClone(tls10), serverHello: { ...tls10.serverHello!, version: 0x0300 } };
      },
      findings: [finding('high'), finding('low')],
      check: ([high]) => {
        assert.match(high!.summary, /accepts SSL 3\.0, which are broken \(DROWN, POODLE\)/);
        assert.ok(high!.evidence[0]!.text.startsWith('SSL 3.0 alone:'));
      },
    },
    {
      name: 'SSL 2.0 accepted (derived: the SSLv2 probe given an SSLv2 ServerHello as the probe records it)',
      fixture: 'healthy',
      edit: sslv2Answer([0x0700c0, 0x010080]),
      findings: [finding('high')],
      check: ([f]) => assert.match(f!.summary, /SSL 2\.0/),
    },
  ],
});
