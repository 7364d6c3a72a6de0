import { runCases } from './cases.js';

runCases('windows.private-key-unreadable');
