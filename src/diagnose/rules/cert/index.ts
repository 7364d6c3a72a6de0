// The explicit index of the cert rules, sorted by id: one line per rule file
// (src/diagnose/rules/cert/<id>.ts, made with defineRule). test/diagnose/rules-index.test.ts fails when
// a rule file is missing here or lacks its test or its doc.
import type { Rule } from '../../rule.js';
import { rule as certCnOnly } from './cert.cn-only.js';
import { rule as certEkuNoServerAuth } from './cert.eku-no-server-auth.js';
import { rule as certExpired } from './cert.expired.js';
import { rule as certExpiringSoon } from './cert.expiring-soon.js';
import { rule as certHostMismatch } from './cert.host-mismatch.js';
import { rule as certKeyMismatch } from './cert.key-mismatch.js';
import { rule as certKeyUsage } from './cert.key-usage.js';
import { rule as certLifetimeTooLong } from './cert.lifetime-too-long.js';
import { rule as certMalformed } from './cert.malformed.js';
import { rule as certNoPrivateKey } from './cert.no-private-key.js';
import { rule as certNotYetValid } from './cert.not-yet-valid.js';
import { rule as certSelfSigned } from './cert.self-signed.js';
import { rule as certWeakKey } from './cert.weak-key.js';
import { rule as certWeakSignature } from './cert.weak-signature.js';
import { rule as chainExtraCertificates } from './chain.extra-certificates.js';
import { rule as chainIssuerNotCa } from './chain.issuer-not-ca.js';
import { rule as chainMissingIntermediate } from './chain.missing-intermediate.js';
import { rule as chainNameConstraints } from './chain.name-constraints.js';
import { rule as chainNoPath } from './chain.no-path.js';
import { rule as chainPathLength } from './chain.path-length.js';
import { rule as chainUntrustedRoot } from './chain.untrusted-root.js';
import { rule as chainWrongOrder } from './chain.wrong-order.js';

export const rules: readonly Rule[] = [
  certCnOnly,
  certEkuNoServerAuth,
  certExpired,
  certExpiringSoon,
  certHostMismatch,
  certKeyMismatch,
  certKeyUsage,
  certLifetimeTooLong,
  certMalformed,
  certNoPrivateKey,
  certNotYetValid,
  certSelfSigned,
  certWeakKey,
  certWeakSignature,
  chainExtraCertificates,
  chainIssuerNotCa,
  chainMissingIntermediate,
  chainNameConstraints,
  chainNoPath,
  chainPathLength,
  chainUntrustedRoot,
  chainWrongOrder,
];
