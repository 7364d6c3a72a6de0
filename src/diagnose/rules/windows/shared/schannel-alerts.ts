// What a TLS alert in an SChannel event says about the peer (36887: the peer sent it; 36888: this
// machine sent it). Alert numbers and names: IANA TLS Alerts registry (RFC 8446 §6, RFC 5246
// §7.2); Schannel's own mapping: https://learn.microsoft.com/windows/win32/secauthn/schannel-error-codes-for-tls-and-ssl-alerts
import { alertName } from '../../../../wire/registry/index.js';
import type { EventObservation } from '../../../../model/observations/windows.js';

export interface AlertMeaning {
  /** what the alert means in this direction, one clause */
  means: string;
  /** what to do about it, one step */
  step: string;
  /** a close_notify/user_canceled style alert: nothing failed */
  benign?: boolean;
}

/** Alerts the peer sent (36887): the peer gave up on this server, and why. */
export const RECEIVED: Record<number, AlertMeaning> = {
  0: { means: 'the peer closed the connection', step: 'Nothing to do.', benign: true },
  10: {
    means: 'the peer got a message it did not expect (often a proxy or inspection device in the path)',
    step: 'Compare a capture taken at the client with one at the server; look for a device rewriting the handshake.',
  },
  20: {
    means:
      'the peer could not verify a record (bad_record_mac): a device in the path altered the bytes, or a DHE key agreement went wrong',
    step: 'Check load balancers and TLS inspection in the path; if the peers are old Windows/Java clients, move TLS_DHE_* suites down the order.',
  },
  40: {
    means: 'the peer found nothing acceptable in what the server offered (version, suite or signature)',
    step: 'Compare the client’s offer (a capture or its error) with the server’s enabled protocols and suites.',
  },
  42: {
    means: 'the peer rejected the server certificate',
    step: 'Check the certificate served on this endpoint: names, validity and the full chain.',
  },
  43: {
    means: 'the peer does not support the server certificate’s type or key',
    step: 'Check the certificate’s key type and signature algorithm against what the clients support.',
  },
  44: {
    means: 'the peer found the server certificate revoked',
    step: 'Replace the certificate.',
  },
  45: {
    means: 'the peer found the server certificate expired',
    step: 'Renew the certificate and update the binding (netsh http update sslcert or IIS bindings).',
  },
  46: {
    means:
      'the peer could not accept the server certificate (certificate_unknown: untrusted chain, wrong name, or a check it could not complete)',
    step: 'Check that the server sends its intermediate certificates and that the name matches what clients type.',
  },
  47: {
    means: 'the peer found a field of the handshake out of range (illegal_parameter)',
    step: 'Compare the peer’s offer with the server’s answer in a capture; old clients often choke on an extension.',
  },
  48: {
    means: 'the peer does not trust the CA that issued the server certificate',
    step: 'Send the full chain (install the intermediates in Local Computer ▸ Intermediate Certification Authorities) or have the clients trust the private CA.',
  },
  49: {
    means: 'the peer refused to go on (access_denied)',
    step: 'Look at the client’s own log for the policy that stopped it.',
  },
  50: {
    means: 'the peer could not decode a handshake message',
    step: 'Capture the handshake; a device in the path may have truncated it.',
  },
  51: {
    means:
      'the peer could not verify a signature or the Finished message (decrypt_error): the key does not match the certificate, or the client lacks the signature algorithm',
    step: 'Check that the certificate and its private key belong together (certutil -verifystore my <thumbprint>) and that the client supports the server’s signature algorithms.',
  },
  70: {
    means: 'the peer does not accept the protocol version the server chose (protocol_version)',
    step: 'Enable on the server a version the clients speak (TLS 1.2 at least), or update the clients.',
  },
  71: {
    means: 'the peer requires stronger suites than the server offered (insufficient_security)',
    step: 'Enable modern ECDHE + AES-GCM suites on the server.',
  },
  80: {
    means: 'the peer failed internally',
    step: 'Look at the client’s log; the server side is not implicated by this alert alone.',
  },
  86: {
    means: 'the peer saw a version fallback it refuses (inappropriate_fallback)',
    step: 'Enable the same highest version on every server behind the name.',
  },
  90: { means: 'the peer cancelled the handshake', step: 'Nothing to do.', benign: true },
  109: {
    means: 'the peer requires an extension the server did not send (missing_extension)',
    step: 'Update the server (TLS 1.3 clients need extensions older servers do not send).',
  },
  112: {
    means: 'the peer did not recognise the name (unrecognized_name)',
    step: 'Check the SNI bindings for the names clients use.',
  },
  116: {
    means: 'the peer required a client certificate that was not sent (certificate_required)',
    step: 'This machine was the client: configure the client certificate for that connection.',
  },
  120: {
    means: 'the peer found no common application protocol (no_application_protocol)',
    step: 'Check ALPN (HTTP/2 vs HTTP/1.1) on both sides.',
  },
};

/** Alerts this machine sent (36888): Schannel gave up on the peer, and why. */
export const SENT: Record<number, AlertMeaning> = {
  0: { means: 'Schannel closed the connection', step: 'Nothing to do.', benign: true },
  10: {
    means: 'a peer sent a message out of order (often a scanner or a non-TLS client on the TLS port)',
    step: 'Nothing to do unless real clients fail; find who connects (the state number and a capture tell).',
  },
  20: {
    means: 'a record failed its integrity check (bad_record_mac)',
    step: 'Check load balancers and TLS inspection in the path.',
  },
  40: {
    means: 'Schannel found nothing acceptable in the peer’s offer (handshake_failure)',
    step: 'Compare what clients offer with the server’s enabled protocols and suites.',
  },
  42: {
    means: 'Schannel rejected the peer’s certificate',
    step: 'Check the client certificates and the CAs the server trusts for client authentication.',
  },
  46: {
    means: 'Schannel could not accept the peer’s certificate (certificate_unknown)',
    step: 'Check the client certificate’s chain and revocation reachability from the server.',
  },
  47: {
    means: 'a peer sent a handshake field out of range (illegal_parameter)',
    step: 'Capture the handshake from an affected client.',
  },
  48: {
    means: 'Schannel does not trust the CA of the peer’s certificate (unknown_ca)',
    step: 'Add the issuing CA to Local Computer ▸ Trusted Root (or the client-auth trust list).',
  },
  50: {
    means: 'a peer sent a handshake Schannel could not decode (decode_error)',
    step: 'Capture the handshake from an affected client.',
  },
  51: {
    means: 'a signature or Finished message did not verify (decrypt_error)',
    step: 'Capture the handshake from an affected client.',
  },
  70: {
    means:
      'a peer offered only protocol versions this server has disabled (protocol_version): a protocol version mismatch',
    step: 'Find the clients (their address is in the IIS/HTTP.sys logs at the event time) and update them to TLS 1.2, or enable the version they need until they are updated.',
  },
  80: {
    means: 'Schannel failed internally (internal_error), typically with its credential or key',
    step: 'Look for SChannel 36870/36871 at the same time: the certificate’s private key or the credential is the cause.',
  },
  86: {
    means: 'a peer retried with a lower version than the server supports (inappropriate_fallback)',
    step: 'Find why the client fell back (a middlebox, or a load balancer with servers of different versions).',
  },
  112: {
    means: 'a peer asked for a host name with no SNI binding (unrecognized_name)',
    step: 'Add an SNI binding (or an IP:port fallback binding) for the names clients use.',
  },
  116: {
    means: 'the server requires a client certificate the peer did not send (certificate_required)',
    step: 'Configure the client certificate, or stop requiring one.',
  },
};

export function alertOf(e: EventObservation): number | undefined {
  const v = e.data['AlertDesc'];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

/** 'protocol_version (70)' */
export function alertLabel(code: number): string {
  return `${alertName(code)} (${code})`;
}

/** Who the event names, when it does: the SSPI caller process, the target name. */
export function peerOf(e: EventObservation): string | undefined {
  const parts: string[] = [];
  const target = e.data['TargetName'];
  if (target) parts.push(`target ${target}`);
  const proc = e.data['CallerProcessImageName'] ?? e.data['ProcessName'];
  if (proc) parts.push(`process ${proc}`);
  return parts.length ? parts.join(', ') : undefined;
}
