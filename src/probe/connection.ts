// One TCP exchange with separate connect / read / total deadlines: send bytes, feed what comes back
// to a consumer until it says it has enough, or the peer resets/closes, or a deadline passes.
// The only place the probe touches sockets.
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { outcomeFromError } from './outcome.js';
import type { OutcomeStatus, Timings } from '../model/observations/probe.js';

export interface Deadlines {
  /** TCP connect */
  connectMs: number;
  /** silence after the last byte sent or received */
  readMs: number;
  /** the whole exchange */
  totalMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { connectMs: 3000, readMs: 2000, totalMs: 8000 };

export interface ExchangeResult {
  /** 'done' = the consumer had enough; the rest are transport outcomes */
  end: 'done' | Extract<OutcomeStatus, 'reset' | 'closed' | 'timeout' | 'refused' | 'unreachable'>;
  /** for 'timeout': which deadline */
  timeoutPhase?: 'connect' | 'read' | 'total';
  error?: string;
  /** thrown by the consumer (e.g. a ParseError): the bytes are not what it expected */
  consumerError?: unknown;
  timings: Timings;
  bytesSent: number;
  bytesReceived: number;
  /** the first bytes the peer sent (up to 64) */
  firstBytes: Buffer;
}

export interface ExchangeOptions {
  address: string;
  port: number;
  deadlines: Deadlines;
  /** bytes to send once connected */
  payload: Buffer;
  /** stop after this many bytes received (hostile servers: giant records) */
  maxBytes?: number;
  /** gets each chunk; returns true when it has what it needs. May throw to stop. */
  consume(chunk: Buffer): boolean;
  signal?: AbortSignal;
}

export function exchange(opts: ExchangeOptions): Promise<ExchangeResult> {
  const maxBytes = opts.maxBytes ?? 512 * 1024;
  return new Promise((resolve) => {
    const t0 = performance.now();
    let connectedAt: number | undefined;
    let firstByteAt: number | undefined;
    let bytesReceived = 0;
    const first: Buffer[] = [];
    let firstLen = 0;
    let settled = false;
    const socket = new Socket();
    socket.setNoDelay(true);

    const finish = (
      r: Omit<ExchangeResult, 'timings' | 'bytesSent' | 'bytesReceived' | 'firstBytes'>,
    ): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      clearTimeout(readTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.on('error', () => undefined);
      socket.destroy();
      const now = performance.now();
      resolve({
        ...r,
        timings: {
          ...(connectedAt !== undefined ? { connectMs: round(connectedAt - t0) } : {}),
          ...(firstByteAt !== undefined && connectedAt !== undefined
            ? { firstByteMs: round(firstByteAt - connectedAt) }
            : {}),
          totalMs: round(now - t0),
        },
        bytesSent: connectedAt !== undefined ? opts.payload.length : 0,
        bytesReceived,
        firstBytes: Buffer.concat(first, firstLen).subarray(0, 64),
      });
    };

    const connectTimer = setTimeout(
      () =>
        finish({
          end: 'timeout',
          timeoutPhase: 'connect',
          error: `no TCP connection within ${opts.deadlines.connectMs} ms (filtered port or host down)`,
        }),
      opts.deadlines.connectMs,
    );
    const totalTimer = setTimeout(
      () =>
        finish({
          end: 'timeout',
          timeoutPhase: 'total',
          error: `exchange exceeded ${opts.deadlines.totalMs} ms`,
        }),
      opts.deadlines.totalMs,
    );
    let readTimer: NodeJS.Timeout | undefined;
    const armRead = (): void => {
      clearTimeout(readTimer);
      readTimer = setTimeout(
        () =>
          finish({
            end: 'timeout',
            timeoutPhase: 'read',
            error:
              bytesReceived === 0
                ? `no answer within ${opts.deadlines.readMs} ms`
                : `server stalled for ${opts.deadlines.readMs} ms after ${bytesReceived} bytes`,
          }),
        opts.deadlines.readMs,
      );
    };
    const onAbort = (): void => finish({ end: 'timeout', timeoutPhase: 'total', error: 'aborted' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => {
      connectedAt = performance.now();
      clearTimeout(connectTimer);
      armRead();
      socket.write(opts.payload);
    });
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      firstByteAt ??= performance.now();
      bytesReceived += chunk.length;
      if (firstLen < 64) {
        first.push(chunk.subarray(0, 64 - firstLen));
        firstLen += Math.min(chunk.length, 64 - firstLen);
      }
      armRead();
      let done: boolean;
      try {
        done = opts.consume(chunk);
      } catch (e) {
        finish({ end: 'done', consumerError: e });
        return;
      }
      if (done) finish({ end: 'done' });
      else if (bytesReceived > maxBytes)
        finish({
          end: 'done',
          consumerError: new Error(`server sent more than ${maxBytes} bytes without completing the hello`),
        });
    });
    socket.once('end', () =>
      finish({
        end: 'closed',
        error:
          bytesReceived === 0
            ? 'server closed the connection without answering'
            : `server closed the connection after ${bytesReceived} bytes`,
      }),
    );
    socket.once('error', (err) => {
      const mapped = outcomeFromError(err);
      if (
        mapped &&
        (mapped.status === 'refused' ||
          mapped.status === 'unreachable' ||
          mapped.status === 'reset' ||
          mapped.status === 'timeout')
      ) {
        finish({ end: mapped.status, error: mapped.error });
      } else {
        finish({
          end: connectedAt === undefined ? 'unreachable' : 'reset',
          error: `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${err.message}`,
        });
      }
    });
    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    socket.connect({ host: opts.address, port: opts.port });
  });
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
