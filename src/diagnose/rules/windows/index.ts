// The explicit, sorted index of the windows rules (DESIGN convention 1). A test fails when a rule
// file is missing here, or lacks its test or its entry in docs/rules.md.
import type { Rule } from '../../rule.js';
import * as bindingMissing from './binding-missing.js';
import * as bindingOrphan from './binding-orphan.js';
import * as bindingTlsDisabled from './binding-tls-disabled.js';
import * as certNoPrivateKey from './cert-no-private-key.js';
import * as enabled0xffffffff from './enabled-0xffffffff.js';
import * as iplistenExcludes from './iplisten-excludes.js';
import * as noCommonCipherEvent from './no-common-cipher-event.js';
import * as noModernSuites from './no-modern-suites.js';
import * as onlyLegacyProtocols from './only-legacy-protocols.js';
import * as portConflict from './port-conflict.js';
import * as privateKeyUnreadable from './private-key-unreadable.js';
import * as schannelLookalikeKey from './schannel-lookalike-key.js';
import * as schannelValueWrongType from './schannel-value-wrong-type.js';
import * as sniNoFallback from './sni-no-fallback.js';
import * as sslcertEmptyHash from './sslcert-empty-hash.js';
import * as sslcertHashNotInStore from './sslcert-hash-not-in-store.js';
import * as sslcertZeroAppid from './sslcert-zero-appid.js';
import * as tls12Disabled from './tls12-disabled.js';

export const rules: Rule[] = [
  bindingMissing,
  bindingOrphan,
  bindingTlsDisabled,
  certNoPrivateKey,
  enabled0xffffffff,
  iplistenExcludes,
  noCommonCipherEvent,
  noModernSuites,
  onlyLegacyProtocols,
  portConflict,
  privateKeyUnreadable,
  schannelLookalikeKey,
  schannelValueWrongType,
  sniNoFallback,
  sslcertEmptyHash,
  sslcertHashNotInStore,
  sslcertZeroAppid,
  tls12Disabled,
];
