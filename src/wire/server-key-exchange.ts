// ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4, RFC 4346 for RSA export).
//
//   struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; } ServerDHParams;
//   struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;
//     struct { ECCurveType curve_type; select (curve_type) { case named_curve: NamedCurve namedcurve; }; } ECParameters;
//     struct { opaque point <1..2^8-1>; } ECPoint;
//   struct { opaque rsa_modulus<1..2^16-1>; opaque rsa_exponent<1..2^16-1>; } ServerRSAParams;
//   signed_params: TLS 1.2 `struct { SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>; }`;
//                  TLS ≤ 1.1 `opaque signature<0..2^16-1>`; absent for anonymous key exchange.
//
// Which form a message has depends on the negotiated suite's key exchange, which the caller knows
// (from the registry); 'auto' tries ECDHE then DHE (ambiguous only for odd messages).
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { ParseError } from '../errors.js';
import { Version } from './constants.js';

export type KeyExchangeKind = 'ecdhe' | 'dhe' | 'rsa';

export interface SignedParams {
  /** TLS 1.2 SignatureAndHashAlgorithm / SignatureScheme; undefined before TLS 1.2 */
  signatureAlgorithm?: number;
  signature: Buffer;
}

export interface EcdheServerKeyExchange {
  kind: 'ecdhe';
  /** 1 explicit_prime, 2 explicit_char2, 3 named_curve */
  curveType: number;
  /** NamedCurve when curveType is 3 */
  namedCurve?: number;
  /** ECPoint.point; undefined for explicit curves (not parsed: unknown is data) */
  point?: Buffer;
  /** the params bytes as sent (what the signature covers, after the randoms) */
  params: Buffer;
  signed?: SignedParams;
}

export interface DheServerKeyExchange {
  kind: 'dhe';
  p: Buffer;
  g: Buffer;
  Ys: Buffer;
  /** bit length of p, leading zero bytes ignored */
  primeBits: number;
  params: Buffer;
  signed?: SignedParams;
}

export interface RsaServerKeyExchange {
  kind: 'rsa';
  modulus: Buffer;
  exponent: Buffer;
  modulusBits: number;
  params: Buffer;
  signed?: SignedParams;
}

export type ServerKeyExchange = EcdheServerKeyExchange | DheServerKeyExchange | RsaServerKeyExchange;

/** Bit length of an unsigned big-endian integer. */
export function bitLength(b: Buffer): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return 0;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

function readSigned(r: ByteReader, version: number): SignedParams | undefined {
  if (r.atEnd()) return undefined; // anonymous (DH_anon, ECDH_anon)
  return r.within('signed_params', (x) => {
    const s: SignedParams = { signature: Buffer.alloc(0) };
    if (version >= Version.TLS12) s.signatureAlgorithm = x.u16('SignatureAndHashAlgorithm');
    s.signature = x.vector(2, { max: 0xffff }, 'signature');
    return s;
  });
}

function parseKind(body: Buffer, kind: KeyExchangeKind, version: number, base: number): ServerKeyExchange {
  const r = new ByteReader(body, { base, path: ['ServerKeyExchange'] });
  const start = r.offset;
  let ske: ServerKeyExchange;
  if (kind === 'ecdhe') {
    const curveType = r.u8('curve_type');
    if (curveType !== 3) {
      // explicit curves (deprecated by RFC 8422): keep raw, no further structure parsed
      return { kind, curveType, params: body };
    }
    const namedCurve = r.u16('namedcurve');
    const point = r.vector(1, { min: 1, max: 0xff }, 'point');
    ske = { kind, curveType, namedCurve, point, params: body.subarray(0, r.offset - start) };
  } else if (kind === 'dhe') {
    const p = r.vector(2, { min: 1, max: 0xffff }, 'dh_p');
    const g = r.vector(2, { min: 1, max: 0xffff }, 'dh_g');
    const Ys = r.vector(2, { min: 1, max: 0xffff }, 'dh_Ys');
    ske = { kind, p, g, Ys, primeBits: bitLength(p), params: body.subarray(0, r.offset - start) };
  } else {
    const modulus = r.vector(2, { min: 1, max: 0xffff }, 'rsa_modulus');
    const exponent = r.vector(2, { min: 1, max: 0xffff }, 'rsa_exponent');
    ske = {
      kind,
      modulus,
      exponent,
      modulusBits: bitLength(modulus),
      params: body.subarray(0, r.offset - start),
    };
  }
  const signed = readSigned(r, version);
  if (signed) ske.signed = signed;
  r.expectEnd('ServerKeyExchange');
  return ske;
}

/**
 * Parses a ServerKeyExchange body. `version` is the negotiated version (TLS 1.2 adds the signature
 * algorithm); kind 'auto' tries ECDHE (named curve) then DHE and throws the DHE error if both fail.
 */
export function parseServerKeyExchange(
  body: Buffer,
  opts: { kind: KeyExchangeKind | 'auto'; version: number },
  base = 0,
): ServerKeyExchange {
  if (opts.kind !== 'auto') return parseKind(body, opts.kind, opts.version, base);
  if (body.length > 0 && body[0] === 3) {
    try {
      return parseKind(body, 'ecdhe', opts.version, base);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
  }
  return parseKind(body, 'dhe', opts.version, base);
}

export function encodeServerKeyExchange(ske: ServerKeyExchange): Buffer {
  const w = new ByteWriter();
  if (ske.kind === 'ecdhe') {
    if (ske.curveType !== 3 || ske.namedCurve === undefined || !ske.point) return Buffer.from(ske.params);
    w.u8(3).u16(ske.namedCurve).vector(1, ske.point, { min: 1 });
  } else if (ske.kind === 'dhe') {
    w.vector(2, ske.p, { min: 1 }).vector(2, ske.g, { min: 1 }).vector(2, ske.Ys, { min: 1 });
  } else {
    w.vector(2, ske.modulus, { min: 1 }).vector(2, ske.exponent, { min: 1 });
  }
  if (ske.signed) {
    if (ske.signed.signatureAlgorithm !== undefined) w.u16(ske.signed.signatureAlgorithm);
    w.vector(2, ske.signed.signature);
  }
  return w.toBuffer();
}
