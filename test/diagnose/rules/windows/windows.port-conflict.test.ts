import { runCases } from './cases.js';

runCases('windows.port-conflict');
