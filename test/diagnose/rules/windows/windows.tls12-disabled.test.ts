import { runCases } from './cases.js';

runCases('windows.tls12-disabled');
