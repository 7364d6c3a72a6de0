// ProtocolVersion values (RFC 6101, 2246, 4346, 5246, 8446; DTLS RFC 6347, 9147). SSL 2.0's version field is 0x0002.
import type { ProtocolVersionInfo } from './types.js';

export const SSL2 = 0x0002;
export const SSL3 = 0x0300;
export const TLS10 = 0x0301;
export const TLS11 = 0x0302;
export const TLS12 = 0x0303;
export const TLS13 = 0x0304;

export const PROTOCOL_VERSIONS: readonly ProtocolVersionInfo[] = [
  { code: SSL2, id: 'SSLv2', name: 'SSL 2.0', datagram: false },
  { code: SSL3, id: 'SSLv3', name: 'SSL 3.0', datagram: false },
  { code: TLS10, id: 'TLSv1.0', name: 'TLS 1.0', datagram: false },
  { code: TLS11, id: 'TLSv1.1', name: 'TLS 1.1', datagram: false },
  { code: TLS12, id: 'TLSv1.2', name: 'TLS 1.2', datagram: false },
  { code: TLS13, id: 'TLSv1.3', name: 'TLS 1.3', datagram: false },
  { code: 0xfeff, id: 'DTLSv1.0', name: 'DTLS 1.0', datagram: true },
  { code: 0xfefd, id: 'DTLSv1.2', name: 'DTLS 1.2', datagram: true },
  { code: 0xfefc, id: 'DTLSv1.3', name: 'DTLS 1.3', datagram: true },
];

/** The stream versions in ascending order, as scans walk them. */
export const TLS_VERSIONS_ASCENDING: readonly number[] = [SSL2, SSL3, TLS10, TLS11, TLS12, TLS13];
