// The fleet's scheduler: work slots for targets doing work, a separate allowance for targets only
// waiting on a quiet server, the per-address cap over both. First the scheduler alone (runs that
// report progress or not), then a real fleet: silent TCP servers on 127.0.0.1 listed before a
// healthy lab site must not hold the healthy targets back. Assertions are on order and counts,
// never on how long anything took.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { schedule } from '../../src/fleet/schedule.js';
import { LoopLoad, QuietWatch } from '../../src/fleet/quiet.js';
import { fleet } from '../../src/app/fleet.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import type { FleetTargetResult } from '../../src/model/report.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Job {
  name: string;
  host: string;
  /** ms the run takes */
  ms: number;
  /** reports progress every 20 ms while it runs */
  busy: boolean;
}

const load = new LoopLoad();
after(() => load.stop());

async function run(jobs: Job[], o: { concurrency: number; waiting: number; perHost: number }) {
  const order: string[] = [];
  let inFlight = 0;
  const perHost = new Map<string, number>();
  let peakPerHost = 0;
  const stats = await schedule<Job, string>(jobs, {
    concurrency: o.concurrency,
    waiting: o.waiting,
    perHost: o.perHost,
    hostOf: (j) => j.host,
    deadlineMs: 10_000,
    retries: 0,
    run: async (j, _attempt, setQuiet) => {
      // the scheduler under test, not the machine: a test process starved by other test files on
      // the same cores would read as saturated and never let a run turn quiet (saturation has a test
      // of its own below, and the real fleet test runs with it)
      const watch = new QuietWatch(100, () => false, setQuiet);
      inFlight++;
      perHost.set(j.host, (perHost.get(j.host) ?? 0) + 1);
      peakPerHost = Math.max(peakPerHost, perHost.get(j.host)!);
      order.push(`start ${j.name}`);
      const end = Date.now() + j.ms;
      try {
        while (Date.now() < end) {
          if (j.busy) watch.progress();
          await sleep(20);
        }
      } finally {
        watch.stop();
        inFlight--;
        perHost.set(j.host, perHost.get(j.host)! - 1);
      }
      return j.name;
    },
    onError: (j) => j.name,
    onDeadline: (j) => j.name,
    timedOut: () => false,
    onResult: (_j, r) => order.push(`end ${r}`),
  });
  assert.equal(inFlight, 0);
  return { order, stats, peakPerHost };
}

test('schedule: a quiet run gives its work slot to the next target; a busy one keeps it', async () => {
  const jobs: Job[] = [
    { name: 'quiet1', host: 'a', ms: 900, busy: false },
    { name: 'quiet2', host: 'b', ms: 900, busy: false },
    { name: 'work1', host: 'c', ms: 300, busy: true },
    { name: 'work2', host: 'd', ms: 300, busy: true },
  ];
  const { order, stats } = await run(jobs, { concurrency: 2, waiting: 4, perHost: 1 });
  // both working targets started and ended while the quiet ones were still waiting
  const end1 = order.indexOf('end quiet1');
  for (const w of ['start work1', 'start work2', 'end work1', 'end work2'])
    assert.ok(order.indexOf(w) < end1, `${w} before the quiet ones end: ${order.join(', ')}`);
  assert.equal(stats.peakWorking <= 2, true, JSON.stringify(stats));
  assert.equal(stats.peakInFlight, 4);
  assert.equal(stats.attempts, 4);

  // busy runs keep their slots: the second pair waits for the first to end
  const busy = jobs.map((j) => ({ ...j, busy: true, ms: 200 }));
  const b = await run(busy, { concurrency: 2, waiting: 4, perHost: 1 });
  assert.ok(b.order.indexOf('start work1') > b.order.indexOf('end quiet1'), b.order.join(', '));
  assert.equal(b.stats.peakInFlight, 2);

  // no waiting allowance: a quiet run keeps its slot, as before
  const strict = await run(jobs, { concurrency: 2, waiting: 0, perHost: 1 });
  assert.ok(
    strict.order.indexOf('start work1') > strict.order.indexOf('end quiet1'),
    strict.order.join(', '),
  );
  assert.equal(strict.stats.peakWaiting, 0);
});

test('quiet watch: a burst of completions (a wave of timeouts) leaves a target quiet; progress over time wakes it', async () => {
  const changes: boolean[] = [];
  const watch = new QuietWatch(
    100,
    () => load.saturated(),
    (q) => changes.push(q),
  );
  try {
    await sleep(500);
    assert.deepEqual(changes, [true]);
    for (let i = 0; i < 8; i++) watch.progress();
    await sleep(150);
    assert.deepEqual(changes, [true], 'a burst does not wake it');
    watch.progress();
    await sleep(70);
    watch.progress();
    assert.deepEqual(changes, [true, false], 'progress 70 ms apart does');
    await sleep(600);
    assert.deepEqual(changes, [true, false, true]);
  } finally {
    watch.stop();
  }
});

test('schedule: the per-address cap counts waiting targets too', async () => {
  const jobs: Job[] = Array.from({ length: 6 }, (_, i) => ({
    name: `q${i}`,
    host: 'one-server',
    ms: 300,
    busy: false,
  }));
  const { peakPerHost, stats } = await run(jobs, { concurrency: 4, waiting: 16, perHost: 2 });
  assert.equal(peakPerHost, 2);
  assert.equal(stats.peakInFlight, 2);
  assert.equal(stats.attempts, 6);
});

// ---- a real fleet ----
let lab: Lab;
const silent: net.Server[] = [];
const held = new Set<net.Socket>();
before(async () => {
  lab = await startLab({ only: ['healthy'] });
  for (let i = 0; i < 4; i++) {
    // accepts, reads the ClientHello and never answers
    const s = net.createServer((c) => {
      held.add(c);
      c.on('error', () => {});
      c.on('close', () => held.delete(c));
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    silent.push(s);
  }
});
after(async () => {
  for (const c of held) c.destroy();
  await Promise.all(silent.map((s) => new Promise((r) => s.close(r))));
  await lab?.stop();
});

async function fleetOrder(waiting: number): Promise<FleetTargetResult[]> {
  const h = lab.get('healthy');
  const lines = [
    ...silent.map((s) => `127.0.0.1:${(s.address() as net.AddressInfo).port}`),
    ...['a', 'b', 'c', 'd'].map((p) => `https://${h.serverName}:${h.port}/${p} --ip ${h.host}`),
  ];
  const results: FleetTargetResult[] = [];
  await fleet(lines.join('\n'), 'schedule-test', {
    concurrency: 4,
    waiting,
    perHost: 16,
    retries: 0,
    timeoutMs: 2500,
    httpPort: 0,
    caFiles: [lab.caFile],
    onResult: (r) => results.push(r),
  });
  return results;
}

test('fleet: silent servers listed first do not hold healthy targets back', async () => {
  const results = await fleetOrder(8);
  assert.equal(results.length, 8);
  const silentOnes = results.filter((r) => !r.target.startsWith('https://'));
  const healthy = results.filter((r) => r.target.startsWith('https://'));
  assert.ok(silentOnes.every((r) => r.timedOut && r.rootCause?.id === 'handshake.no-server-hello'));
  assert.ok(healthy.every((r) => r.status === 'healthy'));
  // every healthy target started before the first silent one was over
  const endOf = (r: FleetTargetResult): number => Date.parse(r.startedAt) + r.durationMs;
  const startOf = (r: FleetTargetResult): number => Date.parse(r.startedAt);
  const firstSilentEnd = Math.min(...silentOnes.map(endOf));
  for (const r of healthy)
    assert.ok(startOf(r) < firstSilentEnd, `${r.target} started after a silent target ended`);

  // the same list without the waiting allowance: the silent targets hold all four slots, so no
  // healthy target starts before one of them is over
  const strict = await fleetOrder(0);
  assert.equal(strict.length, 8);
  const strictSilentEnd = Math.min(...strict.filter((r) => !r.target.startsWith('https://')).map(endOf));
  for (const r of strict.filter((x) => x.target.startsWith('https://')))
    assert.ok(
      startOf(r) >= strictSilentEnd - 5,
      `${r.target} started while the silent targets held every slot`,
    );
});
