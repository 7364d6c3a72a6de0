import { runCases } from './cases.js';

runCases('windows.no-common-cipher-event');
