// A real program that is not a web server on the HTTPS port: Python's SMTP server (smtpd, Python
// ≤ 3.11) greets every connection with its "220 … SMTP proxy" banner. diagnose must say another program
// owns the port, quote the banner as text and name the real port in the commands that find it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { diagnose } from '../../src/app/diagnose.js';
import { freePort } from './servers.js';

const hasSmtpd =
  spawnSync('python3', ['-W', 'ignore', '-c', 'import smtpd'], { stdio: 'ignore' }).status === 0;

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const c = connect({ host: '127.0.0.1', port }, () => {
        c.destroy();
        r(true);
      });
      c.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`python3 smtpd did not listen on ${port}`);
}

test(
  'an SMTP server on the HTTPS port is another program: port.other-program, its banner as text, the real port',
  { skip: hasSmtpd ? false : 'python3 with the smtpd module (≤ 3.11) is not installed' },
  async (t) => {
    const port = await freePort();
    const child = spawn(
      'python3',
      ['-W', 'ignore', '-m', 'smtpd', '-n', '-c', 'DebuggingServer', `127.0.0.1:${port}`],
      { stdio: 'ignore' },
    );
    t.after(() => {
      child.kill('SIGKILL');
    });
    await listening(port);
    const r = await diagnose(`127.0.0.1:${port}`, { httpPort: 0, timeoutMs: 3000 });
    const f = r.findings[0]!;
    assert.equal(f.id, 'port.other-program', r.findings.map((x) => x.id).join(', '));
    assert.match(
      f.summary,
      new RegExp(`^Another program answers on port ${port} of 127\\.0\\.0\\.1: it sent "220 .*SMTP`),
    );
    assert.ok(f.evidence.some((e) => /as text: "220 .*\\r\\n/.test(e.text)));
    const cmds = f.fix.commands!.map((c) => c.command);
    assert.ok(cmds.includes(`netstat -anob | findstr :${port}`), cmds.join(' | '));
    assert.ok(cmds.includes(`ss -ltnp 'sport = :${port}'`));
    assert.ok(!r.findings.some((x) => x.id === 'handshake.not-tls'));
  },
);
