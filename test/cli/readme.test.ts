// The README's exit-code table is the tool's: every example command in it is run, and exits with
// the code of its row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('every example in the README exit-code table exits with its code', async () => {
  const section = /## Exit codes\n([\s\S]*?)\n## /.exec(README)?.[1] ?? '';
  const rows = [...section.matchAll(/^\| (\d+) \|[^\n]*\| ([^|\n]*) \|$/gm)];
  assert.ok(rows.length >= 4, 'the table has its rows');
  let examples = 0;
  for (const [, code, cell] of rows) {
    for (const [, command] of cell!.matchAll(/`tlsdoctor ?([^`]*)`/g)) {
      const argv = command!.trim() === '' ? [] : command!.trim().split(/\s+/);
      let err = '';
      const got = await main(argv, {
        stdout: { write: () => true },
        stderr: { write: (s: string) => (err += s) },
        env: { NO_COLOR: '1' },
      });
      assert.equal(got, Number(code), `tlsdoctor ${command}: ${err}`);
      examples++;
    }
  }
  assert.ok(examples >= 5, `${examples} examples run`);
});
