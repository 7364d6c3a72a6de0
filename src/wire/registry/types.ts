// Types of the IANA registry tables (data in *.data.ts and the per-registry modules).

/** Key exchange of a cipher suite. 'any' = TLS 1.3 (negotiated separately by key_share/psk). */
export type KeyExchange =
  | 'NULL'
  | 'RSA'
  | 'DH'
  | 'DHE'
  | 'ECDH'
  | 'ECDHE'
  | 'PSK'
  | 'DHE-PSK'
  | 'ECDHE-PSK'
  | 'RSA-PSK'
  | 'SRP'
  | 'KRB5'
  | 'ECCPWD'
  | 'GOST'
  | 'CECPQ1'
  | 'any'
  | 'SCSV';

/** Server authentication of a cipher suite. 'anon' = none at all (insecure); 'any' = TLS 1.3 (by certificate type). */
export type Authentication =
  'NULL' | 'RSA' | 'DSS' | 'ECDSA' | 'anon' | 'PSK' | 'SRP' | 'KRB5' | 'ECCPWD' | 'GOST' | 'any' | 'SCSV';

/**
 * 'insecure': NULL, EXPORT, anonymous, RC4, RC2, single DES;
 * 'weak': 64-bit block ciphers (3DES, IDEA, GOST 28147) and CBC suites without forward secrecy;
 * 'secure': everything else that encrypts;
 * 'recommended': AEAD with forward secrecy (all TLS 1.3 AEAD suites), except CCM_8 (short tag);
 * 'signal': the SCSVs, which are not cipher suites.
 */
export type CipherStrength = 'insecure' | 'weak' | 'secure' | 'recommended' | 'signal';

export interface CipherSuiteInfo {
  /** two-byte code, e.g. 0xc02f */
  readonly code: number;
  /** IANA description (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256); for non-IANA codes the name used by testssl/Wireshark */
  readonly name: string;
  /** OpenSSL's name (ECDHE-RSA-AES128-GCM-SHA256) where OpenSSL has or had one */
  readonly openssl?: string;
  readonly kx: KeyExchange;
  readonly auth: Authentication;
  /** bulk cipher, e.g. 'AES-128-GCM', 'CHACHA20-POLY1305', '3DES-EDE-CBC', 'RC4-128', 'NULL' */
  readonly cipher: string;
  /** key bits of the bulk cipher as OpenSSL counts them (3DES: 168, export RC4: 40) */
  readonly bits: number;
  /** record protection: 'AEAD', 'HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA384', 'HMAC-MD5', 'NULL', GOST MACs */
  readonly mac: string;
  /** PRF/HKDF hash: 'SHA256', 'SHA384', …; 'legacy' = the version's default (MD5+SHA-1 up to TLS 1.1, SHA-256 in TLS 1.2) */
  readonly prf: string;
  readonly aead: boolean;
  /** forward secrecy by key exchange */
  readonly fs: boolean;
  readonly export: boolean;
  /** protocol versions (0x0300 … 0x0304) with which a server may negotiate the suite; [] for SCSVs and NULL_WITH_NULL_NULL */
  readonly versions: readonly number[];
  readonly strength: CipherStrength;
  /** false for codes in use that IANA never assigned (old ChaCha drafts, GOST engine, FIPS, EXPORT1024) */
  readonly iana: boolean;
  /** IANA "Recommended" column = Y */
  readonly ianaRecommended: boolean;
  /** defining document, e.g. 'RFC5289' */
  readonly reference: string;
}

export interface Sslv2CipherKindInfo {
  /** three-byte CIPHER-KIND, e.g. 0x0700c0 */
  readonly code: number;
  readonly name: string;
  readonly openssl?: string;
  /** one of the seven kinds defined by the SSL 2.0 specification */
  readonly standard: boolean;
}

export interface NamedGroupInfo {
  readonly code: number;
  /** IANA description: 'x25519', 'secp256r1', 'X25519MLKEM768', 'ffdhe2048' */
  readonly name: string;
  readonly kind: 'ecdhe' | 'ffdhe' | 'hybrid-pq' | 'pq' | 'legacy';
  /** approximate classical security bits (for ranking and weak-group findings) */
  readonly bits: number;
  /** usable in TLS 1.3 key_share */
  readonly tls13: boolean;
  readonly iana: boolean;
  readonly ianaRecommended: boolean;
  /** a draft codepoint that is obsolete (e.g. X25519Kyber768Draft00) */
  readonly obsolete?: boolean;
  readonly reference: string;
}

export interface SignatureSchemeInfo {
  readonly code: number;
  /** TLS 1.3 SignatureScheme name; legacy (hash,signature) pairs get '<sig>_<hash>' names such as 'dsa_sha256' */
  readonly name: string;
  /** true for TLS 1.2 (HashAlgorithm, SignatureAlgorithm) pairs that are not TLS 1.3 SignatureSchemes */
  readonly legacy: boolean;
  /** usable to sign in TLS 1.3 CertificateVerify */
  readonly tls13: boolean;
  readonly reference: string;
}

export interface ExtensionTypeInfo {
  readonly code: number;
  readonly name: string;
  readonly iana: boolean;
  readonly reference: string;
}

export interface AlertInfo {
  readonly code: number;
  readonly name: string;
  /** one line: what a peer sending it means, for people */
  readonly meaning: string;
  /** reserved = no longer sent by current TLS */
  readonly reserved: boolean;
}

export interface ProtocolVersionInfo {
  readonly code: number;
  /** 'SSLv2', 'TLSv1.2' style token */
  readonly id: string;
  /** display name: 'SSL 2.0', 'TLS 1.2', 'DTLS 1.2' */
  readonly name: string;
  readonly datagram: boolean;
}
