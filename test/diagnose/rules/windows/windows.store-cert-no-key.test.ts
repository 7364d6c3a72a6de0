import { runCases } from './cases.js';

runCases('windows.store-cert-no-key');
