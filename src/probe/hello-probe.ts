// One ClientHello → exactly one HelloOutcome (DESIGN "The probe's one question").
import {
  TlsReader,
  buildClientHello,
  buildSSLv2ClientHello,
  parseServerHello,
  parseCertificate,
  parseServerKeyExchange,
  HandshakeType,
  Version,
  type ClientHelloOptions,
  type WireEvent,
} from '../wire/index.js';
import { ParseError, oneLine } from '../errors.js';
import { exchange, type Deadlines } from './connection.js';
import type { HelloOffer, HelloOutcome } from '../model/observations/probe.js';

/** how many handshake message types an outcome lists in order (the rest are only counted) */
export const MAX_MESSAGE_SAMPLE = 64;

export interface Endpoint {
  address: string;
  port: number;
}

/** How far to read: just the ServerHello (enumeration) or the whole first flight (certificates, key exchange). */
export type ReadUntil = 'server-hello' | 'flight';

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
  const until = opts.until ?? 'server-hello';
  // An SSLv2-format answer only makes sense to an SSLv2 hello; otherwise a high first bit is garbage.
  const reader = new TlsReader({ allowSSLv2: hello.offer.sslv2 === true });
  const state: Partial<HelloOutcome> & { messages: number[] } = { messages: [] };
  /** every handshake message type seen → how many times, in order of first appearance */
  const counts = new Map<number, number>();
  let messagesSeen = 0;
  let settledStatus: HelloOutcome['status'] | undefined;
  let negotiated = 0;

  const onEvent = (ev: WireEvent): boolean => {
    switch (ev.type) {
      case 'handshake': {
        messagesSeen++;
        counts.set(ev.msgType, (counts.get(ev.msgType) ?? 0) + 1);
        if (state.messages.length < MAX_MESSAGE_SAMPLE) state.messages.push(ev.msgType);
        if (ev.msgType === HandshakeType.server_hello) {
          const sh = parseServerHello(ev.body, ev.offset + 4);
          negotiated = sh.negotiatedVersion;
          if (sh.isHelloRetryRequest) {
            state.helloRetry = {
              version: sh.negotiatedVersion,
              cipherSuite: sh.cipherSuite,
              ...(sh.requestedGroup !== undefined ? { selectedGroup: sh.requestedGroup } : {}),
            };
            settledStatus = 'hello-retry';
            return true;
          }
          state.serverHello = {
            version: sh.negotiatedVersion,
            cipherSuite: sh.cipherSuite,
            extensions: (sh.extensions ?? []).map((e) => e.type),
            ...(sh.alpn !== undefined ? { alpn: sh.alpn } : {}),
            ...(sh.keyShare ? { keyShareGroup: sh.keyShare.group } : {}),
            renegotiationInfo: sh.renegotiationInfo !== undefined,
            extendedMasterSecret: sh.extendedMasterSecret === true,
            sessionTicket: sh.sessionTicket === true,
            statusRequest: sh.statusRequest === true,
            encryptThenMac: sh.encryptThenMac === true,
            ...(sh.downgradeSentinel
              ? { downgradeSentinel: sh.downgradeSentinel === 'tls12' ? 'tls12' : 'tls11-or-below' }
              : {}),
          };
          settledStatus = 'server-hello';
          // TLS 1.3: everything after the ServerHello is encrypted.
          return until === 'server-hello' || negotiated === Version.TLS13;
        }
        if (ev.msgType === HandshakeType.certificate && negotiated !== Version.TLS13) {
          state.certificates = parseCertificate(ev.body, { tls13: false }, ev.offset + 4).certificates.map(
            (c) => c.toString('base64'),
          );
        } else if (ev.msgType === HandshakeType.server_key_exchange) {
          try {
            const ske = parseServerKeyExchange(ev.body, { kind: 'auto', version: negotiated }, ev.offset + 4);
            state.serverKeyExchange =
              ske.kind === 'ecdhe'
                ? { kind: 'ecdhe', ...(ske.namedCurve !== undefined ? { group: ske.namedCurve } : {}) }
                : ske.kind === 'dhe'
                  ? { kind: 'dhe', dhBits: ske.primeBits }
                  : { kind: 'other' };
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            state.serverKeyExchange = { kind: 'other' };
          }
        } else if (ev.msgType === HandshakeType.certificate_request) {
          state.certificateRequest = true;
        } else if (ev.msgType === HandshakeType.server_hello_done) {
          return true;
        }
        return false;
      }
      case 'alert':
        state.alert = {
          level: ev.level,
          description: ev.description,
          afterServerHello: settledStatus === 'server-hello',
        };
        if (settledStatus === undefined) settledStatus = 'alert';
        return ev.level === 2 || settledStatus === 'alert';
      case 'sslv2-server-hello':
        state.sslv2 = {
          cipherKinds: ev.hello.cipherSpecs,
          ...(ev.hello.certificate.length ? { certificate: ev.hello.certificate.toString('base64') } : {}),
        };
        state.serverHello = {
          version: Version.SSL2,
          cipherSuite: ev.hello.cipherSpecs[0] ?? 0,
          extensions: [],
          renegotiationInfo: false,
          extendedMasterSecret: false,
          sessionTicket: false,
          statusRequest: false,
          encryptThenMac: false,
        };
        settledStatus = 'server-hello';
        return true;
      case 'sslv2-error':
        state.alert = { level: 2, description: 40, afterServerHello: false };
        settledStatus = 'alert';
        state.error = `SSLv2 ERROR message (code ${ev.code})`;
        return true;
      case 'application-data':
        if (settledStatus === undefined)
          throw new ParseError(
            'PARSE_MALFORMED',
            'application data before any ServerHello',
            ev.offset,
            'Record',
          );
        return true;
      default:
        return false;
    }
  };

  const res = await exchange({
    address: ep.address,
    port: ep.port,
    deadlines: opts.deadlines,
    payload: hello.bytes,
    ...(opts.signal ? { signal: opts.signal } : {}),
    consume(chunk) {
      let events: WireEvent[];
      try {
        events = reader.push(chunk);
      } catch (e) {
        // handle what was decoded before the bad bytes, then fail
        for (const ev of reader.eventsBeforeError) if (onEvent(ev)) return true;
        throw e;
      }
      for (const ev of events) if (onEvent(ev)) return true;
      return false;
    },
  });

  const base = {
    address: ep.address,
    port: ep.port,
    timings: res.timings,
    bytesSent: res.bytesSent,
    bytesReceived: res.bytesReceived,
    ...(res.firstBytes.length ? { firstBytes: res.firstBytes.toString('hex') } : {}),
  };
  const extras = {
    ...(state.serverHello ? { serverHello: state.serverHello } : {}),
    ...(state.helloRetry ? { helloRetry: state.helloRetry } : {}),
    ...(state.alert ? { alert: state.alert } : {}),
    ...(state.certificates ? { certificates: state.certificates } : {}),
    ...(state.serverKeyExchange ? { serverKeyExchange: state.serverKeyExchange } : {}),
    ...(state.certificateRequest ? { certificateRequest: true } : {}),
    ...(state.sslv2 ? { sslv2: state.sslv2 } : {}),
    ...(state.messages.length ? { messages: state.messages } : {}),
    ...(messagesSeen > state.messages.length
      ? { messageCounts: [...counts].map(([type, count]) => ({ type, count })) }
      : {}),
  };
  if (settledStatus) {
    const err = res.consumerError ? oneLine(res.consumerError) : state.error;
    return { status: settledStatus, ...base, ...extras, ...(err ? { error: err } : {}) };
  }
  if (res.consumerError) {
    return {
      status: 'not-tls',
      ...base,
      ...extras,
      error: describeNotTls(res.firstBytes, res.consumerError),
    };
  }
  if (res.end === 'done') return { status: 'closed', ...base, ...extras, error: 'no answer' };
  return { status: res.end, ...base, ...extras, ...(res.error ? { error: res.error } : {}) };
}

function describeNotTls(first: Buffer, err: unknown): string {
  const text = first.subarray(0, 16).toString('latin1');
  if (/^HTTP\/\d/.test(text)) return `the server answered in plain HTTP ("${text.split('\r')[0]}"), not TLS`;
  if (/^SSH-/.test(text)) return `an SSH server answered ("${text.split('\r')[0]}"), not TLS`;
  return `not a valid TLS answer: ${oneLine(err)}`;
}
