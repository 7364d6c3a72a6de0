// Certificate and PFX generation for tests, the demo lab and `tlsdoctor cert make-test`.
// Certificates: @peculiar/x509 on node:crypto's WebCrypto (no openssl binary needed).
// PFX: node-forge's PKCS#12 building blocks (forge's own toPkcs12Asn1 only takes RSA keys and
// certificates it can turn into objects; we keep the DER as is, so EC and Ed25519 work too).
import {
  X509Certificate as NodeX509,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  webcrypto,
} from 'node:crypto';
import type { webcrypto as WebCryptoTypes } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';

type CryptoKey = WebCryptoTypes.CryptoKey;
type CryptoKeyPair = WebCryptoTypes.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type KeySpec =
  { type: 'rsa'; bits?: number } | { type: 'ec'; curve?: 'P-256' | 'P-384' } | { type: 'ed25519' };

export interface CertSpec {
  /** 'CN=shop.test' or 'CN=x, O=y' */
  subject: string;
  /** absent → self-signed */
  issuer?: GeneratedCert;
  /** default RSA 2048 */
  key?: KeySpec;
  /** absent → no SAN extension */
  san?: { dns?: string[]; ip?: string[] };
  /** default now-1h .. now+90d */
  notBefore?: Date;
  notAfter?: Date;
  isCA?: boolean;
  pathLength?: number;
  /** OIDs; null → no EKU extension; default ['1.3.6.1.5.5.7.3.1'] for leaves, none for CAs */
  eku?: string[] | null;
  /** e.g. ['digitalSignature','keyEncipherment','keyCertSign','cRLSign']; [] → no key usage extension */
  keyUsage?: string[];
  signatureHash?: 'SHA-1' | 'SHA-256' | 'SHA-384';
  aiaCaIssuers?: string[];
  /** hex */
  serialNumber?: string;
  // ---- optional additions ----
  aiaOcsp?: string[];
  crlUrls?: string[];
  /** RFC 5280 4.2.1.10 name constraints: dNSName subtrees, and iPAddress subtrees as "address/prefix" */
  nameConstraints?: NameConstraintsSpec;
  /** further extensions, as given: extnID, critical, and the DER inside extnValue */
  extraExtensions?: Array<{ oid: string; critical: boolean; value: Buffer }>;
  /** false → no basicConstraints extension at all (default: present, critical, on every certificate) */
  basicConstraints?: boolean;
  /** reuse an existing private key (PKCS#8 PEM) instead of generating one, e.g. to re-issue */
  keyPem?: string;
}

export interface GeneratedCert {
  certPem: string;
  certDer: Buffer;
  /** PKCS#8 */
  keyPem: string;
  subject: string;
  /** SHA-1 of the DER, uppercase hex without separators, as certutil and netsh show it */
  thumbprintSha1: string;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

const KU_FLAGS: Record<string, number> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  dataEncipherment: x509.KeyUsageFlags.dataEncipherment,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
  keyCertSign: x509.KeyUsageFlags.keyCertSign,
  cRLSign: x509.KeyUsageFlags.cRLSign,
  encipherOnly: x509.KeyUsageFlags.encipherOnly,
  decipherOnly: x509.KeyUsageFlags.decipherOnly,
};

type SignAlg = {
  name: string;
  hash?: string;
  namedCurve?: string;
  modulusLength?: number;
  publicExponent?: Uint8Array;
};

function keyGenAlgorithm(spec: KeySpec, hash: string): SignAlg {
  switch (spec.type) {
    case 'rsa':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: spec.bits ?? 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash,
      };
    case 'ec':
      return { name: 'ECDSA', namedCurve: spec.curve ?? 'P-256', hash };
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}

/** The WebCrypto algorithm to import an existing PKCS#8 key with, found from the key itself. */
function importAlgorithm(keyPem: string, hash: string): SignAlg {
  const k = createPrivateKey(keyPem);
  switch (k.asymmetricKeyType) {
    case 'rsa':
      return { name: 'RSASSA-PKCS1-v1_5', hash };
    case 'ec': {
      const curve = k.asymmetricKeyDetails?.namedCurve;
      const namedCurve = curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : 'P-256';
      return { name: 'ECDSA', namedCurve, hash };
    }
    case 'ed25519':
      return { name: 'Ed25519' };
    default:
      throw new Error(`cannot sign with a ${k.asymmetricKeyType ?? 'unknown'} key`);
  }
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function toPem(der: Buffer | ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der as ArrayBuffer).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01; // positive, no leading zero byte
  return b.toString('hex');
}

export interface NameConstraintsSpec {
  permittedDns?: string[];
  excludedDns?: string[];
  permittedIp?: string[];
  excludedIp?: string[];
}

/** iPAddress subtree: the address then the mask, 4+4 or 16+16 octets (RFC 5280 4.2.1.10). */
function ipSubtreeOctets(cidr: string): string {
  const [addr, prefixText] = cidr.split('/') as [string, string];
  const v4 = isIP(addr) === 4;
  const n = v4 ? 4 : 16;
  const bytes = Buffer.alloc(n * 2);
  if (v4) addr.split('.').forEach((x, i) => (bytes[i] = Number(x)));
  else {
    const [head, tail] = addr.split('::') as [string, string | undefined];
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    groups.forEach((g, i) => bytes.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  }
  const prefix = Number(prefixText);
  for (let bit = 0; bit < prefix; bit++) bytes[n + (bit >> 3)]! |= 0x80 >> (bit & 7);
  return bytes.toString('binary');
}

/** RFC 5280: NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] … } */
function nameConstraintsDer(nc: NameConstraintsSpec): Buffer {
  const { asn1 } = forge;
  // GeneralSubtree ::= SEQUENCE { base GeneralName (dNSName [2] IA5String, iPAddress [7] OCTET STRING) }
  const subtree = (tag: number, value: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, value),
    ]);
  const subtrees = (dns: string[] = [], ips: string[] = [], tag: number) =>
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [
      ...dns.map((n) => subtree(2, n)),
      ...ips.map((ip) => subtree(7, ipSubtreeOctets(ip))),
    ]);
  const parts = [];
  if (nc.permittedDns?.length || nc.permittedIp?.length)
    parts.push(subtrees(nc.permittedDns, nc.permittedIp, 0));
  if (nc.excludedDns?.length || nc.excludedIp?.length) parts.push(subtrees(nc.excludedDns, nc.excludedIp, 1));
  return Buffer.from(
    asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, parts)).getBytes(),
    'binary',
  );
}

export async function generateCertificate(spec: CertSpec): Promise<GeneratedCert> {
  const subtle = webcrypto.subtle;
  const keySpec: KeySpec = spec.key ?? { type: 'rsa', bits: 2048 };
  const defaultHash = keySpec.type === 'ec' && keySpec.curve === 'P-384' ? 'SHA-384' : 'SHA-256';
  const hash = spec.signatureHash ?? defaultHash;

  // the subject's key pair
  let publicKey: CryptoKey;
  let privateKey: CryptoKey;
  let keyPem: string;
  if (spec.keyPem) {
    keyPem = spec.keyPem;
    const alg = importAlgorithm(keyPem, hash);
    privateKey = (await subtle.importKey('pkcs8', pemToDer(keyPem), alg, true, ['sign'])) as CryptoKey;
    const spki = createPublicKey(keyPem).export({ type: 'spki', format: 'der' }) as Buffer;
    publicKey = (await subtle.importKey('spki', spki, alg, true, ['verify'])) as CryptoKey;
  } else {
    const pair = (await subtle.generateKey(keyGenAlgorithm(keySpec, hash), true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    publicKey = pair.publicKey;
    privateKey = pair.privateKey;
    keyPem = toPem(Buffer.from(await subtle.exportKey('pkcs8', privateKey)), 'PRIVATE KEY');
  }

  // the signer: the issuer's key, or our own
  let signingKey: CryptoKey;
  let signingAlgorithm: SignAlg;
  let issuerCert: x509.X509Certificate | undefined;
  if (spec.issuer) {
    signingAlgorithm = importAlgorithm(spec.issuer.keyPem, spec.signatureHash ?? 'SHA-256');
    signingKey = (await subtle.importKey('pkcs8', pemToDer(spec.issuer.keyPem), signingAlgorithm, false, [
      'sign',
    ])) as CryptoKey;
    issuerCert = new x509.X509Certificate(spec.issuer.certDer);
  } else {
    signingAlgorithm = importAlgorithm(keyPem, hash);
    signingKey = privateKey;
  }
  if (signingAlgorithm.name === 'Ed25519') delete signingAlgorithm.hash;

  const isCA = spec.isCA === true;
  const extensions: x509.Extension[] = [];
  if (spec.basicConstraints !== false)
    extensions.push(new x509.BasicConstraintsExtension(isCA, isCA ? spec.pathLength : undefined, true));
  const kuNames =
    spec.keyUsage ??
    (isCA
      ? ['digitalSignature', 'keyCertSign', 'cRLSign']
      : keySpec.type === 'rsa' && !spec.keyPem
        ? ['digitalSignature', 'keyEncipherment']
        : ['digitalSignature']);
  if (kuNames.length > 0) {
    let flags = 0;
    for (const n of kuNames) {
      const f = KU_FLAGS[n];
      if (f === undefined) throw new Error(`unknown key usage '${n}'`);
      flags |= f;
    }
    extensions.push(new x509.KeyUsagesExtension(flags, true));
  }
  const eku = spec.eku === undefined ? (isCA ? null : [SERVER_AUTH]) : spec.eku;
  if (eku && eku.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(eku, false));
  if (spec.san) {
    const names: Array<{ type: 'dns' | 'ip'; value: string }> = [
      ...(spec.san.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
      ...(spec.san.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
    ];
    extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  }
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(publicKey, false));
  if (issuerCert) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerCert, false));
  else extensions.push(await x509.AuthorityKeyIdentifierExtension.create(publicKey, false));
  if (spec.aiaCaIssuers?.length || spec.aiaOcsp?.length) {
    extensions.push(
      new x509.AuthorityInfoAccessExtension(
        {
          ...(spec.aiaCaIssuers?.length
            ? { caIssuers: spec.aiaCaIssuers.map((u) => new x509.GeneralName('url', u)) }
            : {}),
          ...(spec.aiaOcsp?.length ? { ocsp: spec.aiaOcsp.map((u) => new x509.GeneralName('url', u)) } : {}),
        },
        false,
      ),
    );
  }
  if (spec.crlUrls?.length) extensions.push(new x509.CRLDistributionPointsExtension(spec.crlUrls, false));
  if (spec.nameConstraints)
    extensions.push(new x509.Extension('2.5.29.30', true, nameConstraintsDer(spec.nameConstraints)));
  for (const e of spec.extraExtensions ?? []) extensions.push(new x509.Extension(e.oid, e.critical, e.value));

  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serialNumber ?? randomSerial(),
    subject: spec.subject,
    issuer: issuerCert ? issuerCert.subjectName : spec.subject, // the issuer's Name as encoded, so names match byte for byte
    notBefore: spec.notBefore ?? new Date(now - 3600_000),
    notAfter: spec.notAfter ?? new Date(now + 90 * 86400_000),
    publicKey,
    signingKey,
    signingAlgorithm: signingAlgorithm as never,
    extensions,
  });
  const certDer = Buffer.from(cert.rawData);
  const thumbprintSha1 = new NodeX509(certDer).fingerprint.replace(/:/g, '').toUpperCase();
  return { certPem: toPem(certDer, 'CERTIFICATE'), certDer, keyPem, subject: spec.subject, thumbprintSha1 };
}

// ---- PKCS#12 ----

const OID = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  friendlyName: '1.2.840.113549.1.9.20',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
};

/**
 * A PFX (PKCS#12, RFC 7292). Modern: key bag PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC, MAC HMAC-SHA256.
 * legacy: key bag pbeWithSHAAnd3-KeyTripleDES-CBC, MAC HMAC-SHA1 (what Windows Server 2016 and
 * older import). Certificates are stored unencrypted (as many exporters do).
 * password '' is an empty password (still MAC-protected, key still encrypted).
 */
export function makePfx(opts: {
  cert: GeneratedCert;
  includeKey: boolean;
  chain?: GeneratedCert[];
  password: string;
  legacy?: boolean;
  friendlyName?: string;
  iterations?: number;
}): Buffer {
  const { asn1 } = forge;
  const seq = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, v);
  const set = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, v);
  const oid = (o: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
  const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
  const explicit0 = (v: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [v]);
  const bin = (b: Buffer) => b.toString('binary');
  const iterations = opts.iterations ?? 2048;

  const localKeyId = forge.md.sha1.create().update(bin(opts.cert.certDer)).digest().getBytes();
  const attrs = [seq([oid(OID.localKeyId), set([octets(localKeyId)])])];
  if (opts.friendlyName !== undefined)
    attrs.push(
      seq([
        oid(OID.friendlyName),
        set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, opts.friendlyName)]),
      ]),
    );
  const bagAttrs = set(attrs);

  const certBag = (c: GeneratedCert, withAttrs: boolean) =>
    seq([
      oid(OID.certBag),
      explicit0(seq([oid(OID.x509Certificate), explicit0(octets(bin(c.certDer)))])),
      ...(withAttrs ? [bagAttrs] : []),
    ]);
  const certBags = [certBag(opts.cert, true), ...(opts.chain ?? []).map((c) => certBag(c, false))];
  const dataCI = (content: forge.asn1.Asn1) =>
    seq([oid(OID.data), explicit0(octets(asn1.toDer(content).getBytes()))]);
  const contents = [dataCI(seq(certBags))];

  if (opts.includeKey) {
    const pkcs8 = asn1.fromDer(bin(pemToDer(opts.cert.keyPem)));
    // PBKDF2 (RFC 8018) takes the password as UTF-8 bytes; the PKCS#12 KDF (3DES, MAC) as BMPString, which forge builds from the JS string
    const encrypted = opts.legacy
      ? forge.pki.encryptPrivateKeyInfo(pkcs8, opts.password, { algorithm: '3des', count: iterations })
      : forge.pki.encryptPrivateKeyInfo(pkcs8, forge.util.encodeUtf8(opts.password), {
          algorithm: 'aes256',
          count: iterations,
          prfAlgorithm: 'sha256',
        } as never);
    contents.push(dataCI(seq([seq([oid(OID.pkcs8ShroudedKeyBag), explicit0(encrypted), bagAttrs])])));
  }
  const authSafe = seq(contents);
  const authSafeBytes = asn1.toDer(authSafe).getBytes();

  // MacData: PKCS#12 KDF (ID 3) + HMAC over the AuthenticatedSafe's content octets
  const md = opts.legacy ? forge.md.sha1.create() : forge.md.sha256.create();
  const macLen = opts.legacy ? 20 : 32;
  const salt = forge.random.getBytesSync(8);
  const macKey = forge.pkcs12.generateKey(
    opts.password,
    forge.util.createBuffer(salt),
    3,
    iterations,
    macLen,
    md,
  );
  const hmac = forge.hmac.create();
  hmac.start(opts.legacy ? 'sha1' : 'sha256', macKey);
  hmac.update(authSafeBytes);
  const macValue = hmac.getMac().getBytes();
  const macData = seq([
    seq([
      seq([
        oid(opts.legacy ? OID.sha1 : OID.sha256),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      octets(macValue),
    ]),
    octets(salt),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(iterations).getBytes()),
  ]);
  const pfx = seq([
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()),
    seq([oid(OID.data), explicit0(octets(authSafeBytes))]),
    macData,
  ]);
  return Buffer.from(asn1.toDer(pfx).getBytes(), 'binary');
}
