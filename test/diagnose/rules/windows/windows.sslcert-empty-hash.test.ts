import { runCases } from './cases.js';

runCases('windows.sslcert-empty-hash');
