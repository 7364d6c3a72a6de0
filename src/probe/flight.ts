// Reading a server's first flight in answer to one ClientHello: bytes in (in any chunking), one
// HelloOutcome out. Pure — no I/O — so the probe, the tests and the fuzzing harness run the same code.
import {
  TlsReader,
  parseServerHello,
  parseCertificate,
  parseServerKeyExchange,
  parseCertificateRequest,
  AlertDescription,
  AlertLevel,
  HandshakeType,
  Version,
  handshakeTypeName,
  type WireEvent,
} from '../wire/index.js';
import { ParseError, oneLine } from '../errors.js';
import type { ExchangeResult } from './connection.js';
import type { HelloOffer, HelloOutcome } from '../model/observations/probe.js';

/** how many handshake message types an outcome lists in order (the rest are only counted) */
export const MAX_MESSAGE_SAMPLE = 64;
/** certificates kept from a Certificate message: real chains are 1–5 certificates of a few KiB */
export const MAX_CERTIFICATE_BYTES_KEPT = 24 * 1024;
export const MAX_CERTIFICATES_KEPT = 8;
/** CA names kept from a CertificateRequest: enough to name them, bounded against a hostile list */
export const MAX_CERTIFICATE_AUTHORITIES_KEPT = 16;
/** warning alerts kept before a ServerHello (a server could send them endlessly) */
const MAX_WARNING_ALERTS = 8;

/** How far to read: just the ServerHello (enumeration) or the whole first flight (certificates, key exchange). */
export type ReadUntil = 'server-hello' | 'flight';

type Settled = HelloOutcome['status'];

export class FlightReader {
  private readonly reader: TlsReader;
  private readonly state: Partial<HelloOutcome> & { messages: number[] } = { messages: [] };
  /** every handshake message type seen → how many times, in order of first appearance */
  private readonly counts = new Map<number, number>();
  private messagesSeen = 0;
  private settled: Settled | undefined;
  private negotiated = 0;
  private readonly warnings: number[] = [];
  private warningCount = 0;

  constructor(
    offer: HelloOffer,
    private readonly until: ReadUntil,
  ) {
    // An SSLv2-format answer only makes sense to an SSLv2 hello; otherwise a high first bit is garbage.
    this.reader = new TlsReader({ allowSSLv2: offer.sslv2 === true });
  }

  /** Feeds a chunk of the server's bytes; true when the flight says all the probe needs. Throws on bytes that are not TLS. */
  push(chunk: Buffer): boolean {
    let events: WireEvent[];
    try {
      events = this.reader.push(chunk);
    } catch (e) {
      // handle what was decoded before the bad bytes, then fail
      for (const ev of this.reader.eventsBeforeError) if (this.onEvent(ev)) return true;
      throw e;
    }
    for (const ev of events) if (this.onEvent(ev)) return true;
    return false;
  }

  private onEvent(ev: WireEvent): boolean {
    const state = this.state;
    switch (ev.type) {
      case 'handshake': {
        this.messagesSeen++;
        this.counts.set(ev.msgType, (this.counts.get(ev.msgType) ?? 0) + 1);
        if (state.messages.length < MAX_MESSAGE_SAMPLE) state.messages.push(ev.msgType);
        if (ev.msgType === HandshakeType.server_hello) {
          const sh = parseServerHello(ev.body, ev.offset + 4);
          this.negotiated = sh.negotiatedVersion;
          if (sh.isHelloRetryRequest) {
            state.helloRetry = {
              version: sh.negotiatedVersion,
              cipherSuite: sh.cipherSuite,
              ...(sh.requestedGroup !== undefined ? { selectedGroup: sh.requestedGroup } : {}),
            };
            this.settled = 'hello-retry';
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
          this.settled = 'server-hello';
          // TLS 1.3: everything after the ServerHello is encrypted.
          return this.until === 'server-hello' || this.negotiated === Version.TLS13;
        }
        if (ev.msgType === HandshakeType.certificate && this.negotiated !== Version.TLS13) {
          const certs = parseCertificate(ev.body, { tls13: false }, ev.offset + 4).certificates;
          // keep the chain up to a size every real chain fits in; a hostile list is counted, not copied
          let kept = 0;
          let bytes = 0;
          while (
            kept < certs.length &&
            kept < MAX_CERTIFICATES_KEPT &&
            bytes + certs[kept]!.length <= MAX_CERTIFICATE_BYTES_KEPT
          )
            bytes += certs[kept++]!.length;
          state.certificates = certs.slice(0, kept).map((c) => c.toString('base64'));
          if (kept < certs.length)
            state.certificateList = {
              count: certs.length,
              bytes: certs.reduce((n, c) => n + c.length, 0),
            };
        } else if (ev.msgType === HandshakeType.server_key_exchange) {
          try {
            const ske = parseServerKeyExchange(
              ev.body,
              { kind: 'auto', version: this.negotiated },
              ev.offset + 4,
            );
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
          try {
            // the CAs whose certificates the server accepts (RFC 5246 §7.4.4 certificate_authorities)
            const cas = parseCertificateRequest(
              ev.body,
              { version: this.negotiated },
              ev.offset + 4,
            ).certificateAuthorities;
            if (cas.length)
              state.certificateAuthorities = cas
                .slice(0, MAX_CERTIFICATE_AUTHORITIES_KEPT)
                .map((dn) => dn.toString('base64'));
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
          }
        } else if (ev.msgType === HandshakeType.server_hello_done) {
          return true;
        }
        return false;
      }
      case 'alert': {
        // A warning alert before the ServerHello is not the end: Apache sends warning
        // unrecognized_name (112) for a name it has no site for and then its ServerHello, and
        // OpenSSL clients go on (RFC 6066 3). close_notify and anything fatal end the attempt.
        // After a ServerHello the attempt has its answer already.
        if (
          ev.level === AlertLevel.warning &&
          ev.description !== AlertDescription.close_notify &&
          this.settled === undefined
        ) {
          this.warningCount++;
          if (this.warnings.length < MAX_WARNING_ALERTS) this.warnings.push(ev.description);
          return false;
        }
        state.alert = {
          level: ev.level,
          description: ev.description,
          afterServerHello: this.settled === 'server-hello',
        };
        if (this.settled === undefined) this.settled = 'alert';
        return ev.level === AlertLevel.fatal || this.settled === 'alert';
      }
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
        this.settled = 'server-hello';
        return true;
      case 'sslv2-error':
        state.alert = { level: 2, description: 40, afterServerHello: false };
        this.settled = 'alert';
        state.error = `SSLv2 ERROR message (code ${ev.code})`;
        return true;
      case 'application-data':
        if (this.settled === undefined)
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
  }

  /** What the server sent before the stream stopped in the middle of a structure, in words; undefined if nothing was left unfinished. */
  partialAnswer(bytesReceived: number): string | undefined {
    const p = this.reader.partial;
    if (bytesReceived === 0 || !p) return undefined;
    const msg = p.msgType !== undefined ? ` (${handshakeTypeName(p.msgType)})` : '';
    const what =
      p.structure === 'record-header'
        ? `${p.have} of the ${p.total} bytes of a record header`
        : p.structure === 'record'
          ? `${p.have} of the ${p.total} bytes of a ${p.contentType === 22 ? 'handshake' : `type-${p.contentType}`} record${msg}`
          : `${p.have}${p.total !== undefined ? ` of the ${p.total}` : ''} bytes of a handshake message${msg}`;
    return `${bytesReceived} byte${bytesReceived === 1 ? '' : 's'} came, ending in ${what}`;
  }

  /** The outcome once the exchange ended (the transport's facts plus what the flight said). */
  outcome(ep: { address: string; port: number }, res: ExchangeResult): HelloOutcome {
    const state = this.state;
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
      ...(this.warnings.length
        ? {
            warningAlerts: this.warnings,
            ...(this.warningCount > this.warnings.length ? { warningAlertCount: this.warningCount } : {}),
          }
        : {}),
      ...(state.certificates ? { certificates: state.certificates } : {}),
      ...(state.certificateList ? { certificateList: state.certificateList } : {}),
      ...(state.serverKeyExchange ? { serverKeyExchange: state.serverKeyExchange } : {}),
      ...(state.certificateRequest ? { certificateRequest: true } : {}),
      ...(state.certificateAuthorities ? { certificateAuthorities: state.certificateAuthorities } : {}),
      ...(state.sslv2 ? { sslv2: state.sslv2 } : {}),
      ...(state.messages.length ? { messages: state.messages } : {}),
      ...(this.messagesSeen > state.messages.length
        ? { messageCounts: [...this.counts].map(([type, count]) => ({ type, count })) }
        : {}),
    };
    if (this.settled) {
      const err = res.consumerError ? oneLine(res.consumerError) : state.error;
      return { status: this.settled, ...base, ...extras, ...(err ? { error: err } : {}) };
    }
    if (res.consumerError) {
      return {
        status: 'not-tls',
        ...base,
        ...extras,
        error: describeNotTls(res.firstBytes, res.consumerError),
      };
    }
    const lastWarning = this.warnings[this.warnings.length - 1];
    if (lastWarning !== undefined && res.end !== 'timeout') {
      // warning alerts and then the end of the stream: the alert is the answer
      return {
        status: 'alert',
        ...base,
        ...extras,
        alert: { level: AlertLevel.warning, description: lastWarning, afterServerHello: false },
      };
    }
    const partial = this.partialAnswer(res.bytesReceived);
    const partialField = partial ? { partial } : {};
    if (res.end === 'done')
      return { status: 'closed', ...base, ...extras, ...partialField, error: 'no answer' };
    return {
      status: res.end,
      ...base,
      ...extras,
      ...partialField,
      ...(res.error ? { error: res.error } : {}),
    };
  }
}

function describeNotTls(first: Buffer, err: unknown): string {
  const text = first.subarray(0, 16).toString('latin1');
  if (/^HTTP\/\d/.test(text)) return `the server answered in plain HTTP ("${text.split('\r')[0]}"), not TLS`;
  if (/^SSH-/.test(text)) return `an SSH server answered ("${text.split('\r')[0]}"), not TLS`;
  return `not a valid TLS answer: ${oneLine(err)}`;
}
