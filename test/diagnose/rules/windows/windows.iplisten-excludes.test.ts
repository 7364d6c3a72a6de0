import { runCases } from './cases.js';

runCases('windows.iplisten-excludes');
