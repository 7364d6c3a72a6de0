// The explicit, sorted index of the tls rules (DESIGN convention 1). A test fails when a rule
// file is missing here, or lacks its test or its entry in docs/rules.md.
import type { Rule } from '../../rule.js';

export const rules: Rule[] = [];
