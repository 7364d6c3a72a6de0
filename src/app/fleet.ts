// `tlsdoctor fleet FILE`: one diagnosis (or scan) per target of a list, with bounded concurrency
// (src/fleet/schedule.ts), each result appended to a JSON Lines file as it comes in (one write per
// line, so an interrupted run leaves whole lines and --resume carries on), then the summary across
// targets: root causes worst first, certificates expiring soon, the clients that fail most.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { debuglog } from 'node:util';
import { TlsDoctorError, isTlsDoctorError, oneLine } from '../errors.js';
import type { FleetReport, FleetTargetResult } from '../model/report.js';
import { failedResult, summarize } from '../fleet/result.js';
import { schedule } from '../fleet/schedule.js';
import { parseTargets, targetKey, type FleetTarget } from '../fleet/targets.js';
import { buildReport, startStopwatch } from './command-report.js';
import { LoopLoad } from '../fleet/quiet.js';
import { addressGroups } from '../fleet/address-groups.js';
import { watchedRun, type TargetRunOptions } from './fleet-target.js';

export interface FleetProgress {
  done: number;
  total: number;
  /** targets done whose verdict is not healthy */
  failing: number;
  /** estimated ms left, once something is done */
  etaMs?: number;
}

export interface FleetOptions {
  mode?: 'diagnose' | 'scan';
  /** targets doing work at once (work slots) */
  concurrency?: number;
  /** further targets in flight that are only waiting on a quiet server (no work slot) */
  waiting?: number;
  /** ms without progress after which a target counts as waiting */
  quietMs?: number;
  /** targets in flight at once per address */
  perHost?: number;
  /** overall deadline of one attempt on one target, ms */
  deadlineMs?: number;
  /** attempts after the first for a target whose outcome was a timeout */
  retries?: number;
  /** per-probe upper bound, ms */
  timeoutMs?: number;
  /** handshakes in flight per target */
  probeConcurrency?: number;
  /** for every target without its own */
  sni?: string | false;
  caFiles?: string[];
  httpPort?: number;
  /** certificates expiring within this many days are listed */
  warnDays?: number;
  /** append each result to this JSON Lines file as it comes in */
  jsonl?: string;
  /** skip the targets already in `jsonl` */
  resume?: boolean;
  /** write each target's HTML report into this folder */
  reportsDir?: string;
  onProgress?: (p: FleetProgress) => void;
  onResult?: (r: FleetTargetResult) => void;
  /** true: start no more targets and summarise what is done */
  stopped?: () => boolean;
  now?: Date;
}

/** The results already in a JSON Lines file; a last line cut short is dropped from the file. */
export function readJsonl(path: string): FleetTargetResult[] {
  if (!existsSync(path)) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TlsDoctorError('INPUT_UNREADABLE', `cannot read ${path}: ${oneLine(e)}`);
  }
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, end)));
  const out: FleetTargetResult[] = [];
  const lines = text.slice(0, end).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      throw new TlsDoctorError(
        'INPUT_FORMAT',
        `${path}:${i + 1}: not JSON (expected one fleet result per line)`,
      );
    }
    const o = r as Partial<FleetTargetResult>;
    if (typeof o !== 'object' || o === null || typeof o.key !== 'string' || typeof o.status !== 'string')
      throw new TlsDoctorError('INPUT_FORMAT', `${path}:${i + 1}: not a fleet result (no key or status)`);
    out.push(o as FleetTargetResult);
  }
  return out;
}

/** NODE_DEBUG=tlsdoctor-fleet: one line per attempt (queued, running, quiet) and one for the run */
const debug = debuglog('tlsdoctor-fleet');

/** event-loop lag (90th percentile over 250 ms) above which no new target starts */
const LAG_LIMIT_NS = 40e6;

/** targets only waiting on a quiet server, beyond the work slots (each holds a few sockets) */
export const DEFAULT_WAITING = 128;
/** no probe completed for this long: the target is waiting, not working */
export const DEFAULT_QUIET_MS = 250;

const slug = (s: string): string => s.replace(/[^a-z0-9.-]+/gi, '_').slice(0, 80);

export async function fleet(text: string, origin: string, o: FleetOptions = {}): Promise<FleetReport> {
  const clock = startStopwatch();
  const mode = o.mode ?? 'diagnose';
  const { format, targets } = parseTargets(text, origin);
  const keys = new Set(targets.map(targetKey));
  const byKey = new Map(targets.map((t) => [targetKey(t), t]));

  const previous = o.jsonl && o.resume ? readJsonl(o.jsonl).filter((r) => keys.has(r.key)) : [];
  const doneKeys = new Set(previous.map((r) => r.key));
  const todo = targets.filter((t) => !doneKeys.has(targetKey(t)));
  let fd: number | undefined;
  if (o.jsonl) {
    try {
      fd = openSync(o.jsonl, o.resume ? 'a' : 'w');
    } catch (e) {
      throw new TlsDoctorError('INPUT_UNREADABLE', `cannot write ${o.jsonl}: ${oneLine(e)}`);
    }
  }
  if (o.reportsDir) mkdirSync(o.reportsDir, { recursive: true });

  const results: FleetTargetResult[] = [...previous];
  let failing = previous.filter((r) => r.status !== 'healthy').length;
  let done = 0;
  let fileNo = 0;
  const t0 = performance.now();
  const started = new Map<FleetTarget, { at: string; t: number }>();
  const total = todo.length;
  o.onProgress?.({ done: 0, total, failing });

  // congestion control, as TCP's: halve the targets in flight when one answers only in part (some
  // handshakes timed out, others did not), grow back by one for every few clean answers
  const maxConcurrency = o.concurrency ?? 16;
  let limit = maxConcurrency;
  const partly = new Set<FleetTarget>();
  const adapt = (t: FleetTarget, r: FleetTargetResult): void => {
    if (partly.has(t)) limit = Math.max(2, Math.floor(limit / 2));
    else if (!r.timedOut) limit = Math.min(maxConcurrency, limit + 0.25);
  };

  const runOptions: TargetRunOptions = {
    mode,
    html: o.reportsDir !== undefined,
    ...(o.sni !== undefined ? { sni: o.sni } : {}),
    ...(o.caFiles ? { caFiles: o.caFiles } : {}),
    ...(o.httpPort !== undefined ? { httpPort: o.httpPort } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.probeConcurrency ? { probeConcurrency: o.probeConcurrency } : {}),
    ...(o.now ? { now: o.now.toISOString() } : {}),
  };
  const quietMs = o.quietMs ?? DEFAULT_QUIET_MS;
  const load = new LoopLoad();

  const runOne = async (
    t: FleetTarget,
    attempt: number,
    setQuiet: (quiet: boolean) => void,
  ): Promise<FleetTargetResult> => {
    if (!started.has(t)) started.set(t, { at: new Date().toISOString(), t: performance.now() });
    const s = started.get(t)!;
    const run = await watchedRun(t, attempt, runOptions, quietMs, load, setQuiet);
    if (run.partly) partly.add(t);
    else partly.delete(t);
    const r = run.result;
    r.startedAt = s.at;
    r.durationMs = Math.round(performance.now() - s.t);
    // a result that will be retried gets no page
    if (
      run.html !== undefined &&
      o.reportsDir &&
      !(attempt <= (o.retries ?? 1) && (r.timedOut || partly.has(t)))
    ) {
      const file = `${String(++fileNo).padStart(5, '0')}-${slug(t.target)}.html`;
      writeFileSync(join(o.reportsDir, file), run.html);
      r.report = `${basename(o.reportsDir)}/${file}`;
    }
    return r;
  };

  // Probe deadlines adapt to the measured round trip: a client whose event loop lags would take its
  // own slowness for a silent server. While the loop lags, no new target starts.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let congested = false;
  const sampler = setInterval(() => {
    congested = lag.percentile(90) > LAG_LIMIT_NS;
    lag.reset();
  }, 250);
  sampler.unref();
  // the per-address cap: names resolved once, grouped by the address they reach
  const groups = await addressGroups(todo, { timeoutMs: Math.min(o.timeoutMs ?? 5000, 5000) });
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  try {
    const stats = await schedule<FleetTarget, FleetTargetResult>(todo, {
      holdBack: () => (congested ? 100 : 0),
      concurrency: maxConcurrency,
      waiting: o.waiting ?? DEFAULT_WAITING,
      limit: () => Math.floor(limit),
      perHost: o.perHost ?? 2,
      hostOf: (t) => groups.get(t) ?? t.target,
      deadlineMs: o.deadlineMs ?? 120_000,
      retries: o.retries ?? 1,
      run: runOne,
      timedOut: (r) => {
        const t = byKey.get(r.key);
        if (t) adapt(t, r);
        return r.timedOut || (t !== undefined && partly.has(t));
      },
      onError: (t, e, attempt) => {
        const s = started.get(t);
        const code = isTlsDoctorError(e) ? e.code : 'INTERNAL';
        return failedResult(
          t,
          code === 'UNREACHABLE' || code === 'DNS_ERROR' ? 'unreachable' : 'error',
          oneLine(e),
          {
            attempts: attempt,
            startedAt: s?.at ?? new Date().toISOString(),
            durationMs: s ? Math.round(performance.now() - s.t) : 0,
            timedOut: false,
          },
        );
      },
      onDeadline: (t, attempt) => {
        const s = started.get(t);
        return failedResult(
          t,
          'unreachable',
          `no verdict within the deadline of ${o.deadlineMs ?? 120_000} ms`,
          {
            attempts: attempt,
            startedAt: s?.at ?? new Date().toISOString(),
            durationMs: s ? Math.round(performance.now() - s.t) : 0,
            timedOut: true,
          },
        );
      },
      onResult: (_t, r) => {
        results.push(r);
        done++;
        if (r.status !== 'healthy') failing++;
        if (fd !== undefined) writeSync(fd, JSON.stringify(r) + '\n');
        o.onResult?.(r);
        const elapsed = performance.now() - t0;
        o.onProgress?.({ done, total, failing, etaMs: Math.round((elapsed / done) * (total - done)) });
      },
      onAttempt: (t, attempt, timing) =>
        debug(
          `${t.target}${t.ip ? ` --ip ${t.ip}` : ''} attempt ${attempt}: queued ${timing.queuedMs} ms, running ${timing.runningMs} ms, quiet ${timing.quietMs} ms`,
        ),
      ...(o.stopped ? { stopped: o.stopped } : {}),
    });
    const cpu = process.cpuUsage(cpu0);
    debug(
      `run: ${Math.round(performance.now() - t0)} ms, cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms, event loop busy ${Math.round(performance.eventLoopUtilization(elu0).utilization * 100)} %, peak working ${stats.peakWorking}, peak waiting ${stats.peakWaiting}, peak in flight ${stats.peakInFlight}, attempts ${stats.attempts}`,
    );
  } finally {
    clearInterval(sampler);
    lag.disable();
    load.stop();
    if (fd !== undefined) closeSync(fd);
  }

  const data = summarize(results, {
    mode,
    input: { origin, format, targets: targets.length },
    done,
    resumed: previous.length,
    interrupted: done < todo.length,
    warnDays: o.warnDays ?? 30,
  });
  return buildReport('fleet', origin, clock, { findings: [], observations: [], data });
}

/** where --html FILE puts the targets' own pages: FILE's folder, `<name>-reports/` */
export function reportsDirFor(htmlFile: string): string {
  return join(dirname(htmlFile), `${basename(htmlFile).replace(/\.html?$/i, '')}-reports`);
}
