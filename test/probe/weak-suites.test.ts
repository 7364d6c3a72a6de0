// Suite quality against openssl s_server: RSA key transport with CBC only (AES128-SHA) gets both
// cipher.no-forward-secrecy (medium) and cipher.no-aead (low), neither a blocker; ECDHE with CBC
// (ECDHE-RSA-AES128-SHA) only the second; the default configuration neither.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/app/diagnose.js';
import { makePki, startOpenSslServer } from './servers.js';

const pki = makePki();
after(() => pki.cleanup());

const CASES = [
  {
    args: ['-tls1_2', '-cipher', 'AES128-SHA:AES256-SHA'],
    want: ['cipher.no-forward-secrecy', 'cipher.no-aead'],
  },
  { args: ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-SHA'], want: ['cipher.no-aead'] },
  { args: [], want: [] },
];

for (const { args, want } of CASES) {
  test(`openssl s_server ${args.join(' ') || '(defaults)'} → ${want.join(', ') || 'no suite finding'}`, async (t) => {
    const s = await startOpenSslServer(pki, args);
    t.after(() => s.stop());
    const r = await diagnose(`127.0.0.1:${s.port}`, { httpPort: 0, sni: 'localhost', timeoutMs: 3000 });
    const got = r.findings.filter((f) => f.id === 'cipher.no-forward-secrecy' || f.id === 'cipher.no-aead');
    assert.deepEqual(
      got.map((f) => f.id),
      want,
      r.findings.map((f) => `${f.id}/${f.severity}`).join(', '),
    );
    for (const f of got) {
      assert.equal(f.severity, f.id === 'cipher.no-aead' ? 'low' : 'medium');
      assert.ok(f.fix.commands!.some((c) => c.platform === 'nginx' && /ssl_ciphers ECDHE-/.test(c.command)));
    }
  });
}
