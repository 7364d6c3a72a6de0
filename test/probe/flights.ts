// Server flights for raw test servers: TLS 1.2 handshake messages built with the wire codec.
import {
  ExtensionType,
  HandshakeType,
  Version,
  encodeCertificate,
  encodeHandshake,
  encodeServerHello,
} from '../../src/wire/index.js';

/** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: offered by OpenSSL and most probes */
export const FLIGHT_SUITE = 0xc02f;

/** A TLS 1.2 ServerHello; `reneg: false` leaves out renegotiation_info (RFC 5746). */
export function serverHello(o: { suite?: number; reneg?: boolean; version?: number } = {}): Buffer {
  return encodeHandshake(
    HandshakeType.server_hello,
    encodeServerHello({
      legacyVersion: o.version ?? Version.TLS12,
      random: Buffer.alloc(32, 0x11),
      sessionId: Buffer.alloc(32, 0x22),
      cipherSuite: o.suite ?? FLIGHT_SUITE,
      compressionMethod: 0,
      extensions:
        o.reneg === false ? [] : [{ type: ExtensionType.renegotiation_info, data: Buffer.from([0]) }],
    }),
  );
}

export const certificate = (certs: Buffer[]): Buffer =>
  encodeHandshake(
    HandshakeType.certificate,
    encodeCertificate({ entries: certs.map((data) => ({ data })) }, { tls13: false }),
  );

export const serverHelloDone = (): Buffer =>
  encodeHandshake(HandshakeType.server_hello_done, Buffer.alloc(0));
