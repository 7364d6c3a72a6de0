import { runCases } from './cases.js';

runCases('windows.binding-orphan');
