// The lab's PKI, made at runtime by code (no openssl binary): a "lab root" CA the lab's clients
// trust, an intermediate under it, a second root nobody trusts, a client certificate, and one leaf
// per scenario. EC P-256 throughout: a key pair takes about a millisecond where RSA 2048 takes a
// hundred. The CAs are made once per process; each leaf the first time a scenario needs it, so
// starting one scenario costs a few certificates, not all of them. Everything is kept in memory
// (a cached promise is dropped if it fails, so a later start retries).
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
  /** when the CAs were made (validity windows are relative to it) */
  createdAt: Date;
  /** the certificate a scenario's server presents (made on first use, then cached) */
  leaf(id: string): Promise<GeneratedCert>;
  /** a client certificate (EKU clientAuth) for client-cert-required, issued by the intermediate */
  client(): Promise<GeneratedCert>;
}

/** Scenario ids whose servers present a certificate of their own, and how it differs from a good one. */
export const LEAF_VARIANTS: Readonly<
  Record<string, 'good' | 'untrusted' | 'client-auth-eku' | 'expired' | 'other-host'>
> = {
  healthy: 'good',
  'tls10-only': 'good',
  'tls13-only': 'good',
  'no-common-cipher': 'good',
  'sni-required': 'good',
  'untrusted-root': 'untrusted',
  'eku-client-auth-only': 'client-auth-eku',
  expired: 'expired',
  'host-mismatch': 'other-host',
  'client-cert-required': 'good',
  'middlebox-sni': 'good',
  'slow-handshake': 'good',
  'middlebox-tls13': 'good',
  'middlebox-large-hello': 'good',
  'twin-working': 'good',
  'twin-broken': 'good',
  'sni-default-cert': 'good',
};

function leafSpec(
  id: string,
  cas: { intermediate: GeneratedCert; untrustedRoot: GeneratedCert },
  now: number,
): CertSpec {
  const variant = LEAF_VARIANTS[id];
  if (!variant) throw new Error(`lab PKI has no leaf for scenario '${id}'`);
  const spec: CertSpec = {
    subject: `CN=${labServerName(id)}, O=tlsdoctor lab`,
    issuer: cas.intermediate,
    key: EC,
    san: { dns: [labServerName(id)] },
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 90 * DAY),
    eku: [SERVER_AUTH],
  };
  switch (variant) {
    case 'good':
      return spec;
    case 'untrusted':
      return { ...spec, issuer: cas.untrustedRoot };
    case 'client-auth-eku':
      return { ...spec, eku: [CLIENT_AUTH] };
    case 'expired':
      return { ...spec, notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 35 * DAY) };
    case 'other-host':
      return {
        ...spec,
        subject: 'CN=www.other-site.tlsdoctor.test, O=tlsdoctor lab',
        san: { dns: ['www.other-site.tlsdoctor.test', 'other-site.tlsdoctor.test'] },
      };
  }
}

/** Memoises a promise-returning function; a rejected promise is forgotten so the next call retries. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    if (!p) {
      p = make();
      p.catch(() => {
        p = undefined;
      });
    }
    return p;
  };
}

async function makePki(): Promise<LabPki> {
  const now = Date.now();
  // the CAs predate every leaf, the expired one included (issued 400 days ago by a CA valid then)
  const ca = (subject: string, extra: Partial<CertSpec> = {}) =>
    generateCertificate({
      subject,
      key: EC,
      isCA: true,
      notBefore: new Date(now - 1095 * DAY),
      notAfter: new Date(now + 3650 * DAY),
      ...extra,
    });
  const [root, untrustedRoot] = await Promise.all([
    ca('CN=tlsdoctor lab root CA, O=tlsdoctor lab'),
    ca('CN=Untrusted Example Root CA, O=not the tlsdoctor lab'),
  ]);
  const intermediate = await ca('CN=tlsdoctor lab intermediate CA, O=tlsdoctor lab', {
    issuer: root,
    pathLength: 0,
    notBefore: new Date(now - 730 * DAY),
    notAfter: new Date(now + 1825 * DAY),
  });
  const leaves = new Map<string, () => Promise<GeneratedCert>>();
  return {
    root,
    intermediate,
    untrustedRoot,
    createdAt: new Date(now),
    leaf(id: string): Promise<GeneratedCert> {
      let get = leaves.get(id);
      if (!get) {
        const spec = leafSpec(id, { intermediate, untrustedRoot }, Date.now());
        get = once(() => generateCertificate(spec));
        leaves.set(id, get);
      }
      return get();
    },
    client: once(() =>
      generateCertificate({
        subject: 'CN=tlsdoctor lab client, O=tlsdoctor lab',
        issuer: intermediate,
        key: EC,
        eku: [CLIENT_AUTH],
        notBefore: new Date(now - DAY),
        notAfter: new Date(now + 90 * DAY),
      }),
    ),
  };
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

/**
 * An enterprise CA's chain as an intranet server sends it: leaf + issuing CA, under a root only the
 * enterprise's own clients trust (here: the lab's untrusted root). The root is rightly not sent.
 */
export async function makePrivateRootChain(
  pki: LabPki,
  id: string,
): Promise<{ keyPem: string; certPem: string }> {
  const now = Date.now();
  const issuing = await generateCertificate({
    subject: 'CN=Example Enterprise Issuing CA, O=not the tlsdoctor lab',
    issuer: pki.untrustedRoot,
    key: EC,
    isCA: true,
    pathLength: 0,
    notBefore: new Date(now - 365 * DAY),
    notAfter: new Date(now + 1825 * DAY),
  });
  const leaf = await generateCertificate({
    subject: `CN=${labServerName(id)}, O=tlsdoctor lab`,
    issuer: issuing,
    key: EC,
    san: { dns: [labServerName(id)] },
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 90 * DAY),
    eku: [SERVER_AUTH],
  });
  return { keyPem: leaf.keyPem, certPem: leaf.certPem + issuing.certPem };
}

/**
 * The default site's certificate, which a server hands to clients that send no SNI: self-signed,
 * for another name (a web server's stock "snakeoil" or a forgotten first virtual host).
 */
export async function makeDefaultSiteCertificate(): Promise<{ keyPem: string; certPem: string }> {
  const now = Date.now();
  const c = await generateCertificate({
    subject: 'CN=default-site.example.test, O=not the tlsdoctor lab',
    key: EC,
    san: { dns: ['default-site.example.test'] },
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    eku: [SERVER_AUTH],
  });
  return { keyPem: c.keyPem, certPem: c.certPem };
}

/** The process's lab PKI (its CAs), made on first use. */
export const labPki: () => Promise<LabPki> = once(makePki);
