// The lab's PKI, made at runtime by code (no openssl binary): a "lab root" CA the lab's clients
// trust, an intermediate under it, a second root nobody trusts, and one leaf per scenario.
// EC P-256 throughout: a key pair takes about a millisecond where RSA 2048 takes a hundred.
// Generated once per process and kept in memory (the cached promise is dropped if it fails).
import { generateCertificate } from '../x509/generate.js';
import type { CertSpec, GeneratedCert } from '../x509/generate.js';
import { labServerName } from './scenarios.js';

const EC: CertSpec['key'] = { type: 'ec', curve: 'P-256' };
const DAY = 86_400_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface LabPki {
  /** the lab root CA: the one trust anchor the lab's clients use */
  root: GeneratedCert;
  /** issued by root; issues every lab leaf */
  intermediate: GeneratedCert;
  /** a second, self-signed root that no client trusts */
  untrustedRoot: GeneratedCert;
  /** leaves by scenario id (only for scenarios whose server presents a certificate of its own) */
  leaves: ReadonlyMap<string, GeneratedCert>;
  /** a client certificate (EKU clientAuth) for client-cert-required, issued by the intermediate */
  client: GeneratedCert;
  /** when the PKI was made (validity windows are relative to it) */
  createdAt: Date;
}

/** The leaf each TLS-serving scenario presents, relative to `now`. */
function leafSpecs(
  pki: { intermediate: GeneratedCert; untrustedRoot: GeneratedCert },
  now: number,
): Array<[string, CertSpec]> {
  const leaf = (id: string, extra: Partial<CertSpec> = {}): [string, CertSpec] => [
    id,
    {
      subject: `CN=${labServerName(id)}, O=tlsdoctor lab`,
      issuer: pki.intermediate,
      key: EC,
      san: { dns: [labServerName(id)] },
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 90 * DAY),
      eku: [SERVER_AUTH],
      ...extra,
    },
  ];
  return [
    leaf('healthy'),
    leaf('tls10-only'),
    leaf('tls13-only'),
    leaf('no-common-cipher'),
    leaf('sni-required'),
    leaf('untrusted-root', { issuer: pki.untrustedRoot }),
    leaf('eku-client-auth-only', { eku: [CLIENT_AUTH] }),
    leaf('expired', { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 35 * DAY) }),
    leaf('host-mismatch', {
      subject: 'CN=www.other-site.tlsdoctor.test, O=tlsdoctor lab',
      san: { dns: ['www.other-site.tlsdoctor.test', 'other-site.tlsdoctor.test'] },
    }),
    leaf('client-cert-required'),
    leaf('middlebox-sni'),
  ];
}

async function makePki(): Promise<LabPki> {
  const now = Date.now();
  const [root, untrustedRoot] = await Promise.all([
    generateCertificate({
      subject: 'CN=tlsdoctor lab root CA, O=tlsdoctor lab',
      key: EC,
      isCA: true,
      notBefore: new Date(now - 2 * DAY),
      notAfter: new Date(now + 3650 * DAY),
    }),
    generateCertificate({
      subject: 'CN=Untrusted Example Root CA, O=not the tlsdoctor lab',
      key: EC,
      isCA: true,
      notBefore: new Date(now - 2 * DAY),
      notAfter: new Date(now + 3650 * DAY),
    }),
  ]);
  const intermediate = await generateCertificate({
    subject: 'CN=tlsdoctor lab intermediate CA, O=tlsdoctor lab',
    issuer: root,
    key: EC,
    isCA: true,
    pathLength: 0,
    notBefore: new Date(now - 2 * DAY),
    notAfter: new Date(now + 1825 * DAY),
  });
  const specs = leafSpecs({ intermediate, untrustedRoot }, now);
  const [client, ...leafCerts] = await Promise.all([
    generateCertificate({
      subject: 'CN=tlsdoctor lab client, O=tlsdoctor lab',
      issuer: intermediate,
      key: EC,
      eku: [CLIENT_AUTH],
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 90 * DAY),
    }),
    ...specs.map(([, spec]) => generateCertificate(spec)),
  ]);
  const leaves = new Map<string, GeneratedCert>();
  specs.forEach(([id], i) => leaves.set(id, leafCerts[i]!));
  return { root, intermediate, untrustedRoot, leaves, client: client!, createdAt: new Date(now) };
}

/**
 * The leaf for missing-intermediate is made per lab start: its AIA caIssuers URL points at the
 * scenario's own plain-HTTP port, where the lab serves the intermediate (so "the intermediate
 * exists, the server just does not send it" is checkable end to end).
 */
export async function makeMissingIntermediateLeaf(pki: LabPki, aiaUrl: string): Promise<GeneratedCert> {
  const now = Date.now();
  return generateCertificate({
    subject: `CN=${labServerName('missing-intermediate')}, O=tlsdoctor lab`,
    issuer: pki.intermediate,
    key: EC,
    san: { dns: [labServerName('missing-intermediate')] },
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 90 * DAY),
    eku: [SERVER_AUTH],
    aiaCaIssuers: [aiaUrl],
  });
}

let cached: Promise<LabPki> | undefined;

/** The process's lab PKI, made on first use. */
export function labPki(): Promise<LabPki> {
  if (!cached) {
    cached = makePki();
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}

export function leafOf(pki: LabPki, id: string): GeneratedCert {
  const c = pki.leaves.get(id);
  if (!c) throw new Error(`lab PKI has no leaf for scenario '${id}'`);
  return c;
}
