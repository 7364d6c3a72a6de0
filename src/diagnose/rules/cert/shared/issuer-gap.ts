// Which certificate is absent when a path stops at 'issuer-missing': an intermediate the server
// forgot to send, or the root of a private CA that the checking client does not trust (the
// enterprise-CA case: a server correctly sends leaf + intermediate and leaves the root out, as
// RFC 8446 §4.4.2 allows). The two need opposite fixes: send the intermediate on the server, or
// trust the root on the clients.
import type { ChainElement, ChainObservation } from '../../../../model/observations/x509.js';

export interface IssuerGap {
  /** 'intermediate': the server (or the files) should contain it; 'root': the clients should trust it */
  absent: 'intermediate' | 'root';
  /** the certificate whose issuer is absent (the top of the path) */
  top: ChainElement;
  /** why, in words, for the evidence */
  because: string;
}

/** A name a CA gives its root ("… Root CA", "…-ROOT-CA", "Root Certificate Authority"). */
const ROOT_NAME = /(^|[^a-z])root([^a-z]|$)/i;

/** The common name of a distinguished name in words, or the whole name. */
function cn(name: string): string {
  return /CN=([^,]+)/.exec(name)?.[1]?.trim() ?? name;
}

export function issuerGap(ch: ChainObservation): IssuerGap | undefined {
  if (ch.end !== 'issuer-missing' || !ch.missingIssuer) return undefined;
  const top = ch.path[ch.path.length - 1];
  if (!top) return undefined;
  const name = ch.missingIssuer.name;
  // a download from the AIA URL is proof: the certificate it gives says what it is
  const fetched = ch.aia?.path[ch.path.length];
  if (ch.aia && fetched && fetched.source === 'aia') {
    if (ch.aia.trusted)
      return {
        absent: 'intermediate',
        top,
        because: `the certificate published at the AIA URL, "${fetched.subject}", completes a trusted chain`,
      };
    if (fetched.selfSigned)
      return {
        absent: 'root',
        top,
        because: `the certificate published at the AIA URL, "${fetched.subject}", is a self-signed root that no store searched trusts`,
      };
    return {
      absent: 'intermediate',
      top,
      because: `the certificate published at the AIA URL, "${fetched.subject}", is itself issued by another CA`,
    };
  }
  if (top.ca === true)
    return {
      absent: 'root',
      top,
      because: `the top certificate sent, "${top.subject}", is a CA whose issuer "${name}" is neither sent nor in any store searched: servers leave the root out, so this is most likely the root of a private (enterprise) CA`,
    };
  if (ROOT_NAME.test(cn(name)))
    return {
      absent: 'root',
      top,
      because: `"${top.subject}" is issued directly by "${name}", whose name says it is a root: most likely a private (enterprise) CA that issues server certificates from its root`,
    };
  return {
    absent: 'intermediate',
    top,
    because: `the server certificate's issuer "${name}" is neither sent nor in any store searched`,
  };
}
