// The zoo, diagnosed: for every real server setup, `tlsdoctor diagnose --json` (the built CLI, run
// as a user would) must name the expected root cause first, or find nothing above "low" on a
// healthy one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeZooPki, type ZooPki } from './pki.js';
import { httpBackend, type ZooContext } from './servers.js';
import { freePort, runCli } from './harness.js';
import { ZOO_CASES, TODO } from './cases.js';

interface Doc {
  verdict: { status: string; summary: string };
  findings: Array<{ id: string; severity: string; summary: string }>;
}

/** findings above this say something is broken; `low`/`info` are hygiene and context */
const SERIOUS = new Set(['blocker', 'high', 'medium']);

let pki: ZooPki;
let backend: { port: number; stop(): Promise<void> };
let ctx: ZooContext;
before(async () => {
  [pki, backend] = await Promise.all([makeZooPki(), httpBackend()]);
  ctx = { pki, backendPort: backend.port };
});
after(async () => {
  await backend?.stop();
  await pki?.cleanup();
});

for (const c of ZOO_CASES) {
  const todo = TODO[c.id];
  test(`diagnose ${c.id} → ${c.expect}`, todo ? { todo } : {}, async () => {
    const s = await c.start(ctx);
    try {
      const r = await runCli(
        [
          'diagnose',
          `localhost:${s.port}`,
          '--ip',
          '127.0.0.1',
          '--http-port',
          c.closedHttpPort ? String(await freePort()) : '0',
          '--json',
          '--no-history',
          ...(c.trustRoot === false ? [] : ['--ca', pki.rootCert]),
        ],
        s.ns,
      );
      assert.ok(r.out.startsWith('{'), `no JSON report (exit ${r.code}): ${r.err}`);
      const doc = JSON.parse(r.out) as Doc;
      const shown = doc.findings.map((f) => `${f.id} (${f.severity}): ${f.summary}`).join('\n');
      if (c.expect === 'healthy') {
        const serious = doc.findings.filter((f) => SERIOUS.has(f.severity));
        assert.deepEqual(serious, [], `a healthy ${c.id} got:\n${shown}`);
        assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.err}`);
      } else {
        assert.equal(doc.findings[0]?.id, c.expect, `findings of ${c.id}, in order:\n${shown}`);
      }
    } finally {
      await s.stop();
    }
  });
}
