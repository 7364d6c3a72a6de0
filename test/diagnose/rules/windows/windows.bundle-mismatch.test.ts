import { runCases } from './cases.js';

runCases('windows.bundle-mismatch');
