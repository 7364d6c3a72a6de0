// Observations the network gatherers produce. Plain, serialisable data: no judgement here.
import type { ObservationBase } from '../observation.js';

/** name resolution of the target */
export interface DnsObservation extends ObservationBase {
  kind: 'probe.dns';
  host: string;
  addresses: Array<{ address: string; family: 4 | 6 }>;
  /** set when the user forced an address with --ip or gave an IP literal */
  literal: boolean;
}

export interface HttpObservation extends ObservationBase {
  kind: 'probe.http';
  url: string;
  result: HttpCheckResult;
}

export interface TcpObservation extends ObservationBase {
  kind: 'probe.tcp';
  address: string;
  port: number;
  state: 'open' | 'refused' | 'filtered' | 'unreachable';
  connectMs?: number;
  error?: string;
}

/** What a ClientHello offered, summarised for evidence. */
export interface HelloOffer {
  /** highest version offered (legacy_version or the top of supported_versions) */
  maxVersion: number;
  /** every version offered */
  versions: number[];
  cipherSuites: number[];
  groups?: number[];
  serverName?: string;
  alpn?: string[];
  /** bytes of the record(s) sent */
  size: number;
  sslv2?: boolean;
}

/** The serialisable result of one probe: exactly one outcome from the closed list. */
export interface HelloOutcome {
  status: OutcomeStatus;
  address: string;
  port: number;
  timings: Timings;
  bytesSent: number;
  bytesReceived: number;
  error?: string;
  /** first bytes of the answer (hex), for not-tls and evidence */
  firstBytes?: string;
  serverHello?: {
    version: number;
    cipherSuite: number;
    /** extension type codes, in order */
    extensions: number[];
    alpn?: string;
    keyShareGroup?: number;
    renegotiationInfo: boolean;
    extendedMasterSecret: boolean;
    sessionTicket: boolean;
    statusRequest: boolean;
    encryptThenMac: boolean;
    downgradeSentinel?: 'tls12' | 'tls11-or-below';
  };
  helloRetry?: { version: number; cipherSuite: number; selectedGroup?: number };
  alert?: { level: number; description: number; afterServerHello: boolean };
  /**
   * warning alerts that came before the ServerHello and did not end the attempt (e.g. Apache's
   * warning unrecognized_name, 112, for a name it has no site for): descriptions, the first 8
   */
  warningAlerts?: number[];
  /** present when more warning alerts came than `warningAlerts` keeps */
  warningAlertCount?: number;
  /** connections this probe took, when the server dropped earlier ones (reset or closed) */
  attempts?: number;
  /** when the stream stopped in the middle of a record or message: what came, in words */
  partial?: string;
  /** TLS ≤ 1.2: the clear Certificate message (base64 DER, leaf first): at most 8 certificates and 24 KiB */
  certificates?: string[];
  /** present when `certificates` was cut: what the whole Certificate message held */
  certificateList?: { count: number; bytes: number };
  serverKeyExchange?: { kind: 'ecdhe' | 'dhe' | 'other'; group?: number; dhBits?: number };
  certificateRequest?: boolean;
  /**
   * the CertificateRequest's certificate_authorities (DER DistinguishedNames, base64), first 16:
   * the CAs whose client certificates the server accepts; absent = "any" or not seen (TLS 1.3 encrypts it)
   */
  certificateAuthorities?: string[];
  /**
   * handshake message types seen, in order: the first 64 only (a hostile server may send endless
   * HelloRequests); `messageCounts` then counts them all
   */
  messages?: number[];
  /** present when `messages` was cut: how many messages of each type came, in order of first appearance */
  messageCounts?: Array<{ type: number; count: number }>;
  sslv2?: { cipherKinds: number[]; certificate?: string };
}

export interface HelloObservation extends ObservationBase {
  kind: 'probe.hello';
  /** stable id within one run, e.g. 'profile:chrome', 'version:tls1.0', 'sni:none' */
  id: string;
  /** why this probe was sent */
  purpose:
    | 'profile'
    | 'version'
    | 'suite'
    | 'group'
    | 'sni'
    | 'size'
    | 'feature'
    | 'legacy-suites'
    /** the one patient probe: waits up to the user's --timeout to tell a slow server from a silent one */
    | 'timing';
  profileId?: string;
  /**
   * What this probe varied, as typed fields: rules select probes by these, never by parsing `id`.
   * Set on every hello a ProbeSession sends; absent only in observations recorded before it existed.
   */
  varies?: ProbeVaries;
  offer: HelloOffer;
  outcome: HelloOutcome;
}

/** Where a probe's server_name stands relative to the target. */
export type SniVariant =
  /** the target's own name (the name a browser sends) */
  | 'name'
  /** no server_name extension */
  | 'none'
  /** a name no server is configured for (RFC 2606 .invalid): tells SNI handling from a middlebox */
  | 'other';

/** The dimensions one probe varies; only the fields a probe varies are present. */
export interface ProbeVaries {
  /** the protocol version probed alone (SSL 2.0 … TLS 1.3), e.g. 0x0303 */
  version?: number;
  /** which bundle of that version's suites was offered, 0 = the most common suites */
  suiteBundle?: number;
  /** the server_name variant of the SNI-comparison probes */
  sni?: SniVariant;
  /**
   * hello size: 'large' = the narrowing control hello (sni 'name') padded past 1500 bytes (two TCP
   * segments), nothing else changed; 'small' = a minimal TLS 1.2 hello (recordings made before the
   * narrowing probes varied one factor at a time)
   */
  size?: 'small' | 'large';
  /** the narrowing control hello (sni 'name') without TLS 1.3 in supported_versions, same size */
  tls13?: 'not-offered';
  /** the narrowing control hello with a minimal cipher suite list, padded to the same size */
  suites?: 'minimal';
  /** the client profile imitated (src/probe/profiles/clients.json id) */
  profile?: string;
  /** the one named group offered (group enumeration) */
  group?: number;
  /** the one ALPN protocol offered */
  alpn?: string;
  /** the suites offered are a step of suite enumeration for `version` */
  suiteEnumeration?: true;
  /** TLS_FALLBACK_SCSV was offered with a lower version (RFC 7507) */
  fallbackScsv?: true;
  /** this probe waited up to this many ms for an answer, longer than the others (slow vs silent) */
  waitMs?: number;
}

export interface FullHandshakeObservation extends ObservationBase {
  kind: 'probe.full-handshake';
  result: FullHandshakeResult;
}

/**
 * What a client that sends no server_name gets (old clients, access by IP, health checks): a full
 * handshake without SNI, and its leaf as the certificate gatherer read it. Recorded only when the
 * diagnosed target has a name to send.
 */
export interface SniDefaultObservation extends ObservationBase {
  kind: 'probe.sni-default';
  /** the name the site's own hellos send */
  serverName: string;
  result: FullHandshakeResult;
  /** the leaf served without SNI; absent when the handshake gave none */
  leaf?: {
    subject: string;
    issuer: string;
    thumbprintSha1: string;
    san: { dns: string[]; ip: string[] } | null;
    notBefore: string;
    notAfter: string;
    /** the time it was checked against (ISO) */
    checkedAt: string;
    selfSigned: boolean;
    /** it covers `serverName` (SAN, or CN without SAN) */
    coversName: boolean;
    /** its chain, as sent without SNI, reaches a trusted root */
    trusted: boolean;
    /** how that chain ends */
    chainEnd: 'anchor' | 'self-signed' | 'issuer-missing' | 'depth-limit' | 'loop';
  };
}

/** A summary of enumeration (scan) results, when a scan ran. */
export interface ScanObservation extends ObservationBase {
  kind: 'probe.scan';
  versions: Array<{ version: number; accepted: boolean; outcome: OutcomeStatus }>;
  suites: Array<{ version: number; suites: number[]; serverOrder: boolean | null }>;
}

export type ProbeObservation =
  | DnsObservation
  | HttpObservation
  | TcpObservation
  | HelloObservation
  | FullHandshakeObservation
  | SniDefaultObservation
  | ScanObservation;

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

export interface Timings {
  /** TCP connect duration */
  connectMs?: number;
  /** from hello sent to the first byte back */
  firstByteMs?: number;
  /** whole probe */
  totalMs: number;
}

export interface FullHandshakeResult {
  ok: boolean;
  address: string;
  port: number;
  serverName?: string;
  /** negotiated, e.g. 'TLSv1.3' */
  protocol?: string;
  cipher?: { name: string; standardName: string; version: string };
  alpn?: string;
  /** DER of each certificate the server sent, leaf first (base64) */
  chain: string[];
  /** host name check result (tls.checkServerIdentity) */
  hostnameError?: string;
  ocspStapled: boolean;
  sessionTicket: boolean;
  /** when the handshake failed: OpenSSL's reason or the transport outcome */
  error?: string;
  errorCode?: string;
  /**
   * the first request over the secured connection (HTTP/1.1 GET, or for h2 the connection preface):
   * it makes the server read the client's Finished, so a TLS 1.3 refusal after the handshake
   * (alert 116) arrives as an error instead of racing a timer; for HTTP/1.1 the response's status
   * line, Server header and the start of the body (nginx 400 "No required SSL certificate was
   * sent", IIS 403.7)
   */
  request?: TlsRequestResult;
  durationMs: number;
}

export interface TlsRequestResult {
  /** 'ok' an HTTP response (or the h2 server's SETTINGS) came; otherwise why none did */
  status: 'ok' | 'timeout' | 'closed' | 'not-http';
  /** 'http/1.1' or 'h2' (h2: no status is read, only that the server answered) */
  protocol: 'http/1.1' | 'h2';
  httpStatus?: number;
  reason?: string;
  server?: string;
  /** IIS: the substatus (403.7 = client certificate required), from the body */
  iisSubstatus?: string;
  /** the start of the body as text, one line, at most 300 characters */
  bodyExcerpt?: string;
  /** from the request sent to the answer (or to giving up) */
  durationMs?: number;
}

export interface HttpCheckResult {
  address: string;
  port: number;
  /** 'ok' = an HTTP response came back (any status code) */
  status: 'ok' | 'refused' | 'timeout' | 'reset' | 'closed' | 'unreachable' | 'not-http';
  httpStatus?: number;
  server?: string;
  location?: string;
  error?: string;
  durationMs: number;
}

export interface VersionResult {
  version: number;
  accepted: boolean;
  /** outcome of the deciding probe */
  outcome: HelloOutcome['status'];
  /** e.g. the alert, or "answered with TLS 1.0 instead" */
  detail?: string;
}

export interface SuiteResult {
  version: number;
  /** accepted suites, in the server's preference order when serverOrder is true, else as found */
  suites: number[];
  /** true: the server picks by its own order; false: by the client's; null: one suite, or unknown */
  serverOrder: boolean | null;
}

export interface ScanFeatures {
  secureRenegotiation: boolean | null;
  extendedMasterSecret: boolean | null;
  encryptThenMac: boolean | null;
  sessionTicket: boolean | null;
  ocspStapling: boolean | null;
  /** 'supported': inappropriate_fallback seen; 'not-supported': downgraded hello accepted; null: fewer than two versions */
  fallbackScsv: 'supported' | 'not-supported' | null;
  alpn: string[];
  /** ServerHello downgrade sentinel seen when offering TLS 1.2 only to a TLS 1.3 server */
  downgradeSentinel: boolean | null;
}

export interface SniComparison {
  /** handshake with SNI vs without: same version and suite outcome? */
  sameOutcome: boolean;
  withSni: string;
  withoutSni: string;
  /** the served leaf certificate differs */
  differentCertificate: boolean | null;
}

export interface ScanResult {
  endpoint: string;
  /** absent for an IP target without --sni, or with --no-sni */
  serverName?: string | undefined;
  versions: VersionResult[];
  suites: SuiteResult[];
  /** tls12Undetermined: curves an ECDSA server passed over for its certificate's curve (supported or not: unknown) */
  groups: { tls13: number[]; tls12: number[]; tls12Undetermined: number[] };
  features: ScanFeatures;
  sni: SniComparison | null;
  chain: FullHandshakeResult | null;
  connections: number;
  /** probes the server (or the path) dropped — reset, or closed without a byte — and answered on another connection */
  droppedThenAnswered?: number;
  durationMs: number;
}
