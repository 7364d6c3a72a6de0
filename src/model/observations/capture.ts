// The facts a capture yields (DESIGN: observations never judge). One 'capture.connection' per TCP
// connection in which TLS was seen from at least one side, one 'capture.summary' per file.
// Numbers are kept raw (suite 0xc02f, version 0x0303): names are the renderers' and rules' business.
import type { ObservationBase } from '../observation.js';

/** A moment in the capture. */
export interface CaptureMoment {
  frame: number;
  /** ISO 8601, microseconds */
  time: string;
  /** seconds since the first packet of the capture */
  rel: number;
}

export interface CapturedClientHello extends CaptureMoment {
  /** 'sslv2' for an SSLv2-format (version 2 record) hello */
  format: 'tls' | 'sslv2';
  legacyVersion: number;
  /** supported_versions, in the client's order (GREASE included as sent) */
  supportedVersions?: number[];
  /**
   * supported_versions without GREASE when present; else [legacy_version], the client's highest
   * (it may accept lower ones: see `clientOffers`)
   */
  offeredVersions: number[];
  cipherSuites: number[];
  sni?: string;
  alpn?: string[];
  groups?: number[];
  signatureAlgorithms?: number[];
  keyShareGroups?: number[];
  extensions: number[];
  ja3?: string;
  ja3Hash?: string;
  ja4?: string;
  /**
   * the hello did not parse (one line, with the offset): the fields above are what fixed positions
   * showed — cipherSuites only when cipherSuitesIntact, sni and supportedVersions from whole extensions
   */
  malformed?: string;
  /** a malformed hello's cipher_suites vector was whole */
  cipherSuitesIntact?: boolean;
  /** a malformed hello's random, hex */
  random?: string;
}

export interface CapturedServerHello extends CaptureMoment {
  legacyVersion: number;
  /** supported_versions.selected_version when present, else legacy_version */
  version: number;
  cipherSuite: number;
  extensions: number[];
  alpn?: string;
  keyShareGroup?: number;
  downgradeSentinel?: 'tls12' | 'tls11';
}

export interface CapturedHelloRetryRequest extends CaptureMoment {
  cipherSuite: number;
  version: number;
  requestedGroup?: number;
}

export interface CapturedAlert extends CaptureMoment {
  from: 'client' | 'server';
  level: number;
  description: number;
  /** the last handshake message seen on the connection (either side) before the alert, e.g. 'Certificate' */
  after: string | null;
  /** the sender of that message */
  afterFrom: 'client' | 'server' | null;
  /** the server's Certificate message had been seen before this alert */
  afterServerCertificate: boolean;
}

export interface CapturedChain extends CaptureMoment {
  /** DER certificates, base64, leaf first as the server sent them */
  certificates: string[];
}

export interface CapturedNotTls extends CaptureMoment {
  from: 'client' | 'server';
  /** the first bytes, hex */
  firstBytesHex: string;
  /** the first bytes as text (printable ASCII, others as '.') */
  firstBytesText: string;
}

export interface CapturedTcpEnd extends CaptureMoment {
  by: 'client' | 'server';
  /** IP TTL / hop limit of that packet */
  ttl: number;
  /** IPv4 identification of that packet (-1 for IPv6) */
  ipId: number;
  /** distinct TTLs of the sender's other packets on this connection */
  senderTtls: number[];
  /** IP IDs of the sender's last packets before this one */
  senderRecentIpIds: number[];
}

export interface CapturedGap {
  from: 'client' | 'server';
  frame: number;
  bytes: number;
  reason: 'not-captured' | 'snaplen' | 'buffer-limit' | 'capture-ended';
  /** the gap fell before the handshake was settled, so TLS parsing of that direction stopped */
  duringHandshake: boolean;
}

/** How the handshake ended, as seen on the wire (a fact, not a verdict). */
export type HandshakeEnd =
  | 'complete' // both sides switched to encrypted traffic and no fatal alert was seen in clear
  | 'alert' // a fatal alert in clear ended it
  | 'reset' // a TCP RST before it completed
  | 'closed' // a FIN before it completed
  | 'not-tls' // one side answered with bytes that are not TLS
  | 'capture-ended' // the capture ended with the handshake still open (silence)
  | 'mid-stream' // joined mid-stream (no SYN, no hello): the handshake is not in the capture
  | 'server-not-captured'; // a ClientHello, and no packet at all of the server's direction

export interface CaptureConnectionObservation extends ObservationBase {
  kind: 'capture.connection';
  /** 1-based, in order of first packet */
  id: number;
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  ipVersion: 4 | 6;
  vlans?: number[];
  start: CaptureMoment;
  end: CaptureMoment;
  handshakeEnd: HandshakeEnd;
  /** the last handshake message seen in clear, and who sent it */
  lastMessage: { name: string; from: 'client' | 'server'; frame: number } | null;
  clientHello?: CapturedClientHello;
  /** a second ClientHello after a HelloRetryRequest */
  secondClientHello?: CapturedClientHello;
  helloRetryRequest?: CapturedHelloRetryRequest;
  serverHello?: CapturedServerHello;
  /** TLS ≤ 1.2: the chain the server sent in clear */
  serverCertificates?: CapturedChain;
  alerts: CapturedAlert[];
  changeCipherSpec: { client?: number; server?: number };
  /** first encrypted record per side (application data, or TLS 1.3 encrypted handshake) */
  firstEncrypted: { client?: { frame: number; length: number }; server?: { frame: number; length: number } };
  /** encrypted records seen per side before the handshake settled (capped count) */
  encryptedRecords: { client: number; server: number };
  notTls?: CapturedNotTls;
  /**
   * plaintext before TLS (STARTTLS of SMTP/IMAP/POP3/FTP/XMPP/LDAP, PostgreSQL SSLRequest, MySQL SSL,
   * HTTP CONNECT, PROXY protocol, SOCKS), found by content: the protocol, whether the client asked
   * to start TLS, the plaintext bytes per side, whether a ClientHello followed, the server's last
   * plaintext (its answer)
   */
  preamble?: {
    protocol: string;
    /**
     * the client asked to start TLS; for MySQL also a client that sent nothing after a greeting
     * without CLIENT_SSL (a client requiring TLS gives up there)
     */
    upgradeAsked: boolean;
    /** what the server's greeting said of TLS, where it says it (MySQL: the CLIENT_SSL capability) */
    tlsOffered?: boolean;
    clientBytes: number;
    serverBytes: number;
    tlsFollowed: boolean;
    /** the server's answer to the upgrade request: its last plaintext line before the client's hello, else its last */
    serverLast?: string;
  };
  /** TLS bytes that could not be parsed after a good start (one line, with the stream offset) */
  parseErrors: string[];
  tcp: {
    /** the SYN was seen (false: the connection was already open when the capture started) */
    synSeen: boolean;
    synFrame?: number;
    synAckFrame?: number;
    /** the server acknowledged every byte of the ClientHello */
    clientHelloAcked: boolean;
    clientHelloAckFrame?: number;
    /** client segments re-sent while the ClientHello waited for an answer */
    clientHelloRetransmissions: number;
    /** first server payload after the ClientHello */
    firstServerByte?: CaptureMoment;
    /** ms from the ClientHello to the first server byte */
    clientHelloToFirstServerByteMs?: number;
    reset?: CapturedTcpEnd;
    clientFin?: CaptureMoment;
    serverFin?: CaptureMoment;
    bytes: { client: number; server: number };
    packets: number;
    /** packets of the server's direction (0: that direction is not in the capture) */
    serverPackets?: number;
    /** how far the client's acknowledgments went past its first one: server bytes it received */
    clientAckedServerBytes?: number;
    retransmissions: number;
    outOfOrder: number;
    gaps: CapturedGap[];
    /** IPv4 fragments seen for this address pair (flagged, not reassembled) */
    fragments: number;
  };
  /**
   * a failed handshake's kind (server, how it ended, first fatal alert, last message) in the whole
   * capture: how many of its kind were listed one by one (this one among them) and how many only
   * counted (summary.failureKinds); absent on completed handshakes
   */
  sameKind?: { listed: number; notListed: number };
}

export interface CaptureSummaryObservation extends ObservationBase {
  kind: 'capture.summary';
  file: string;
  format: string;
  compressed: boolean;
  byteOrder: 'little' | 'big';
  fileSize: number;
  /** bytes actually read (large packets of settled connections are skipped unread) */
  bytesRead: number;
  interfaces: Array<{
    id: number;
    linkType: number;
    linkTypeName: string;
    snaplen: number;
    timestampResolution: string;
    name?: string;
  }>;
  packets: number;
  firstPacket?: CaptureMoment;
  lastPacket?: CaptureMoment;
  tcpPackets: number;
  /** TCP connections seen (any protocol) */
  tcpConnections: number;
  /** connections in which TLS was seen */
  tlsConnections: number;
  /** SYNs never answered by a SYN-ACK */
  unansweredSyns: number;
  skipped: {
    unsupportedLink: number;
    notIp: number;
    notTcp: number;
    fragments: number;
    truncated: number;
    malformed: number;
    snaplenCut: number;
    zeroLength: number;
  };
  /** link types present but not decoded */
  unsupportedLinkTypes: number[];
  /**
   * packets carried in a tunnel, per outermost encapsulation (IPv4-in-IP, IPv6-in-IP, GRE, ERSPAN,
   * VXLAN, Geneve, GTP-U, CAPWAP data), with those whose payload was not decoded and why (e.g.
   * "CAPWAP data" with native 802.11 frames, "GRE protocol 0x880b")
   */
  tunnels?: Array<{ encapsulation: string; packets: number; notDecoded: number; notDecodedAs?: string[] }>;
  /** the reader stopped before the end of the file */
  stopped?: { offset: number; code: string; reason: string };
  /** one line each, capped */
  warnings: string[];
  /** TLS connections not reported individually because of the caps (completed ones and failed ones) */
  connectionsOverCap: number;
  /** of those, the completed handshakes (a sample of completed handshakes is reported) */
  completedOverCap?: number;
  /**
   * failed handshakes per kind — server, how the handshake ended, the first fatal alert (sender and
   * description), the last handshake message — with how many are reported one by one (`listed`) and
   * how many only counted here (`notListed`); most frequent first, at most 1000 kinds
   */
  failureKinds?: Array<{
    server: string;
    handshakeEnd: HandshakeEnd;
    alert?: { from: 'client' | 'server'; description: number };
    lastMessage: string | null;
    listed: number;
    notListed: number;
  }>;
  /** failed handshakes of kinds past those 1000, counted only in connectionsOverCap */
  failureKindsOverCap?: number;
  /** the same, by how the handshake ended */
  failureKindsOverCapByEnd?: Partial<Record<HandshakeEnd, number>>;
  /**
   * the connection table: at most `limit` tracked at once (the peak reached), how many were closed
   * out before their end because they were idle for idleTimeoutSec or the table was full
   */
  liveConnections?: { limit: number; peak: number; closedOut: number; idleTimeoutSec: number };
}

export type CaptureObservation = CaptureConnectionObservation | CaptureSummaryObservation;
