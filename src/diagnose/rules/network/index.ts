// The explicit, sorted index of the network rules (DESIGN convention 1). A test fails when a rule
// file is missing here, or lacks its test or its entry in docs/rules.md.
import type { Rule } from '../../rule.js';
import { rule as dnsResolutionFailed } from './dns.resolution-failed.js';
import { rule as httpSiteDown } from './http.site-down.js';
import { rule as networkMiddleboxSuspected } from './network.middlebox-suspected.js';
import { rule as tcpPortClosed } from './tcp.port-closed.js';
import { rule as tcpPortFiltered } from './tcp.port-filtered.js';

export const rules: Rule[] = [
  dnsResolutionFailed,
  httpSiteDown,
  networkMiddleboxSuspected,
  tcpPortClosed,
  tcpPortFiltered,
];
