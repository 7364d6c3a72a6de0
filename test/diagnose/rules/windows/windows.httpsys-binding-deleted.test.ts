import { runCases } from './cases.js';

runCases('windows.httpsys-binding-deleted');
