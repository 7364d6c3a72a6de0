// Slow is not silent: before a scan's adaptive probes run with deadlines from the measured round
// trip, one hello waits up to the user's limit; a server that answers late gets that much patience
// on every later probe (ProbeSession.allowSlowAnswers).
import { helloOf } from '../probe/plan.js';
import { PATIENT_HELLO } from '../probe/profiles/diagnose-plan.js';
import type { ProbeSession } from '../probe/session.js';

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
