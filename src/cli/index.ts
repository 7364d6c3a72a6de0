// What bin/tlsdoctor.js loads: the program, the process's streams, and the interrupt clean-up.
export { main } from './main.js';
export { processIO } from './stdio.js';
export { clearProgress } from './progress.js';
