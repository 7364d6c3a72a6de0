import { runCases } from './cases.js';

runCases('windows.enabled-0xffffffff');
