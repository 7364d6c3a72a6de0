// The probe's one question (DESIGN): one ClientHello → exactly one Outcome from a closed list.
// Node's errors map to it in exactly one place: outcomeFromError().
import type { HelloOutcome, OutcomeStatus } from '../model/observations/probe.js';
import { alertName, cipherSuiteName, versionName } from '../wire/registry/index.js';

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

export function describeOutcome(o: HelloOutcome): string {
  switch (o.status) {
    case 'server-hello':
      return `${versionName(o.serverHello!.version)} ${cipherSuiteName(o.serverHello!.cipherSuite)}${o.alert ? `, then alert ${alertName(o.alert.description)}` : ''}`;
    case 'hello-retry':
      return `HelloRetryRequest (${versionName(o.helloRetry!.version)})`;
    case 'alert':
      return `alert ${o.alert!.description} ${alertName(o.alert!.description)}`;
    case 'timeout':
      return o.partial ? `a partial answer, then silence (timeout): ${o.partial}` : 'no answer (timeout)';
    case 'reset':
      return o.partial ? `a partial answer, then a reset: ${o.partial}` : 'connection reset';
    case 'closed':
      return o.partial
        ? `a partial answer, then the connection closed: ${o.partial}`
        : 'connection closed without an answer';
    case 'not-tls':
      return o.error ?? 'not TLS';
    default:
      return o.error ?? o.status;
  }
}
