// The explicit, sorted index of the capture rules (DESIGN convention 1). A test fails when a rule
// file is missing here, or lacks its test or its entry in docs/rules.md.
import type { Rule } from '../../rule.js';
import { rule as captureClientAbort, explain as explainClientAbort } from './capture-client-abort.js';
import { rule as captureIncomplete } from './capture-incomplete.js';
import { rule as captureNoTls } from './capture-no-tls.js';
import { rule as captureServerAlert, explain as explainServerAlert } from './capture-server-alert.js';
import { rule as chainClientRejected, explain as explainClientRejected } from './chain-client-rejected.js';
import { rule as cipherNoCommonSuite, explain as explainNoCommonSuite } from './cipher-no-common-suite.js';
import { rule as handshakeNoServerHello, explain as explainNoServerHello } from './handshake-no-server-hello.js';
import { rule as handshakeNotTls, explain as explainNotTls } from './handshake-not-tls.js';
import { rule as networkMiddleboxSuspected, explain as explainMiddlebox } from './network-middlebox-suspected.js';
import { rule as networkPathBlocked, explain as explainPathBlocked } from './network-path-blocked.js';
import { rule as protocolNoCommonVersion, explain as explainNoCommonVersion } from './protocol-no-common-version.js';
import type { Explainer } from './shared/explain.js';

export const rules: Rule[] = [
  captureClientAbort,
  captureIncomplete,
  captureNoTls,
  captureServerAlert,
  chainClientRejected,
  cipherNoCommonSuite,
  handshakeNoServerHello,
  handshakeNotTls,
  networkMiddleboxSuspected,
  networkPathBlocked,
  protocolNoCommonVersion,
];

/**
 * Per-connection explanations, most specific first: the capture report's summary table names, for
 * each failed handshake, the first rule that explains it (the rules' conditions are disjoint).
 */
export const connectionExplainers: ReadonlyArray<{ id: string; explain: Explainer }> = [
  { id: 'network.middlebox-suspected', explain: explainMiddlebox },
  { id: 'network.path-blocked', explain: explainPathBlocked },
  { id: 'handshake.not-tls', explain: explainNotTls },
  { id: 'protocol.no-common-version', explain: explainNoCommonVersion },
  { id: 'cipher.no-common-suite', explain: explainNoCommonSuite },
  { id: 'chain.client-rejected', explain: explainClientRejected },
  { id: 'capture.server-alert', explain: explainServerAlert },
  { id: 'handshake.no-server-hello', explain: explainNoServerHello },
  { id: 'capture.client-abort', explain: explainClientAbort },
];
