// One ClientHello → exactly one HelloOutcome (DESIGN "The probe's one question").
import { buildClientHello, buildSSLv2ClientHello, Version, type ClientHelloOptions } from '../wire/index.js';
import { exchange, type Deadlines } from './connection.js';
import { FlightReader } from './flight.js';
import type { HelloOffer, HelloOutcome } from '../model/observations/probe.js';
import type { ReadUntil } from './flight.js';

export { MAX_MESSAGE_SAMPLE } from './flight.js';

export interface Endpoint {
  address: string;
  port: number;
}

export type { ReadUntil } from './flight.js';

export interface PreparedHello {
  bytes: Buffer;
  offer: HelloOffer;
}

export function prepareHello(opts: ClientHelloOptions): PreparedHello {
  const built = buildClientHello(opts);
  const versions = opts.supportedVersions?.length
    ? opts.supportedVersions.filter((v) => (v & 0x0f0f) !== 0x0a0a)
    : [opts.legacyVersion];
  return {
    bytes: built.record,
    offer: {
      maxVersion: Math.max(...versions),
      versions,
      cipherSuites: opts.cipherSuites,
      ...(opts.groups ? { groups: opts.groups } : {}),
      ...(opts.serverName ? { serverName: opts.serverName } : {}),
      ...(opts.alpn ? { alpn: opts.alpn } : {}),
      size: built.record.length,
    },
  };
}

export function prepareSSLv2Hello(cipherKinds: number[]): PreparedHello {
  const bytes = buildSSLv2ClientHello({ version: Version.SSL2, cipherSpecs: cipherKinds });
  return {
    bytes,
    offer: {
      maxVersion: Version.SSL2,
      versions: [Version.SSL2],
      cipherSuites: [],
      size: bytes.length,
      sslv2: true,
    },
  };
}

export async function probeHello(
  ep: Endpoint,
  hello: PreparedHello,
  opts: { deadlines: Deadlines; until?: ReadUntil; signal?: AbortSignal },
): Promise<HelloOutcome> {
  const flight = new FlightReader(hello.offer, opts.until ?? 'server-hello');
  const res = await exchange({
    address: ep.address,
    port: ep.port,
    deadlines: opts.deadlines,
    payload: hello.bytes,
    ...(opts.signal ? { signal: opts.signal } : {}),
    consume: (chunk) => flight.push(chunk),
  });
  return flight.outcome(ep, res);
}
