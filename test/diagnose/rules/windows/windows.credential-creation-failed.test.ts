import { runCases } from './cases.js';

runCases('windows.credential-creation-failed');
