// The site's certificate as a diagnosis shows it, healthy or not: read from the served leaf and the
// chain the certificate gatherer built (pure; no judgement — the cert rules judge).
import type { ObservationBase } from '../model/observation.js';
import { ObservationSet } from '../model/observation.js';
import type { CertificateObservation, ChainObservation } from '../model/observations/x509.js';
import type { ChainCertificate, ServedCertificate } from '../model/report.js';
import { matchHost } from '../x509/hostname.js';

const DAY = 86_400_000;

export function servedCertificate(observations: readonly ObservationBase[]): ServedCertificate | undefined {
  const set = new ObservationSet(observations);
  const certs = set.of<CertificateObservation>('x509.certificate').filter((c) => c.served);
  const leaf = certs.find((c) => c.leaf);
  if (!leaf) return undefined;
  const chain = set
    .of<ChainObservation>('x509.chain')
    .find((ch) => ch.served && ch.leafThumbprint === leaf.thumbprintSha1);
  const sent: ChainCertificate[] = [...certs]
    .sort((a, b) => a.index - b.index)
    .map((c) => ({
      subject: c.subject,
      issuer: c.issuer,
      thumbprintSha1: c.thumbprintSha1,
      source: 'sent',
      notAfter: c.notAfter,
    }));
  const built: ChainCertificate[] = (chain?.path ?? []).map((e, i, all) => ({
    subject: e.subject,
    issuer: e.issuer,
    thumbprintSha1: e.thumbprintSha1,
    source: e.source === 'provided' ? 'sent' : e.source,
    ...(e.store ? { store: e.store } : {}),
    role: i === 0 ? 'leaf' : e.selfSigned && i === all.length - 1 ? 'root' : 'intermediate',
    notAfter: e.notAfter,
  }));
  const san = leaf.san ? [...leaf.san.dns.map((d) => `DNS:${d}`), ...leaf.san.ip.map((x) => `IP:${x}`)] : [];
  const host = chain?.host;
  return {
    subject: leaf.subject,
    issuer: leaf.issuer,
    san,
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    daysLeft: Math.floor((Date.parse(leaf.notAfter) - Date.parse(leaf.checkedAt)) / DAY),
    key: `${leaf.keyType === 'ec' ? 'EC' : leaf.keyType.toUpperCase()}${leaf.curve ? ` ${leaf.curve}` : ''}${leaf.keyBits && !leaf.curve ? ` ${leaf.keyBits} bits` : ''}`,
    signature: leaf.signatureAlgorithm.name,
    thumbprintSha1: leaf.thumbprintSha1,
    fingerprintSha256: leaf.fingerprintSha256,
    ...(host ? { hostChecked: host, hostMatches: matchHost(host, leaf.san, leaf.commonNames).matched } : {}),
    chainSent: sent,
    chainBuilt: built,
    trusted: chain?.trusted ?? false,
    chainEnd: chain?.end ?? 'issuer-missing',
  };
}
