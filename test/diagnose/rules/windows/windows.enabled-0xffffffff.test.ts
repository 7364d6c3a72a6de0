// windows.enabled-0xffffffff through the rule tester: the rows of its table in cases.ts, run through
// the engine. The rule needs a Windows input (windows.input: which export was read), so every case
// carries one beside the table's SCHANNEL observations.
import assert from 'node:assert/strict';
import { rule } from '../../../../src/diagnose/rules/windows/windows.enabled-0xffffffff.js';
import type { WindowsInputObservation } from '../../../../src/model/observations/windows.js';
import { ruleTester } from '../../rule-tester.js';
import { CASES } from './cases.js';

const rows = CASES['windows.enabled-0xffffffff']!;
const row = (name: string) => rows.find((c) => c.name === name)!.obs;
const registryExport: WindowsInputObservation = {
  kind: 'windows.input',
  from: { source: 'windows', origin: 'schannel.reg', line: 1 },
  inputKind: 'registry',
  notes: [],
  status: 'ok',
};

ruleTester(rule, {
  valid: [{ name: 'value 1', observations: [registryExport, ...row('value 1')] }],
  invalid: [
    {
      name: 'protocol and cipher at 0xffffffff',
      observations: [registryExport, ...row('protocol and cipher')],
      findings: [{ id: 'windows.enabled-0xffffffff', severity: 'info', evidence: ['windows'] }],
      check: ([f]) => {
        assert.ok(f!.summary.includes('2 SCHANNEL'), f!.summary);
        assert.ok(
          f!.evidence.some((e) => e.from.line !== undefined),
          'evidence carries a line',
        );
        for (const cmd of f!.fix.commands ?? [])
          assert.ok(['windows-cmd', 'powershell', 'registry'].includes(cmd.platform), cmd.platform);
      },
    },
  ],
});
