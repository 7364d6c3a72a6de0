import { runCases } from './cases.js';

runCases('windows.no-modern-suites');
