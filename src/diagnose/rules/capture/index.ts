// The explicit, sorted index of the capture rules (DESIGN convention 1). A test fails when a rule
// file is missing here, or lacks its test or its entry in docs/.
// Rule ids are the capture area's own (capture.*); where a capture shows what a live probe would,
// the FINDINGS carry the live rule's id (protocol.no-common-version …) so both reach one finding.
import type { Rule } from '../../rule.js';
import {
  rule as captureChainRejected,
  explain as explainChainRejected,
  FINDING_ID as CHAIN_REJECTED,
} from './chain-rejected.js';
import {
  rule as captureClientAbort,
  explain as explainClientAbort,
  FINDING_ID as CLIENT_ABORT,
} from './capture-client-abort.js';
import { rule as captureIncomplete } from './capture-incomplete.js';
import {
  rule as captureMiddleboxReset,
  explain as explainMiddlebox,
  FINDING_ID as MIDDLEBOX,
} from './middlebox-reset.js';
import {
  rule as captureNoCommonSuite,
  explain as explainNoCommonSuite,
  FINDING_ID as NO_COMMON_SUITE,
} from './no-common-suite.js';
import {
  rule as captureNoCommonVersion,
  explain as explainNoCommonVersion,
  FINDING_ID as NO_COMMON_VERSION,
} from './no-common-version.js';
import {
  rule as captureNoServerHello,
  explain as explainNoServerHello,
  FINDING_ID as NO_SERVER_HELLO,
} from './no-server-hello.js';
import { rule as captureNoTls } from './capture-no-tls.js';
import { rule as captureNotTls, explain as explainNotTls, FINDING_ID as NOT_TLS } from './not-tls.js';
import {
  rule as capturePathBlocked,
  explain as explainPathBlocked,
  FINDING_ID as PATH_BLOCKED,
} from './path-blocked.js';
import {
  rule as captureServerAlert,
  explain as explainServerAlert,
  FINDING_ID as SERVER_ALERT,
} from './capture-server-alert.js';
import type { Explainer } from './shared/explain.js';

export const rules: Rule[] = [
  captureChainRejected,
  captureClientAbort,
  captureIncomplete,
  captureMiddleboxReset,
  captureNoCommonSuite,
  captureNoCommonVersion,
  captureNoServerHello,
  captureNoTls,
  captureNotTls,
  capturePathBlocked,
  captureServerAlert,
];

/**
 * Per-connection explanations, most specific first, by FINDING id: the capture report's table names,
 * for each failed handshake, the first that explains it (the rules' conditions are disjoint).
 */
export const connectionExplainers: ReadonlyArray<{ id: string; explain: Explainer }> = [
  { id: MIDDLEBOX, explain: explainMiddlebox },
  { id: PATH_BLOCKED, explain: explainPathBlocked },
  { id: NOT_TLS, explain: explainNotTls },
  { id: NO_COMMON_VERSION, explain: explainNoCommonVersion },
  { id: NO_COMMON_SUITE, explain: explainNoCommonSuite },
  { id: CHAIN_REJECTED, explain: explainChainRejected },
  { id: SERVER_ALERT, explain: explainServerAlert },
  { id: NO_SERVER_HELLO, explain: explainNoServerHello },
  { id: CLIENT_ABORT, explain: explainClientAbort },
];
