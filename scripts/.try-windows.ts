import { main } from '../src/cli/main.js';
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: { NO_COLOR: '1' } });
console.log('exit', code);
