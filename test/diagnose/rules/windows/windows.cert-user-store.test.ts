import { runCases } from './cases.js';

runCases('windows.cert-user-store');
