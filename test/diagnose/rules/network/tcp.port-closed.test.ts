// tcp.port-closed over recorded runs against a REAL closed port (bound on 127.0.0.1:0, then closed:
// the kernel answers the SYN with RST, ECONNREFUSED; the fixture shows it as port 443) — and quiet
// on every open port.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/network/tcp.port-closed.js';
import { ORIGIN, fixturesExcept, ruleTester, tcp } from '../../rule-tester.js';

const finding = {
  id: 'tcp.port-closed',
  severity: 'blocker',
  evidence: [{ source: 'probe', origin: ORIGIN }],
  commands: true,
} as const;

ruleTester(rule, {
  valid: [
    ...fixturesExcept('closed-port', 'closed-port-http-down'),
    {
      name: 'a filtered port (derived: state filtered) — that is tcp.port-filtered',
      fixture: 'closed-port',
      edit: (obs) => {
        tcp(obs).state = 'filtered';
      },
    },
  ],
  invalid: [
    {
      name: 'closed-port: names the endpoint and port, with the port filled into the commands',
      fixture: 'closed-port',
      findings: [finding],
      check: ([f], obs) => {
        const { state, port } = tcp(obs);
        assert.equal(state, 'refused');
        assert.ok(!obs.some((o) => o.kind === 'probe.hello'), 'no handshake is tried on a closed port');
        assert.equal(
          f!.summary,
          `${ORIGIN} refuses TCP connections: nothing listens on port ${port} (or a firewall rejects them).`,
        );
        assert.match(f!.evidence[0]!.text, /refused/i);
        // a literal ":443 " (findstr /c:, with the space that ends the address column) never matches :4430
        assert.ok(f!.fix.commands!.some((c) => c.command === `netstat -ano | findstr /c:":${port} "`));
        assert.ok(f!.fix.commands!.every((c) => !c.command.includes('<port>')));
        assert.ok(f!.codes?.includes('ECONNREFUSED'));
      },
    },
    { fixture: 'closed-port-http-down', findings: [finding] },
  ],
});
