// `tlsdoctor demo` through main(): the marks say what a first-time reader takes them for
// (✔ nothing wrong, ✘ a problem found), counts agree in number, and the command it suggests is the
// one that runs here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1' },
    self: 'node bin/tlsdoctor.js',
  });
  return { code, out, err };
}

test('demo --only: a broken server is marked ✘, a healthy one ✔; one server is "1 local server"', async () => {
  const one = await cli(['demo', '--only', 'tls10-only']);
  assert.equal(one.code, 0, one.err);
  assert.match(one.out, /^tlsdoctor demo — 1 local server on 127\.0\.0\.1, broken in one way, diagnosed$/m);
  assert.match(one.out, /^✘ tls10-only\s+\d+ ms {2}protocol\.no-common-version$/m);
  assert.match(one.out, /^The scenario was diagnosed as expected\./m);
  assert.match(
    one.out,
    /^See one diagnosis in full: node bin\/tlsdoctor\.js demo --only tls10-only --details$/m,
  );
  assert.doesNotMatch(one.out, /All 1 |1 local servers/);

  const two = await cli(['demo', '--only', 'healthy,tls10-only']);
  assert.equal(two.code, 0, two.err);
  assert.match(
    two.out,
    /^tlsdoctor demo — 2 local servers on 127\.0\.0\.1, 1 of them broken in one way, diagnosed$/m,
  );
  assert.match(two.out, /^✔ healthy\s+\d+ ms {2}healthy$/m);
  assert.match(two.out, /^✘ tls10-only/m);
  assert.match(two.out, /^All 2 scenarios diagnosed as expected\./m);
});

test('demo --only with an unknown id is a usage error naming the scenarios', async () => {
  const r = await cli(['demo', '--only', 'nope']);
  assert.equal(r.code, 2);
  assert.match(r.err, /^tlsdoctor: demo --only: no scenario nope \(the scenarios: healthy, /);
});
