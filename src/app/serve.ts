// `tlsdoctor serve`: a Prometheus exporter in the multi-target exporter pattern. Prometheus sends
// `GET /probe?target=…&module=…[&ip=…]` (the target from relabelling `__param_target`); the exporter
// checks the target against its allow list before anything else (403 otherwise), runs one
// diagnosis (or scan) within a deadline below the scrape timeout Prometheus announces in
// X-Prometheus-Scrape-Timeout-Seconds, and answers with metrics (src/fleet/metrics.ts).
// `GET /metrics` is the exporter's own: probes run, in flight, refused, errors.
// Sources: Prometheus "Writing exporters" (multi-target exporter pattern), "Exposition formats".
import http from 'node:http';
import { isTlsDoctorError, oneLine } from '../errors.js';
import type { DiagnoseReport, ScanReport } from '../model/report.js';
import { checkAllowed, checkAllowedAt, type AllowEntry, type Resolver } from '../fleet/allow.js';
import { CONTENT_TYPE, MetricsWriter, probeMetrics } from '../fleet/metrics.js';
import type { ExporterConfig, ProbeModule } from '../fleet/modules.js';
import { VERSION } from '../version.js';
import { diagnose } from './diagnose.js';
import { scanCommand } from './scan-report.js';

export interface ExporterOptions {
  config: ExporterConfig;
  /** allow entries from the command line, added to the config's */
  allow?: AllowEntry[];
  host?: string;
  port?: number;
  /** probes running at once; more wait for a slot within their deadline */
  maxConcurrent?: number;
  /** subtracted from Prometheus' scrape timeout, so the answer comes before Prometheus gives up, ms */
  timeoutOffsetMs?: number;
  resolve?: Resolver;
  /** one line per probe and per refusal */
  log?: (line: string) => void;
}

export interface Exporter {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_TARGET = 2048;

export async function startExporter(o: ExporterOptions): Promise<Exporter> {
  const allow = [...o.config.allow, ...(o.allow ?? [])];
  const maxConcurrent = o.maxConcurrent ?? 8;
  const offset = o.timeoutOffsetMs ?? 500;
  const counters = {
    probes: new Map<string, number>(),
    refused: new Map<string, number>(),
    errors: 0,
    inFlight: 0,
    running: 0,
  };
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  const waiters: Array<() => void> = [];
  const release = (): void => {
    counters.running--;
    const next = waiters.shift();
    if (next) {
      counters.running++;
      next();
    }
  };
  /** a slot to run a probe, or false when none came before `deadline` */
  const acquire = (deadline: number): Promise<boolean> => {
    if (counters.running < maxConcurrent) {
      counters.running++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const go = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(
        () => {
          const i = waiters.indexOf(go);
          if (i >= 0) waiters.splice(i, 1);
          resolve(false);
        },
        Math.max(0, deadline - Date.now()),
      );
      waiters.push(go);
    });
  };

  const answer = (
    res: http.ServerResponse,
    status: number,
    body: string,
    type = 'text/plain; charset=utf-8',
  ): void => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };

  const probe = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const target = url.searchParams.get('target');
    const moduleName = url.searchParams.get('module') ?? 'diagnose';
    if (!target || target.length > MAX_TARGET) {
      bump(counters.refused, 'bad-request');
      return answer(res, 400, `target parameter is missing or longer than ${MAX_TARGET} characters\n`);
    }
    const mod: ProbeModule | undefined = o.config.modules.get(moduleName);
    if (!mod) {
      bump(counters.refused, 'bad-request');
      return answer(
        res,
        400,
        `unknown module ${JSON.stringify(moduleName)} (known: ${[...o.config.modules.keys()].join(', ')})\n`,
      );
    }
    // ip: connect to this address instead of resolving the target's name (as diagnose --ip)
    const ip = url.searchParams.get('ip');
    const decision =
      ip !== null
        ? checkAllowedAt(target, ip.slice(0, 64), allow)
        : await checkAllowed(target, allow, o.resolve);
    if (!decision.allowed) {
      bump(counters.refused, decision.status === 403 ? 'not-allowed' : 'bad-request');
      o.log?.(`refused ${decision.status}: ${decision.reason}`);
      return answer(res, decision.status, `${decision.reason}\n`);
    }
    const header = Number(req.headers['x-prometheus-scrape-timeout-seconds']);
    const budget = Math.max(
      500,
      Math.min(mod.timeoutMs, Number.isFinite(header) && header > 0 ? header * 1000 - offset : Infinity),
    );
    const t0 = performance.now();
    const deadline = Date.now() + budget;
    counters.inFlight++;
    try {
      if (!(await acquire(deadline))) {
        bump(counters.probes, `${mod.name}:timeout`);
        return answer(
          res,
          200,
          probeMetrics({ durationMs: performance.now() - t0, deadlineHit: true, now: new Date() }),
          CONTENT_TYPE,
        );
      }
      const sni = mod.sni;
      const common = {
        ip: decision.address,
        ...(sni !== undefined ? { sni } : {}),
        // a handshake may not take longer than what is left of the deadline
        timeoutMs: Math.max(100, Math.min(mod.probeTimeoutMs, Math.floor(budget / 2))),
      };
      const run: Promise<DiagnoseReport | ScanReport> =
        mod.mode === 'scan'
          ? scanCommand(target, common)
          : diagnose(target, {
              ...common,
              httpPort: mod.httpPort,
              ...(mod.caFiles ? { caFiles: mod.caFiles } : {}),
            });
      // the slot is held until the diagnosis ends, even when the answer went out at the deadline
      void run.then(release, release);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'deadline'>((resolve) => {
        timer = setTimeout(() => resolve('deadline'), Math.max(0, deadline - Date.now()));
      });
      let report: DiagnoseReport | ScanReport | undefined;
      let failure: unknown;
      try {
        const r = await Promise.race([run, late]);
        if (r !== 'deadline') report = r;
      } catch (e) {
        failure = e;
      } finally {
        clearTimeout(timer);
      }
      const durationMs = performance.now() - t0;
      if (failure !== undefined) {
        // an unreachable target is an answer (probe_success 0), anything else an exporter error
        const unreachable =
          isTlsDoctorError(failure) && (failure.code === 'UNREACHABLE' || failure.code === 'DNS_ERROR');
        if (!unreachable) counters.errors++;
        bump(counters.probes, `${mod.name}:${unreachable ? 'failure' : 'error'}`);
        o.log?.(`probe ${target} (${mod.name}): ${oneLine(failure)}`);
        return answer(
          res,
          200,
          probeMetrics({ durationMs, deadlineHit: false, now: new Date() }),
          CONTENT_TYPE,
        );
      }
      const result = !report ? 'timeout' : report.verdict.status === 'healthy' ? 'success' : 'failure';
      bump(counters.probes, `${mod.name}:${result}`);
      o.log?.(
        `probe ${target} (${mod.name}): ${report ? report.verdict.summary : `no verdict within ${budget} ms`}`,
      );
      return answer(
        res,
        200,
        probeMetrics({
          ...(report ? { report } : {}),
          durationMs,
          deadlineHit: !report,
          ...(mod.clients ? { clients: mod.clients } : {}),
          now: new Date(),
        }),
        CONTENT_TYPE,
      );
    } finally {
      counters.inFlight--;
    }
  };

  const own = (): string => {
    const w = new MetricsWriter();
    w.sample('tlsdoctor_exporter_build_info', 'gauge', 'The tlsdoctor version serving', 1, {
      version: VERSION,
    });
    for (const [k, n] of [...counters.probes].sort()) {
      const [module, result] = k.split(':') as [string, string];
      w.sample(
        'tlsdoctor_exporter_probes_total',
        'counter',
        'Probes run, by module and result (success, failure, timeout, error)',
        n,
        {
          module,
          result,
        },
      );
    }
    w.sample('tlsdoctor_exporter_probes_in_flight', 'gauge', 'Probes being answered now', counters.inFlight);
    w.sample(
      'tlsdoctor_exporter_probes_running',
      'gauge',
      'Diagnoses running now (a probe past its deadline runs on)',
      counters.running,
    );
    for (const reason of ['not-allowed', 'bad-request'])
      w.sample(
        'tlsdoctor_exporter_refused_total',
        'counter',
        'Requests refused before any connection, by reason',
        counters.refused.get(reason) ?? 0,
        {
          reason,
        },
      );
    w.sample(
      'tlsdoctor_exporter_errors_total',
      'counter',
      'Probes that failed inside the exporter',
      counters.errors,
    );
    return w.text();
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'only GET\n');
    if (url.pathname === '/probe')
      return void probe(req, res, url).catch((e: unknown) => {
        counters.errors++;
        o.log?.(`internal error: ${oneLine(e)}`);
        if (!res.headersSent) answer(res, 500, 'internal error\n');
      });
    if (url.pathname === '/metrics') return answer(res, 200, own(), CONTENT_TYPE);
    if (url.pathname === '/')
      return answer(
        res,
        200,
        `tlsdoctor ${VERSION} exporter\n/probe?target=HOST:PORT&module=${[...o.config.modules.keys()].join('|')}[&ip=ADDRESS]\n/metrics\n`,
      );
    return answer(res, 404, 'not found\n');
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 9219, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as { port: number; address: string; family: string };
  const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${hostPart}:${addr.port}`,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
