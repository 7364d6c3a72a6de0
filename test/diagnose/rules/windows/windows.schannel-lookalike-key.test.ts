import { runCases } from './cases.js';

runCases('windows.schannel-lookalike-key');
