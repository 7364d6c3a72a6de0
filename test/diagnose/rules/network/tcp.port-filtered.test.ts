// tcp.port-filtered. No filtered port can be made on loopback without root firewall rules
// (iptables -j DROP): the kernel always answers a SYN to 127.0.0.1 with SYN-ACK or RST. So the
// firing cases edit a REAL recorded probe.tcp observation (the closed port's) to the states the
// connect step records when the SYN gets no answer ('filtered') or the host is unreachable; every
// real recording (open or refused ports) must stay quiet.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/tcp.port-filtered.js';
import { ORIGIN, fixturesExcept, ruleTester, tcp, type InvalidCase } from '../../rule-tester.js';

const cases = [
  { state: 'filtered' as const, error: 'connect timed out after 3000 ms' },
  { state: 'unreachable' as const, error: 'host unreachable (EHOSTUNREACH)' },
  { state: 'filtered' as const, error: undefined },
];

ruleTester(rule, {
  valid: fixturesExcept(),
  invalid: cases.map((c): InvalidCase => ({
    name: `state ${c.state}${c.error ? '' : ' without an error text'} (derived from the closed port's observation)`,
    fixture: 'closed-port',
    edit: (obs) => {
      const t = tcp(obs);
      t.state = c.state;
      if (c.error) t.error = c.error;
      else delete t.error;
    },
    findings: [
      {
        id: 'tcp.port-filtered',
        severity: 'blocker',
        evidence: [{ source: 'probe', origin: ORIGIN }],
        commands: true,
      },
    ],
    check: ([f], obs) => {
      const { port } = tcp(obs);
      assert.equal(
        f!.summary,
        `${ORIGIN} does not answer TCP connections (${c.state}): a firewall drops them, or the host is down.`,
      );
      assert.equal(f!.evidence[0]!.text, c.error ?? c.state);
      assert.ok(f!.fix.commands!.some((cmd) => cmd.command === `Test-NetConnection 127.0.0.1 -Port ${port}`));
      assert.ok(f!.fix.commands!.some((cmd) => cmd.command === `nc -vz -w 3 127.0.0.1 ${port}`));
      assert.ok(f!.codes?.includes('ERR_CONNECTION_TIMED_OUT'));
    },
  })),
});
