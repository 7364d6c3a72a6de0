import { runCases } from './cases.js';

runCases('windows.httpsys-ssl-config-error');
