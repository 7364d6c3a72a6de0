// Per-connection explanations for the capture report's table: for each failed handshake, the first
// explainer (most specific first) that explains it names its finding id. Each runs contained, as
// the engine runs rules: an explainer that throws explains nothing, and the report goes on.
import { explain as chainRejected, FINDING_ID as CHAIN_REJECTED } from '../capture.chain-rejected.js';
import { explain as clientAbort, FINDING_ID as CLIENT_ABORT } from '../capture.client-abort.js';
import { explain as malformedHello, FINDING_ID as MALFORMED_HELLO } from '../capture.malformed-hello.js';
import { explain as middlebox, FINDING_ID as MIDDLEBOX } from '../capture.middlebox-reset.js';
import { explain as plainTextClient } from '../capture.not-tls.js';
import { explain as pathBlocked, FINDING_ID as PATH_BLOCKED } from '../capture.path-blocked.js';
import { explain as serverAlert, FINDING_ID as SERVER_ALERT } from '../capture.server-alert.js';
import type { Explainer } from './explain.js';
import { successesAt } from './describe.js';
import { attemptFromConnection } from '../../../attempts.js';
import { rule as noCommonVersionRule, versionMismatch } from '../../tls/protocol.no-common-version.js';
import { rule as noCommonSuiteRule, suiteMismatch } from '../../tls/cipher.no-common-suite.js';
import { nonTlsAnswer, rule as notTlsRule } from '../../tls/handshake.not-tls.js';
import { missingServerHello, rule as noServerHelloRule } from '../../tls/handshake.no-server-hello.js';

/** the rules that judge every source of attempts, asked about one captured connection */
const noCommonVersion: Explainer = (c, ctx) => {
  const a = attemptFromConnection(c);
  if (!a || c.handshakeEnd === 'complete') return undefined;
  return versionMismatch(a, successesAt(ctx.all, c).versions);
};
const NO_COMMON_VERSION = noCommonVersionRule.meta.id;

const noCommonSuite: Explainer = (c, ctx) => {
  const a = attemptFromConnection(c);
  if (!a) return undefined;
  const { refusal } = suiteMismatch(a, successesAt(ctx.all, c).suites);
  return refusal && { reason: refusal.reason, frames: refusal.frames, confidence: refusal.confidence };
};
const NO_COMMON_SUITE = noCommonSuiteRule.meta.id;

/** a server's non-TLS answer to a ClientHello (the unified rule), else a client speaking plain text */
const notTls: Explainer = (c, ctx) => {
  const a = attemptFromConnection(c);
  const why = a && nonTlsAnswer(a);
  return why ? { reason: why.reason, frames: why.frames } : plainTextClient(c, ctx);
};
const NOT_TLS = notTlsRule.meta.id;

const noServerHello: Explainer = (c, ctx) => {
  const a = attemptFromConnection(c, ctx.summary);
  const why = a && missingServerHello(a);
  if (!why?.reason) return undefined;
  return {
    reason: why.reason,
    frames: why.frames,
    ...(why.confidence ? { confidence: why.confidence } : {}),
  };
};
const NO_SERVER_HELLO = noServerHelloRule.meta.id;

const contained =
  (explain: Explainer): Explainer =>
  (c, ctx) => {
    try {
      return explain(c, ctx);
    } catch {
      return undefined;
    }
  };

export const connectionExplainers: ReadonlyArray<{ id: string; explain: Explainer }> = [
  { id: MALFORMED_HELLO, explain: malformedHello },
  { id: MIDDLEBOX, explain: middlebox },
  { id: PATH_BLOCKED, explain: pathBlocked },
  { id: NOT_TLS, explain: notTls },
  { id: NO_COMMON_VERSION, explain: noCommonVersion },
  { id: NO_COMMON_SUITE, explain: noCommonSuite },
  { id: CHAIN_REJECTED, explain: chainRejected },
  { id: SERVER_ALERT, explain: serverAlert },
  { id: NO_SERVER_HELLO, explain: noServerHello },
  { id: CLIENT_ABORT, explain: clientAbort },
].map(({ id, explain }) => ({ id, explain: contained(explain) }));
