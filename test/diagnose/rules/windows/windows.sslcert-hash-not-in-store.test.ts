import { runCases } from './cases.js';

runCases('windows.sslcert-hash-not-in-store');
