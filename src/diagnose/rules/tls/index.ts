// The explicit index of the tls rules, sorted by id: one line per rule file
// (src/diagnose/rules/tls/<id>.ts, made with defineRule). test/diagnose/rules-index.test.ts fails when
// a rule file is missing here or lacks its test or its doc.
import type { Rule } from '../../rule.js';
import { rule as cipherNoAead } from './cipher.no-aead.js';
import { rule as cipherNoCommonSuite } from './cipher.no-common-suite.js';
import { rule as cipherNoForwardSecrecy } from './cipher.no-forward-secrecy.js';
import { rule as clientsIncompatible } from './clients.incompatible.js';
import { rule as handshakeAlertOnHello } from './handshake.alert-on-hello.js';
import { rule as handshakeClientCertOptional } from './handshake.client-cert-optional.js';
import { rule as handshakeClientCertRequired } from './handshake.client-cert-required.js';
import { rule as handshakeClientFails } from './handshake.client-fails.js';
import { rule as handshakeNoServerHello } from './handshake.no-server-hello.js';
import { rule as handshakeNotTls } from './handshake.not-tls.js';
import { rule as handshakeSlow } from './handshake.slow.js';
import { rule as protocolLegacyEnabled } from './protocol.legacy-enabled.js';
import { rule as protocolNoCommonVersion } from './protocol.no-common-version.js';
import { rule as sniDefaultCertificate } from './sni.default-certificate.js';
import { rule as sniNameRejected } from './sni.name-rejected.js';
import { rule as sniRequired } from './sni.required.js';

export const rules: readonly Rule[] = [
  cipherNoAead,
  cipherNoCommonSuite,
  cipherNoForwardSecrecy,
  clientsIncompatible,
  handshakeAlertOnHello,
  handshakeClientCertOptional,
  handshakeClientCertRequired,
  handshakeClientFails,
  handshakeNoServerHello,
  handshakeNotTls,
  handshakeSlow,
  protocolLegacyEnabled,
  protocolNoCommonVersion,
  sniDefaultCertificate,
  sniNameRejected,
  sniRequired,
];
