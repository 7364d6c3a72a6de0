// IANA "TLS SignatureScheme" registry (tls-signaturescheme) and the TLS 1.2 (HashAlgorithm, SignatureAlgorithm)
// pairs (RFC 5246 §7.4.1.4.1) that are not SignatureSchemes.
import type { SignatureSchemeInfo } from './types.js';

const SCHEMES: Array<[number, string, boolean, string]> = [
  // code, name, usable in TLS 1.3 CertificateVerify, reference
  [0x0201, 'rsa_pkcs1_sha1', false, 'RFC8446'],
  [0x0203, 'ecdsa_sha1', false, 'RFC8446'],
  [0x0401, 'rsa_pkcs1_sha256', false, 'RFC8446'],
  [0x0403, 'ecdsa_secp256r1_sha256', true, 'RFC8446'],
  [0x0420, 'rsa_pkcs1_sha256_legacy', false, 'draft-ietf-tls-tls13-pkcs1'],
  [0x0501, 'rsa_pkcs1_sha384', false, 'RFC8446'],
  [0x0503, 'ecdsa_secp384r1_sha384', true, 'RFC8446'],
  [0x0520, 'rsa_pkcs1_sha384_legacy', false, 'draft-ietf-tls-tls13-pkcs1'],
  [0x0601, 'rsa_pkcs1_sha512', false, 'RFC8446'],
  [0x0603, 'ecdsa_secp521r1_sha512', true, 'RFC8446'],
  [0x0620, 'rsa_pkcs1_sha512_legacy', false, 'draft-ietf-tls-tls13-pkcs1'],
  [0x0704, 'eccsi_sha256', true, 'draft-wang-tls-raw-public-key-with-ibc'],
  [0x0705, 'iso_ibs1', true, 'draft-wang-tls-raw-public-key-with-ibc'],
  [0x0706, 'iso_ibs2', true, 'draft-wang-tls-raw-public-key-with-ibc'],
  [0x0707, 'iso_chinese_ibs', true, 'draft-wang-tls-raw-public-key-with-ibc'],
  [0x0708, 'sm2sig_sm3', true, 'RFC8998'],
  [0x0709, 'gostr34102012_256a', true, 'RFC9367'],
  [0x070a, 'gostr34102012_256b', true, 'RFC9367'],
  [0x070b, 'gostr34102012_256c', true, 'RFC9367'],
  [0x070c, 'gostr34102012_256d', true, 'RFC9367'],
  [0x070d, 'gostr34102012_512a', true, 'RFC9367'],
  [0x070e, 'gostr34102012_512b', true, 'RFC9367'],
  [0x070f, 'gostr34102012_512c', true, 'RFC9367'],
  [0x0804, 'rsa_pss_rsae_sha256', true, 'RFC8446'],
  [0x0805, 'rsa_pss_rsae_sha384', true, 'RFC8446'],
  [0x0806, 'rsa_pss_rsae_sha512', true, 'RFC8446'],
  [0x0807, 'ed25519', true, 'RFC8446'],
  [0x0808, 'ed448', true, 'RFC8446'],
  [0x0809, 'rsa_pss_pss_sha256', true, 'RFC8446'],
  [0x080a, 'rsa_pss_pss_sha384', true, 'RFC8446'],
  [0x080b, 'rsa_pss_pss_sha512', true, 'RFC8446'],
  [0x081a, 'ecdsa_brainpoolP256r1tls13_sha256', true, 'RFC8734'],
  [0x081b, 'ecdsa_brainpoolP384r1tls13_sha384', true, 'RFC8734'],
  [0x081c, 'ecdsa_brainpoolP512r1tls13_sha512', true, 'RFC8734'],
  [0x0904, 'mldsa44', true, 'draft-ietf-tls-mldsa'],
  [0x0905, 'mldsa65', true, 'draft-ietf-tls-mldsa'],
  [0x0906, 'mldsa87', true, 'draft-ietf-tls-mldsa'],
];

/** RFC 5246 §7.4.1.4.1 HashAlgorithm and SignatureAlgorithm values (plus RFC 8422 'intrinsic'). */
export const HASH_ALGORITHMS: Readonly<Record<number, string>> = {
  0: 'none',
  1: 'md5',
  2: 'sha1',
  3: 'sha224',
  4: 'sha256',
  5: 'sha384',
  6: 'sha512',
  8: 'intrinsic',
};
export const SIGNATURE_ALGORITHMS: Readonly<Record<number, string>> = {
  0: 'anonymous',
  1: 'rsa',
  2: 'dsa',
  3: 'ecdsa',
  7: 'ed25519',
  8: 'ed448',
  64: 'gostr34102012_256',
  65: 'gostr34102012_512',
};

const LEGACY: SignatureSchemeInfo[] = [];
for (const h of [1, 2, 3, 4, 5, 6]) {
  for (const s of [1, 2, 3]) {
    const code = (h << 8) | s;
    if (SCHEMES.some((r) => r[0] === code)) continue;
    LEGACY.push({
      code,
      name: `${SIGNATURE_ALGORITHMS[s]}_${HASH_ALGORITHMS[h]}`,
      legacy: true,
      tls13: false,
      reference: 'RFC5246',
    });
  }
}

export const SIGNATURE_SCHEMES: readonly SignatureSchemeInfo[] = [
  ...SCHEMES.map(([code, name, tls13, reference]) => ({ code, name, legacy: false, tls13, reference })),
  ...LEGACY,
].sort((a, b) => a.code - b.code);
