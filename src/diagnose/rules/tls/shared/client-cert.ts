// What the server says about client certificates: the CertificateRequest seen in clear (TLS ≤ 1.2
// hellos; TLS 1.3 encrypts it), the CA names it lists, and a refusal at the HTTP layer after a
// handshake completed without a certificate.
import { peculiar } from '../../../../x509/peculiar.js';
import type { HelloObservation, TlsRequestResult } from '../../../../model/observations/probe.js';

/** The hellos whose server flight carried a CertificateRequest. */
export function requestingHellos(hellos: readonly HelloObservation[]): HelloObservation[] {
  return hellos.filter((h) => h.outcome.certificateRequest);
}

/** The CA names (RFC 4514 text) the server lists in its CertificateRequest, de-duplicated; [] = any CA or not seen. */
export function requestedCaNames(hellos: readonly HelloObservation[]): string[] {
  const out = new Set<string>();
  for (const h of hellos)
    for (const b64 of h.outcome.certificateAuthorities ?? []) {
      try {
        out.add(new (peculiar().Name)(Buffer.from(b64, 'base64')).toString());
      } catch {
        out.add(`(undecodable name, ${Buffer.from(b64, 'base64').length} bytes)`);
      }
    }
  return [...out];
}

/** "the CAs it accepts: "CN=Corp Client CA" and "CN=…"" or why none are named. */
export function caNamesText(hellos: readonly HelloObservation[]): string {
  const names = requestedCaNames(hellos);
  if (names.length) return `it accepts client certificates from ${names.map((n) => `"${n}"`).join(', ')}`;
  if (requestingHellos(hellos).length) return 'its CertificateRequest names no CA (any issuer it trusts)';
  return 'the CA names it asks for travel encrypted in TLS 1.3 and no TLS 1.2 hello saw them';
}

/**
 * An HTTP answer that says "no client certificate": nginx `ssl_verify_client on` answers 400 with
 * "No required SSL certificate was sent" (its 496 page, ngx_http_special_response.c); IIS answers 403.7 ("Client
 * certificate required", Microsoft: HTTP status codes in IIS); Apache with a per-directory
 * SSLVerifyClient require over TLS 1.3 answers 403 "Cannot perform Post-Handshake Authentication"
 * (mod_ssl ssl_engine_kernel.c).
 */
export function httpRefusesWithoutCertificate(r: TlsRequestResult | undefined): string | undefined {
  if (!r || r.status !== 'ok' || r.httpStatus === undefined) return undefined;
  const body = r.bodyExcerpt ?? '';
  if (r.httpStatus === 400 && /No required SSL certificate was sent/i.test(body))
    return 'HTTP 400 "No required SSL certificate was sent" (nginx ssl_verify_client on)';
  if (r.httpStatus === 496) return 'HTTP 496 "SSL Certificate Required" (nginx)';
  if (r.httpStatus === 403 && r.iisSubstatus === '403.7')
    return 'HTTP 403.7 "Client certificate required" (IIS SSL Settings: Require)';
  if (r.httpStatus === 403 && /Post-Handshake Authentication/i.test(body))
    return 'HTTP 403 "Cannot perform Post-Handshake Authentication" (Apache SSLVerifyClient require in a directory, TLS 1.3)';
  if (r.httpStatus === 403 && /client certificate/i.test(body)) return `HTTP 403 "${body.slice(0, 120)}"`;
  return undefined;
}
