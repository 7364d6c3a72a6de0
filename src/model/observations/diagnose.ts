// Observations the diagnose flow itself records about the run (what was asked, what was varied).
import type { ObservationBase } from '../observation.js';

export interface ContextObservation extends ObservationBase {
  kind: 'diagnose.context';
  /** host as given */
  host: string;
  port: number;
  /** the name sent as SNI and checked in the certificate (undefined for an IP target or --no-sni) */
  serverName: string | undefined;
  /** the address probed */
  address: string;
  /** the alternative SNI value used to tell a server's SNI handling from a middlebox's */
  otherServerName: string;
}
