// protocol.no-common-version on recorded real servers: fires for the lab's TLS 1.0-only server and
// names the version; quiet for servers that also speak TLS 1.2 (legacy-tls10-11), a no-common-cipher
// server (TLS 1.2 accepted: a suite problem), and servers that never answer. With a Windows registry
// export (a real reg file parsed by src/windows) it adds the SCHANNEL state that explains it.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rule } from '../../../../src/diagnose/rules/tls/protocol.no-common-version.js';

import { parseWindowsInput, osFamilyOf } from '../../../../src/windows/index.js';
import {
  ALL_SCENARIOS,
  checkFinding,
  evaluate,
  recordings,
  type Recordings,
  type ScenarioId,
} from './recorded.js';

const { meta } = rule;

const FIRES_ON: ReadonlySet<ScenarioId> = new Set(['tls10-only']);
const REG = fileURLToPath(new URL('../../../fixtures/windows/registry/tls12-off-utf8.reg', import.meta.url));

describe('protocol.no-common-version', () => {
  let rec: Recordings;
  before(async () => {
    rec = await recordings();
  });

  for (const id of ALL_SCENARIOS) {
    it(`${FIRES_ON.has(id) ? 'fires' : 'stays quiet'} on the recorded ${id} scenario`, () => {
      const found = evaluate(rule, rec[id].observations);
      assert.equal(found.length, FIRES_ON.has(id) ? 1 : 0, found.map((f) => f.summary).join('\n'));
    });
  }

  it('names TLS 1.0 and shows TLS 1.2 and 1.3 offered alone, plus failing current clients', () => {
    const r = rec['tls10-only'];
    const [f] = evaluate(rule, r.observations);
    assert.ok(f);
    assert.deepEqual(
      checkFinding(f, { id: meta.id, severity: 'blocker', origin: r.origin, commands: true }),
      [],
    );
    assert.match(f.summary, /^The server only accepts TLS 1\.0; current clients require TLS 1\.2 or 1\.3/);
    const heads = f.evidence.map((e) => e.text.split(':')[0]);
    assert.deepEqual(heads.slice(0, 3), ['TLS 1.2 alone', 'TLS 1.3 alone', 'TLS 1.0 alone']);
    assert.match(f.evidence[1]!.text, /alert 70 protocol_version/);
    assert.ok(f.evidence.some((e) => e.text.startsWith('Chrome / Edge')));
    assert.ok(f.codes?.includes('TLS alert 70'));
    assert.ok(
      f.fix.commands!.some(
        (c) =>
          c.platform === 'registry' &&
          c.command.includes('TLS 1.2\\Server') &&
          c.command.includes('/v Enabled'),
      ),
    );
  });

  it('adds the SCHANNEL registry state from a Windows export as evidence', () => {
    const parsed = parseWindowsInput(readFileSync(REG), 'tls12-off-utf8.reg', { os: osFamilyOf('2016')! });
    const win = parsed.observations.filter((o) => o.kind === 'windows.schannel-protocol');
    assert.ok(win.length > 0);
    const [f] = evaluate(rule, [...rec['tls10-only'].observations, ...parsed.observations]);
    assert.ok(f);
    const reg = f.evidence.filter((e) => e.from.source === 'windows');
    assert.ok(reg.length >= 1, 'registry evidence');
    assert.match(reg[0]!.text, /^TLS 1\.2 server: disabled \(.+\)$/);
    assert.equal(reg[0]!.from.origin, 'tls12-off-utf8.reg');
    assert.ok(reg[0]!.from.line! > 0);
  });

  it('stays quiet on the registry export alone (no handshake observed)', () => {
    const parsed = parseWindowsInput(readFileSync(REG), 'tls12-off-utf8.reg', { os: osFamilyOf('2016')! });
    assert.deepEqual(evaluate(rule, parsed.observations), []);
  });
});
