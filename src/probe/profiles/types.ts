// Client profiles: what a real client sends (ClientHelloOptions) and what it accepts, for client simulation and
// the compatibility matrix. The data lives in clients.json; codes there are hex strings ("0x1301") for people.
import type { ClientHelloOptions } from '../../wire/client-hello-options.js';

/** Where a profile's hello comes from. */
export type ProfileSource =
  | {
      kind: 'testssl';
      /** `names` of the client block in testssl.sh etc/client-simulation.txt whose handshakebytes it was derived from */
      client: string;
      /** a documented change applied after derivation (see applyTransform) */
      transform?: ProfileTransform;
    }
  | {
      kind: 'manual';
      /** what the values are based on */
      basis: string;
    };

export interface ProfileTransform {
  /** cap the offered versions, e.g. "0x0301" */
  maxVersion?: string;
  /** set ALPN (array) or remove it (null) */
  alpn?: string[] | null;
}

/** The JSON form of ClientHelloOptions: codes as "0x…" strings, raw extension data as hex. serverName is never stored. */
export interface ClientHelloJson {
  recordVersion?: string;
  legacyVersion: string;
  supportedVersions?: string[];
  cipherSuites?: string[];
  compressionMethods?: number[];
  groups?: string[];
  keyShareGroups?: string[];
  signatureAlgorithms?: string[];
  signatureAlgorithmsCert?: string[];
  ecPointFormats?: number[];
  alpn?: string[];
  statusRequest?: boolean;
  renegotiationInfo?: boolean;
  extendedMasterSecret?: boolean;
  sessionTicket?: boolean;
  encryptThenMac?: boolean;
  pskKeyExchangeModes?: number[];
  padding?: number | 'avoid-256-511';
  grease?: boolean;
  extraExtensions?: Array<{ type: string; data: string }>;
  extensionOrder?: string[];
}

export interface ClientProfileJson {
  id: string;
  name: string;
  notes: string;
  source: ProfileSource;
  acceptsVersions: string[];
  verifiesChain: boolean;
  usesWindowsTrust?: boolean;
  sni: boolean;
  hello: ClientHelloJson;
}

export interface ClientProfile {
  /** stable kebab-case id, e.g. 'chrome-current', 'ie11-win7-tls10' */
  readonly id: string;
  /** display name, e.g. 'IE 11 / Windows 7 (TLS 1.0 only)' */
  readonly name: string;
  /** what the profile models and how faithful it is */
  readonly notes: string;
  readonly source: ProfileSource;
  /** the hello the client sends, without serverName (filled in at probe time when `sni`) */
  readonly hello: Readonly<Omit<ClientHelloOptions, 'serverName'>>;
  /** versions the client completes a handshake with (may be fewer than it offers, e.g. OpenSSL 3 at SECLEVEL 1) */
  readonly acceptsVersions: readonly number[];
  /** the client refuses a certificate chain it cannot verify (browsers, curl, Java); false for s_client */
  readonly verifiesChain: boolean;
  /** chain building and trust come from the Windows certificate store (SChannel, IE, .NET on Windows) */
  readonly usesWindowsTrust?: boolean;
  /** the client sends server_name */
  readonly sni: boolean;
}
