// "Does the site work over plain HTTP at all?" — one GET over TCP, bounded in time and size.
import type { HttpCheckResult } from '../model/observations/probe.js';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { outcomeFromError } from './outcome.js';

export function httpCheck(opts: {
  address: string;
  port: number;
  hostHeader: string;
  path: string;
  timeoutMs: number;
}): Promise<HttpCheckResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<HttpCheckResult, 'durationMs' | 'address' | 'port'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({
        ...r,
        address: opts.address,
        port: opts.port,
        durationMs: Math.round((performance.now() - t0) * 100) / 100,
      });
    };
    const req = request({
      host: opts.address,
      port: opts.port,
      path: opts.path,
      method: 'GET',
      agent: false,
      headers: { Host: opts.hostHeader, 'User-Agent': 'tlsdoctor', Connection: 'close' },
      insecureHTTPParser: true,
      maxHeaderSize: 64 * 1024,
    });
    const timer = setTimeout(
      () => done({ status: 'timeout', error: `no HTTP response within ${opts.timeoutMs} ms` }),
      opts.timeoutMs,
    );
    req.once('response', (res) => {
      res.resume();
      done({
        status: 'ok',
        httpStatus: res.statusCode ?? 0,
        ...(typeof res.headers.server === 'string' ? { server: res.headers.server } : {}),
        ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}),
      });
    });
    req.once('error', (err: NodeJS.ErrnoException) => {
      const m = outcomeFromError(err);
      if (
        m &&
        (m.status === 'refused' ||
          m.status === 'timeout' ||
          m.status === 'reset' ||
          m.status === 'unreachable')
      )
        done({ status: m.status, error: m.error });
      else if (err.code === 'ECONNRESET' || /socket hang up/.test(err.message))
        done({ status: 'closed', error: 'server closed the connection without an HTTP response' });
      else done({ status: 'not-http', error: `${err.code ?? 'error'}: ${err.message}` });
    });
    req.end();
  });
}
