// The progress line: one rewritten line on a TTY, nothing when disabled, throttled, never stale.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { CLEAR_LINE, createProgress, progressWanted } from '../../src/cli/progress.js';

/** A stand-in for a terminal stream: records every write. */
class FakeStream {
  readonly writes: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 80,
  ) {}
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
  get text(): string {
    return this.writes.join('');
  }
}

/** A manual clock for the throttle. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

test('disabled, or on a stream that is not a TTY, it writes nothing at all', () => {
  for (const [tty, enabled] of [
    [true, false],
    [false, true],
    [false, false],
  ] as const) {
    const s = new FakeStream(tty);
    const p = createProgress(s, enabled);
    p.update('connecting to 127.0.0.1:443');
    p.update('TLS 1.2 hello');
    p.done();
    assert.deepEqual(s.writes, [], `tty=${tty} enabled=${enabled}`);
  }
});

test('on a TTY each write rewrites the same line and done() erases it', () => {
  const s = new FakeStream(true);
  const c = clock();
  const p = createProgress(s, true, { now: c.now, intervalMs: 100 });
  p.update('connecting to 127.0.0.1:443');
  c.advance(150);
  p.update('probing TLS versions (3/6)');
  p.done();
  assert.equal(s.writes.length, 3);
  assert.ok(s.writes[0]!.startsWith(CLEAR_LINE) && s.writes[0]!.endsWith('connecting to 127.0.0.1:443'));
  assert.ok(s.writes[1]!.startsWith(CLEAR_LINE) && s.writes[1]!.endsWith('probing TLS versions (3/6)'));
  assert.equal(s.writes[2], CLEAR_LINE);
  assert.ok(!s.text.includes('\n'), 'a progress line never adds a line');
});

test('updates inside the interval are coalesced; the latest one is written when the interval ends', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const s = new FakeStream(true);
    const c = clock();
    const p = createProgress(s, true, { now: c.now, intervalMs: 100 });
    p.update('suite 1/150');
    for (let i = 2; i <= 150; i++) {
      c.advance(0.5);
      p.update(`suite ${i}/150`);
    }
    assert.equal(s.writes.length, 1, 'throttled: one write so far');
    c.advance(100);
    mock.timers.tick(100);
    assert.equal(s.writes.length, 2);
    assert.ok(s.writes[1]!.endsWith('suite 150/150'), 'the pending text is the latest one, not a stale one');
    p.done();
    assert.equal(s.writes.at(-1), CLEAR_LINE);
  } finally {
    mock.timers.reset();
  }
});

test('done() cancels a pending write and later updates are ignored', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const s = new FakeStream(true);
    const c = clock();
    const p = createProgress(s, true, { now: c.now, intervalMs: 100 });
    p.update('first');
    p.update('pending');
    p.done();
    p.done();
    c.advance(500);
    mock.timers.tick(500);
    p.update('after done');
    assert.equal(s.writes.length, 2);
    assert.equal(s.writes[1], CLEAR_LINE);
  } finally {
    mock.timers.reset();
  }
});

test('done() without any update writes nothing', () => {
  const s = new FakeStream(true);
  createProgress(s, true).done();
  assert.deepEqual(s.writes, []);
});

test('the line is cut to the terminal width and made safe', () => {
  const s = new FakeStream(true, 30);
  const p = createProgress(s, true);
  p.update('probing a very long host name that does not fit.test:443');
  p.done();
  const line = s.writes[0]!.slice(CLEAR_LINE.length);
  assert.ok([...line].length <= 29, `width: ${line}`);
  assert.ok(line.endsWith('…'));

  const s2 = new FakeStream(true);
  const p2 = createProgress(s2, true);
  p2.update('server said \u001b[2J\nhello');
  const written = s2.writes[0]!.slice(CLEAR_LINE.length);
  assert.ok(!written.includes('\u001b') && !written.includes('\n'), JSON.stringify(written));
  assert.ok(written.includes('\\x1b[2J'));
});

test('progressWanted: only on a TTY, never with --json or --quiet or TERM=dumb', () => {
  const tty = new FakeStream(true);
  assert.equal(progressWanted(tty, {}), true);
  assert.equal(progressWanted(tty, { json: true }), false);
  assert.equal(progressWanted(tty, { quiet: true }), false);
  assert.equal(progressWanted(tty, { env: { TERM: 'dumb' } }), false);
  assert.equal(progressWanted(new FakeStream(false), {}), false);
});
