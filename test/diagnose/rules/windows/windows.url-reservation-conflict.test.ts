import { runCases } from './cases.js';

runCases('windows.url-reservation-conflict');
