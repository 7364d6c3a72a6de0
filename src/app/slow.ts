// Slow is not silent: before a scan's adaptive probes run with deadlines from the measured round
// trip, one hello waits up to the user's limit; a server that answers late gets that much patience
// on every later probe (ProbeSession.allowSlowAnswers).
import { helloOf } from '../probe/plan.js';
import { PATIENT_HELLO } from '../probe/profiles/diagnose-plan.js';
import type { ProbeSession } from '../probe/session.js';

/**
 * How long a server may take to answer a hello before it is called silent. Common clients wait
 * about this long for a TLS handshake (Go's net/http DefaultTransport: TLSHandshakeTimeout 10 s).
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A whole diagnose's deadline from the per-answer limit: name resolution and TCP, the planned probes
 * beside the patient one, one round of retries at the measured speed, the chain's AIA fetch and
 * the plain-HTTP check — each bounded by the limit — with room for a loaded machine.
 */
export function diagnoseDeadlineMs(timeoutMs: number): number {
  return 4 * timeoutMs + 20_000;
}

/**
 * A whole scan's deadline: enumeration takes about a dozen rounds that each wait on the previous
 * one's answers, each bounded by the limit.
 */
export function scanDeadlineMs(timeoutMs: number): number {
  return 10 * timeoutMs + 30_000;
}

/** Sends the patient probe; returns how long its answer took, when it came after the usual deadline. */
export async function calibrate(
  session: ProbeSession,
  serverName: string | undefined,
  userMaxMs: number,
): Promise<number | undefined> {
  const outcome = await session.patient('timing:patient', helloOf(PATIENT_HELLO, serverName), userMaxMs);
  const late = outcome?.timings.firstByteMs;
  return late !== undefined && session.allowSlowAnswers(late, userMaxMs) ? late : undefined;
}
