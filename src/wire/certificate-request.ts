// CertificateRequest (RFC 5246 §7.4.4, RFC 4346 §7.4.4, RFC 8446 §4.3.2).
//
//   TLS ≤ 1.2:
//     struct {
//         ClientCertificateType certificate_types<1..2^8-1>;
//         SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;   /* TLS 1.2 only; <2..2^16-2> */
//         DistinguishedName certificate_authorities<0..2^16-1>;
//     } CertificateRequest;
//     opaque DistinguishedName<1..2^16-1>;
//   TLS 1.3:
//     struct {
//         opaque certificate_request_context<0..2^8-1>;
//         Extension extensions<2..2^16-1>;           /* signature_algorithms MUST be present */
//     } CertificateRequest;
//     certificate_authorities extension: DistinguishedName authorities<3..2^16-1>;
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { ExtensionType, Version } from './constants.js';
import { extensionReader, readExtensions, readSignatureSchemeList } from './extensions.js';
import type { Extension } from './extensions.js';

export interface CertificateRequest {
  /** ClientCertificateType values (TLS ≤ 1.2) */
  certificateTypes?: number[];
  /** TLS 1.3 */
  requestContext?: Buffer;
  /** TLS 1.3 raw extensions */
  extensions?: Extension[];
  /** TLS 1.2 field or TLS 1.3 signature_algorithms extension */
  signatureAlgorithms?: number[];
  signatureAlgorithmsCert?: number[];
  /** DER-encoded DistinguishedNames the server accepts; empty = "any" */
  certificateAuthorities: Buffer[];
}

function readDistinguishedNames(r: ByteReader, min: number): Buffer[] {
  const v = r.subVector(2, { min, max: 0xffff }, 'certificate_authorities');
  const out: Buffer[] = [];
  while (!v.atEnd()) out.push(v.vector(2, { min: 1, max: 0xffff }, `DistinguishedName[${out.length}]`));
  return out;
}

/** Parses a CertificateRequest body for the negotiated `version`. */
export function parseCertificateRequest(
  body: Buffer,
  opts: { version: number },
  base = 0,
): CertificateRequest {
  const r = new ByteReader(body, { base, path: ['CertificateRequest'] });
  if (opts.version >= Version.TLS13) {
    const requestContext = r.vector(1, { max: 0xff }, 'certificate_request_context');
    const extensions = readExtensions(r, 2, 'extensions');
    r.expectEnd('CertificateRequest');
    const cr: CertificateRequest = { requestContext, extensions, certificateAuthorities: [] };
    extensions.forEach((e, i) => {
      const x = extensionReader(e, ['CertificateRequest', `extensions[${i}]`]);
      if (e.type === ExtensionType.signature_algorithms) cr.signatureAlgorithms = readSignatureSchemeList(x);
      else if (e.type === ExtensionType.signature_algorithms_cert)
        cr.signatureAlgorithmsCert = readSignatureSchemeList(x);
      else if (e.type === ExtensionType.certificate_authorities) {
        cr.certificateAuthorities = readDistinguishedNames(x, 3);
        x.expectEnd('certificate_authorities');
      }
    });
    if (!cr.signatureAlgorithms)
      r.fail('TLS 1.3 CertificateRequest without signature_algorithms', 'PARSE_MALFORMED', base);
    return cr;
  }
  const certificateTypes = [...r.vector(1, { min: 1, max: 0xff }, 'certificate_types')];
  const cr: CertificateRequest = { certificateTypes, certificateAuthorities: [] };
  if (opts.version >= Version.TLS12) {
    const v = r.subVector(2, { min: 2, max: 0xfffe }, 'supported_signature_algorithms');
    if (v.remaining % 2 !== 0) v.fail(`supported_signature_algorithms length ${v.remaining} is odd`);
    cr.signatureAlgorithms = [];
    while (!v.atEnd()) cr.signatureAlgorithms.push(v.u16('SignatureAndHashAlgorithm'));
  }
  cr.certificateAuthorities = readDistinguishedNames(r, 0);
  r.expectEnd('CertificateRequest');
  return cr;
}

export function encodeCertificateRequest(cr: CertificateRequest, opts: { version: number }): Buffer {
  const w = new ByteWriter();
  const names = (x: ByteWriter, min: number): void => {
    x.vector(2, (y) => cr.certificateAuthorities.forEach((n) => y.vector(2, n, { min: 1 })), { min });
  };
  if (opts.version >= Version.TLS13) {
    w.vector(1, cr.requestContext ?? Buffer.alloc(0));
    w.vector(
      2,
      (x) => {
        for (const e of cr.extensions ?? []) x.u16(e.type).vector(2, e.data);
      },
      { min: 2 },
    );
    return w.toBuffer();
  }
  w.vector(1, Buffer.from(cr.certificateTypes ?? []), { min: 1 });
  if (opts.version >= Version.TLS12)
    w.vector(2, (x) => (cr.signatureAlgorithms ?? []).forEach((s) => x.u16(s)), { min: 2, max: 0xfffe });
  names(w, 0);
  return w.toBuffer();
}

/** Encodes a TLS 1.3 certificate_authorities extension body. */
export function encodeCertificateAuthorities(names: readonly Buffer[]): Buffer {
  const w = new ByteWriter();
  w.vector(2, (x) => names.forEach((n) => x.vector(2, n, { min: 1 })), { min: 3 });
  return w.toBuffer();
}
