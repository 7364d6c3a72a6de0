// The explicit index of the capture rules, sorted by id: one line per rule file
// (src/diagnose/rules/capture/<id>.ts, made with defineRule). test/diagnose/rules-index.test.ts fails when
// a rule file is missing here or lacks its test or its doc.
import type { Rule } from '../../rule.js';
import { rule as captureChainRejected } from './capture.chain-rejected.js';
import { rule as captureClientAbort } from './capture.client-abort.js';
import { rule as captureIncomplete } from './capture.incomplete.js';
import { rule as captureMalformedHello } from './capture.malformed-hello.js';
import { rule as captureMiddleboxReset } from './capture.middlebox-reset.js';
import { rule as captureNoTls } from './capture.no-tls.js';
import { rule as captureNotTls } from './capture.not-tls.js';
import { rule as capturePathBlocked } from './capture.path-blocked.js';
import { rule as captureServerAlert } from './capture.server-alert.js';
import { rule as captureStarttlsRefused } from './capture.starttls-refused.js';

export const rules: readonly Rule[] = [
  captureChainRejected,
  captureClientAbort,
  captureIncomplete,
  captureMalformedHello,
  captureMiddleboxReset,
  captureNoTls,
  captureNotTls,
  capturePathBlocked,
  captureServerAlert,
  captureStarttlsRefused,
];

export { connectionExplainers } from './shared/explainers.js';
