import { runCases } from './cases.js';

runCases('windows.peer-alert-received');
