// A private key whose public key is not the certificate's.
import { defineRule, finding, type RuleMeta } from '../../rule.js';
import type { Finding } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { certBySha1, describe, keys, leaves } from './shared/support.js';

const meta: RuleMeta = {
  id: 'cert.key-mismatch',
  title: 'Private key does not match the certificate',
  scenario: 'key',
  severity: 'blocker',
  needs: ['x509.key'],
  uses: ['x509.certificate'],
  references: ['RFC 5280 4.1.2.7 (subjectPublicKeyInfo)', 'OpenSSL X509_R_KEY_VALUES_MISMATCH'],
  fix: {
    steps: [
      'Find the key that belongs to the certificate (compare public keys), or request a new certificate for the key you have.',
    ],
    commands: [
      { platform: 'shell', command: 'openssl x509 -noout -pubkey -in server.crt | openssl sha256' },
      { platform: 'shell', command: 'openssl pkey -pubout -in server.key | openssl sha256' },
    ],
  },
  description:
    'The private key given does not belong to the certificate: their public keys differ (compared for RSA, ECDSA and Ed25519 by the SubjectPublicKeyInfo). nginx refuses to start ("key values mismatch"), Node.js throws ERR_OSSL_X509_KEY_VALUES_MISMATCH, IIS cannot bind. Usually a key from an older request, or the wrong file from a folder of keys. When several keys and certificates are given, each key\'s match is listed.',
};

function evaluate(set: ObservationSet): Finding[] {
  const ks = keys(set);
  if (ks.length === 0) return [];
  const ls = leaves(set);
  const out: Finding[] = [];
  for (const k of ks) {
    if (k.matches.length > 0) continue;
    const where = `${k.from.origin}${k.from.line !== undefined ? ` line ${k.from.line}` : ''}`;
    const others = ks
      .filter((o) => o !== k && o.matches.length > 0)
      .map(
        (o) =>
          `${o.from.origin} matches ${o.matches.map((t) => describe(certBySha1(set, t) ?? { subject: '?', thumbprintSha1: t })).join(', ')}`,
      );
    const target = ls.length > 0 ? ls.map(describe).join(', ') : 'any certificate given';
    out.push(
      finding(meta, {
        summary: `The private key in ${where} (${k.keyType}${k.keyBits ? ` ${k.keyBits}` : ''}) does not belong to ${target}: their public keys differ.`,
        evidence: [
          { from: k.from, text: `key public-key SHA-256 ${k.spkiSha256}` },
          ...ls.map((c) => ({
            from: c.from,
            text: `${describe(c)} public-key SHA-256 ${c.spkiSha256} (${c.keyType}${c.keyBits ? ` ${c.keyBits}` : ''})`,
          })),
          ...others.map((t) => ({ from: k.from, text: t })),
        ],
        fix: {
          steps: [
            "Find the key whose public key equals the certificate's (the two commands below must print the same hash), and configure that one.",
            ls[0]
              ? `On Windows, if the certificate was requested on this server, re-link its key: certutil -repairstore my ${ls[0].thumbprintSha1}`
              : 'On Windows, if the certificate was requested on this server, re-link its key with certutil -repairstore my <thumbprint>.',
            'If the right key is lost, request a new certificate with a new key.',
          ],
          commands: [
            { platform: 'shell', command: 'openssl x509 -noout -pubkey -in server.crt | openssl sha256' },
            { platform: 'shell', command: `openssl pkey -pubout -in ${k.from.origin} | openssl sha256` },
            ...(ls[0]
              ? [{ platform: 'windows-cmd', command: `certutil -repairstore my ${ls[0].thumbprintSha1}` }]
              : []),
          ],
        },
        codes: ['X509_R_KEY_VALUES_MISMATCH', 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'],
      }),
    );
  }
  return out;
}

export const rule = defineRule({ meta, evaluate });
