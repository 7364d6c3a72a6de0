// The map of observation kinds: each `kind` string a report may carry, and the interface its
// observations follow. It is the evidence part of the JSON contract: scripts/gen-report-schema.mjs
// generates the observation definitions of schema/report.schema.json from `ObservationKinds`.
// Adding a kind: its interface in its gatherer's file here, one line below, then
// `node scripts/gen-report-schema.mjs` (a test fails while the checked-in schema differs).
import type { CaptureConnectionObservation, CaptureSummaryObservation } from './capture.js';
import type { ContextObservation } from './diagnose.js';
import type {
  DnsObservation,
  FullHandshakeObservation,
  HelloObservation,
  HttpObservation,
  ScanObservation,
  SniDefaultObservation,
  TcpObservation,
} from './probe.js';
import type {
  CertStoreEntryObservation,
  CipherSuiteOrderObservation,
  EventObservation,
  IisBindingObservation,
  IpListenObservation,
  PortOwnerObservation,
  ProcessObservation,
  RegistryValueObservation,
  SchannelAlgorithmObservation,
  SchannelProtocolObservation,
  SslCertBindingObservation,
  UrlReservationObservation,
  WindowsInputObservation,
  WindowsOsObservation,
} from './windows.js';
import type {
  CertificateObservation,
  ChainObservation,
  KeyObservation,
  LoadErrorObservation,
  PolicyObservation,
  SourceObservation,
} from './x509.js';

/** kind → the interface of its observations */
export interface ObservationKinds {
  'capture.connection': CaptureConnectionObservation;
  'capture.summary': CaptureSummaryObservation;
  'diagnose.context': ContextObservation;
  'probe.dns': DnsObservation;
  'probe.full-handshake': FullHandshakeObservation;
  'probe.hello': HelloObservation;
  'probe.http': HttpObservation;
  'probe.scan': ScanObservation;
  'probe.sni-default': SniDefaultObservation;
  'probe.tcp': TcpObservation;
  'windows.cert-store-entry': CertStoreEntryObservation;
  'windows.cipher-suite-order': CipherSuiteOrderObservation;
  'windows.event': EventObservation;
  'windows.iis-binding': IisBindingObservation;
  'windows.input': WindowsInputObservation;
  'windows.iplisten': IpListenObservation;
  'windows.os': WindowsOsObservation;
  'windows.port-owner': PortOwnerObservation;
  'windows.process': ProcessObservation;
  'windows.registry-value': RegistryValueObservation;
  'windows.schannel-algorithm': SchannelAlgorithmObservation;
  'windows.schannel-protocol': SchannelProtocolObservation;
  'windows.sslcert-binding': SslCertBindingObservation;
  'windows.url-reservation': UrlReservationObservation;
  'x509.certificate': CertificateObservation;
  'x509.chain': ChainObservation;
  'x509.key': KeyObservation;
  'x509.load-error': LoadErrorObservation;
  'x509.policy': PolicyObservation;
  'x509.source': SourceObservation;
}

export type ObservationKind = keyof ObservationKinds;

/** An observation of a known kind. */
export type Observation = ObservationKinds[ObservationKind];

/** The observation interface of one kind, e.g. `ObservationOf<'probe.tcp'>`. */
export type ObservationOf<K extends ObservationKind> = ObservationKinds[K];
