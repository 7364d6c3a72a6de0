// The password prompt on a real terminal: a pseudo-terminal from Python's pty module drives the
// built CLI (bin/tlsdoctor.js), so raw mode, echo and Ctrl-C behave as for a user at a console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'tlsdoctor.js');

// Types `answer` (or Ctrl-C when null) once the prompt shows; prints the exit code and the output.
const DRIVER = `
import os, pty, sys, time, json
argv, answer = json.loads(sys.argv[1]), json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out, deadline = b'', time.time() + 20
def pump(until):
    global out
    while time.time() < deadline:
        try:
            d = os.read(fd, 4096)
        except OSError:
            return False
        if not d:
            return False
        out += d
        if until and until in out:
            return True
    return False
pump(b'password: ')
os.write(fd, b'\\x03' if answer is None else answer.encode() + b'\\r')
pump(None)
_, st = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({'code': os.waitstatus_to_exitcode(st), 'out': out.decode('utf-8', 'replace')}))
`;

function hasPython(): boolean {
  return spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
}

function drive(args: string[], answer: string | null): { code: number; out: string } {
  const r = execFileSync(
    'python3',
    ['-c', DRIVER, JSON.stringify([process.execPath, BIN, ...args]), JSON.stringify(answer)],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  return JSON.parse(r) as { code: number; out: string };
}

test(
  'password prompt on a terminal',
  { skip: !hasPython() && 'python3 with pty is not available' },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-prompt-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const pfx = join(dir, 'site.pfx');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '30',
        '-subj',
        '/CN=prompt.test',
      ],
      { stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-in',
        join(dir, 'c.pem'),
        '-inkey',
        join(dir, 'k.pem'),
        '-passout',
        'pass:s3cret-Pw',
        '-out',
        pfx,
      ],
      { stdio: 'ignore' },
    );

    await t.test('the right password opens the file and is never echoed', () => {
      const r = drive(['cert', pfx], 's3cret-Pw');
      assert.match(r.out, /password: /);
      assert.match(r.out, /prompt\.test/);
      assert.doesNotMatch(r.out, /s3cret-Pw/);
    });

    await t.test('Ctrl-C at the prompt ends like any interrupt: exit 130, terminal restored', () => {
      const r = drive(['cert', pfx], null);
      assert.equal(r.code, 130);
      assert.doesNotMatch(r.out, /at .*\.m?js:\d+/, 'no stack trace');
    });
  },
);
