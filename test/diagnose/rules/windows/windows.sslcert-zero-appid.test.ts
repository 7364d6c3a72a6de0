import { runCases } from './cases.js';

runCases('windows.sslcert-zero-appid');
