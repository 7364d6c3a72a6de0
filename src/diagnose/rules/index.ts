// Every rule, by area. Each area keeps its own sorted index.
import type { Rule } from '../rule.js';
import { rules as network } from './network/index.js';
import { rules as tls } from './tls/index.js';
import { rules as cert } from './cert/index.js';
import { rules as windows } from './windows/index.js';
import { rules as capture } from './capture/index.js';

export const RULES: readonly Rule[] = [...network, ...tls, ...cert, ...windows, ...capture];

export const RULES_BY_AREA: Readonly<Record<string, readonly Rule[]>> = {
  network,
  tls,
  cert,
  windows,
  capture,
};
