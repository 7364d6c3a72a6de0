import { runCases } from './cases.js';

runCases('windows.alert-sent');
