// The typed observations the Windows parsers produce (stage 2 of convention 10). Plain,
// serialisable facts with their evidence (file + line); no judgement: rules decide.
import type { ObservationBase } from '../observation.js';

export type WindowsObservationKind =
  | 'windows.input'
  | 'windows.os'
  | 'windows.sslcert-binding'
  | 'windows.iplisten'
  | 'windows.port-owner'
  | 'windows.process'
  | 'windows.schannel-protocol'
  | 'windows.schannel-algorithm'
  | 'windows.cipher-suite-order'
  | 'windows.registry-value'
  | 'windows.iis-binding'
  | 'windows.cert-store-entry'
  | 'windows.url-reservation'
  | 'windows.event';

/** One input file (or command output) that was read, and what it was taken for. */
export interface WindowsInputObservation extends ObservationBase {
  kind: 'windows.input';
  /** detected content kind, e.g. 'netsh-sslcert'; 'unknown' when nothing matched */
  inputKind: string;
  encoding?: string;
  /** things the parser could not read, one line each ("line 12: unknown label 'Foo'") */
  notes: string[];
}

export type OsFamily =
  | 'ws2008'
  | 'ws2008r2'
  | 'ws2012'
  | 'ws2012r2'
  | 'win10-1507'
  | 'ws2016'
  | 'ws2019'
  | 'ws2022'
  | 'win11'
  | 'ws2025';

export interface WindowsOsObservation extends ObservationBase {
  kind: 'windows.os';
  /** e.g. 'Microsoft Windows Server 2019 Standard' */
  name?: string;
  /** e.g. '10.0.17763' */
  version?: string;
  build?: number;
  /** the SCHANNEL-defaults family, when known */
  family?: OsFamily;
  /** where it came from: 'systeminfo' | 'ver' | 'manifest' | '--os' */
  via: string;
}

export type SslBindingKeyType = 'ipport' | 'hostnameport' | 'ccs' | 'scopedccs';

export interface SslCertBindingObservation extends ObservationBase {
  kind: 'windows.sslcert-binding';
  keyType: SslBindingKeyType;
  /** the key as netsh prints it: '0.0.0.0:443', '[::]:443', 'www.contoso.com:443', '443' */
  endpoint: string;
  /** IP for ipport ('0.0.0.0', '::', '10.0.0.5'), host for hostnameport */
  address?: string;
  port?: number;
  /** lower-case hex without spaces; '' when the field is present but empty; undefined when absent */
  certHash?: string;
  /** lower-case '{guid}' */
  appId?: string;
  /** as printed: 'My', 'MY', 'WebHosting', '(null)' */
  certStoreName?: string;
  /** every field as printed, by canonical English label */
  fields: Record<string, string>;
  /** the line of each field, same keys as `fields` */
  fieldLines: Record<string, number>;
  /** the per-binding switches, when printed (Set/Enabled → true) */
  flags: {
    negotiateClientCert?: boolean;
    rejectConnections?: boolean;
    disableHttp2?: boolean;
    disableQuic?: boolean;
    disableTls12?: boolean;
    disableTls13?: boolean;
    disableLegacyTls?: boolean;
  };
}

export interface IpListenObservation extends ObservationBase {
  kind: 'windows.iplisten';
  /** empty = HTTP.sys listens on every address (the normal case) */
  addresses: string[];
  /** the line of each address, same order */
  addressLines: number[];
}

export interface PortOwnerObservation extends ObservationBase {
  kind: 'windows.port-owner';
  protocol: 'TCP' | 'UDP';
  localAddress: string;
  localPort: number;
  /** upper-case netstat form: 'LISTENING', 'ESTABLISHED'; '' for UDP */
  state: string;
  /** absent when the output has no PID column (`netstat -ab` without -o) */
  pid?: number;
  /** from -b owner lines or Get-Process: 'httpd.exe' */
  image?: string;
  /** service tag line of -b, e.g. 'RpcSs' */
  service?: string;
  /** `Can not obtain ownership information` (a kernel listener: PID 4, HTTP.sys or SMB) */
  ownershipUnavailable?: boolean;
  /** 'netstat' | 'Get-NetTCPConnection' */
  via: string;
}

export interface ProcessObservation extends ObservationBase {
  kind: 'windows.process';
  pid: number;
  image: string;
  services?: string[];
}

export type SchannelProtocolName =
  | 'Multi-Protocol Unified Hello'
  | 'PCT 1.0'
  | 'SSL 2.0'
  | 'SSL 3.0'
  | 'TLS 1.0'
  | 'TLS 1.1'
  | 'TLS 1.2'
  | 'TLS 1.3'
  | 'DTLS 1.0'
  | 'DTLS 1.2'
  | 'DTLS 1.3';

export type ProtocolState = 'enabled' | 'disabled' | 'not-supported' | 'unknown';

/**
 * The effective state of one protocol on one side, as the registry and the OS defaults make it.
 * Emitted for every protocol of EFFECTIVE_PROTOCOLS × {server, client} for each SCHANNEL source
 * read (so the lead's cross-check always finds TLS 1.0–1.3 server), plus any other protocol key
 * present in the registry.
 */
export interface SchannelProtocolObservation extends ObservationBase {
  kind: 'windows.schannel-protocol';
  protocol: SchannelProtocolName | string;
  side: 'server' | 'client';
  /** DWORD as read (unsigned); null = value absent; a non-DWORD value gives null + enabledType */
  enabledValue: number | null;
  disabledByDefaultValue: number | null;
  /** registry type of Enabled when it is not REG_DWORD (a misconfiguration: Schannel reads DWORD) */
  enabledType?: string;
  /** the key line in the input for the explicit values (from.line points at the Enabled value) */
  explicit: boolean;
  /** the OS family the defaults were taken from (undefined = unknown OS) */
  osFamily?: OsFamily;
  osDefault: ProtocolState;
  /** what a default caller (IIS/HTTP.sys, .NET with SystemDefaultTlsVersions) gets */
  effective: ProtocolState;
  /** why, in words: 'Enabled=0', 'DisabledByDefault=1', 'OS default (Windows Server 2019)' */
  reason: string;
}

/** SCHANNEL\Ciphers, Hashes, KeyExchangeAlgorithms subkeys. */
export interface SchannelAlgorithmObservation extends ObservationBase {
  kind: 'windows.schannel-algorithm';
  category: 'cipher' | 'hash' | 'key-exchange';
  /** key name as written, e.g. 'AES 128/128' */
  name: string;
  enabledValue: number | null;
  /** the key name uses a look-alike slash (U+2215 etc.) Schannel never reads */
  lookalikeSlash?: boolean;
  values: Record<string, number | string>;
}

export interface CipherSuiteOrderObservation extends ObservationBase {
  kind: 'windows.cipher-suite-order';
  /** 'policy' (GPO Functions, wins), 'local' (Configuration\Local list), 'get-tlsciphersuite' */
  source: 'policy' | 'local' | 'get-tlsciphersuite';
  /** suite names in order, as written (with any _P256 style suffix) */
  suites: string[];
  /** IANA numbers when the source gives them (Get-TlsCipherSuite) */
  numbers?: number[];
  eccCurves?: string[];
}

/** A registry value outside the SCHANNEL protocol tree that matters (.NET, WinHTTP, HTTP.sys). */
export interface RegistryValueObservation extends ObservationBase {
  kind: 'windows.registry-value';
  /** normalised key path, long hive name: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' */
  key: string;
  name: string;
  /** 'REG_DWORD', 'REG_SZ', 'REG_MULTI_SZ', 'REG_BINARY', 'REG_QWORD', 'REG_EXPAND_SZ', 'REG_NONE' */
  type: string;
  value: number | string | string[] | null;
}

export interface IisBindingObservation extends ObservationBase {
  kind: 'windows.iis-binding';
  site: string;
  siteId?: string;
  protocol: string;
  bindingInformation: string;
  /** '*' or an address (IPv6 without brackets) */
  ip: string;
  port: number;
  host: string;
  sslFlags: number;
  sni: boolean;
  centralCertStore: boolean;
  certificateHash?: string;
  certificateStoreName?: string;
  /** read from a pasted fragment (`<site>`, `<bindings>`): other sites' bindings are unknown */
  partial?: boolean;
}

export interface CertStoreEntryObservation extends ObservationBase {
  kind: 'windows.cert-store-entry';
  store: string;
  /** 'user' when the listing is of the current user's store (`certutil -user -store …`, read from the command line pasted with it) */
  scope?: 'machine' | 'user';
  /** certutil printed 'Root Certificate: Subject matches Issuer' (a CA or self-signed certificate) */
  root?: boolean;
  index: number;
  /** lower-case hex, no spaces */
  thumbprint?: string;
  serial?: string;
  subject?: string;
  issuer?: string;
  notBefore?: string;
  notAfter?: string;
  provider?: string;
  keyContainer?: string;
  /** 'Missing stored keyset' */
  missingStoredKeyset: boolean;
  /** 'No key provider information' */
  noKeyProviderInfo: boolean;
  /** 'Encryption/Signature test passed' → passed; '... FAILED' → failed */
  keyTest: 'passed' | 'failed' | 'not-run';
  /** derived only from what certutil printed: a key is linked (provider or container) and no failure line */
  hasPrivateKey: boolean;
}

/** One `netsh http show urlacl` reservation: who may register a URL prefix with HTTP.sys. */
export interface UrlReservationObservation extends ObservationBase {
  kind: 'windows.url-reservation';
  /** as printed: 'https://+:443/ReportServer/' */
  url: string;
  scheme: string;
  /** '+' (strong wildcard), '*' (weak wildcard), a host name or an address */
  host: string;
  port: number;
  /** starts and ends with '/' as HTTP.sys stores it */
  path: string;
  users: Array<{ user: string; listen?: boolean; delegate?: boolean }>;
  sddl?: string;
}

export interface EventObservation extends ObservationBase {
  kind: 'windows.event';
  /** 'Schannel', 'Microsoft-Windows-HttpEvent', … */
  provider: string;
  eventId: number;
  level?: string;
  time?: string;
  computer?: string;
  message?: string;
  /** EventData by name (XML) or the numbers read from the message (text) */
  data: Record<string, string>;
  /** format it came from: 'wevtutil-text' | 'xml' | 'eventviewer-copy' | 'format-list' */
  via: string;
}

export type WindowsObservation =
  | WindowsInputObservation
  | WindowsOsObservation
  | SslCertBindingObservation
  | IpListenObservation
  | PortOwnerObservation
  | ProcessObservation
  | SchannelProtocolObservation
  | SchannelAlgorithmObservation
  | CipherSuiteOrderObservation
  | RegistryValueObservation
  | IisBindingObservation
  | CertStoreEntryObservation
  | UrlReservationObservation
  | EventObservation;
