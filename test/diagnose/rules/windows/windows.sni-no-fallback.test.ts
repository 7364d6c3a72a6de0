import { runCases } from './cases.js';

runCases('windows.sni-no-fallback');
