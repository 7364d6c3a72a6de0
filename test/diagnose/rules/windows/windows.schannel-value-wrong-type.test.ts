import { runCases } from './cases.js';

runCases('windows.schannel-value-wrong-type');
