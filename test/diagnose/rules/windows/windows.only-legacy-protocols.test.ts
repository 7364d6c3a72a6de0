import { runCases } from './cases.js';

runCases('windows.only-legacy-protocols');
