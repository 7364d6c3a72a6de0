// Observations for the capture rules' tests: a complete TLS 1.2 handshake by default, with the
// fields a test changes to describe a failure. Shapes are those src/capture produces (the capture
// tests check the producer against real captures).
import type {
  CaptureConnectionObservation,
  CaptureMoment,
  CaptureSummaryObservation,
  CapturedAlert,
} from '../../../../src/model/observations/capture.js';
import { ObservationSet } from '../../../../src/model/observation.js';

export function at(frame: number, rel = frame / 1000): CaptureMoment {
  return { frame, rel, time: new Date(Date.UTC(2026, 0, 1) + rel * 1000).toISOString() };
}

let nextId = 1;
export function conn(
  over: Partial<CaptureConnectionObservation> & { f0?: number; serverPort?: number } = {},
): CaptureConnectionObservation {
  const f0 = over.f0 ?? nextId * 100;
  const id = over.id ?? nextId++;
  const base: CaptureConnectionObservation = {
    kind: 'capture.connection',
    from: { source: 'capture', origin: 'trace.pcapng', frames: [f0], time: at(f0).time },
    id,
    client: { ip: '127.0.0.10', port: 50000 + id },
    server: { ip: '127.0.0.1', port: over.serverPort ?? 443 },
    ipVersion: 4,
    start: at(f0),
    end: at(f0 + 12),
    handshakeEnd: 'complete',
    lastMessage: { name: 'ServerHelloDone', from: 'server', frame: f0 + 5 },
    clientHello: {
      ...at(f0 + 3),
      format: 'tls',
      legacyVersion: 0x0303,
      offeredVersions: [0x0303],
      cipherSuites: [0xc02f, 0xc030],
      extensions: [0, 10, 13],
      sni: 'shop.test',
    },
    serverHello: {
      ...at(f0 + 5),
      legacyVersion: 0x0303,
      version: 0x0303,
      cipherSuite: 0xc02f,
      extensions: [],
    },
    alerts: [],
    changeCipherSpec: { client: f0 + 7, server: f0 + 9 },
    firstEncrypted: { client: { frame: f0 + 7, length: 40 }, server: { frame: f0 + 9, length: 40 } },
    encryptedRecords: { client: 2, server: 2 },
    parseErrors: [],
    tcp: {
      synSeen: true,
      synFrame: f0,
      synAckFrame: f0 + 1,
      clientHelloAcked: true,
      clientHelloAckFrame: f0 + 4,
      clientHelloRetransmissions: 0,
      firstServerByte: at(f0 + 5),
      clientHelloToFirstServerByteMs: 2,
      bytes: { client: 600, server: 3000 },
      packets: 12,
      retransmissions: 0,
      outOfOrder: 0,
      gaps: [],
      fragments: 0,
    },
  };
  const { f0: _f0, serverPort: _sp, ...rest } = over;
  return { ...base, ...rest, tcp: { ...base.tcp, ...(over.tcp ?? {}) } };
}

export function alert(
  frame: number,
  from: 'client' | 'server',
  description: number,
  after: string,
  afterServerCertificate = false,
): CapturedAlert {
  return {
    ...at(frame),
    from,
    level: 2,
    description,
    after,
    afterFrom: from === 'client' ? 'server' : 'client',
    afterServerCertificate,
  };
}

export function summary(over: Partial<CaptureSummaryObservation> = {}): CaptureSummaryObservation {
  return {
    kind: 'capture.summary',
    from: { source: 'capture', origin: 'trace.pcapng' },
    file: 'trace.pcapng',
    format: 'pcapng',
    compressed: false,
    byteOrder: 'little',
    fileSize: 1000,
    bytesRead: 1000,
    interfaces: [
      { id: 0, linkType: 1, linkTypeName: 'Ethernet', snaplen: 262144, timestampResolution: 'microseconds' },
    ],
    packets: 100,
    firstPacket: at(1, 0),
    lastPacket: at(100, 30),
    tcpPackets: 100,
    tcpConnections: 3,
    tlsConnections: 3,
    unansweredSyns: 0,
    skipped: {
      unsupportedLink: 0,
      notIp: 0,
      notTcp: 0,
      fragments: 0,
      truncated: 0,
      malformed: 0,
      snaplenCut: 0,
      zeroLength: 0,
    },
    unsupportedLinkTypes: [],
    warnings: [],
    connectionsOverCap: 0,
    ...over,
  };
}

export function set(...obs: Array<CaptureConnectionObservation | CaptureSummaryObservation>): ObservationSet {
  return new ObservationSet(obs);
}

/** a failed handshake: no ServerHello, no encryption */
export function noServerHello(
  over: Partial<CaptureConnectionObservation> = {},
): CaptureConnectionObservation {
  const c = conn({
    handshakeEnd: 'closed',
    lastMessage: { name: 'ClientHello', from: 'client', frame: 0 },
    changeCipherSpec: {},
    firstEncrypted: {},
    encryptedRecords: { client: 0, server: 0 },
    ...over,
  });
  delete c.serverHello;
  if (!over.tcp?.firstServerByte) delete c.tcp.firstServerByte;
  delete c.tcp.clientHelloToFirstServerByteMs;
  return c;
}
