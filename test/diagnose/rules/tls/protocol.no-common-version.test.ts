// protocol.no-common-version over recorded real servers: fires for the lab's TLS 1.0-only server and
// names the version; quiet for servers that also speak TLS 1.2 (legacy-tls10-11), a no-common-cipher
// server (TLS 1.2 accepted: a suite problem), and servers that never answer. With a Windows registry
// export (a real reg file parsed by src/windows) it adds the SCHANNEL state that explains it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rule } from '../../../../src/diagnose/rules/tls/protocol.no-common-version.js';
import { parseWindowsInput, osFamilyOf } from '../../../../src/windows/index.js';
import { ORIGIN, fixturesExcept, ruleTester } from '../../rule-tester.js';

const REG = fileURLToPath(new URL('../../../fixtures/windows/registry/tls12-off-utf8.reg', import.meta.url));
const registry = () =>
  parseWindowsInput(readFileSync(REG), 'tls12-off-utf8.reg', { os: osFamilyOf('2016')! }).observations;

ruleTester(rule, {
  valid: [
    ...fixturesExcept('tls10-only'),
    {
      name: 'the registry export alone (no handshake observed)',
      observations: registry(),
      status: 'not-applicable',
      check: (_, obs) => assert.ok(obs.some((o) => o.kind === 'windows.schannel-protocol')),
    },
  ],
  invalid: [
    {
      name: 'tls10-only: names TLS 1.0 and shows TLS 1.2 and 1.3 offered alone, plus failing current clients',
      fixture: 'tls10-only',
      findings: [
        {
          id: 'protocol.no-common-version',
          severity: 'blocker',
          evidence: [{ source: 'probe', origin: ORIGIN }],
          commands: true,
        },
      ],
      check: ([f]) => {
        assert.match(
          f!.summary,
          /^The server only accepts TLS 1\.0; current clients require TLS 1\.2 or 1\.3/,
        );
        const heads = f!.evidence.map((e) => e.text.split(':')[0]);
        assert.deepEqual(heads.slice(0, 3), ['TLS 1.2 alone', 'TLS 1.3 alone', 'TLS 1.0 alone']);
        assert.match(f!.evidence[1]!.text, /alert 70 protocol_version/);
        assert.ok(f!.evidence.some((e) => e.text.startsWith('Chrome / Edge')));
        assert.ok(f!.codes?.includes('TLS alert 70'));
        assert.ok(
          f!.fix.commands!.some(
            (c) =>
              c.platform === 'registry' &&
              c.command.includes('TLS 1.2\\Server') &&
              c.command.includes('/v Enabled'),
          ),
        );
      },
    },
    {
      name: 'tls10-only with a Windows registry export: adds the SCHANNEL registry state as evidence',
      fixture: 'tls10-only',
      observations: registry(),
      findings: [
        {
          id: 'protocol.no-common-version',
          severity: 'blocker',
          evidence: [
            { source: 'probe', origin: ORIGIN },
            { source: 'windows', origin: 'tls12-off-utf8.reg' },
          ],
          commands: true,
        },
      ],
      check: ([f]) => {
        const reg = f!.evidence.filter((e) => e.from.source === 'windows');
        assert.match(reg[0]!.text, /^TLS 1\.2 server: disabled \(.+\)$/);
        assert.ok(reg[0]!.from.line! > 0);
      },
    },
  ],
});
