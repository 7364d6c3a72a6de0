// dns.resolution-failed over recorded runs: `diagnose('https://does-not-exist.invalid/')` fails name
// resolution locally (RFC 2606 .invalid never resolves, no network needed); every other recorded
// run resolved (the lab names are forced to 127.0.0.1 with --ip) and must stay quiet.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/dns.resolution-failed.js';
import type { DnsObservation } from '../../../../src/model/observations/probe.js';
import { first, fixturesExcept, ruleTester } from '../../rule-tester.js';

const finding = (origin: string) =>
  ({
    id: 'dns.resolution-failed',
    severity: 'blocker',
    evidence: [{ source: 'probe', origin }],
    commands: true,
  }) as const;

ruleTester(rule, {
  valid: fixturesExcept('dns-fail'),
  invalid: [
    {
      name: 'dns-fail: names the host and the resolver error, with the DNS commands (the bare host name in them)',
      fixture: 'dns-fail',
      findings: [finding('does-not-exist.invalid')],
      check: ([f], obs) => {
        assert.deepEqual(
          obs.map((o) => o.kind),
          ['probe.dns'],
          'the flow stops after a failed resolution',
        );
        assert.match(f!.summary, /does-not-exist\.invalid\/? does not resolve to any address/);
        assert.ok(f!.summary.startsWith('does-not-exist.invalid does not resolve'), f!.summary);
        assert.match(f!.evidence[0]!.text, /ENOTFOUND/);
        assert.ok(f!.codes?.includes('ERR_NAME_NOT_RESOLVED'));
        assert.ok(
          f!.fix.commands!.every((c) => !c.command.includes('<host>')),
          'placeholders filled',
        );
        assert.equal(f!.fix.commands![0]!.command, 'nslookup does-not-exist.invalid');
      },
    },
    {
      name: 'a resolution that succeeded with no address (derived: status ok, empty address list)',
      fixture: 'healthy',
      edit: (obs) => {
        first<DnsObservation>(obs, 'probe.dns').addresses = [];
      },
      findings: [finding('healthy.lab.tlsdoctor.test')],
      check: ([f]) => {
        assert.equal(f!.evidence[0]!.text, 'no A/AAAA records');
        assert.equal(f!.fix.commands![0]!.command, 'nslookup healthy.lab.tlsdoctor.test');
      },
    },
  ],
});
