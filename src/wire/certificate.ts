// Certificate handshake message (RFC 5246 §7.4.2, RFC 8446 §4.4.2) → DER buffers.
//
//   TLS ≤ 1.2:  opaque ASN.1Cert<1..2^24-1>;
//               struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
//   TLS 1.3:    struct {
//                   select (certificate_type) { case X509: opaque cert_data<1..2^24-1>; ... };
//                   Extension extensions<0..2^16-1>;
//               } CertificateEntry;
//               struct {
//                   opaque certificate_request_context<0..2^8-1>;
//                   CertificateEntry certificate_list<0..2^24-1>;
//               } Certificate;
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { MAX_CERTIFICATE_ENTRIES } from './constants.js';
import { readExtensions, writeExtensions } from './extensions.js';
import type { Extension } from './extensions.js';

export interface CertificateEntry {
  /** DER (or raw public key) bytes, a view into the message */
  data: Buffer;
  /** absolute offset of the certificate bytes */
  offset: number;
  /** TLS 1.3 per-entry extensions (status_request OCSP response, SCTs); undefined for TLS ≤ 1.2 */
  extensions?: Extension[];
}

export interface CertificateMessage {
  /** TLS 1.3 only */
  requestContext?: Buffer;
  entries: CertificateEntry[];
  /** the DER buffers, leaf first as sent */
  certificates: Buffer[];
}

/** Parses a Certificate body; `tls13` selects the RFC 8446 form. base = absolute offset of body[0]. */
export function parseCertificate(body: Buffer, opts: { tls13: boolean }, base = 0): CertificateMessage {
  const r = new ByteReader(body, { base, path: ['Certificate'] });
  const requestContext = opts.tls13 ? r.vector(1, { max: 0xff }, 'certificate_request_context') : undefined;
  const list = r.subVector(3, { max: 0xffffff }, 'certificate_list');
  r.expectEnd('Certificate');
  const entries: CertificateEntry[] = [];
  while (!list.atEnd()) {
    if (entries.length >= MAX_CERTIFICATE_ENTRIES)
      list.fail(`more than ${MAX_CERTIFICATE_ENTRIES} certificates`, 'PARSE_LIMIT');
    entries.push(
      list.within(`[${entries.length}]`, (x) => {
        const offset = x.offset + 3;
        const data = x.vector(3, { min: 1, max: 0xffffff }, opts.tls13 ? 'cert_data' : 'ASN.1Cert');
        const e: CertificateEntry = { data, offset };
        if (opts.tls13) e.extensions = readExtensions(x, 0, 'extensions');
        return e;
      }),
    );
  }
  const m: CertificateMessage = { entries, certificates: entries.map((e) => e.data) };
  if (requestContext !== undefined) m.requestContext = requestContext;
  return m;
}

export function encodeCertificate(
  m: { requestContext?: Buffer; entries: Array<{ data: Buffer; extensions?: Extension[] }> },
  opts: { tls13: boolean },
): Buffer {
  const w = new ByteWriter();
  if (opts.tls13) w.vector(1, m.requestContext ?? Buffer.alloc(0));
  w.vector(3, (x) => {
    for (const e of m.entries) {
      x.vector(3, e.data, { min: 1 });
      if (opts.tls13) writeExtensions(x, e.extensions ?? []);
    }
  });
  return w.toBuffer();
}

/** ServerHelloDone (RFC 5246 §7.4.5): `struct { } ServerHelloDone;` — the body must be empty. */
export function parseServerHelloDone(body: Buffer, base = 0): void {
  new ByteReader(body, { base, path: ['ServerHelloDone'] }).expectEnd('ServerHelloDone');
}
