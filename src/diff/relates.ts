// Which compared facts can explain a finding: finding id → facet key prefixes, the most direct
// first. `{subject}` stands for the finding's subject (an endpoint such as 0.0.0.0:443, lower-case).
// A difference in one of these facets, between the failing side and the working one, is what
// explains that finding, so it is listed with it, root cause first. Data, not code.
export const RELATES: Readonly<Record<string, readonly string[]>> = {
  'dns.resolution-failed': ['reachability.dns'],
  'tcp.port-closed': ['reachability.tcp', 'windows.port-owner.', 'windows.iplisten'],
  'tcp.port-filtered': ['reachability.tcp', 'windows.iplisten'],
  'http.site-down': ['reachability.http'],
  'network.middlebox-suspected': ['sni.name', 'sni.', 'reachability.answer'],
  'network.path-blocked': ['reachability.tcp', 'reachability.answer'],
  'handshake.no-server-hello': [
    'reachability.answer',
    'windows.port-owner.',
    'windows.sslcert.',
    'windows.iplisten',
    'protocol.versions',
  ],
  'handshake.alert-on-hello': [
    'reachability.answer',
    'protocol.versions',
    'windows.sslcert.',
    'cipher.suites.',
  ],
  'handshake.not-tls': ['reachability.answer', 'windows.port-owner.'],
  'handshake.client-cert-required': ['windows.sslcert.', 'handshake.full'],
  'protocol.no-common-version': [
    'protocol.versions',
    'windows.schannel.',
    'windows.sslcert.',
    'client.',
    'cipher.suites.',
  ],
  'protocol.legacy-enabled': ['protocol.versions', 'windows.schannel.'],
  'clients.incompatible': [
    'protocol.versions',
    'cipher.suites.',
    'groups.',
    'windows.schannel.',
    'windows.cipher-order',
    'client.',
  ],
  'cipher.no-common-suite': [
    'cipher.suites.',
    'windows.cipher-order',
    'windows.schannel-algorithm.',
    'groups.',
    'cipher.chosen.',
    'client.',
    'cert.key',
  ],
  'sni.required': ['sni.none', 'sni.other', 'sni.', 'windows.sslcert.', 'windows.iis.'],
  'sni.name-rejected': ['sni.name', 'sni.', 'windows.sslcert.'],
  'cert.expired': ['cert.validity', 'cert.not-after', 'handshake.full'],
  'cert.not-yet-valid': ['cert.validity', 'handshake.full'],
  'cert.expiring-soon': ['cert.not-after'],
  'cert.eku-no-server-auth': ['cert.eku', 'handshake.full'],
  'cert.key-usage': ['cert.key', 'handshake.full'],
  'cert.host-mismatch': ['cert.san', 'cert.subject', 'handshake.full'],
  'cert.cn-only': ['cert.san'],
  'cert.weak-key': ['cert.key'],
  'cert.weak-signature': ['cert.signature'],
  'cert.self-signed': ['chain.trust', 'cert.issuer', 'chain.sent'],
  'cert.malformed': ['cert.', 'handshake.full'],
  'cert.key-mismatch': ['cert.key', 'windows.sslcert.', 'handshake.full'],
  'cert.lifetime-too-long': ['cert.not-after'],
  'cert.no-private-key': ['windows.sslcert.{subject}.cert', 'windows.sslcert.'],
  'chain.missing-intermediate': ['chain.sent', 'chain.trust', 'handshake.full'],
  'chain.untrusted-root': ['chain.trust', 'chain.root', 'cert.issuer', 'chain.sent', 'handshake.full'],
  'chain.wrong-order': ['chain.sent'],
  'chain.client-rejected': ['chain.trust', 'chain.sent', 'handshake.full'],
  'chain.extra-certificates': ['chain.sent'],
  'chain.issuer-not-ca': ['chain.sent', 'chain.trust'],
  'chain.path-length': ['chain.trust'],
  'chain.name-constraints': ['chain.trust'],
  'windows.binding-missing': ['windows.iis.', 'windows.sslcert.'],
  'windows.binding-orphan': ['windows.sslcert.'],
  'windows.binding-tls-disabled': ['windows.sslcert.{subject}.flags', 'windows.sslcert.'],
  'windows.enabled-0xffffffff': ['windows.schannel.'],
  'windows.iplisten-excludes': ['windows.iplisten'],
  'windows.no-common-cipher-event': ['windows.cipher-order', 'windows.schannel-algorithm.', 'windows.events'],
  'windows.port-conflict': ['windows.port-owner.'],
  'windows.private-key-unreadable': ['windows.sslcert.{subject}.cert', 'windows.sslcert.'],
  'windows.schannel-lookalike-key': ['windows.schannel-algorithm.'],
  'windows.schannel-value-wrong-type': ['windows.schannel.'],
  'windows.sni-no-fallback': ['windows.sslcert.0.0.0.0:', 'windows.sslcert.[::]:', 'sni.none'],
  'windows.sslcert-empty-hash': ['windows.sslcert.{subject}.hash', 'windows.sslcert.{subject}.cert'],
  'windows.sslcert-hash-not-in-store': ['windows.sslcert.{subject}.cert', 'windows.sslcert.{subject}.hash'],
  'windows.sslcert-zero-appid': ['windows.sslcert.{subject}.appid'],
  'windows.tls12-disabled': ['windows.schannel.TLS 1.2.server', 'protocol.versions', 'windows.schannel.'],
  'windows.only-legacy-protocols': ['windows.schannel.', 'protocol.versions'],
  'windows.no-modern-suites': ['windows.cipher-order', 'windows.schannel-algorithm.'],
};

/** The facet-key patterns a finding relates to, most direct first; without a subject `{subject}` matches any endpoint. */
export function relatedPatterns(findingId: string, subject: string | undefined): RegExp[] {
  const escape = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (RELATES[findingId] ?? []).map((p) => {
    const [head, ...tail] = p.split('{subject}');
    const subjectPattern = subject ? escape(subject.toLowerCase()) : '.+';
    return new RegExp(`^${escape(head!)}${tail.length ? subjectPattern + escape(tail.join('')) : ''}`);
  });
}
