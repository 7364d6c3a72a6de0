// The probe's one question (DESIGN): one ClientHello → exactly one Outcome from a closed list.
// Node's errors map to it in exactly one place: outcomeFromError().

export type OutcomeStatus =
  | 'server-hello'
  | 'hello-retry'
  | 'alert'
  | 'reset'
  | 'closed'
  | 'timeout'
  | 'not-tls'
  | 'refused'
  | 'unreachable'
  | 'dns-error';

export const OUTCOME_STATUSES: readonly OutcomeStatus[] = [
  'server-hello',
  'hello-retry',
  'alert',
  'reset',
  'closed',
  'timeout',
  'not-tls',
  'refused',
  'unreachable',
  'dns-error',
];

/** Statuses where the server (or something on the path) answered without a ServerHello. */
export const NO_SERVER_HELLO: readonly OutcomeStatus[] = ['reset', 'closed', 'timeout'];

export interface Timings {
  /** TCP connect duration */
  connectMs?: number;
  /** from hello sent to the first byte back */
  firstByteMs?: number;
  /** whole probe */
  totalMs: number;
}

/** Which transport-level outcome a Node error means; undefined when the error is not a transport error. */
export function outcomeFromError(err: unknown): { status: OutcomeStatus; error: string } | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return {
        status: 'refused',
        error: 'connection refused (nothing listens on this port, or a firewall rejects it)',
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return { status: 'reset', error: 'connection reset by peer' };
    case 'ETIMEDOUT':
      return { status: 'timeout', error: 'timed out' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return { status: 'unreachable', error: `${code}: host or network unreachable` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
    case 'ENODATA':
      return { status: 'dns-error', error: `${code}: name does not resolve` };
    default:
      return undefined;
  }
}
