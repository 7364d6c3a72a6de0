// The explicit index of the network rules, sorted by id: one line per rule file
// (src/diagnose/rules/network/<id>.ts, made with defineRule). test/diagnose/rules-index.test.ts fails when
// a rule file is missing here or lacks its test or its doc.
import type { Rule } from '../../rule.js';
import { rule as dnsResolutionFailed } from './dns.resolution-failed.js';
import { rule as httpSiteDown } from './http.site-down.js';
import { rule as networkMiddleboxSuspected } from './network.middlebox-suspected.js';
import { rule as portOtherProgram } from './port.other-program.js';
import { rule as tcpPortClosed } from './tcp.port-closed.js';
import { rule as tcpPortFiltered } from './tcp.port-filtered.js';

export const rules: readonly Rule[] = [
  dnsResolutionFailed,
  httpSiteDown,
  networkMiddleboxSuspected,
  portOtherProgram,
  tcpPortClosed,
  tcpPortFiltered,
];
