// The explicit index of the windows rules, sorted by id: one line per rule file
// (src/diagnose/rules/windows/<id>.ts, made with defineRule). test/diagnose/rules-index.test.ts fails when
// a rule file is missing here or lacks its test or its doc.
import type { Rule } from '../../rule.js';
import { rule as windowsAlertSent } from './windows.alert-sent.js';
import { rule as windowsBindingMissing } from './windows.binding-missing.js';
import { rule as windowsBindingOrphan } from './windows.binding-orphan.js';
import { rule as windowsBindingTlsDisabled } from './windows.binding-tls-disabled.js';
import { rule as windowsBundleMismatch } from './windows.bundle-mismatch.js';
import { rule as windowsCertNoPrivateKey } from './windows.cert-no-private-key.js';
import { rule as windowsCertUserStore } from './windows.cert-user-store.js';
import { rule as windowsCredentialCreationFailed } from './windows.credential-creation-failed.js';
import { rule as windowsEnabled0xffffffff } from './windows.enabled-0xffffffff.js';
import { rule as windowsHttpsysBindingDeleted } from './windows.httpsys-binding-deleted.js';
import { rule as windowsHttpsysSslConfigError } from './windows.httpsys-ssl-config-error.js';
import { rule as windowsIplistenExcludes } from './windows.iplisten-excludes.js';
import { rule as windowsNoCommonCipherEvent } from './windows.no-common-cipher-event.js';
import { rule as windowsNoModernSuites } from './windows.no-modern-suites.js';
import { rule as windowsOnlyLegacyProtocols } from './windows.only-legacy-protocols.js';
import { rule as windowsPeerAlertReceived } from './windows.peer-alert-received.js';
import { rule as windowsPortConflict } from './windows.port-conflict.js';
import { rule as windowsPrivateKeyUnreadable } from './windows.private-key-unreadable.js';
import { rule as windowsSchannelLookalikeKey } from './windows.schannel-lookalike-key.js';
import { rule as windowsSchannelValueWrongType } from './windows.schannel-value-wrong-type.js';
import { rule as windowsSniNoFallback } from './windows.sni-no-fallback.js';
import { rule as windowsSslcertEmptyHash } from './windows.sslcert-empty-hash.js';
import { rule as windowsSslcertHashNotInStore } from './windows.sslcert-hash-not-in-store.js';
import { rule as windowsSslcertZeroAppid } from './windows.sslcert-zero-appid.js';
import { rule as windowsStoreCertNoKey } from './windows.store-cert-no-key.js';
import { rule as windowsTls12Disabled } from './windows.tls12-disabled.js';
import { rule as windowsUrlReservationConflict } from './windows.url-reservation-conflict.js';

export const rules: readonly Rule[] = [
  windowsAlertSent,
  windowsBindingMissing,
  windowsBindingOrphan,
  windowsBindingTlsDisabled,
  windowsBundleMismatch,
  windowsCertNoPrivateKey,
  windowsCertUserStore,
  windowsCredentialCreationFailed,
  windowsEnabled0xffffffff,
  windowsHttpsysBindingDeleted,
  windowsHttpsysSslConfigError,
  windowsIplistenExcludes,
  windowsNoCommonCipherEvent,
  windowsNoModernSuites,
  windowsOnlyLegacyProtocols,
  windowsPeerAlertReceived,
  windowsPortConflict,
  windowsPrivateKeyUnreadable,
  windowsSchannelLookalikeKey,
  windowsSchannelValueWrongType,
  windowsSniNoFallback,
  windowsSslcertEmptyHash,
  windowsSslcertHashNotInStore,
  windowsSslcertZeroAppid,
  windowsStoreCertNoKey,
  windowsTls12Disabled,
  windowsUrlReservationConflict,
];
