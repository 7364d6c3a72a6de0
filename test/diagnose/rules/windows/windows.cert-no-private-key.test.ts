import { runCases } from './cases.js';

runCases('windows.cert-no-private-key');
