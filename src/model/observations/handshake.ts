// One handshake attempt, whatever saw it: a probe tlsdoctor sent, or a client's connection in a
// capture. Rules about what a server does with a ClientHello read these, so a probe and a capture
// that show the same thing reach the same finding. Attempts are derived by the engine from the
// gathered observations (src/diagnose/attempts.ts); they are not written into reports, whose
// observations keep the facts as gathered.
import type { ObservationBase } from '../observation.js';
import type { CaptureConnectionObservation } from './capture.js';
import type { HelloObservation, OutcomeStatus } from './probe.js';

export interface HandshakeAttemptObservation extends ObservationBase {
  kind: 'handshake.attempt';
  /** the server endpoint, `ip:port` (`[ip]:port` for IPv6): a finding's subject when a source holds several servers */
  server: string;
  client: {
    /**
     * captured: a real client seen on the wire; profile: a probe imitating a named client;
     * probe: a probe that varies one dimension (a version alone, a suite bundle, SNI …)
     */
    role: 'captured' | 'profile' | 'probe';
    /** the client profile's name, or the captured client's address */
    name: string;
    /** the versions this client completes a handshake with */
    accepts: readonly number[];
  };
  offer: {
    format: 'tls' | 'sslv2';
    /** the versions offered (supported_versions, or legacy_version and below for a hello without it) */
    versions: readonly number[];
    cipherSuites: readonly number[];
    serverName?: string;
  };
  /** the server's answer, in the probe's closed vocabulary */
  outcome: OutcomeStatus;
  serverHello?: { version: number; cipherSuite: number; frame?: number };
  /** alerts in clear, in order, with who sent them (a probe never sends one) */
  alerts: ReadonlyArray<{ sender: 'client' | 'server'; level: number; description: number; frame?: number }>;
  /** the server answered with bytes that are not TLS (outcome 'not-tls'): the first of them, hex */
  notTls?: { firstBytes: string; frame?: number };
  /**
   * What the transport showed after the ClientHello, where the source sees it (a capture does; a
   * probe's socket knows only its outcome). Times are from the ClientHello.
   */
  transport?: {
    /** the server acknowledged every byte of the ClientHello (TCP) */
    helloAcked: boolean;
    helloAckFrame?: number;
    /** ms to the server's first byte, when one came */
    firstServerByteMs?: number;
    /** how the connection ended when it did: a reset if there was one, else the first FIN */
    end?: { how: 'reset' | 'closed'; by: 'client' | 'server'; afterMs: number; frame?: number };
    /** ms the source kept watching after the ClientHello (to the end of the capture) */
    watchedMs: number;
  };
  /** the ClientHello's frame, for a captured attempt */
  helloFrame?: number;
  /** the gathered observation it was read from (for evidence in that source's own words) */
  origin: HelloObservation | CaptureConnectionObservation;
}
